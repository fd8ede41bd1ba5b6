#include "document.h"
#include "linemodel.h"
#include "lineview.h"
#include "sliceinspector.h"
#include "sliceinspectorlink.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kVocabulary("VOCABULARY\ncasta\xc3\xb1"
                             "a\nthe\ncat\nwas\nnot\na\ncaterpilar\n");

// A document over a real temporary file, its line model and a view, linked to an inspector.
struct Fixture {
    explicit Fixture(const QString &path)
    {
        document.open(path);
        document.waitForIndex();
        view.setModel(&model);
        window.setCentralWidget(&view);
        window.addDockWidget(Qt::RightDockWidgetArea, &inspector);
        window.resize(1200, 760);
        window.show();
    }
    ~Fixture()
    {
        window.removeDockWidget(&inspector);
        inspector.setParent(nullptr);
        view.setParent(nullptr);
    }
    bool ready()
    {
        return QTest::qWaitFor([this] { return model.rowCount() == document.lineCount(); });
    }

    Document document;
    LineModel model{&document};
    QMainWindow window;
    LineView view;
    SliceInspector inspector{&document};
    SliceInspectorLink link{&inspector, &view, &model};
};

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->clear();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

} // namespace

class tst_SliceInspector : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void showsRange_data();
    void showsRange();
    void inputErrors_data();
    void inputErrors();
    void viewSelectionMovesRange();
    void typedRangeSelectsInView();
    void wholeLine();
    void characterUnderCursor();
    void invalidSequencesMarked();
    void bigSliceSaysWhatIsHidden();
    void renders();

private:
    QString writeFile(const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

void tst_SliceInspector::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

QString tst_SliceInspector::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return QString();
    return path;
}

void tst_SliceInspector::showsRange_data()
{
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end");
    QTest::addColumn<QString>("literal");
    QTest::addColumn<QString>("decoded");
    QTest::addColumn<QString>("hexStart");
    QTest::addColumn<QString>("location");

    QTest::newRow("castaña") << qint64(11) << qint64(20) << QStringLiteral("b'casta\\xc3\\xb1a\\n'")
                             << QStringLiteral("castaña\n") << QStringLiteral("0000000b  63 61 73 74 61 c3 b1 61  0a ")
                             << QStringLiteral("Bytes [11, 20) · 9 bytes · starts at 2:1 · last byte at 2:9");
    QTest::newRow("VOCA") << qint64(0) << qint64(4) << QStringLiteral("b'VOCA'") << QStringLiteral("VOCA")
                          << QStringLiteral("00000000  56 4f 43 41 ")
                          << QStringLiteral("Bytes [0, 4) · 4 bytes · starts at 1:1 · last byte at 1:4");
    QTest::newRow("empty") << qint64(24) << qint64(24) << QStringLiteral("b''") << QString()
                           << QStringLiteral("(empty slice)")
                           << QStringLiteral("Bytes [24, 24) · 0 bytes · empty, before 4:1");
}

void tst_SliceInspector::showsRange()
{
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    QFETCH(QString, literal);
    QFETCH(QString, decoded);
    QFETCH(QString, hexStart);
    QFETCH(QString, location);

    Fixture f(writeFile(QStringLiteral("vocab.txt"), kVocabulary));
    f.inspector.setRange(start, end);
    QCOMPARE(f.inspector.errorText(), QString());
    QCOMPARE(f.inspector.literalText(), literal);
    QCOMPARE(f.inspector.decodedText(), decoded);
    QVERIFY2(f.inspector.hexDumpText().startsWith(hexStart), qPrintable(f.inspector.hexDumpText()));
    QCOMPARE(f.inspector.locationText(), location);
    QCOMPARE(f.inspector.range(), (std::pair{start, end}));
}

void tst_SliceInspector::inputErrors_data()
{
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("notice");

    QTest::newRow("not a number") << QStringLiteral("abc") << QStringLiteral("4")
                                  << QStringLiteral(
                                         "Start \"abc\" is not a byte offset: use decimal (1234) or hex (0x4d2).")
                                  << QString();
    QTest::newRow("end before start") << QStringLiteral("10") << QStringLiteral("3")
                                      << QStringLiteral("End (3) is before start (10).") << QString();
    QTest::newRow("beyond EOF") << QStringLiteral("0x40") << QStringLiteral("0x50")
                                << QStringLiteral("Start (64) is past the end of the file (49 bytes).") << QString();
    QTest::newRow("end clipped") << QStringLiteral("0x26") << QStringLiteral("1,000") << QString()
                                 << QStringLiteral("End clipped to the end of the file (49 bytes).");
}

