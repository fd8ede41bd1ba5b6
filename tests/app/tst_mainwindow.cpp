#include "appsettings.h"
#include "document.h"
#include "englishplurals.h"
#include "fileopenhandler.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileOpenEvent>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

#include <functional>
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
#include "linehighlighter.h"
#include "syntaxsupport.h"
#include <KSyntaxHighlighting/Theme>
#endif

#include <QAction>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(TextPosition)

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void constructs();
    void menusHaveShortcuts_data();
    void menusHaveShortcuts();
    void welcomePaintsFirstScreen();
    void geometrySavedOnClose();
    void opensFileAndShowsLines();
    void badFilesShowTheirError_data();
    void badFilesShowTheirError();
    void emptyFileIsADocument();
    void goToLineAndOffset();
    void lineFromCommandLineWaitsForIndex();
    void platformFileOpenEvent();
    void copiesExactText_data();
    void copiesExactText();
    void selectAllCopiesTheWholeFile_data();
    void selectAllCopiesTheWholeFile();
    void wrapLinesIsRememberedAndPagesToTheEnd();
    void utf16FileShowsItsLines();
    void statusCountsReadRight_data();
    void statusCountsReadRight();
    void statusShowsPositionOnOpen();
    void statusSizeFollowsTheFile();
    void narrowStatusBarGivesUpLeastImportant();
    void deletedFileSaysSoAndReloadWarns();
    void reloadNeedsAFile();
    void recentMenuNumberedAndClearable();
    void aboutBoxHasIcon();
    void folderSaysOnlyThatItIsAFolder();
    void themeMenuPaintsTheView();
    void automaticThemeFollowsDarkPalette();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString iniPath() const { return m_dir->filePath(QStringLiteral("tome.ini")); }
    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }
    static QString statusText(const MainWindow &window, const char *name)
    {
        const auto *label = window.findChild<QLabel *>(QLatin1String(name));
        return label ? label->text() : QString();
    }
    static bool statusShown(const MainWindow &window, const char *name)
    {
        const auto *label = window.findChild<QLabel *>(QLatin1String(name));
        return label && label->isVisible();
    }
    // The action of `menu` (searched through its submenus) whose text, without '&', starts with `text`.
    static QAction *findAction(QMenu *menu, const QString &text)
    {
        const QList<QAction *> actions = menu->actions();
        for (QAction *action : actions) {
            if (action->text().remove(QLatin1Char('&')).startsWith(text))
                return action;
            if (action->menu())
                if (QAction *found = findAction(action->menu(), text))
                    return found;
        }
        return nullptr;
    }
    // Answers the next modal dialog (a message box) from inside its event loop.
    static void answerNextMessageBox(QString *text, const std::function<void(QMessageBox *)> &answer)
    {
        QTimer::singleShot(0, qApp, [text, answer] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box) {
                answerNextMessageBox(text, answer);
                return;
            }
            *text = box->text() + u'\n' + box->informativeText();
            answer(box);
        });
    }
};

