#include "lineindex.h"
#include "mappedfile.h"

#include "outsidechange.h"
#include "testfiles.h"
#include "utf16samples.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>


using namespace Qt::StringLiterals;

using Spans = QList<LineSpan>;
using CodeUnit = LineIndex::CodeUnit;

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

// The UTF-16 reference: code units read by hand from the byte after a byte order mark of the
// same order, split on U+000A; a U+000D before it belongs to the ending.
Spans referenceUtf16Spans(const QByteArray &bytes, CodeUnit units)
{
    const bool le = units == CodeUnit::Utf16LE;
    const auto unit = [&](qint64 i) {
        const auto a = uchar(bytes[i]), b = uchar(bytes[i + 1]);
        return le ? a | b << 8 : a << 8 | b;
    };
    const qint64 size = bytes.size();
    const qint64 textStart = size >= 2 && unit(0) == 0xFEFF ? 2 : 0;
    Spans spans;
    for (qint64 start = textStart, n = 0; start < size; ++n) {
        qint64 i = start;
        while (i + 1 < size && unit(i) != '\n')
            i += 2;
        if (i + 1 >= size) {
            spans.append({n, start, size - start, 0});
            break;
        }
        const bool cr = i > start && unit(i - 2) == '\r';
        spans.append({n, start, i - start - (cr ? 2 : 0), cr ? 4 : 2});
        start = i + 2;
    }
    return spans;
}

Spans referenceSpans(const QByteArray &bytes, CodeUnit units)
{
    return units == CodeUnit::Byte ? referenceSpans(bytes) : referenceUtf16Spans(bytes, units);
}

