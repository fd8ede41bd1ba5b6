#include "lineindex.h"
#include "mappedfile.h"

#include "testfiles.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <unistd.h>

using Spans = QList<LineSpan>;

namespace {

// The reference: obviously right, slow.
Spans referenceSpans(const QByteArray &bytes)
{
    Spans spans;
    for (qint64 start = 0, n = 0; start < bytes.size(); ++n) {
        const qint64 newline = bytes.indexOf('\n', start);
        const qint64 end = newline < 0 ? bytes.size() : newline;
        const bool cr = newline > start && bytes[newline - 1] == '\r';
        spans.append({n, start, end - start - (cr ? 1 : 0), newline < 0 ? 0 : (cr ? 2 : 1)});
        start = newline < 0 ? bytes.size() : newline + 1;
    }
    return spans;
}

QByteArray randomContent(QRandomGenerator &random, int approxBytes)
{
    static const QByteArray kPieces[] = {"\n", "\r\n", "\r", "\n\n", "abc", "hello world", "\xff\xfe", "\0", "\t",
                                          "\xc3\xa9", "\xe2\x82"};
    QByteArray out;
    while (out.size() < approxBytes) {
        const quint32 pick = random.bounded(100u);
        if (pick < 2) // a line longer than a chunk
            out.append(QByteArray(int(LineIndex::kChunkSize + random.bounded(70000)), 'L'));
        else if (pick < 4)
            out.append(QByteArray(int(random.bounded(3000)), '\n'));
        else
            out.append(kPieces[random.bounded(int(std::size(kPieces)))]);
    }
    return out;
}

} // namespace