void TestMainWindow::initTestCase()
{
    // As main() does: counts read "1 line", "2 lines" without a translation loaded.
    QCoreApplication::installTranslator(new EnglishPlurals(qApp));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestMainWindow::constructs()
{
    AppSettings settings(iniPath());
    MainWindow window(settings);
    QVERIFY(window.lineView());
    QVERIFY(window.centralWidget()->isAncestorOf(window.lineView()));
    QVERIFY(!window.menuBar()->actions().isEmpty());
}

void TestMainWindow::menusHaveShortcuts_data()
{
    QTest::addColumn<QKeySequence>("shortcut");
    QTest::newRow("open") << QKeySequence(QKeySequence::Open);
    QTest::newRow("quit") << QKeySequence(Qt::CTRL | Qt::Key_Q);
}

void TestMainWindow::menusHaveShortcuts()
{
    QFETCH(QKeySequence, shortcut);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    bool found = false;
    const auto actions = window.findChildren<QAction *>();
    for (const QAction *action : actions)
        found = found || action->shortcuts().contains(shortcut);
    QVERIFY2(found, qPrintable(shortcut.toString()));
}

void TestMainWindow::welcomePaintsFirstScreen()
{
    AppSettings settings(iniPath());
    MainWindow window(settings);
    QSignalSpy shown(&window, &MainWindow::firstScreenShown);
    window.showWelcome();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(shown.count(), 1);
    QVERIFY(!window.lineView()->placeholderText().isEmpty());
}

void TestMainWindow::geometrySavedOnClose()
{
    {
        AppSettings settings(iniPath());
        MainWindow window(settings);
        window.resize(640, 480);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();
    }
    AppSettings reread(iniPath());
    QVERIFY(!reread.windowGeometry().isEmpty());
    MainWindow again(reread);
    QCOMPARE(again.size(), QSize(640, 480));
}

void TestMainWindow::opensFileAndShowsLines()
{
    const QString path = writeFile(QStringLiteral("vocab.txt"), QByteArray("VOCABULARY\ncasta\xc3\xb1""a\nthe\ncat\n"));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    QSignalSpy shown(&window, &MainWindow::firstScreenShown);
    window.show();
    window.openFile(path);
    QCOMPARE(window.document()->state(), Document::State::Open);
    QTRY_COMPARE(window.lineModel()->rowCount(), 4);
    QCOMPARE(window.lineModel()->index(1, 0).data().toString(), QStringLiteral("castaña"));
    QTRY_COMPARE(shown.count(), 1);
    QVERIFY(window.windowTitle().startsWith(QLatin1String("vocab.txt")));
    QCOMPARE(settings.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
    QTRY_VERIFY(statusText(window, "statusLines").contains(QLatin1String("4 lines")));
}

void TestMainWindow::badFilesShowTheirError_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QStringLiteral("no-such-file.log") << QStringLiteral("no such file");
    QTest::newRow("directory") << QStringLiteral(".") << QStringLiteral("folder");
}

void TestMainWindow::badFilesShowTheirError()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    QSignalSpy shown(&window, &MainWindow::firstScreenShown);
    window.show();
    window.openFile(m_dir->filePath(name));
    QCOMPARE(window.document()->state(), Document::State::Failed);
    QCOMPARE(window.lineModel()->rowCount(), 0);
    const QString shownText = window.lineView()->placeholderText();
    QVERIFY2(shownText.contains(expected, Qt::CaseInsensitive), qPrintable(shownText));
    QCOMPARE(statusText(window, "statusMessage"), shownText);
    QTRY_COMPARE(shown.count(), 1); // an error is a first screen too
    QVERIFY(settings.recentFiles().isEmpty());
}

void TestMainWindow::emptyFileIsADocument()
{
    const QString path = writeFile(QStringLiteral("empty.txt"), QByteArray());
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.openFile(path);
    QCOMPARE(window.document()->state(), Document::State::Open);
    QCOMPARE(window.lineModel()->rowCount(), 0);
    QVERIFY(window.lineView()->placeholderText().contains(QLatin1String("empty")));
}

void TestMainWindow::goToLineAndOffset()
{
    QByteArray bytes;
    for (int i = 1; i <= 5000; ++i)
        bytes += "line " + QByteArray::number(i) + "\n";
    const QString path = writeFile(QStringLiteral("lines.txt"), bytes);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.resize(800, 600);
    window.show();
    window.openFile(path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 5000);

    window.goToLine(4321);
    QCOMPARE(window.lineView()->cursorPosition().row, 4320);
    QVERIFY(window.lineView()->firstVisibleRow() <= 4320);
    QVERIFY(window.lineView()->firstVisibleRow() + window.lineView()->visibleRowCount() > 4320);

    const qint64 offset = bytes.indexOf("line 1234\n") + 6; // the '2' of "1234"
    QVERIFY(window.goToOffset(offset));
    QCOMPARE(window.lineView()->cursorPosition(), (TextPosition{1233, 6}));
    QVERIFY(statusText(window, "statusPosition").contains(QStringLiteral("byte %L1").arg(offset)));
    QVERIFY(!window.goToOffset(bytes.size() + 10));
    QVERIFY(statusText(window, "statusMessage").contains(QLatin1String("outside")));
}

