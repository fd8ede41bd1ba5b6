#include "document.h"
#include "linemodel.h"
#include "lineset.h"

#include "outsidechange.h"
#include "testfiles.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_LineModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void rowsAndRoles();
    void growsInBatches();
    void windowReachesEveryLine_data();
    void windowReachesEveryLine();
    void utf16FileByBom();
    void decoderOptionsApply();
    void placesAndByteOffsets_data();
    void placesAndByteOffsets();
    void placeOfEveryByteIsMonotonic();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("lines.txt")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_LineModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_LineModel::rowsAndRoles()
{
    QVERIFY(TestFiles::write(path(), "one\r\n\ttwo\nthr\xff" "ee"));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 3);
    const QModelIndex second = model.index(1);
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("one"));
    QCOMPARE(model.data(second).toString(), QStringLiteral("        two"));
    QCOMPARE(model.data(model.index(2)).toString(), QStringLiteral("thr\uFFFDee"));
    QCOMPARE(model.data(second, LineModel::LineNumberRole).toLongLong(), 2);
    QCOMPARE(model.data(second, LineModel::ByteOffsetRole).toLongLong(), 5);
    QCOMPARE(model.data(second, LineModel::ByteLengthRole).toLongLong(), 4);
    QCOMPARE(model.data(model.index(0), LineModel::EndingLengthRole).toInt(), 2);
    QCOMPARE(model.data(model.index(2), LineModel::RawBytesRole).toByteArray(), QByteArray("thr\xff" "ee"));
    QVERIFY(!model.data(model.index(3)).isValid());
    QVERIFY(model.roleNames().contains(LineModel::LineNumberRole));
    QVERIFY(!model.isWindowed());
}

void tst_LineModel::growsInBatches()
{
    QVERIFY(TestFiles::write(path(), "a\n"));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 1);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(TestFiles::append(path(), QByteArray("line\n").repeated(5000)));
    QCOMPARE(document.refresh(), MappedFile::Change::Grown);
    QTRY_COMPARE(model.rowCount(), 5001);
    QVERIFY(!inserted.isEmpty());
    QVERIFY(inserted.size() < 10); // batches, not a signal per line
    QCOMPARE(inserted.constLast().at(2).toInt(), 5000);
    QCOMPARE(model.data(model.index(5000)).toString(), QStringLiteral("line"));
}

void tst_LineModel::windowReachesEveryLine_data()
{
    QTest::addColumn<int>("lines");
    QTest::addColumn<int>("window");
    QTest::addColumn<int>("everyNth"); // 0: no filter; n: a filter showing every n-th line
    QTest::addColumn<bool>("unterminated");
    QTest::newRow("fits") << 50 << 100 << 0 << false;
    QTest::newRow("exactly") << 100 << 100 << 0 << true;
    QTest::newRow("windowed") << 5000 << 64 << 0 << false;
    QTest::newRow("windowed, unterminated") << 3001 << 7 << 0 << true;
    QTest::newRow("windowed, filtered") << 9000 << 64 << 3 << false;
    QTest::newRow("filter fits") << 900 << 64 << 100 << true;
}

