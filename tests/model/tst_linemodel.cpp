#include "document.h"
#include "linemodel.h"

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

    QVERIFY(TestFiles::write(path(), "short\n"));
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

QTEST_GUILESS_MAIN(tst_LineModel)
#include "tst_linemodel.moc"
