#include "appsettings.h"
#include "document.h"
#include "editcontroller.h"
#include "editdialog.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QStringEncoder>
#include <QTest>

using namespace Qt::StringLiterals;

// The edit wiring in a real main window: the view shows an in-place edit at once, a rewrite
// reloads and keeps the cursor's line, undo goes back, a file changed on disk offers Reload.
class tst_EditController : public QObject {
    Q_OBJECT
private slots:
    void init();
    void actionsAndShortcuts();
    void editShowsInTheViewAndUndoes();
    void changedOnDiskOffersReload();
    void dialogOnARotatedFileSaysSoAndKeepsTheText_data();
    void dialogOnARotatedFileSaysSoAndKeepsTheText();
    void newFileCreatesAndOpens();
    void editsUtf16Lines_data();
    void editsUtf16Lines();

private:
    QString writeFile(const QByteArray &bytes) const
    {
        const QString path = m_dir->filePath(QStringLiteral("doc.txt"));
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() ? path : QString();
    }
    QString rowText(MainWindow &window, int row) const
    {
        return window.lineModel()->data(window.lineModel()->index(row), Qt::DisplayRole).toString();
    }
    static QByteArray contents(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QAction *action(MainWindow &window, const QString &text)
    {
        const QList<QAction *> actions = window.findChildren<QAction *>();
        for (QAction *candidate : actions) {
            if (candidate->text() == text)
                return candidate;
        }
        return nullptr;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_EditController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_EditController::actionsAndShortcuts()
{
    AppSettings settings(m_dir->filePath(QStringLiteral("tome.ini")));
    MainWindow window(settings);
    QCOMPARE(action(window, QStringLiteral("&Edit Line…"))->shortcut(), QKeySequence(Qt::Key_F2));
    QCOMPARE(action(window, QStringLiteral("&Undo Edit"))->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Z));
    QCOMPARE(action(window, QStringLiteral("&Redo Edit"))->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    QCOMPARE(action(window, QStringLiteral("&New…"))->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_N));
    // No file: editing is off and says why.
    QAction *edit = action(window, QStringLiteral("&Edit Line…"));
    QVERIFY(!edit->isEnabled());
    QCOMPARE(edit->toolTip(), QStringLiteral("No file is open."));
}

void tst_EditController::editsUtf16Lines_data()
{
    QTest::addColumn<bool>("bigEndian");
    QTest::newRow("UTF-16LE") << false;
    QTest::newRow("UTF-16BE") << true;
}

// A UTF-16 line is shown as text, and written back in the file's UTF-16 flavour: in place when
// the length is the same, else by a rewrite; the byte order mark and the other lines stay.
void tst_EditController::editsUtf16Lines()
{
    QFETCH(bool, bigEndian);
    const QStringConverter::Encoding flavour = bigEndian ? QStringConverter::Utf16BE : QStringConverter::Utf16LE;
    auto encode = [flavour](const QString &text) {
        QStringEncoder encoder(flavour);
        return QByteArray(encoder.encode(text));
    };
    const QByteArray bom = bigEndian ? QByteArray("\xfe\xff") : QByteArray("\xff\xfe");
    // U+010A and U+0A05 hold a 0x0A byte that is not a line end.
    const QString path = writeFile(bom + encode(u"first \u010a\nsecond \u0a05 line\nthird"_s));
    AppSettings settings(m_dir->filePath(QStringLiteral("tome.ini")));
    MainWindow window(settings);
    auto *controller = window.findChild<EditController *>();
    window.openFile(path);
    window.document()->waitForIndex();
    QTRY_COMPARE(window.lineModel()->rowCount(), 3);
    QVERIFY(action(window, QStringLiteral("&Edit Line…"))->isEnabled());

    controller->editLine(1);
    QVERIFY(controller->dialog());
    QCOMPARE(controller->dialog()->text(), u"second \u0a05 line"_s);
    controller->dialog()->setText(u"SECOND \u0a05 LINE"_s); // same length: in place
    QVERIFY(controller->dialog()->summary().contains(QStringLiteral("in place")));
    QTest::mouseClick(controller->dialog()->findChild<QPushButton *>(QStringLiteral("apply")), Qt::LeftButton);
    QCOMPARE(contents(path), bom + encode(u"first \u010a\nSECOND \u0a05 LINE\nthird"_s));
    QTRY_VERIFY(!controller->dialog());

    controller->editLine(0);
    controller->dialog()->setText(u"1st \U0001F600"_s); // another length: rewrite
    QSignalSpy finished(controller->editor(), &FileEditor::finished);
    QTest::mouseClick(controller->dialog()->findChild<QPushButton *>(QStringLiteral("apply")), Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(contents(path), bom + encode(u"1st \U0001F600\nSECOND \u0a05 LINE\nthird"_s));
    window.document()->waitForIndex();
    QTRY_COMPARE(rowText(window, 0), u"1st \U0001F600"_s);
}

void tst_EditController::editShowsInTheViewAndUndoes()
{
    AppSettings settings(m_dir->filePath(QStringLiteral("tome.ini")));
    MainWindow window(settings);
    auto *controller = window.findChild<EditController *>();
    QVERIFY(controller);
    const QString path = writeFile("alpha\nbeta\ngamma\n");
    window.openFile(path);
    window.document()->waitForIndex();
    QTRY_COMPARE(window.lineModel()->rowCount(), 3);
    QVERIFY(action(window, QStringLiteral("&Edit Line…"))->isEnabled());
    QCOMPARE(rowText(window, 1), QStringLiteral("beta")); // now cached by the model

    // In place: the row shows the new bytes at once.
    window.lineView()->setCursorPosition({1, 2});
    controller->editCurrentLine();
    QVERIFY(controller->dialog());
    controller->dialog()->setText(QStringLiteral("BETA"));
    QVERIFY(controller->dialog()->summary().contains(QStringLiteral("in place")));
    if (qEnvironmentVariableIsSet("TOME_SHOT_DIR")) {
        window.grab().save(qEnvironmentVariable("TOME_SHOT_DIR") + QStringLiteral("/edit-window.png"));
        controller->dialog()->grab().save(qEnvironmentVariable("TOME_SHOT_DIR") + QStringLiteral("/edit-inplace.png"));
    }
    QTest::mouseClick(controller->dialog()->findChild<QPushButton *>(QStringLiteral("apply")), Qt::LeftButton);
    QCOMPARE(contents(path), QByteArray("alpha\nBETA\ngamma\n"));
    QCOMPARE(rowText(window, 1), QStringLiteral("BETA"));
    QTRY_VERIFY(!controller->dialog());

    // A rewrite: reloaded, cursor kept on its line.
    window.lineView()->setCursorPosition({2, 1});
    controller->editLine(2);
    controller->dialog()->setText(QStringLiteral("gamma ray"));
    QSignalSpy finished(controller->editor(), &FileEditor::finished);
    QTest::mouseClick(controller->dialog()->findChild<QPushButton *>(QStringLiteral("apply")), Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(contents(path), QByteArray("alpha\nBETA\ngamma ray\n"));
    window.document()->waitForIndex();
    QTRY_COMPARE(rowText(window, 2), QStringLiteral("gamma ray"));
    QCOMPARE(window.lineView()->cursorPosition().row, 2);

    // Undo both through the menu actions, which say what they undo.
    QAction *undo = window.findChild<QAction *>(QStringLiteral("undoEdit"));
    QVERIFY(undo->isEnabled());
    QCOMPARE(undo->text(), QStringLiteral("&Undo Edit Line 3"));
    undo->trigger();
    QVERIFY(finished.wait(10000));
    undo->trigger();
    QCOMPARE(contents(path), QByteArray("alpha\nbeta\ngamma\n"));
    window.document()->waitForIndex();
    QTRY_COMPARE(rowText(window, 1), QStringLiteral("beta"));
    QVERIFY(!undo->isEnabled());
    QAction *redo = window.findChild<QAction *>(QStringLiteral("redoEdit"));
    QVERIFY(redo->isEnabled());
    QCOMPARE(redo->text(), QStringLiteral("&Redo Edit Line 2"));
}

// Issue: a dialog prepared on the old file wrote its line over a rotated file's first bytes.
void tst_EditController::dialogOnARotatedFileSaysSoAndKeepsTheText_data()
{
    QTest::addColumn<QString>("typed");
    QTest::newRow("rewrite") << QStringLiteral("OLD-FIRST-LINE-0001XYZ");
    QTest::newRow("in place") << QStringLiteral("OLD-FIRST-LINE-000X");
}

void tst_EditController::dialogOnARotatedFileSaysSoAndKeepsTheText()
{
    QFETCH(QString, typed);
    AppSettings settings(m_dir->filePath(QStringLiteral("tome.ini")));
    MainWindow window(settings);
    auto *controller = window.findChild<EditController *>();
    const QByteArray old = "OLD-FIRST-LINE-0001\nold second line\nold third line\n";
    const QByteArray other = "NEW FILE line one, other program data\nNEW FILE line two\n";
    const QString path = writeFile(old);
    window.openFile(path);
    window.document()->waitForIndex();
    QTRY_COMPARE(window.lineModel()->rowCount(), 3);
    controller->editLine(0);
    EditDialog *dialog = controller->dialog();
    QVERIFY(dialog);
    dialog->setText(typed);
    auto *apply = dialog->findChild<QPushButton *>(QStringLiteral("apply"));
    QVERIFY(apply->isEnabled());

    QVERIFY(QFile::rename(path, path + QStringLiteral(".1")));
    QVERIFY(writeFile(other) == path);
    // The follower shows the new file; the dialog says at once that its file changed.
    QTRY_COMPARE(window.document()->size(), qint64(other.size()));
    QTRY_VERIFY(!dialog->staleReason().isEmpty());
    QVERIFY2(dialog->staleReason().contains(QStringLiteral("replaced")), qPrintable(dialog->staleReason()));
    QVERIFY(!apply->isEnabled());
    QVERIFY(dialog->findChild<QWidget *>(QStringLiteral("stale"))->isVisible());
    if (qEnvironmentVariableIsSet("TOME_SHOT_DIR"))
        dialog->grab().save(qEnvironmentVariable("TOME_SHOT_DIR") + QStringLiteral("/edit-stale.png"));

    // Even when asked to apply (Enter raced the check), nothing is written and the text stays.
    emit dialog->applyRequested(typed.toUtf8());
    QCoreApplication::processEvents();
    QTest::qWait(50);
    QCOMPARE(contents(path), other);
    QCOMPARE(contents(path + QStringLiteral(".1")), old);
    QVERIFY(controller->dialog());
    QCOMPARE(controller->dialog()->text(), typed);
    QVERIFY(!controller->editor()->canUndo());
}

void tst_EditController::changedOnDiskOffersReload()
{
    AppSettings settings(m_dir->filePath(QStringLiteral("tome.ini")));
    MainWindow window(settings);
    auto *controller = window.findChild<EditController *>();
    const QString path = writeFile("one\ntwo\n");
    window.openFile(path);
    window.document()->waitForIndex();
    QVERIFY(writeFile("one\ntwo\nthree, written by another program\n") == path);
    controller->editLine(0);
    QVERIFY(!controller->dialog());
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox *>()) != nullptr);
    QVERIFY(box->text().contains(QStringLiteral("changed on disk")));
    QSignalSpy opened(window.document(), &Document::opened);
    const QList<QAbstractButton *> buttons = box->buttons();
    for (QAbstractButton *button : buttons) {
        if (button->text() == QStringLiteral("&Reload"))
            button->click();
    }
    QCOMPARE(opened.size(), 1);
    window.document()->waitForIndex();
    QTRY_COMPARE(window.lineModel()->rowCount(), 3);
    QCOMPARE(contents(path), QByteArray("one\ntwo\nthree, written by another program\n"));
}

void tst_EditController::newFileCreatesAndOpens()
{
    AppSettings settings(m_dir->filePath(QStringLiteral("tome.ini")));
    MainWindow window(settings);
    auto *controller = window.findChild<EditController *>();
    const QString path = m_dir->filePath(QStringLiteral("vocabulary.txt"));
    const QByteArray vocabulary = "VOCABULARY\ncasta\xc3\xb1" "a\nthe\ncat\nwas\nnot\na\ncaterpilar\n";
    QVERIFY(controller->createAndOpen(path, vocabulary));
    QCOMPARE(window.document()->path(), path);
    window.document()->waitForIndex();
    QTRY_COMPARE(window.lineModel()->rowCount(), 8);
    QCOMPARE(rowText(window, 1), QStringLiteral("castaña"));
    const QString empty = m_dir->filePath(QStringLiteral("empty.txt"));
    QVERIFY(controller->createAndOpen(empty, QByteArray()));
    QCOMPARE(window.document()->state(), Document::State::Open);
    QCOMPARE(window.document()->lineCount(), 0);
    QVERIFY(action(window, QStringLiteral("&Edit Line…"))->isEnabled());
}

QTEST_MAIN(tst_EditController)
#include "tst_editcontroller.moc"