void TestMainWindow::lineFromCommandLineWaitsForIndex()
{
    QByteArray bytes;
    for (int i = 1; i <= 200000; ++i)
        bytes += "entry " + QByteArray::number(i) + "\n";
    const QString path = writeFile(QStringLiteral("big.log"), bytes);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path, 199999);
    QTRY_COMPARE(window.lineView()->cursorPosition().row, 199998);
    QCOMPARE(window.lineModel()->index(199998, 0).data().toString(), QStringLiteral("entry 199999"));
}

void TestMainWindow::platformFileOpenEvent()
{
    const QString path = writeFile(QStringLiteral("finder.txt"), QByteArray("one\ntwo\n"));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    qApp->installEventFilter(new FileOpenHandler(&window));
    QFileOpenEvent event(path);
    QCoreApplication::sendEvent(qApp, &event);
    QCOMPARE(window.document()->path(), path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 2);
}

void TestMainWindow::copiesExactText_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<TextPosition>("from");
    QTest::addColumn<TextPosition>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("tab kept, not expanded") << QByteArray("a\tb\nnext\n") << TextPosition{0, 0} << TextPosition{0, 9}
                                            << QStringLiteral("a\tb");
    QTest::newRow("crlf across lines") << QByteArray("one\r\ntwo\r\n") << TextPosition{0, 1} << TextPosition{1, 2}
                                       << QStringLiteral("ne\r\ntw");
    QTest::newRow("control byte") << QByteArray("x\x01y\nnext\n") << TextPosition{0, 0} << TextPosition{0, 3}
                                  << QStringLiteral("x\x01y");
    QTest::newRow("utf-8") << QByteArray("casta\xc3\xb1""a\nnext\n") << TextPosition{0, 4} << TextPosition{0, 7}
                           << QStringLiteral("aña");
}

void TestMainWindow::copiesExactText()
{
    QFETCH(QByteArray, bytes);
    QFETCH(TextPosition, from);
    QFETCH(TextPosition, to);
    QFETCH(QString, expected);
    const QString path = writeFile(QStringLiteral("copy.txt"), bytes);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.openFile(path);
    QTRY_VERIFY(window.lineModel()->rowCount() > to.row);
    window.lineView()->select(from, to);
    QCOMPARE(window.lineView()->selectedText(), expected);
}

// Issue 10 §4: Select All then Copy gives the file's bytes exactly, its final line ending
// included; a UTF-16 file gives the decoded text of all its bytes.
void TestMainWindow::selectAllCopiesTheWholeFile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ends in \\n") << QByteArray("one\ntwo\n") << QStringLiteral("one\ntwo\n");
    QTest::newRow("ends in \\r\\n") << QByteArray("one\r\ntwo\r\n") << QStringLiteral("one\r\ntwo\r\n");
    QTest::newRow("no final newline") << QByteArray("one\ntwo") << QStringLiteral("one\ntwo");
    QTest::newRow("empty lines at the end") << QByteArray("one\n\n\n") << QStringLiteral("one\n\n\n");
    QTest::newRow("empty file") << QByteArray() << QString();
    QTest::newRow("utf-8 with a mark") << QByteArray("\xef\xbb\xbf""casta\xc3\xb1""a\n") << QStringLiteral("castaña\n");
    const QString text = QStringLiteral("\u010A and \u0A05\r\n\U0001F600 \u0A0A\nlast\n");
    QTest::newRow("utf-16le with a mark") << QByteArray("\xff\xfe" + QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2)) << text;
    QByteArray be;
    for (const QChar c : text)
        be.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xff));
    QTest::newRow("utf-16be with a mark, odd last byte") << QByteArray("\xfe\xff" + be + "!") << text + QChar(0xFFFD);
    const QString longLine = QString(30000, u'x');
    QTest::newRow("last line cut in the view") << QByteArray("a\n" + longLine.toLatin1() + "\n") << QStringLiteral("a\n") + longLine + u'\n';
}

void TestMainWindow::selectAllCopiesTheWholeFile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QString path = writeFile(QStringLiteral("all.txt"), bytes);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    QTRY_VERIFY(window.document()->isIndexComplete());
    QTRY_COMPARE(window.lineModel()->rowCount(), window.document()->lineCount());
    QApplication::clipboard()->setText(QStringLiteral("before"));
    findAction(window.menu(MainWindow::Menu::Edit), QStringLiteral("Select All"))->trigger();
    findAction(window.menu(MainWindow::Menu::Edit), QStringLiteral("Copy"))->trigger();
    QCOMPARE(QApplication::clipboard()->text(), expected);
}

