#include "faultguard.h"
#include "mappedfile.h"
#include "newlinescan.h"

#include "outsidechange.h"
#include "testfiles.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

#include <fcntl.h>
#include <unistd.h>
#if defined(Q_OS_WIN)
#include <windows.h>
#endif

class tst_FaultGuard : public QObject {
    Q_OBJECT
private slots:
    void runsTheCallback();
    void truncationDuringScanIsAnError();
    void faultOutsideInnerRangeReachesOuterGuard();
    void guardsOnSeveralThreads();
#if defined(Q_OS_WIN)
    void accessViolationInsideTheRangeIsAnError();
    void accessViolationOutsideInnerRangeReachesOuterGuard();
    void reservedPagesOnSeveralThreads();
    void raisedFaults_data();
    void raisedFaults();
#endif

private:
    // A sparse file of `bytes`, mapped; truncated to nothing by truncate().
    void makeMapped(qint64 bytes);
    void truncate();

    QTemporaryDir m_dir;
    QString m_path;
    MappedFile m_file;
};

void tst_FaultGuard::makeMapped(qint64 bytes)
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("sparse.log"));
    QVERIFY(TestFiles::write(m_path, QByteArrayLiteral("first line\n")));
    QVERIFY(::truncate(QFile::encodeName(m_path).constData(), bytes) == 0);
    QCOMPARE(m_file.open(m_path), OpenError::None);
    QCOMPARE(m_file.size(), bytes);
}

void tst_FaultGuard::truncate()
{
#if defined(Q_OS_WIN)
    // Windows refuses while the view is mapped; under Wine a Linux-side truncation is what a
    // program outside Windows would do, and reading past it faults (an access violation there).
    if (::truncate(QFile::encodeName(m_path).constData(), 0) != 0 && !OutsideChange::truncate(m_path, 0))
        QSKIP("Windows refuses to truncate a file while a view of it is mapped (the in-page errors "
              "the guard meets there come from failing devices; see raisedFaults)");
#else
    QVERIFY(::truncate(QFile::encodeName(m_path).constData(), 0) == 0);
#endif
}

void tst_FaultGuard::runsTheCallback()
{
    int value = 0;
    QVERIFY(FaultGuard::run(&value, sizeof value, [&value] { value = 42; }));
    QCOMPARE(value, 42);
}

void tst_FaultGuard::truncationDuringScanIsAnError()
{
    makeMapped(64 << 20);
    const std::shared_ptr<const MappedRegion> region = m_file.region();
    std::atomic<bool> scanning{false};
    std::thread truncator([&] {
        while (!scanning)
            std::this_thread::yield();
        const int fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY);
        if (fd >= 0) {
            [[maybe_unused]] const int ignored = ::ftruncate(fd, 0);
            ::close(fd);
        }
        OutsideChange::truncate(m_path, 0); // where Windows refused: from outside, under Wine
    });
    bool faulted = false;
    qint64 newlines = 0;
    for (int attempt = 0; attempt < 10000 && !faulted; ++attempt) {
        scanning = true;
        faulted = !FaultGuard::run(region->data(), region->size(), [&newlines, &region] {
            newlines = NewlineScan::count(region->data(), region->size());
        });
    }
    truncator.join();
#if defined(Q_OS_WIN)
    if (!faulted && QFileInfo(m_path).size() != 0)
        QSKIP("Windows refuses to truncate a file while a view of it is mapped, and this is not Wine");
#endif
    QVERIFY2(faulted, "reading a truncated mapping should have faulted");
    // The guard stays usable afterwards, on the same thread.
    QVERIFY(!FaultGuard::run(region->data(), region->size(), [&newlines, &region] {
        newlines = NewlineScan::count(region->data(), region->size());
    }));
    QCOMPARE(m_file.read(0, 16), std::nullopt);
}