class tst_LineIndex : public QObject {
    Q_OBJECT
private slots:
    void init();
    void edgeCases_data();
    void edgeCases();
    void matchesReferenceOnRandomFiles();
    void followsGrowth();
    void offsetsBeyond4GiB();
    void truncationDuringIndexingFails();
    void progressAndFinishedSignals();
    void indexIsSmall();

private:
    // Indexes `bytes` written to a file and returns a failure message, or an empty string.
    QString check(const QByteArray &bytes, int threads);
    QString compare(const LineIndex &index, const QByteArray &bytes);
    QString path() const { return m_dir->filePath(QStringLiteral("file.txt")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_LineIndex::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString tst_LineIndex::compare(const LineIndex &index, const QByteArray &bytes)
{
    const Spans expected = referenceSpans(bytes);
    if (index.lineCount() != expected.size())
        return QStringLiteral("line count %1, expected %2").arg(index.lineCount()).arg(expected.size());
    for (const LineSpan &want : expected) {
        const std::optional<LineSpan> got = index.lineSpan(want.lineNumber);
        if (!got || !(*got == want))
            return QStringLiteral("line %1: got offset %2 length %3 ending %4, expected %5 %6 %7")
                .arg(want.lineNumber)
                .arg(got ? got->byteOffset : -1)
                .arg(got ? got->textLength : -1)
                .arg(got ? got->endingLength : -1)
                .arg(want.byteOffset)
                .arg(want.textLength)
                .arg(want.endingLength);
        for (qint64 offset : {want.byteOffset, want.endOffset() - 1}) {
            if (offset >= want.byteOffset && offset < bytes.size() && index.lineNumberAt(offset) != want.lineNumber)
                return QStringLiteral("lineNumberAt(%1) != %2").arg(offset).arg(want.lineNumber);
        }
    }
    if (index.lineSpan(expected.size()) || index.lineSpan(-1))
        return QStringLiteral("a line past the end exists");
    return QString();
}

QString tst_LineIndex::check(const QByteArray &bytes, int threads)
{
    if (!TestFiles::write(path(), bytes))
        return QStringLiteral("cannot write the file");
    MappedFile file;
    if (file.open(path()) != OpenError::None)
        return file.errorString();
    LineIndex index;
    index.setThreadCount(threads);
    index.start(file.region());
    if (index.waitForFinished() != LineIndex::Status::Complete)
        return QStringLiteral("indexing did not complete");
    return compare(index, bytes);
}

void tst_LineIndex::edgeCases_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("lines");
    QTest::newRow("empty") << QByteArray() << qint64(0);
    QTest::newRow("one line, no newline") << QByteArray("a") << qint64(1);
    QTest::newRow("one line") << QByteArray("a\n") << qint64(1);
    QTest::newRow("no final newline") << QByteArray("a\nb") << qint64(2);
    QTest::newRow("just a newline") << QByteArray("\n") << qint64(1);
    QTest::newRow("empty lines") << QByteArray("\n\n\n") << qint64(3);
    QTest::newRow("crlf") << QByteArray("a\r\nb\r\n") << qint64(2);
    QTest::newRow("crlf only") << QByteArray("\r\n") << qint64(1);
    QTest::newRow("lone cr is text") << QByteArray("a\rb\nc\r") << qint64(2);
    QTest::newRow("cr cr lf") << QByteArray("a\r\r\n") << qint64(1);
    QTest::newRow("nul bytes") << QByteArray("\0\0\n\0", 4) << qint64(2);
    QTest::newRow("newline at chunk end")
        << (QByteArray(LineIndex::kChunkSize - 1, 'x') + "\nnext") << qint64(2);
    QTest::newRow("crlf across chunks")
        << (QByteArray(LineIndex::kChunkSize - 1, 'x') + "\r\nnext\n") << qint64(2);
    QTest::newRow("long line over chunks")
        << ("a\n" + QByteArray(5 * LineIndex::kChunkSize + 3, 'y') + "\nb") << qint64(3);
    QTest::newRow("many chunks, many blocks")
        << QByteArray(QByteArray(999, 'x') + "\r\n").repeated(70 * 66) << qint64(70 * 66);
}

void tst_LineIndex::edgeCases()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, lines);
    QCOMPARE(referenceSpans(bytes).size(), lines);
    for (int threads : {1, 2}) {
        const QString failure = check(bytes, threads);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
}

void tst_LineIndex::matchesReferenceOnRandomFiles()
{
    const quint32 firstSeed = quint32(qEnvironmentVariableIntValue("TOME_TEST_SEED"));
    const int files = TestFiles::scaled(400);
    for (int i = 0; i < files; ++i) {
        const quint32 seed = firstSeed + quint32(i);
        QRandomGenerator random(seed);
        const QByteArray bytes = randomContent(random, int(random.bounded(i % 10 == 0 ? 600000 : 20000)));
        const QString failure = check(bytes, 1 + int(random.bounded(3)));
        QVERIFY2(failure.isEmpty(), qPrintable(QStringLiteral("seed %1 (%2 bytes): %3").arg(seed).arg(bytes.size()).arg(failure)));
    }
}

void tst_LineIndex::followsGrowth()
{
    const int rounds = TestFiles::scaled(40);
    for (int round = 0; round < rounds; ++round) {
        const quint32 seed = 1000 + quint32(round);
        QRandomGenerator random(seed);
        QByteArray bytes = randomContent(random, int(random.bounded(200000)));
        QVERIFY(TestFiles::write(path(), bytes));
        MappedFile file;
        QCOMPARE(file.open(path()), OpenError::None);
        LineIndex index;
        index.start(file.region());
        for (int step = 0; step < 4; ++step) {
            if (step % 2 == 0)
                index.waitForFinished(); // otherwise extend() interrupts a running pass
            const QByteArray more = randomContent(random, int(random.bounded(150000)));
            QVERIFY(TestFiles::append(path(), more));
            bytes += more;
            const MappedFile::Change change = file.refresh();
            QVERIFY(change == MappedFile::Change::Grown || more.isEmpty());
            index.extend(file.region());
        }
        QCOMPARE(index.waitForFinished(), LineIndex::Status::Complete);
        const QString failure = compare(index, bytes);
        QVERIFY2(failure.isEmpty(), qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(failure)));
    }
}

