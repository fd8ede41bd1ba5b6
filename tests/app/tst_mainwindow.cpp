#include "appsettings.h"
#include "document.h"
#include "fileopenhandler.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QFile>
#include <QFileOpenEvent>
#include <QLabel>

#include <QAction>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(TextPosition)

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
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
};

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
    QCOMPARE(window.centralWidget(), window.lineView());
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
    QTest::newRow("tab kept, not expanded") << QByteArray("a\tb\n") << TextPosition{0, 0} << TextPosition{0, 9}
                                            << QStringLiteral("a\tb");
    QTest::newRow("crlf across lines") << QByteArray("one\r\ntwo\r\n") << TextPosition{0, 1} << TextPosition{1, 2}
                                       << QStringLiteral("ne\r\ntw");
    QTest::newRow("control byte") << QByteArray("x\x01y\n") << TextPosition{0, 0} << TextPosition{0, 3}
                                  << QStringLiteral("x\x01y");
    QTest::newRow("utf-8") << QByteArray("casta\xc3\xb1""a\n") << TextPosition{0, 4} << TextPosition{0, 7}
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