// Issue 13: View > Wrap Lines wraps the view and is remembered; with it, PgDn goes through a line
// of megabytes to its end, whose last columns the status bar places exactly.
void TestMainWindow::wrapLinesIsRememberedAndPagesToTheEnd()
{
    QByteArray line;
    for (int i = 0; line.size() < 3'000'000; ++i)
        line += QByteArray::number(i) + " \xc3\xa9t\xc3\xa9\t";
    const QString path = writeFile(QStringLiteral("oneline.txt"), line + "END");
    {
        AppSettings settings(iniPath());
        settings.setWrapLines(false);
        MainWindow window(settings);
        window.resize(900, 600);
        window.show();
        window.openFile(path);
        QTRY_VERIFY(window.document()->isIndexComplete());
        QAction *wrap = findAction(window.menu(MainWindow::Menu::View), QStringLiteral("Wrap Lines"));
        QVERIFY(wrap && wrap->isCheckable() && !wrap->isChecked());
        QVERIFY(!window.lineView()->wrapLines());
        wrap->trigger();
        QVERIFY(window.lineView()->wrapLines());
    }
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openFile(path);
    QTRY_VERIFY(window.document()->isIndexComplete());
    QTRY_COMPARE(window.lineModel()->rowCount(), 1);
    LineView *view = window.lineView();
    QVERIFY(view->wrapLines());
    view->setFocus();
    // PgDn until the line's end is on screen (its last bytes may be measured in the background).
    const auto lastScreen = [&] {
        bool exact = false;
        const qint64 columns = window.lineModel()->columnCount(0, &exact);
        const QVector<LineView::VisibleColumns> shown = view->visibleColumns();
        return exact && !shown.isEmpty() && shown.last().to >= columns
            && shown.first().from > columns - qint64(view->visibleRowCount()) * view->layout().width();
    };
    for (int i = 0; i < 100000 && !lastScreen(); ++i) {
        QTest::keyClick(view, Qt::Key_PageDown);
        if (i % 64 == 0)
            QCoreApplication::processEvents();
    }
    QVERIFY(lastScreen());
    const qint64 columns = window.lineModel()->columnCount(0);
    QTest::keyClick(view, Qt::Key_End);
    QCOMPARE(view->cursorPosition(), (TextPosition{0, columns}));
    QTest::keyClick(view, Qt::Key_Left, Qt::ShiftModifier);
    QTest::keyClick(view, Qt::Key_Left, Qt::ShiftModifier);
    QTest::keyClick(view, Qt::Key_Left, Qt::ShiftModifier);
    QCOMPARE(view->selectedText(), QStringLiteral("END"));
    QTRY_VERIFY(statusText(window, "statusPosition").contains(QLocale().toString(line.size())));
}

// Issue 10 §3: lines end at the code unit U+000A, not at a 0x0A byte inside \u010A or \u0A05.
void TestMainWindow::utf16FileShowsItsLines()
{
    const QString text = QStringLiteral("\u010A one\n\u0A05 two\r\n\U0001F600 three\n");
    const QString path = writeFile(QStringLiteral("utf16.txt"),
                                   QByteArray("\xff\xfe" + QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2)));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.resize(800, 600);
    window.show();
    window.openFile(path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 3);
    QTRY_VERIFY(window.document()->isIndexComplete());
    QCOMPARE(window.document()->lineCount(), 3);
    QCOMPARE(window.lineModel()->index(0, 0).data().toString(), QStringLiteral("\u010A one"));
    QCOMPARE(window.lineModel()->index(1, 0).data().toString(), QStringLiteral("\u0A05 two"));
    QCOMPARE(window.lineModel()->index(2, 0).data().toString(), QStringLiteral("\U0001F600 three"));
    QTRY_VERIFY(statusText(window, "statusLines").contains(QLatin1String("3 lines")));
    window.goToLine(3);
    QCOMPARE(window.lineView()->cursorPosition().row, 2);
    QVERIFY(window.goToOffset(2 + 2 * 6)); // the \u0A05, the first character of line 2
    QCOMPARE(window.lineView()->cursorPosition(), (TextPosition{1, 0}));
    window.lineView()->select({1, 0}, {2, 2});
    QCOMPARE(window.lineView()->selectedText(), QStringLiteral("\u0A05 two\r\n\U0001F600"));
}

