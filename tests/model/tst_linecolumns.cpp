#include "columnindex.h"
#include "document.h"
#include "linecolumns.h"
#include "linedecoder.h"
#include "testfiles.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using Encoding = LineDecoder::Encoding;
using namespace Qt::StringLiterals;

namespace {

// Pieces of UTF-8 lines: text, tabs, multibyte characters, invalid and cut sequences, controls.
const QByteArray kUtf8Pieces[] = {
    "a", "lorem ipsum ", "\t", "x\ty", "\xc3\xa9", "\xe2\x82\xac", "\xe4\xb8\xad\xe6\x96\x87", "\xf0\x9f\x98\x80",
    "\xff", "\x80", "\xe2\x82", "\xf0\x9f\x98", "\xc0\x80", "\xed\xa0\x80", "\xe8\xe7", "\x01", "\x7f", "\r", "\x1b[0m",
};

QByteArray utf16Unit(char16_t unit, bool littleEndian)
{
    const char low = char(unit & 0xff), high = char(unit >> 8);
    return littleEndian ? QByteArray{&low, 1} + QByteArray{&high, 1} : QByteArray{&high, 1} + QByteArray{&low, 1};
}

// A random line of about `bytes` bytes, without its ending.
QByteArray randomLine(QRandomGenerator &random, Encoding encoding, qsizetype bytes)
{
    QByteArray line;
    line.reserve(bytes + 16);
    if (encoding == Encoding::Latin1) {
        while (line.size() < bytes) {
            const char c = char(random.bounded(256));
            line.append(c == '\n' ? '\t' : c);
        }
        return line;
    }
    if (encoding.isUtf16()) {
        const bool le = encoding == Encoding::Utf16LE;
        static const char16_t units[] = {u'a', u' ', u'\t', 0x00e9, 0x4e2d, 0xd83d, 0xde00, 0x010a, 0x0a05, 0x0001};
        while (line.size() < bytes) {
            const int pick = random.bounded(int(std::size(units)) + 2);
            if (pick == int(std::size(units))) { // a pair
                line += utf16Unit(0xd83d, le) + utf16Unit(0xde00, le);
            } else if (pick > int(std::size(units))) { // a run of ASCII
                for (int i = random.bounded(1, 60); i > 0; --i)
                    line += utf16Unit(char16_t(u'a' + random.bounded(26)), le);
            } else {
                line += utf16Unit(units[pick], le);
            }
        }
        return line;
    }
    while (line.size() < bytes) {
        if (random.bounded(3) == 0) { // a long ASCII run (the fast path)
            for (int i = random.bounded(1, 200); i > 0; --i)
                line.append(char('a' + random.bounded(26)));
        } else {
            line.append(kUtf8Pieces[random.bounded(int(std::size(kUtf8Pieces)))]);
        }
    }
    return line;
}

// The reference's view of a slice: the whole text's columns [from, to), with the surrogate pair
// rules of LineDecoder::displayColumns().
QString referenceSlice(const QString &text, qint64 from, qint64 to)
{
    from = qMax<qint64>(from, 0);
    if (from >= text.size() || to <= from)
        return {};
    const qsizetype end = qsizetype(qMin<qint64>(to, text.size()));
    QString part = text.mid(qsizetype(from), end - qsizetype(from));
    if (part.front().isLowSurrogate())
        part.front() = u' ';
    if (part.back().isHighSurrogate() && end < text.size())
        part.append(text.at(end));
    return part;
}

struct Case {
    Encoding encoding;
    int tabWidth;
    QList<qsizetype> lineBytes;
    bool crlf;
};

} // namespace

class tst_LineColumns : public QObject {
    Q_OBJECT
private slots:
    void init();
    void randomLinesAgainstFullDecode_data();
    void randomLinesAgainstFullDecode();
    void measuresOnlyWhatIsAsked();
    void measuresTheRestInTheBackground();
    void checkpointsAreCharacterBoundaries();
    void forgetsAndClears();

private:
    QString writeFile(const QByteArray &bytes);
    QTemporaryDir m_dir;
    quint32 m_seed = 0;
};

void tst_LineColumns::init()
{
    m_seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", m_seed);
}

QString tst_LineColumns::writeFile(const QByteArray &bytes)
{
    const QString path = m_dir.filePath(u"lines-%1.txt"_s.arg(QString::fromLatin1(QTest::currentTestFunction())));
    return TestFiles::write(path, bytes) ? path : QString();
}

