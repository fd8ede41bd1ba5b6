// LineModel over a line set (the filtered view) and LineSetWriter (Save Visible Lines As…), on
// real files against a simple reference: the file split at '\n'.
#include "document.h"
#include "linemodel.h"
#include "lineset.h"
#include "linesetwriter.h"

#include "testfiles.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <vector>

class tst_LineSetView : public QObject {
    Q_OBJECT
private slots:
    void init();
    void rowsAreTheSetsLines_data();
    void rowsAreTheSetsLines();
    void rowsFollowTheSetAsItGrows();
    void writerCopiesLinesWithTheirEndings_data();
    void writerCopiesLinesWithTheirEndings();
    void writerRefusesLinesNotIndexed();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("lines.txt")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {
// Lines with their endings, as the file holds them ("\n", "\r\n", none at the very end).
std::vector<QByteArray> splitKeepingEndings(const QByteArray &bytes)
{
    std::vector<QByteArray> lines;
    qsizetype start = 0;
    while (start < bytes.size()) {
        const qsizetype newline = bytes.indexOf('\n', start);
        const qsizetype end = newline < 0 ? bytes.size() : newline + 1;
        lines.push_back(bytes.mid(start, end - start));
        start = end;
    }
    return lines;
}

QByteArray randomFile(QRandomGenerator &random, int lines)
{
    QByteArray bytes;
    for (int i = 0; i < lines; ++i) {
        const int length = random.bounded(12);
        for (int j = 0; j < length; ++j)
            bytes += char('a' + random.bounded(26));
        bytes += random.bounded(5) == 0 ? "\r\n" : "\n";
    }
    if (random.bounded(2) && !bytes.isEmpty())
        bytes.chop(bytes.endsWith("\r\n") ? 2 : 1); // no ending on the last line
    return bytes;
}

LineSet randomSet(QRandomGenerator &random, qint64 lineCount, int percent)
{
    LineSet set;
    for (qint64 line = 0; line < lineCount; ++line) {
        // Runs as well as scattered lines.
        if (random.bounded(100) < percent) {
            const qint64 run = 1 + random.bounded(random.bounded(4) == 0 ? 50 : 2);
            set.appendRange(line, qMin(run, lineCount - line));
            line += run - 1;
        }
    }
    return set;
}
} // namespace

void tst_LineSetView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_LineSetView::rowsAreTheSetsLines_data()
{
    QTest::addColumn<int>("lines");
    QTest::addColumn<int>("percent");
    QTest::addColumn<quint32>("seed");
    const quint32 base = QRandomGenerator::global()->generate();
    QTest::newRow("none shown") << 300 << 0 << base;
    QTest::newRow("few") << 2000 << 3 << base + 1;
    QTest::newRow("half") << 2000 << 50 << base + 2;
    QTest::newRow("most") << 5000 << 95 << base + 3;
    QTest::newRow("across blocks") << 140000 << 10 << base + 4;
}

void tst_LineSetView::rowsAreTheSetsLines()
{
    QFETCH(int, lines);
    QFETCH(int, percent);
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const QByteArray bytes = randomFile(random, lines);
    QVERIFY(TestFiles::write(path(), bytes));
    const std::vector<QByteArray> reference = splitKeepingEndings(bytes);
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_COMPARE(qint64(model.rowCount()), qint64(reference.size()));
    const LineSet set = randomSet(random, qint64(reference.size()), percent);
    model.setRowFilter(&set);
    QVERIFY2(model.isFiltered(), qPrintable(QString::number(seed)));
    QCOMPARE(qint64(model.rowCount()), set.count());
    // Every row: the set's line, its number and text; and back from line to row.
    const int step = qMax(1, model.rowCount() / 3000);
    for (int row = 0; row < model.rowCount(); row += step) {
        const qint64 line = *set.at(row);
        QCOMPARE(model.lineOfRow(row), line);
        QCOMPARE(model.index(row).data(LineModel::LineNumberRole).toLongLong(), line + 1);
        QByteArray text = reference[size_t(line)];
        while (text.endsWith('\n') || text.endsWith('\r'))
            text.chop(1);
        QCOMPARE(model.index(row).data().toString(), QString::fromLatin1(text));
        QCOMPARE(model.rowOfLine(line), std::optional<int>(row));
    }
    // Hidden lines have no row; the nearest row is the next shown one (else the last).
    for (qint64 line = 0; line < qint64(reference.size()); line += qMax<qint64>(1, qint64(reference.size()) / 500)) {
        if (set.contains(line))
            continue;
        QVERIFY(!model.rowOfLine(line));
        const int nearest = model.nearestRowOfLine(line);
        if (set.isEmpty())
            QCOMPARE(nearest, -1);
        else if (const std::optional<qint64> next = set.nextFrom(line))
            QCOMPARE(model.lineOfRow(nearest), *next);
        else
            QCOMPARE(nearest, model.rowCount() - 1);
    }
    // A byte offset on a hidden line has no place; on a shown one, its row.
    for (int row = 0; row < model.rowCount(); row += step) {
        const qint64 start = model.index(row).data(LineModel::ByteOffsetRole).toLongLong();
        const std::optional<LineModel::Place> place = model.placeOf(start);
        QVERIFY(place);
        QCOMPARE(place->row, row);
    }
    model.setRowFilter(nullptr);
    QCOMPARE(qint64(model.rowCount()), qint64(reference.size()));
    QCOMPARE(model.lineOfRow(7 % model.rowCount()), qint64(7 % model.rowCount()));
}

void tst_LineSetView::rowsFollowTheSetAsItGrows()
{
    QByteArray bytes;
    for (int i = 0; i < 1000; ++i)
        bytes += QByteArray::number(i) + '\n';
    QVERIFY(TestFiles::write(path(), bytes));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 1000);
    LineSet set;
    set.appendRange(10, 5);
    model.setRowFilter(&set);
    QCOMPARE(model.rowCount(), 5);
    int inserted = 0;
    connect(&model, &QAbstractItemModel::rowsInserted, this,
            [&](const QModelIndex &, int first, int last) { inserted += last - first + 1; });
    set.append(500);
    set.append(999);
    set.append(5000); // not a line of the file (yet): no row
    model.rowFilterGrew();
    QCOMPARE(inserted, 2);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.index(6).data().toString(), QStringLiteral("999"));
}