void TestMainWindow::statusCountsReadRight_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("lines");
    QTest::addColumn<QString>("size");
    QTest::newRow("one line") << QByteArray("only\n") << QStringLiteral("1 line") << QStringLiteral("5 bytes");
    QTest::newRow("one byte") << QByteArray("x") << QStringLiteral("1 line") << QStringLiteral("1 byte");
    QTest::newRow("two lines") << QByteArray("a\nb\n") << QStringLiteral("2 lines") << QStringLiteral("4 bytes");
}

void TestMainWindow::statusCountsReadRight()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, lines);
    QFETCH(QString, size);
    const QString path = writeFile(QStringLiteral("counts.txt"), bytes);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    QTRY_COMPARE(statusText(window, "statusLines"), lines);
    QCOMPARE(statusText(window, "statusSize"), size);
}

void TestMainWindow::statusShowsPositionOnOpen()
{
    const QString path = writeFile(QStringLiteral("position.txt"), QByteArray("first\nsecond\n"));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    // Nothing moves the cursor: the position is there from the first row on.
    QTRY_COMPARE(statusText(window, "statusPosition"), QStringLiteral("Ln 1, Col 1 · byte 0"));
}

void TestMainWindow::statusSizeFollowsTheFile()
{
    const QString path = writeFile(QStringLiteral("grows.log"), QByteArray("start\n"));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    QTRY_COMPARE(statusText(window, "statusSize"), QStringLiteral("6 bytes"));

    // Another program appends: the follower maps the growth, the size follows.
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        for (int i = 0; i < 100; ++i)
            file.write("appended line\n"); // 14 bytes each
    }
    QTRY_COMPARE(statusText(window, "statusSize"), QStringLiteral("1.4 kB"));
    QTRY_COMPARE(statusText(window, "statusLines"), QStringLiteral("101 lines"));
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("statusSize"))->toolTip().contains(QLatin1String("1,406 bytes")));

    // An append through the document's own refresh (as Tome's appender does).
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write(QByteArray(600, 'x') + '\n');
    }
    window.document()->refresh();
    QCOMPARE(statusText(window, "statusSize"), QStringLiteral("2.0 kB"));

    // Truncated: reloaded, and the size says so.
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("cut\n");
    }
    QTRY_COMPARE(statusText(window, "statusSize"), QStringLiteral("4 bytes"));
    QTRY_COMPARE(statusText(window, "statusLines"), QStringLiteral("1 line"));
}

void TestMainWindow::narrowStatusBarGivesUpLeastImportant()
{
    const QString path = writeFile(QStringLiteral("a-file-with-a-rather-long-name-for-the-title.log"),
                                   QByteArray("some text\nmore text\n").repeated(5000));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.resize(1400, 500);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openFile(path);
    QTRY_VERIFY(window.document()->isIndexComplete());
    QTRY_VERIFY(statusShown(window, "statusEncoding"));
    QVERIFY(statusShown(window, "statusSize"));
    QVERIFY(statusText(window, "statusPosition").contains(QLatin1String("byte")));

    QStatusBar *bar = window.statusBar();
    auto nothingCut = [&] {
        const QList<QWidget *> children = bar->findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
        for (const QWidget *child : children) {
            if (!child->isVisible() || child->objectName() == QLatin1String("statusMessage"))
                continue;
            if (child->geometry().right() > bar->width() || child->width() < child->sizeHint().width())
                return false;
        }
        return true;
    };
    QTRY_VERIFY(nothingCut()); // once the bar's layout has run

    window.resize(400, 500);
    QTRY_COMPARE(bar->width(), window.width());
    QTRY_VERIFY(nothingCut());
    QVERIFY(!statusShown(window, "statusEncoding")); // the least important goes first
    QVERIFY(statusShown(window, "statusPosition"));  // the most important stays
    QVERIFY(statusShown(window, "statusLines"));
    QVERIFY(!statusText(window, "statusPosition").isEmpty());

    // A long message is elided, never cut, and says the whole in its tooltip.
    window.goToLine(100000000);
    auto *message = window.findChild<QLabel *>(QStringLiteral("statusMessage"));
    QTRY_VERIFY(message->text().endsWith(QChar(0x2026)));
    QVERIFY(message->toolTip().contains(QLatin1String("10,000 lines")));
    QVERIFY(message->fontMetrics().horizontalAdvance(message->text()) <= message->width());

    window.resize(1400, 500);
    QTRY_VERIFY(statusShown(window, "statusEncoding"));
    QVERIFY(statusText(window, "statusPosition").contains(QLatin1String("byte")));
    QTRY_VERIFY(nothingCut());
}