// A model whose rows are a window of the document's: every line reachable, each row the right
// line, and a view's place kept across a move (windowShift()), against a plain reference.
void tst_LineModel::windowReachesEveryLine()
{
    QFETCH(int, lines);
    QFETCH(int, window);
    QFETCH(int, everyNth);
    QFETCH(bool, unterminated);
    QByteArray bytes;
    for (int i = 0; i < lines; ++i)
        bytes += "line " + QByteArray::number(i) + (i + 1 < lines || !unterminated ? "\n" : "");
    QVERIFY(TestFiles::write(path(), bytes));
    std::vector<qint64> shownLines; // the reference
    LineSet filter;
    for (int i = 0; i < lines; ++i) {
        if (everyNth == 0 || i % everyNth == 0) {
            shownLines.push_back(i);
            filter.append(i);
        }
    }
    Document document;
    LineModel model(&document, nullptr, window);
    if (everyNth > 0)
        model.setRowFilter(&filter);
    qint64 shiftSeen = 0;
    qint64 firstBefore = 0;
    connect(&model, &QAbstractItemModel::modelAboutToBeReset, &model, [&] { firstBefore = model.firstRow(); });
    connect(&model, &QAbstractItemModel::modelReset, &model, [&] {
        if (!model.isMovingWindow())
            return; // a new set of rows (a reload)
        shiftSeen = model.windowShift();
        QCOMPARE(model.firstRow() - firstBefore, shiftSeen);
    });
    QVERIFY(document.open(path()));
    document.waitForIndex();
    const qint64 total = qint64(shownLines.size());
    QTRY_COMPARE(model.totalRows(), total);
    QCOMPARE(model.rowCount(), int(qMin<qint64>(total, window)));
    QCOMPARE(model.isWindowed(), total > window);

    const auto checkRow = [&](int row, qint64 line) {
        QCOMPARE(model.lineOfRow(row), line);
        QCOMPARE(model.data(model.index(row), LineModel::LineNumberRole).toLongLong(), line + 1);
        QCOMPARE(model.data(model.index(row)).toString(), QStringLiteral("line %1").arg(line));
        QCOMPARE(model.rowOfLine(line), std::optional<int>(row));
    };
    QRandomGenerator random(uint(lines * 31 + window));
    for (int i = 0; i < 300; ++i) {
        const qint64 line = random.bounded(lines + 5);
        const auto at = std::lower_bound(shownLines.begin(), shownLines.end(), line);
        const qint64 expected = at == shownLines.end() ? shownLines.back() : *at;
        QCOMPARE(model.showsLine(line), at != shownLines.end() && *at == line);
        const int row = model.revealNearestRowOfLine(line);
        QVERIFY(row >= 0 && row < model.rowCount());
        QVERIFY(model.rowCount() <= window);
        checkRow(row, expected);

        // A view near the window's edge: the window moves, the line stays under the shifted row.
        const int edgeRow = random.bounded(2) ? 0 : model.rowCount() - 1;
        const qint64 edgeLine = model.lineOfRow(edgeRow);
        shiftSeen = 0;
        model.keepRowInWindow(edgeRow);
        checkRow(int(edgeRow - shiftSeen), edgeLine);
        if (total > window && edgeRow > window / 4 && edgeLine != shownLines.back())
            QVERIFY(shiftSeen > 0); // more rows below: the window moved down
    }
    // The ends (Ctrl+Home, Ctrl+End).
    checkRow(model.revealDocumentRow(total - 1), shownLines.back());
    QCOMPARE(model.revealDocumentRow(total - 1), model.rowCount() - 1);
    checkRow(model.revealDocumentRow(0), shownLines.front());
    QCOMPARE(model.firstRow(), 0);

    // A reload resets the window to the start.
    model.revealDocumentRow(total - 1);
#if defined(Q_OS_WIN)
    if (!OutsideChange::truncate(path(), 0))
        QSKIP("Windows refuses to truncate a file while a view of it is mapped, and this is not Wine");
    QVERIFY(TestFiles::append(path(), "line 0\n"));
#else
    QVERIFY(TestFiles::write(path(), "line 0\n"));
#endif
    document.reload();
    document.waitForIndex();
    QTRY_COMPARE(model.totalRows(), 1);
    QCOMPARE(model.firstRow(), 0);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(!model.isWindowed());
}

void tst_LineModel::utf16FileByBom()
{
    const QString text = QStringLiteral("héllo\r\nwörld\n");
    QByteArray bytes("\xff\xfe");
    bytes.append(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    QVERIFY(TestFiles::write(path(), bytes));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.encoding(), LineDecoder::Encoding::Utf16LE);
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("héllo"));
    QCOMPARE(model.data(model.index(1)).toString(), QStringLiteral("wörld"));
}

void tst_LineModel::decoderOptionsApply()
{
    QVERIFY(TestFiles::write(path(), "caf\xe9\t!\n"));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("caf\uFFFD    !"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setDecoderOptions({LineDecoder::Encoding::Latin1, 2, 5});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("café ") + LineDecoder::cutMarker(1));
}

