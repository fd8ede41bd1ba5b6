#include "faultguard.h"
#include "mappedfile.h"
#include "newlinescan.h"

#include "testfiles.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

class tst_FaultGuard : public QObject {
    Q_OBJECT
private slots:
    void runsTheCallback();
    void truncationDuringScanIsAnError();
    void faultOutsideInnerRangeReachesOuterGuard();
    void guardsOnSeveralThreads();

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
    QVERIFY(::truncate(QFile::encodeName(m_path).constData(), 0) == 0);
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

QTEST_GUILESS_MAIN(tst_FaultGuard)
#include "tst_faultguard.moc"