void TestMainWindow::deletedFileSaysSoAndReloadWarns()
{
    const QString path = writeFile(QStringLiteral("doomed.log"), QByteArray("keep me\nplease\n"));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 2);
    QVERIFY(!window.windowTitle().contains(QLatin1String("deleted")));

    QVERIFY(QFile::remove(path));
    QTRY_VERIFY(window.windowTitle().contains(QLatin1String("(deleted)")));
    QVERIFY(window.windowTitle().startsWith(QLatin1String("doomed.log")));

    // Reload asks first; Cancel keeps the last readable copy.
    QString asked;
    answerNextMessageBox(&asked, [](QMessageBox *box) { box->button(QMessageBox::Cancel)->click(); });
    window.reloadFile();
    QVERIFY2(asked.contains(QLatin1String("discards")), qPrintable(asked));
    QCOMPARE(window.document()->state(), Document::State::Open);
    QCOMPARE(window.lineModel()->index(0, 0).data().toString(), QStringLiteral("keep me"));

    // Confirmed: the copy goes, and the window says why nothing is shown.
    asked.clear();
    answerNextMessageBox(&asked, [](QMessageBox *box) {
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *button : buttons)
            if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                button->click();
    });
    window.reloadFile();
    QVERIFY(!asked.isEmpty());
    QCOMPARE(window.document()->state(), Document::State::Failed);
}

void TestMainWindow::reloadNeedsAFile()
{
    AppSettings settings(iniPath());
    MainWindow window(settings);
    QAction *reload = findAction(window.menu(MainWindow::Menu::File), QStringLiteral("Reload"));
    QVERIFY(reload);
    QVERIFY(!reload->isEnabled());
    window.openFile(writeFile(QStringLiteral("r.txt"), QByteArray("r\n")));
    QVERIFY(reload->isEnabled());
}

void TestMainWindow::recentMenuNumberedAndClearable()
{
    const QString first = writeFile(QStringLiteral("first.txt"), QByteArray("1\n"));
    const QString second = writeFile(QStringLiteral("R&D.txt"), QByteArray("2\n"));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.openFile(first);
    window.openFile(second);
    QMenu *recent = nullptr;
    const QList<QAction *> fileActions = window.menu(MainWindow::Menu::File)->actions();
    for (QAction *action : fileActions)
        if (action->menu() && action->text().remove(QLatin1Char('&')) == QLatin1String("Open Recent"))
            recent = action->menu();
    QVERIFY(recent);
    const QList<QAction *> entries = recent->actions();
    QVERIFY(entries.size() >= 4); // two files, a separator, Clear Menu
    QVERIFY2(entries.at(0)->text().startsWith(QLatin1String("&1 ")), qPrintable(entries.at(0)->text()));
    QVERIFY(entries.at(0)->text().contains(QLatin1String("R&&D.txt"))); // a literal '&', not a mnemonic
    QVERIFY(entries.at(1)->text().startsWith(QLatin1String("&2 ")));
    QAction *clear = findAction(recent, QStringLiteral("Clear Menu"));
    QVERIFY(clear);
    clear->trigger();
    QVERIFY(settings.recentFiles().isEmpty());
    QVERIFY(!recent->isEnabled());
}

void TestMainWindow::aboutBoxHasIcon()
{
    AppSettings settings(iniPath());
    MainWindow window(settings);
    QAction *about = findAction(window.menu(MainWindow::Menu::Help), QStringLiteral("About Tome"));
    QVERIFY(about);
    bool hadIcon = false;
    QString text;
    answerNextMessageBox(&text, [&hadIcon](QMessageBox *box) {
        hadIcon = !box->iconPixmap().isNull();
        box->accept();
    });
    about->trigger();
    QVERIFY(text.contains(QLatin1String("Tome")));
    QVERIFY(hadIcon);
}