void tst_FaultGuard::faultOutsideInnerRangeReachesOuterGuard()
{
    makeMapped(1 << 20);
    const std::shared_ptr<const MappedRegion> region = m_file.region();
    truncate();
    if (QTest::currentTestResolved())
        return;
    const uchar *last = region->data() + region->size() - 1;
    bool innerReturned = false;
    const bool outer = FaultGuard::run(region->data(), region->size(), [&] {
        int local = 0;
        // The inner guard covers only `local`: the fault is not its business.
        FaultGuard::run(&local, sizeof local, [&] { local = *last; });
        innerReturned = true;
    });
    QVERIFY(!outer);
    QVERIFY(!innerReturned);
}

void tst_FaultGuard::guardsOnSeveralThreads()
{
    makeMapped(8 << 20);
    const std::shared_ptr<const MappedRegion> region = m_file.region();
    truncate();
    if (QTest::currentTestResolved())
        return;
    std::atomic<int> faults{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                qint64 count = 0;
                if (!FaultGuard::run(region->data(), region->size(),
                                     [&] { count = NewlineScan::count(region->data(), region->size()); }))
                    ++faults;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(faults.load(), 200);
}

#if defined(Q_OS_WIN)
namespace {

// Address space reserved but never committed: any read of it is an access violation.
struct ReservedPages {
    static constexpr qint64 kSize = 256 * 1024;
    ReservedPages() : base(static_cast<const uchar *>(VirtualAlloc(nullptr, kSize, MEM_RESERVE, PAGE_NOACCESS))) {}
    ~ReservedPages() { VirtualFree(const_cast<uchar *>(base), 0, MEM_RELEASE); }
    const uchar *base;
};

} // namespace

void tst_FaultGuard::accessViolationInsideTheRangeIsAnError()
{
    ReservedPages pages;
    QVERIFY(pages.base);
    volatile uchar seen = 0;
    for (qint64 offset : {qint64(0), qint64(4096 * 3 + 17), ReservedPages::kSize - 1}) {
        const uchar *at = pages.base + offset;
        QVERIFY(!FaultGuard::run(pages.base, ReservedPages::kSize, [&] { seen = *at; }));
    }
    // The guard stays usable on this thread, and guarded reads of good memory succeed.
    int value = 0;
    QVERIFY(FaultGuard::run(&value, sizeof value, [&value] { value = 7; }));
    QCOMPARE(value, 7);
    Q_UNUSED(seen);
}

void tst_FaultGuard::accessViolationOutsideInnerRangeReachesOuterGuard()
{
    ReservedPages pages;
    QVERIFY(pages.base);
    const uchar *inside = pages.base + 100;
    volatile uchar seen = 0;
    bool innerReturned = false;
    const bool outer = FaultGuard::run(pages.base, ReservedPages::kSize, [&] {
        int local = 0;
        FaultGuard::run(&local, sizeof local, [&] { seen = *inside; });
        innerReturned = true;
    });
    QVERIFY(!outer);
    QVERIFY(!innerReturned);
    Q_UNUSED(seen);
}

void tst_FaultGuard::reservedPagesOnSeveralThreads()
{
    ReservedPages pages;
    QVERIFY(pages.base);
    std::atomic<int> faults{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                qint64 count = 0;
                const uchar *from = pages.base + (t * 50 + i) * 1000;
                if (!FaultGuard::run(pages.base, ReservedPages::kSize,
                                     [&] { count = NewlineScan::count(from, 64); }))
                    ++faults;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(faults.load(), 200);
}

namespace {

enum class Guarded { Inside, OuterOnly, Nowhere };

// What the last-resort handler below saw: the fault the guards passed on.
std::atomic<const void *> s_passedOnAddress{nullptr};

LONG CALLBACK catchPassedOn(EXCEPTION_POINTERS *info)
{
    const EXCEPTION_RECORD *record = info->ExceptionRecord;
    if (record->ExceptionCode != EXCEPTION_IN_PAGE_ERROR && record->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
        return EXCEPTION_CONTINUE_SEARCH;
    s_passedOnAddress = reinterpret_cast<const void *>(record->ExceptionInformation[1]);
    return EXCEPTION_CONTINUE_EXECUTION; // a raised exception: RaiseException() returns
}

} // namespace

// The faults the guard meets on Windows, raised as the memory manager reports them: an in-page
// error (a mapped file's read failed: its device went away, a network file was cut short, an I/O
// error) carries the address in ExceptionInformation[1] and the I/O status in [2]. Nothing under
// Wine fails a page-in that way (a file truncated under a mapping is an access violation there),
// so the exception is raised by hand, through the same dispatcher and vectored handlers.
void tst_FaultGuard::raisedFaults_data()
{
    QTest::addColumn<DWORD>("code");
    QTest::addColumn<Guarded>("guarded");
    QTest::newRow("in-page error in the range") << DWORD(EXCEPTION_IN_PAGE_ERROR) << Guarded::Inside;
    QTest::newRow("in-page error in the outer range") << DWORD(EXCEPTION_IN_PAGE_ERROR) << Guarded::OuterOnly;
    QTest::newRow("in-page error elsewhere") << DWORD(EXCEPTION_IN_PAGE_ERROR) << Guarded::Nowhere;
    QTest::newRow("access violation in the range") << DWORD(EXCEPTION_ACCESS_VIOLATION) << Guarded::Inside;
    QTest::newRow("access violation elsewhere") << DWORD(EXCEPTION_ACCESS_VIOLATION) << Guarded::Nowhere;
}

void tst_FaultGuard::raisedFaults()
{
    QFETCH(DWORD, code);
    QFETCH(Guarded, guarded);
    static uchar mapped[4096];
    static uchar elsewhere[64];
    const uchar *at = guarded == Guarded::Nowhere ? elsewhere + 10 : mapped + 1000;
    const auto raise = [code, at] {
        const ULONG_PTR information[3] = {0, reinterpret_cast<ULONG_PTR>(at), ULONG_PTR(0xC000009DL)};
        RaiseException(code, 0, code == EXCEPTION_IN_PAGE_ERROR ? 3 : 2, information);
    };
    PVOID catcher = AddVectoredExceptionHandler(0, &catchPassedOn); // called after the guard's
    QVERIFY(catcher);
    s_passedOnAddress = nullptr;
    bool innerReturned = false;
    bool raiseReturned = false;
    const bool outer = FaultGuard::run(mapped, sizeof mapped, [&] {
        int local = 0;
        const uchar *innerBase = guarded == Guarded::Inside ? mapped : reinterpret_cast<const uchar *>(&local);
        const qint64 innerLen = guarded == Guarded::Inside ? qint64(sizeof mapped) : qint64(sizeof local);
        innerReturned = FaultGuard::run(innerBase, innerLen, [&] {
            raise();
            raiseReturned = true;
        });
    });
    RemoveVectoredExceptionHandler(catcher);
    switch (guarded) {
    case Guarded::Inside: // the innermost guard returns false; its caller carries on
        QVERIFY(!raiseReturned);
        QVERIFY(!innerReturned);
        QVERIFY(outer);
        break;
    case Guarded::OuterOnly: // not the inner guard's range: the outer one takes it
        QVERIFY(!raiseReturned);
        QVERIFY(!outer);
        break;
    case Guarded::Nowhere: // no guard's business: the next handler gets it, as if no guard were there
        QCOMPARE(s_passedOnAddress.load(), static_cast<const void *>(at));
        QVERIFY(raiseReturned);
        QVERIFY(innerReturned);
        QVERIFY(outer);
        break;
    }
    QCOMPARE(s_passedOnAddress.load() != nullptr, guarded == Guarded::Nowhere);
    // The guards are unwound: a fresh one works on this thread.
    int value = 0;
    QVERIFY(FaultGuard::run(&value, sizeof value, [&value] { value = 3; }));
    QCOMPARE(value, 3);
}
#endif

QTEST_GUILESS_MAIN(tst_FaultGuard)
#include "tst_faultguard.moc"
