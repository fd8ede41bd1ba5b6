#include "faultguard.h"
#include "mappedfile.h"
#include "newlinescan.h"

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
    if (::truncate(QFile::encodeName(m_path).constData(), 0) != 0)
        QSKIP("Windows refuses to truncate a file while a view of it is mapped (the in-page errors "
              "the guard meets there come from failing devices; see the access-violation tests)");
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
        QSKIP("Windows refuses to truncate a file while a view of it is mapped");
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
#endif

QTEST_GUILESS_MAIN(tst_FaultGuard)
#include "tst_faultguard.moc"