void tst_LineColumns::randomLinesAgainstFullDecode_data()
{
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<int>("tabWidth");
    QTest::addColumn<QList<qsizetype>>("lineBytes");
    QTest::addColumn<bool>("crlf");
    const QList<qsizetype> mixed{10, 40000, 0, 16 * 1024, 16 * 1024 + 1, 300000, 5, 2500000, 70000};
    QTest::newRow("utf-8, tab 8") << Encoding::Utf8 << 8 << mixed << false;
    QTest::newRow("utf-8 crlf, tab 4") << Encoding::Utf8 << 4 << mixed << true;
    QTest::newRow("utf-8, tab 3") << Encoding::Utf8 << 3 << QList<qsizetype>{1200000, 20} << false;
    QTest::newRow("latin-1, tab 8") << Encoding::Latin1 << 8 << mixed << true;
    QTest::newRow("utf-16le, tab 8") << Encoding::Utf16LE << 8 << QList<qsizetype>{40000, 8, 1100000, 30000} << false;
    QTest::newRow("utf-16be, tab 2") << Encoding::Utf16BE << 2 << QList<qsizetype>{30000, 2200000} << false;
}

// Column counts, slices at random places and the column <-> byte mapping, against LineDecoder's
// decode() and its whole-line mapping of the same line (the reference walk over every byte).
void tst_LineColumns::randomLinesAgainstFullDecode()
{
    QFETCH(Encoding, encoding);
    QFETCH(int, tabWidth);
    QFETCH(QList<qsizetype>, lineBytes);
    QFETCH(bool, crlf);
    QRandomGenerator random(m_seed);

    QByteArray file;
    if (encoding == Encoding::Utf16LE)
        file = "\xff\xfe";
    else if (encoding == Encoding::Utf16BE)
        file = "\xfe\xff";
    else if (encoding == Encoding::Utf8)
        file = "\xef\xbb\xbf"; // the first line's columns start after it
    QList<QByteArray> lines;
    for (const qsizetype bytes : lineBytes) {
        lines.append(randomLine(random, encoding, bytes));
        file += lines.last();
        if (encoding.isUtf16())
            file += utf16Unit(u'\n', encoding == Encoding::Utf16LE);
        else
            file += crlf ? "\r\n" : "\n";
    }
    const QString path = writeFile(file);
    QVERIFY(!path.isEmpty());
    Document document;
    document.setEncoding(encoding);
    QVERIFY(document.open(path));
    document.waitForIndex();
    QCOMPARE(document.lineCount(), lines.size());

    const LineDecoder reference({encoding, tabWidth, 1 << 30});
    LineColumns columns(&document);
    columns.setDecoder(reference);
    for (qsizetype line = 0; line < lines.size(); ++line) {
        const std::optional<LineSpan> span = document.lineSpan(line);
        QVERIFY(span);
        const QByteArray bytes = *document.readBytes(span->byteOffset, span->textLength);
        const QString text = reference.decode(bytes, span->textLength, span->byteOffset);
        const qint64 length = span->textLength;
        const QString where = u"seed %1, line %2 (%3 bytes)"_s.arg(m_seed).arg(line).arg(length);

        // Slices first, before anything else measured the line: lazily, from the start.
        for (int i = 0; i < 30; ++i) {
            const qint64 from = random.bounded(qint64(text.size()) + 3);
            const qint64 to = from + random.bounded(400);
            QCOMPARE(columns.text(line, from, to), referenceSlice(text, from, to));
        }
        if (text.size() <= 100000)
            QCOMPARE(columns.text(line, 0, text.size() + 10), text);
        for (int i = 0; i < 60; ++i) {
            const int column = i == 0 ? 0 : i == 1 ? int(text.size()) : i == 2 ? int(text.size()) + 5
                                                                   : random.bounded(int(text.size()) + 1);
            const qint64 expected = reference.byteForColumn(bytes, length, span->byteOffset, column);
            QVERIFY2(columns.byteForColumn(line, column) == expected,
                     qPrintable(where + u", column %1: %2, reference %3"_s.arg(column)
                                            .arg(columns.byteForColumn(line, column)).arg(expected)));
            const qint64 byte = i == 0 ? 0 : i == 1 ? length : i == 2 ? length + 3 : random.bounded(length + 1);
            const int expectedColumn = reference.columnForByte(bytes, length, span->byteOffset, byte);
            QVERIFY2(columns.columnForByte(line, byte) == expectedColumn,
                     qPrintable(where + u", byte %1: %2, reference %3"_s.arg(byte)
                                            .arg(columns.columnForByte(line, byte)).arg(expectedColumn)));
        }
        const LineColumns::Count count = columns.columnCount(line, text.size() + 1);
        QVERIFY2(count.exact, qPrintable(where));
        QCOMPARE(count.columns, text.size());
        // The last columns, straight after the count.
        QCOMPARE(columns.text(line, text.size() - 50, text.size()), referenceSlice(text, text.size() - 50, text.size()));
    }
}