QByteArray encodeUtf16(const QString &text, CodeUnit units, bool byteOrderMark)
{
    return Utf16Samples::encode(text, units == CodeUnit::Utf16BE, byteOrderMark);
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
    void utf16EdgeCases_data();
    void utf16EdgeCases();
    void utf16MatchesReferenceOnRandomFiles();
    void utf16FollowsGrowth();
    void byteOrderMarkOfTheOtherOrderIsText();
    void followsGrowth();
    void offsetsBeyond4GiB();
    void truncationDuringIndexingFails();
    void progressAndFinishedSignals();
    void indexIsSmall();

private:
    // Indexes `bytes` written to a file and returns a failure message, or an empty string.
    QString check(const QByteArray &bytes, int threads, CodeUnit units = CodeUnit::Byte);
    QString compare(const LineIndex &index, const QByteArray &bytes, CodeUnit units = CodeUnit::Byte);
    QString path() const { return m_dir->filePath(QStringLiteral("file.txt")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_LineIndex::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString tst_LineIndex::compare(const LineIndex &index, const QByteArray &bytes, CodeUnit units)
{
    const Spans expected = referenceSpans(bytes, units);
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
    if (units == CodeUnit::Byte)
        return QString();
    // The texts of the spans are the lines of the decoded text.
    const bool bigEndian = units == CodeUnit::Utf16BE;
    const QStringList lines = Utf16Samples::lines(Utf16Samples::decode(bytes, bigEndian));
    if (lines.size() != expected.size())
        return QStringLiteral("%1 lines in the decoded text, %2 indexed").arg(lines.size()).arg(expected.size());
    for (const LineSpan &span : expected) {
        const QByteArray text = bytes.mid(span.byteOffset, span.textLength);
        if (Utf16Samples::decode(text, bigEndian, true) != lines.at(span.lineNumber))
            return QStringLiteral("line %1: its bytes decode to another text").arg(span.lineNumber);
    }
    return QString();
}

QString tst_LineIndex::check(const QByteArray &bytes, int threads, CodeUnit units)
{
    if (!TestFiles::write(path(), bytes))
        return QStringLiteral("cannot write the file");
    MappedFile file;
    if (file.open(path()) != OpenError::None)
        return file.errorString();
    LineIndex index;
    index.setThreadCount(threads);
    index.start(file.region(), units);
    if (index.waitForFinished() != LineIndex::Status::Complete)
        return QStringLiteral("indexing did not complete");
    if (index.codeUnit() != units)
        return QStringLiteral("wrong code unit");
    return compare(index, bytes, units);
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

void tst_LineIndex::utf16EdgeCases_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("byteOrderMark");
    QTest::addColumn<bool>("oddByte"); // a stray byte after the text
    QTest::addColumn<qint64>("lines");
    QTest::newRow("empty") << QString() << false << false << qint64(0);
    QTest::newRow("only the mark") << QString() << true << false << qint64(0);
    QTest::newRow("one stray byte") << QString() << false << true << qint64(1);
    QTest::newRow("mark and a stray byte") << QString() << true << true << qint64(1);
    QTest::newRow("three lines") << u"one\ntwo\nthree\n"_s << true << false << qint64(3);
    QTest::newRow("no final newline") << u"one\ntwo\nthree"_s << true << false << qint64(3);
    QTest::newRow("\u010A and \u0A05") << u"\u010A\n\u0A05\n\u0A0A\n"_s << true << false << qint64(3);
    QTest::newRow("\u0A00 and \u0D0A") << u"\u0A00\u0D0A\u000A\u0A0D"_s << false << false << qint64(2);
    QTest::newRow("crlf") << u"a\r\nb\r\n"_s << true << false << qint64(2);
    QTest::newRow("lone cr is text") << u"a\rb\nc\r"_s << true << false << qint64(2);
    QTest::newRow("surrogate pairs") << u"\U0001F600\n\U0001000A\U00010A0A"_s << true << false << qint64(2);
    QTest::newRow("stray byte after newline") << u"a\n"_s << true << true << qint64(2);
    QTest::newRow("just a newline") << u"\n"_s << false << false << qint64(1);
    QTest::newRow("newline at chunk end")
        << (QString(int(LineIndex::kChunkSize / 2 - 2), u'x') + u"\nnext"_s) << true << false << qint64(2);
    QTest::newRow("crlf across chunks")
        << (QString(int(LineIndex::kChunkSize / 2 - 2), u'x') + u"\r\nnext\n"_s) << true << false << qint64(2);
    QTest::newRow("many chunks")
        << QString(QString(499, u'\u0A0A') + u"\r\n"_s).repeated(70 * 66) << true << true << qint64(70 * 66 + 1);
}

void tst_LineIndex::utf16EdgeCases()
{
    QFETCH(QString, text);
    QFETCH(bool, byteOrderMark);
    QFETCH(bool, oddByte);
    QFETCH(qint64, lines);
    for (CodeUnit units : {CodeUnit::Utf16LE, CodeUnit::Utf16BE}) {
        const QByteArray bytes = encodeUtf16(text, units, byteOrderMark) + (oddByte ? "\x0a" : "");
        QCOMPARE(referenceSpans(bytes, units).size(), lines);
        for (int threads : {1, 2}) {
            const QString failure = check(bytes, threads, units);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
    }
}

void tst_LineIndex::utf16MatchesReferenceOnRandomFiles()
{
    const quint32 firstSeed = quint32(qEnvironmentVariableIntValue("TOME_TEST_SEED"));
    const int files = TestFiles::scaled(200);
    for (int i = 0; i < files; ++i) {
        const quint32 seed = firstSeed + quint32(i);
        QRandomGenerator random(seed);
        const CodeUnit units = i % 2 ? CodeUnit::Utf16BE : CodeUnit::Utf16LE;
        const QString text = Utf16Samples::randomText(random, int(random.bounded(i % 10 == 0 ? 300000 : 10000)));
        const QByteArray bytes = encodeUtf16(text, units, i % 3 != 0) + (i % 5 == 0 ? "\x0a" : "");
        const QString failure = check(bytes, 1 + int(random.bounded(3)), units);
        QVERIFY2(failure.isEmpty(), qPrintable(QStringLiteral("seed %1 (%2 bytes): %3").arg(seed).arg(bytes.size()).arg(failure)));
    }
}

void tst_LineIndex::utf16FollowsGrowth()
{
    const int rounds = TestFiles::scaled(20);
    for (int round = 0; round < rounds; ++round) {
        const quint32 seed = 2000 + quint32(round);
        QRandomGenerator random(seed);
        const CodeUnit units = round % 2 ? CodeUnit::Utf16BE : CodeUnit::Utf16LE;
        const QByteArray all = encodeUtf16(Utf16Samples::randomText(random, int(random.bounded(300000))), units, true);
        // Grows in pieces of any length, odd ones too: a unit may arrive one byte at a time.
        qint64 written = qMin<qint64>(all.size(), random.bounded(100001));
        QVERIFY(TestFiles::write(path(), all.first(written)));
        MappedFile file;
        QCOMPARE(file.open(path()), OpenError::None);
        LineIndex index;
        index.start(file.region(), units);
        for (int step = 0; step < 4 && written < all.size(); ++step) {
            if (step % 2 == 0)
                index.waitForFinished();
            const qint64 more = step == 3 ? all.size() - written : qMin<qint64>(all.size() - written, random.bounded(80001));
            QVERIFY(TestFiles::append(path(), all.sliced(written, more)));
            written += more;
            QVERIFY(file.refresh() == MappedFile::Change::Grown || more == 0);
            index.extend(file.region());
        }
        QCOMPARE(index.waitForFinished(), LineIndex::Status::Complete);
        const QString failure = compare(index, all.first(written), units);
        QVERIFY2(failure.isEmpty(), qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(failure)));
    }
}

void tst_LineIndex::byteOrderMarkOfTheOtherOrderIsText()
{
    // FE FF read as UTF-16LE is the character U+FFFE, text of line 0.
    const QByteArray bytes = encodeUtf16(u"a\nb"_s, CodeUnit::Utf16BE, true);
    const QString failure = check(bytes, 1, CodeUnit::Utf16LE);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    MappedFile file;
    QCOMPARE(file.open(path()), OpenError::None);
    LineIndex index;
    index.start(file.region(), CodeUnit::Utf16LE);
    index.waitForFinished();
    QCOMPARE(index.textStart(), 0);
    QCOMPARE(index.lineSpan(0)->byteOffset, 0);
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
    QFile writer(path()); // resize() leaves a hole (ftruncate; SetEndOfFile, sparse under Wine)
    QVERIFY(writer.open(QIODevice::ReadWrite));
    QVERIFY(writer.resize(kSize) && writer.seek(kFar) && writer.write("\nfar\r\nend", 9) == 9);
    writer.close();

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
    QVERIFY(QFile::resize(path(), qint64(512) << 20));
    MappedFile file;
    QCOMPARE(file.open(path()), OpenError::None);
    LineIndex index;
    QSignalSpy finished(&index, &LineIndex::finished);
    index.setThreadCount(1);
    index.start(file.region()); // the first chunks, at once: 256 KiB of newlines
    QVERIFY(index.lineCount() > 0);
#if defined(Q_OS_WIN)
    // Windows refuses to truncate a mapped file; under Wine, a Linux program's truncation does it.
    if (!OutsideChange::truncate(path(), 0))
        QSKIP("Windows refuses to truncate a file while a view of it is mapped, and this is not Wine");
#else
    QVERIFY(::truncate(QFile::encodeName(path()).constData(), 0) == 0);
#endif
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