void tst_LineSetView::writerCopiesLinesWithTheirEndings_data()
{
    rowsAreTheSetsLines_data();
}

void tst_LineSetView::writerCopiesLinesWithTheirEndings()
{
    QFETCH(int, lines);
    QFETCH(int, percent);
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const QByteArray bytes = randomFile(random, lines);
    QVERIFY(TestFiles::write(path(), bytes));
    const std::vector<QByteArray> reference = splitKeepingEndings(bytes);
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    const LineSet set = randomSet(random, qint64(reference.size()), percent);
    QByteArray expected;
    set.forEachRange([&](qint64 first, qint64 count) {
        for (qint64 line = first; line < first + count; ++line)
            expected += reference[size_t(line)];
        return true;
    });
    QBuffer out;
    QVERIFY(out.open(QIODevice::WriteOnly));
    const LineSetWriter::Result result = LineSetWriter::write(document, &set, out);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.lines, set.count());
    QCOMPARE(result.bytes, qint64(expected.size()));
    QVERIFY2(out.data() == expected, qPrintable(QStringLiteral("seed %1").arg(seed)));
    // Every line: the file itself.
    QBuffer all;
    QVERIFY(all.open(QIODevice::WriteOnly));
    QVERIFY(LineSetWriter::write(document, nullptr, all).ok);
    QCOMPARE(all.data(), bytes);
}

void tst_LineSetView::writerRefusesLinesNotIndexed()
{
    QVERIFY(TestFiles::write(path(), "a\nb\n"));
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    LineSet set;
    set.append(1);
    set.append(7);
    QBuffer out;
    QVERIFY(out.open(QIODevice::WriteOnly));
    const LineSetWriter::Result result = LineSetWriter::write(document, &set, out);
    QVERIFY(!result.ok);
    QVERIFY(!result.error.isEmpty());
    QCOMPARE(out.data(), QByteArray()); // nothing half written
}

QTEST_GUILESS_MAIN(tst_LineSetView)
#include "tst_linesetview.moc"