void tst_LineIndex::offsetsBeyond4GiB()
{
    // A sparse file: holes read as zeros, so no newlines until the bytes written past 4 GiB.
    // (Reading the holes still costs the kernel a zeroed page each: keep the file just past 4 GiB.)
    constexpr qint64 kFar = (qint64(1) << 32) + 70000;
    constexpr qint64 kSize = (qint64(1) << 32) + (1 << 20);
    QVERIFY(TestFiles::write(path(), "head\n"));
    const int fd = ::open(QFile::encodeName(path()).constData(), O_WRONLY);
    QVERIFY(fd >= 0);
    const bool ok = ::ftruncate(fd, kSize) == 0 && ::pwrite(fd, "\nfar\r\nend", 9, kFar) == 9;
    ::close(fd);
    QVERIFY(ok);

    MappedFile file;
    QCOMPARE(file.open(path()), OpenError::None);
    LineIndex index;
    index.start(file.region());
    QCOMPARE(index.waitForFinished(), LineIndex::Status::Complete);
    QCOMPARE(index.lineCount(), 4);
    QCOMPARE(index.lineSpan(1), (LineSpan{1, 5, kFar - 5, 1}));
    QCOMPARE(index.lineSpan(2), (LineSpan{2, kFar + 1, 3, 2}));
    QCOMPARE(index.lineSpan(3), (LineSpan{3, kFar + 6, kSize - kFar - 6, 0}));
    QCOMPARE(index.lineNumberAt(kFar + 2), 2);
    QCOMPARE(index.lineNumberAt(qint64(1) << 32), 1);
    QCOMPARE(file.read(kFar + 1, 3), QByteArray("far"));
}

void tst_LineIndex::truncationDuringIndexingFails()
{
    QVERIFY(TestFiles::write(path(), QByteArray(1 << 20, '\n')));
    QVERIFY(::truncate(QFile::encodeName(path()).constData(), qint64(512) << 20) == 0);
    MappedFile file;
    QCOMPARE(file.open(path()), OpenError::None);
    LineIndex index;
    QSignalSpy finished(&index, &LineIndex::finished);
    index.setThreadCount(1);
    index.start(file.region()); // the first chunks, at once: 256 KiB of newlines
    QVERIFY(index.lineCount() > 0);
    QVERIFY(::truncate(QFile::encodeName(path()).constData(), 0) == 0);
    QCOMPARE(index.waitForFinished(), LineIndex::Status::Failed);
    QVERIFY(finished.wait(5000) || finished.size() == 1);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).value<LineIndex::Status>(), LineIndex::Status::Failed);
    QCOMPARE(index.lineSpan(0), std::nullopt); // the bytes are gone: an error, not a crash
}

void tst_LineIndex::progressAndFinishedSignals()
{
    const QByteArray bytes = QByteArray(300, 'x') + '\n';
    QVERIFY(TestFiles::write(path(), bytes.repeated(100000)));
    MappedFile file;
    QCOMPARE(file.open(path()), OpenError::None);
    LineIndex index;
    QSignalSpy progress(&index, &LineIndex::progress);
    QSignalSpy finished(&index, &LineIndex::finished);
    index.start(file.region());
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).value<LineIndex::Status>(), LineIndex::Status::Complete);
    QVERIFY(!progress.isEmpty());
    const QList<QVariant> last = progress.constLast();
    QCOMPARE(last.at(0).toLongLong(), file.size());
    QCOMPARE(last.at(1).toLongLong(), file.size());
    QCOMPARE(last.at(2).toLongLong(), 100000);
    QVERIFY(index.isComplete());
}

void tst_LineIndex::indexIsSmall()
{
    QVERIFY(TestFiles::write(path(), QByteArray("short line\n").repeated(200000)));
    MappedFile file;
    QCOMPARE(file.open(path()), OpenError::None);
    LineIndex index;
    index.start(file.region());
    QCOMPARE(index.waitForFinished(), LineIndex::Status::Complete);
    QCOMPARE(index.lineCount(), 200000);
    QVERIFY2(index.memoryBytes() < index.lineCount() / 100, qPrintable(QString::number(index.memoryBytes())));
}

QTEST_GUILESS_MAIN(tst_LineIndex)
#include "tst_lineindex.moc"
