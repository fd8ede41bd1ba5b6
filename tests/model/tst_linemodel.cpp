#include "document.h"
#include "linemodel.h"

#include "outsidechange.h"
#include "testfiles.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_LineModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void rowsAndRoles();
    void growsInBatches();
    void capsRowsAtTheLimit();
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
    QVERIFY(!model.isCapped());
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

void tst_LineModel::capsRowsAtTheLimit()
{
    QVERIFY(TestFiles::write(path(), QByteArray("x\n").repeated(10)));
    Document document;
    LineModel model(&document, nullptr, 7);
    QSignalSpy capped(&model, &LineModel::cappedChanged);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QTRY_VERIFY(model.isCapped());
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.rowLimit(), 7);
    QCOMPARE(capped.constLast().at(0).toBool(), true);
    QCOMPARE(model.data(model.index(6), LineModel::LineNumberRole).toLongLong(), 7);

#if defined(Q_OS_WIN)
    // Windows refuses to shorten a mapped file; under Wine, a Linux program's truncation does it.
    if (!OutsideChange::truncate(path(), 0))
        QSKIP("Windows refuses to truncate a file while a view of it is mapped, and this is not Wine");
    QVERIFY(TestFiles::append(path(), "short\n"));
#else
    QVERIFY(TestFiles::write(path(), "short\n"));
#endif
    document.reload();
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 1);
    QVERIFY(!model.isCapped());
    QCOMPARE(capped.constLast().at(0).toBool(), false);
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
