#include "appsettings.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QAction>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void init();
    void constructs();
    void menusHaveShortcuts_data();
    void menusHaveShortcuts();
    void welcomePaintsFirstScreen();
    void geometrySavedOnClose();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString iniPath() const { return m_dir->filePath(QStringLiteral("tome.ini")); }
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