void tst_SliceInspector::inputErrors()
{
    QFETCH(QString, start);
    QFETCH(QString, end);
    QFETCH(QString, error);
    QFETCH(QString, notice);

    Fixture f(writeFile(QStringLiteral("vocab.txt"), kVocabulary));
    QSignalSpy edited(&f.inspector, &SliceInspector::rangeEdited);
    auto *startEdit = f.inspector.findChildren<QLineEdit *>().at(0);
    auto *endEdit = f.inspector.findChildren<QLineEdit *>().at(1);
    startEdit->setText(start);
    typeInto(endEdit, end);
    QCOMPARE(f.inspector.errorText(), error);
    QCOMPARE(f.inspector.noticeText(), notice);
    QCOMPARE(f.inspector.range().has_value(), error.isEmpty());
    QCOMPARE(edited.size(), error.isEmpty() ? 1 : 0);
    if (error.isEmpty())
        QCOMPARE(f.inspector.literalText(), QStringLiteral("b'caterpilar\\n'"));
    else
        QCOMPARE(f.inspector.literalText(), QString());
}

void tst_SliceInspector::viewSelectionMovesRange()
{
    Fixture f(writeFile(QStringLiteral("vocab.txt"), kVocabulary));
    QVERIFY(f.ready());
    f.view.select({1, 0}, {2, 0});
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{11, 20}));
    QCOMPARE(f.inspector.literalText(), QStringLiteral("b'casta\\xc3\\xb1a\\n'"));

    // One display column, two bytes: ñ.
    f.view.select({1, 5}, {1, 6});
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{16, 18}));
    QCOMPARE(f.inspector.literalText(), QStringLiteral("b'\\xc3\\xb1'"));

    // Selected backwards (anchor after cursor), across lines.
    f.view.select({3, 3}, {2, 1});
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{21, 27}));

    // Not following: the range stays.
    f.inspector.setFollowsSelection(false);
    f.view.select({0, 0}, {0, 4});
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{21, 27}));
    // Following again takes the current selection at once.
    f.inspector.setFollowsSelection(true);
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{0, 4}));

    // Hidden, it does not follow; shown again, it takes the selection of that moment.
    f.inspector.hide();
    f.view.select({2, 0}, {2, 3});
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{0, 4}));
    f.inspector.show();
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{20, 23}));
}

void tst_SliceInspector::typedRangeSelectsInView()
{
    Fixture f(writeFile(QStringLiteral("vocab.txt"), kVocabulary));
    QVERIFY(f.ready());
    const QList<QLineEdit *> edits = f.inspector.findChildren<QLineEdit *>();
    edits.at(0)->setText(QStringLiteral("0xb"));
    typeInto(edits.at(1), QStringLiteral("20"));
    QCOMPARE(f.view.selectionStart(), (TextPosition{1, 0}));
    QCOMPARE(f.view.selectionEnd(), (TextPosition{2, 0}));
    // The selection echoed back by the view does not disturb the typed range.
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{11, 20}));

    // A range edge after ñ's two bytes lands after its one column.
    typeInto(edits.at(1), QStringLiteral("18"));
    QCOMPARE(f.view.selectionEnd(), (TextPosition{1, 6}));

    // Typed without Enter: applied after a pause.
    edits.at(0)->clear();
    QTest::keyClicks(edits.at(0), QStringLiteral("24"));
    edits.at(1)->clear();
    QTest::keyClicks(edits.at(1), QStringLiteral("27"));
    QTRY_COMPARE(f.view.selectionStart(), (TextPosition{3, 0}));
    QCOMPARE(f.view.selectionEnd(), (TextPosition{3, 3}));
    QCOMPARE(f.view.selectedText(), QStringLiteral("cat"));
}

void tst_SliceInspector::wholeLine()
{
    Fixture f(writeFile(QStringLiteral("vocab.txt"), kVocabulary));
    QVERIFY(f.ready());
    QLineEdit *line = f.inspector.findChildren<QLineEdit *>().at(2);
    typeInto(line, QStringLiteral("2"));
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{11, 20}));
    QCOMPARE(f.inspector.literalText(), QStringLiteral("b'casta\\xc3\\xb1a\\n'"));
    QCOMPARE(f.view.selectionStart(), (TextPosition{1, 0}));
    QCOMPARE(f.view.selectionEnd(), (TextPosition{2, 0}));

    typeInto(line, QStringLiteral("9"));
    QCOMPARE(f.inspector.errorText(), QStringLiteral("The file has 8 lines."));
    typeInto(line, QStringLiteral("zero"));
    QCOMPARE(f.inspector.errorText(), QStringLiteral("\"zero\" is not a line number (lines count from 1)."));
}

