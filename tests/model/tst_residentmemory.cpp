#include "lineindex.h"
#include "mappedfile.h"
#include "searchengine.h"
#include "searchmatcher.h"

#include "testfiles.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The process's resident set must not grow with the file: scans give back what they have
// passed, and the pages random reads touched are given back on request. Measured as the growth
// of VmRSS (Linux) while a file several times the allowed growth is scanned or read.
class tst_ResidentMemory : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void indexingGivesPagesBack();
    void searchingGivesPagesBack();
    void releaseResidentDropsRandomReads();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QByteArray m_text;
};

namespace {

constexpr qint64 kFileBytes = 96 << 20;
constexpr qint64 kAllowedGrowth = 24 << 20;

// VmRSS of this process in bytes; -1 where /proc is not there.
qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

} // namespace

void tst_ResidentMemory::initTestCase()
{
    if (residentBytes() < 0)
        QSKIP("no /proc/self/status here");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("big.log"));
    QByteArray line("2026-01-01 12:00:00 INFO a line of a log that is long enough to be a line\n");
    m_text.reserve(kFileBytes);
    while (m_text.size() + line.size() <= kFileBytes)
        m_text.append(line);
    m_text.append("needle\n");
    QVERIFY(TestFiles::write(m_path, m_text));
}

void tst_ResidentMemory::indexingGivesPagesBack()
{
    MappedFile file;
    QCOMPARE(file.open(m_path), OpenError::None);
    const qint64 before = residentBytes();
    LineIndex index;
    index.setThreadCount(2);
    index.start(file.region());
    QCOMPARE(index.waitForFinished(), LineIndex::Status::Complete);
    const qint64 grown = residentBytes() - before;
    QVERIFY2(grown < kAllowedGrowth, qPrintable(QStringLiteral("resident set grew by %1 bytes").arg(grown)));
    QCOMPARE(index.lineCount(), m_text.count('\n'));
}

void tst_ResidentMemory::searchingGivesPagesBack()
{
    MappedFile file;
    QCOMPARE(file.open(m_path), OpenError::None);
    SearchOptions options;
    options.pattern = QStringLiteral("needle");
    QString error;
    const std::shared_ptr<const SearchMatcher> matcher = SearchMatcher::compile(options, &error);
    QVERIFY2(matcher, qPrintable(error));
    const qint64 before = residentBytes();
    SearchEngine search;
    search.setThreadCount(2);
    QSignalSpy finished(&search, &SearchEngine::finished);
    search.start(file.region(), matcher);
    QVERIFY(finished.wait(60000));
    const qint64 grown = residentBytes() - before;
    QVERIFY2(grown < kAllowedGrowth, qPrintable(QStringLiteral("resident set grew by %1 bytes").arg(grown)));
    QCOMPARE(search.matchingLines(), 1);
}

void tst_ResidentMemory::releaseResidentDropsRandomReads()
{
    MappedFile file;
    QCOMPARE(file.open(m_path), OpenError::None);
    const qint64 before = residentBytes();
    quint64 sum = 0;
    for (qint64 at = 0; at < file.size(); at += 4096)
        QVERIFY(file.withBytes(at, 1, [&sum](const uchar *data, qint64) { sum += *data; }));
    QVERIFY(residentBytes() - before > kFileBytes / 2); // the reads did land in our resident set
    file.releaseResident();
    const qint64 grown = residentBytes() - before;
    QVERIFY2(grown < kAllowedGrowth, qPrintable(QStringLiteral("resident set grew by %1 bytes").arg(grown)));
    // The bytes are still there, from the page cache.
    const qint64 middle = file.size() / 2;
    QCOMPARE(file.read(middle, 100).value_or(QByteArray()), m_text.mid(middle, 100));
    QCOMPARE(file.read(file.size() - 7, 7).value_or(QByteArray()), QByteArray("needle\n"));
}

QTEST_GUILESS_MAIN(tst_ResidentMemory)
#include "tst_residentmemory.moc"