// Showing the start of a 6 MB line measures a mebibyte of it, not the line.
void tst_LineColumns::measuresOnlyWhatIsAsked()
{
    QRandomGenerator random(m_seed);
    const QByteArray line = randomLine(random, Encoding::Utf8, 6 << 20);
    const QString path = writeFile(line + "\nshort\n");
    Document document;
    QVERIFY(document.open(path));
    document.waitForIndex();
    ColumnIndex index(document.file().region(), *document.lineSpan(0), LineDecoder());
    QVERIFY(index.measureTo(200, -1));
    const ColumnIndex::Extent extent = index.measured();
    QVERIFY(!extent.complete);
    QVERIFY(extent.end.byte <= ColumnIndex::kChunk);
    // A budget stops a walk; the next one goes on from there.
    QVERIFY(!index.measureTo(std::numeric_limits<qint64>::max(), -1, 2 * ColumnIndex::kChunk));
    QVERIFY(index.measured().end.byte > extent.end.byte);
    QVERIFY(index.measureTo(std::numeric_limits<qint64>::max(), -1));
    QVERIFY(index.measured().complete);
    QCOMPARE(index.measured().end.byte, qint64(line.size()));
}

void tst_LineColumns::measuresTheRestInTheBackground()
{
    QRandomGenerator random(m_seed);
    const QByteArray line = randomLine(random, Encoding::Utf8, 8 << 20);
    const QString path = writeFile("first\n" + line);
    Document document;
    QVERIFY(document.open(path));
    document.waitForIndex();
    LineColumns columns(&document);
    columns.setDecoder(LineDecoder());
    QSignalSpy measured(&columns, &LineColumns::measured);
    QCOMPARE(columns.columnCount(0).columns, 5);
    const LineColumns::Count start = columns.columnCount(1);
    QVERIFY(!start.exact);
    QVERIFY(!columns.text(1, 0, 100).isEmpty());
    QTRY_VERIFY(columns.columnCount(1).exact);
    QTRY_VERIFY(!measured.isEmpty());
    QCOMPARE(measured.last().at(0).toLongLong(), 1);
    const QString text = LineDecoder({Encoding::Utf8, 8, 1 << 30}).decode(line, line.size(), 6);
    QCOMPARE(columns.columnCount(1).columns, text.size());
    QVERIFY(columns.memoryBytes() < 256 * 1024);
}

// Checkpoint k is the boundary of the character that holds byte k * kStep, with its column.
void tst_LineColumns::checkpointsAreCharacterBoundaries()
{
    QRandomGenerator random(m_seed);
    const QByteArray line = randomLine(random, Encoding::Utf8, 200000);
    const QString path = writeFile(line);
    Document document;
    QVERIFY(document.open(path));
    document.waitForIndex();
    const LineDecoder decoder({Encoding::Utf8, 8, 1 << 30});
    ColumnIndex index(document.file().region(), *document.lineSpan(0), decoder);
    QVERIFY(index.measureTo(std::numeric_limits<qint64>::max(), -1));
    for (qint64 k = 0; k * ColumnIndex::kStep < line.size(); ++k) {
        const qint64 byte = k * ColumnIndex::kStep;
        const LineDecoder::Position checkpoint = index.checkpointForByte(byte);
        QVERIFY2(checkpoint.byte <= byte && checkpoint.byte > byte - 4, qPrintable(u"seed %1, k %2"_s.arg(m_seed).arg(k)));
        QCOMPARE(checkpoint.column, decoder.columnForByte(line, line.size(), 0, byte));
        QCOMPARE(decoder.byteForColumn(line, line.size(), 0, int(checkpoint.column)), checkpoint.byte);
        QCOMPARE(index.checkpointForColumn(checkpoint.column), checkpoint);
    }
}

void tst_LineColumns::forgetsAndClears()
{
    const QByteArray line(100000, 'x');
    const QString path = writeFile(line + '\n' + line);
    Document document;
    QVERIFY(document.open(path));
    document.waitForIndex();
    LineColumns columns(&document);
    columns.setDecoder(LineDecoder());
    QCOMPARE(columns.text(0, 99998, 100005), u"xx"_s);
    QCOMPARE(columns.indexedLines(), 1);
    columns.text(1, 5, 6);
    QCOMPARE(columns.indexedLines(), 2);
    columns.forget(0);
    QCOMPARE(columns.indexedLines(), 1);
    columns.setDecoder(LineDecoder({Encoding::Latin1, 4, 10}));
    QCOMPARE(columns.indexedLines(), 0);
    columns.waitForMeasuring();
}

QTEST_GUILESS_MAIN(tst_LineColumns)
#include "tst_linecolumns.moc"