void TestMainWindow::folderSaysOnlyThatItIsAFolder()
{
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    const QString dir = m_dir->path();
    window.openFile(dir);
    const QString shown = window.lineView()->placeholderText();
    QVERIFY2(shown.contains(QLatin1String("folder")), qPrintable(shown));
    QCOMPARE(shown.count(QLatin1String("folder")), 1);
    QVERIFY2(!shown.contains(QLatin1String("\n")), qPrintable(shown)); // one message, not several
    QVERIFY(window.document()->recoveryMessage().isEmpty());
    // The follower looks at the path again (every 200 ms): a folder is still no file, and
    // nothing claims it was "replaced".
    QTest::qWait(1000);
    QVERIFY2(window.statusBar()->currentMessage().isEmpty(), qPrintable(window.statusBar()->currentMessage()));
    QCOMPARE(window.lineView()->placeholderText(), shown);
}

void TestMainWindow::themeMenuPaintsTheView()
{
#ifndef TOME_HAVE_SYNTAX_HIGHLIGHTING
    QSKIP("built without syntax highlighting: the view takes the palette's colours");
#else
    const QString path = writeFile(QStringLiteral("code.cpp"), QByteArray("int main() {\n    return 0; // done\n}\n"));
    AppSettings settings(iniPath());
    {
        MainWindow window(settings);
        window.resize(700, 400);
        window.show();
        window.openFile(path);
        QTRY_COMPARE(window.lineModel()->rowCount(), 3);
        QAction *dark = nullptr;
        QMenu *view = window.menu(MainWindow::Menu::View);
        const QList<QMenu *> menus = view->findChildren<QMenu *>();
        for (const QMenu *menu : menus) {
            const QList<QAction *> actions = menu->actions();
            for (QAction *action : actions)
                if (action->data().toString() == QLatin1String("Breeze Dark"))
                    dark = action;
        }
        QVERIFY(dark);
        dark->trigger();
        LineView *lineView = window.lineView();
        const LineView::Colors colors = lineView->effectiveColors();
        QVERIFY2(colors.background.lightness() < 80, qPrintable(colors.background.name()));
        QVERIFY(colors.text.lightness() > 150);
        QVERIFY(colors.gutterBackground.lightness() < 100);
        QVERIFY(colors.currentLine.lightness() < 100);

        // What is painted: a dark background where the palette would have been light.
        QTRY_VERIFY(lineView->viewport()->isVisible());
        const QImage shot = lineView->viewport()->grab().toImage();
        QVERIFY(qGray(shot.pixel(shot.width() - 3, shot.height() - 3)) < 80);
        QVERIFY(qGray(shot.pixel(2, shot.height() - 3)) < 100); // the gutter
        QCOMPARE(settings.themeName(), QStringLiteral("Breeze Dark"));
    }
    // The choice is kept for the next window.
    MainWindow again(settings);
    QVERIFY(again.lineView()->effectiveColors().background.lightness() < 80);
#endif
}

void TestMainWindow::automaticThemeFollowsDarkPalette()
{
#ifndef TOME_HAVE_SYNTAX_HIGHLIGHTING
    QSKIP("built without syntax highlighting");
#else
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(writeFile(QStringLiteral("s.py"), QByteArray("def f():\n    return 'x'\n")));
    auto *syntax = window.findChild<SyntaxSupport *>();
    QVERIFY(syntax);
    QVERIFY(syntax->themeName().isEmpty()); // Automatic
    auto themeIsDark = [&] {
        return QColor::fromRgba(syntax->highlighter()->theme().editorColor(KSyntaxHighlighting::Theme::BackgroundColor))
                   .lightness()
            < 128;
    };
    QVERIFY(!themeIsDark()); // the offscreen palette is light

    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::WindowText, Qt::white);
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    window.setPalette(dark);
    QTRY_VERIFY(themeIsDark());
    const LineView::Colors colors = window.lineView()->effectiveColors();
    QCOMPARE(colors.background, dark.color(QPalette::Base)); // Automatic keeps the palette's own colours
    QCOMPARE(colors.text, dark.color(QPalette::Text));
#endif
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