// Issue 9 §3: on "e8 e7 abcdefgh", column 3 is the byte of 'b' (3), not of 'c'. Rows: row, column
// to byte offset and back.
void tst_LineModel::placesAndByteOffsets_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("maxDisplayChars");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<qint64>("byteOffset");
    QTest::addColumn<int>("columnOfByte"); // placeOf(byteOffset).column
    const QByteArray invalid("\xe8\xe7" "abcdefgh\nsecond\n");
    QTest::newRow("first invalid byte") << invalid << 10000 << 0 << 0 << qint64(0) << 0;
    QTest::newRow("second invalid byte") << invalid << 10000 << 0 << 1 << qint64(1) << 1;
    QTest::newRow("a") << invalid << 10000 << 0 << 2 << qint64(2) << 2;
    QTest::newRow("b, after Home and Right x3") << invalid << 10000 << 0 << 3 << qint64(3) << 3;
    QTest::newRow("end of the line") << invalid << 10000 << 0 << 10 << qint64(10) << 10;
    QTest::newRow("past the end of the line") << invalid << 10000 << 0 << 40 << qint64(10) << 10;
    QTest::newRow("second line") << invalid << 10000 << 1 << 2 << qint64(13) << 2;
    QTest::newRow("end of the last line") << invalid << 10000 << 1 << 6 << qint64(17) << 6;
    QTest::newRow("cut line, shown part") << QByteArray("0123456789abcdef\n") << 5 << 0 << 4 << qint64(4) << 4;
    // Past the preview's cut the mapping is exact all the same (issue 13: no cut in the view).
    QTest::newRow("cut line, hidden part") << QByteArray("0123456789abcdef\n") << 5 << 0 << 12 << qint64(12) << 12;
    QTest::newRow("cut line, past its end") << QByteArray("0123456789abcdef\n") << 5 << 0 << 40 << qint64(16) << 16;
    // UTF-16LE "ab\n": the stray last 00 byte is no row; it and the end show at the end of row 0.
    QTest::newRow("utf-16le end") << QByteArray("\xff\xfe" "a\0b\0\n\0", 8) << 10000 << 0 << 2 << qint64(6) << 2;
    QTest::newRow("utf-16le stray byte") << QByteArray("\xff\xfe" "a\0b\0\n\0", 8) << 10000 << 0 << 1 << qint64(4) << 2;
}

void tst_LineModel::placesAndByteOffsets()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, maxDisplayChars);
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(qint64, byteOffset);
    QFETCH(int, columnOfByte);
    QVERIFY(TestFiles::write(path(), bytes));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_VERIFY(model.rowCount() > 0);
    LineDecoder::Options options;
    options.maxDisplayChars = maxDisplayChars;
    model.setDecoderOptions(options);
    QCOMPARE(model.byteOffsetAt({row, column}), std::optional<qint64>(byteOffset));
    if (QTest::currentDataTag() == QByteArray("utf-16le stray byte")) {
        for (const qint64 offset : {qint64(7), qint64(8)}) {
            const std::optional<LineModel::Place> place = model.placeOf(offset);
            QVERIFY(place);
            QCOMPARE(place->row, 0);
            QCOMPARE(place->column, columnOfByte);
        }
        return;
    }
    const std::optional<LineModel::Place> place = model.placeOf(byteOffset);
    QVERIFY(place);
    QCOMPARE(place->row, row);
    QCOMPARE(place->column, columnOfByte);
    QVERIFY(!model.byteOffsetAt({model.rowCount(), 0}));
    QVERIFY(!model.placeOf(-1));
}

// Every byte of a file of invalid sequences, tabs and multibyte characters: places never go
// back, and the byte under a place's column is at or before the byte asked for.
void tst_LineModel::placeOfEveryByteIsMonotonic()
{
    const QByteArray bytes = QByteArray::fromHex("000d1809ffe8e7e6f80518ff09090a") + "\xe8\xe7" "abc\tcaf\xc3\xa9\xf0\x9f\x98\x80\xe2\x82\n";
    QVERIFY(TestFiles::write(path(), bytes));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 2);
    LineModel::Place previous;
    for (qint64 offset = 0; offset <= bytes.size(); ++offset) {
        const std::optional<LineModel::Place> place = model.placeOf(offset);
        QVERIFY(place);
        QVERIFY2(place->row > previous.row || (place->row == previous.row && place->column >= previous.column),
                 qPrintable(QStringLiteral("offset %1").arg(offset)));
        const std::optional<qint64> back = model.byteOffsetAt(*place);
        QVERIFY(back);
        QVERIFY2(*back <= offset, qPrintable(QStringLiteral("offset %1 shows at a place of byte %2").arg(offset).arg(*back)));
        previous = *place;
    }
}

QTEST_GUILESS_MAIN(tst_LineModel)
#include "tst_linemodel.moc"