void tst_SliceInspector::characterUnderCursor()
{
    Fixture f(writeFile(QStringLiteral("vocab.txt"), kVocabulary));
    f.inspector.setRange(11, 20);
    QPlainTextEdit *pane = f.inspector.decodedPane();
    QTextCursor cursor = pane->textCursor();
    cursor.setPosition(5);
    pane->setTextCursor(cursor);
    QCOMPARE(f.inspector.characterText(),
        QStringLiteral("At cursor: U+00F1 'ñ' · Ll (letter, lowercase) · UTF-8 c3 b1 · byte 16"));

    f.inspector.setEncoding(LineDecoder::Encoding::Latin1);
    QCOMPARE(f.inspector.decodedText(), QStringLiteral("castaÃ±a\n"));
    cursor = pane->textCursor();
    cursor.setPosition(6);
    pane->setTextCursor(cursor);
    QCOMPARE(f.inspector.characterText(),
        QStringLiteral("At cursor: U+00B1 '±' · Sm (symbol, math) · UTF-8 c2 b1 · byte 17 · in the file b1"));
}

void tst_SliceInspector::invalidSequencesMarked()
{
    Fixture f(writeFile(QStringLiteral("bad.bin"), QByteArray("ok\xff\xfe!\xe2\x82\n")));
    f.inspector.setRange(0, 100);
    QCOMPARE(f.inspector.decodedText(), QString::fromUtf8("ok\uFFFD\uFFFD!\uFFFD\n"));
    QCOMPARE(f.inspector.decodedPane()->extraSelections().size(), 3);
    const QList<QLabel *> labels = f.inspector.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
        [](QLabel *label) { return label->text() == QStringLiteral("3 invalid sequences, each shown as \uFFFD"); }));
}

void tst_SliceInspector::bigSliceSaysWhatIsHidden()
{
    QByteArray bytes;
    while (bytes.size() < 1'234'567)
        bytes += "a line of a big file, numbered to fill the slice\n";
    bytes.truncate(1'234'567);
    Fixture f(writeFile(QStringLiteral("big.txt"), bytes));
    QElapsedTimer timer;
    timer.start();
    f.inspector.setRange(0, bytes.size());
    qInfo("showing a %lld-byte slice took %lld ms", qint64(bytes.size()), timer.elapsed());
    QCOMPARE(f.inspector.noticeText(),
        QStringLiteral("Large slice: showing 65,536 of 1,234,567 bytes; the other 1,169,031 bytes are hidden."));
    QCOMPARE(f.inspector.hexDumpText().count(QLatin1Char('\n')), 65'536 / 16);
    QCOMPARE(f.inspector.decodedText().size(), 65'536);

    // While hidden, a new range is checked but nothing is read until the dock shows again.
    f.inspector.hide();
    f.inspector.setRange(100, 104);
    QCOMPARE(f.inspector.range(), (std::pair<qint64, qint64>{100, 104}));
    QVERIFY(f.inspector.slice().shownBytes().isEmpty());
    f.inspector.show();
    QCOMPARE(f.inspector.slice().shownBytes(), bytes.mid(100, 4));
    QCOMPARE(f.inspector.noticeText(), QString());
}

// Renders the dock; with TOME_GRAB_DIR set, saves the picture there to be looked at.
void tst_SliceInspector::renders()
{
    Fixture f(writeFile(QStringLiteral("vocab.txt"), kVocabulary + QByteArray("bad \xff\xfe bytes\tand tabs\r\n")));
    QVERIFY(f.ready());
    f.view.select({6, 0}, {8, 40});
    QPlainTextEdit *pane = f.inspector.decodedPane();
    QTextCursor cursor = pane->textCursor();
    cursor.setPosition(17);
    pane->setTextCursor(cursor);
    QVERIFY(f.inspector.characterText().contains(QStringLiteral("invalid sequence ff")));
    const QImage dock = f.inspector.grab().toImage();
    const QImage window = f.window.grab().toImage();
    QVERIFY(!dock.isNull() && !window.isNull());
    const QString dir = qEnvironmentVariable("TOME_GRAB_DIR");
    if (!dir.isEmpty()) {
        QVERIFY(dock.save(QDir(dir).filePath(QStringLiteral("sliceinspector.png"))));
        QVERIFY(window.save(QDir(dir).filePath(QStringLiteral("sliceinspector-window.png"))));
    }
}

QTEST_MAIN(tst_SliceInspector)
#include "tst_sliceinspector.moc"
