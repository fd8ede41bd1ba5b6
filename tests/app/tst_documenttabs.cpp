// Tabs, the filter view, marks and sessions in the real window (offscreen), on real files,
// against simple references (grep's rules, written out by hand).
#include "appsettings.h"
#include "document.h"
#include "documenttab.h"
#include "englishplurals.h"
#include "filterbar.h"
#include "filtercontroller.h"
#include "linemarks.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"
#include "markscontroller.h"
#include "marksview.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

class TestDocumentTabs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void severalFilesOpenInTabs();
    void closingTheLastTabLeavesABlankOne();
    void eachTabKeepsItsOwnState();
    void filterShowsWhatGrepWould_data();
    void filterShowsWhatGrepWould();
    void filterToggleKeepsTheCursorLine();
    void filterFollowsGrowth();
    void copyOverFilteredRowsCopiesShownLines();
    void saveVisibleLinesWritesShownLines();
    void marksToggleListAndShowOnly();
    void sessionRestoresTabsFiltersAndMarks();
    void sessionRestoresTheTopLine_data();
    void sessionRestoresTheTopLine();

private:
    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }
    QString iniPath() const { return m_dir->filePath(QStringLiteral("tome.ini")); }
    static bool waitForRows(DocumentTab *tab)
    {
        // The file is indexed and (with a filter on) filtered to its end.
        return QTest::qWaitFor([tab] {
            const bool indexed = tab->document()->isIndexComplete()
                && (tab->lineModel()->isFiltered() || tab->lineModel()->rowCount() == tab->document()->lineCount());
            const bool filtered = !tab->lineModel()->isFiltered() || tab->showsOnlyMarked()
                || tab->lineFilter()->status() == LineFilter::Status::Finished;
            return indexed && filtered;
        });
    }
    static FilterRule rule(const QString &pattern, FilterRule::Action action, bool regex = false, bool caseSensitive = true,
                           bool word = false)
    {
        FilterRule r;
        r.options.pattern = pattern;
        r.options.regex = regex;
        r.options.caseSensitive = caseSensitive;
        r.options.wholeWord = word;
        r.action = action;
        return r;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDocumentTabs::initTestCase()
{
    QCoreApplication::installTranslator(new EnglishPlurals(qApp));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestDocumentTabs::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDocumentTabs::severalFilesOpenInTabs()
{
    const QString a = writeFile(QStringLiteral("a.log"), "alpha\n");
    const QString b = writeFile(QStringLiteral("b.log"), "beta\nbeta 2\n");
    const QString c = writeFile(QStringLiteral("c.log"), "gamma\n");
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window)); // shortcuts go to the active window
    QSignalSpy changed(&window, &MainWindow::currentDocumentChanged);
    window.openFiles({a, b, c}, 2);
    QCOMPARE(window.tabs().size(), 3);
    QCOMPARE(window.document()->path(), a); // the first is current
    QVERIFY(window.windowTitle().startsWith(QLatin1String("a.log")));
    QTRY_COMPARE(window.lineModel()->rowCount(), 1);
    // Opening a file already open switches to its tab.
    window.openFile(b);
    QCOMPARE(window.tabs().size(), 3);
    QCOMPARE(window.document()->path(), b);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(window.tabWidget()->tabText(window.tabWidget()->currentIndex()), QStringLiteral("b.log"));
    // Ctrl+Tab / Ctrl+Shift+Tab move through the tabs, wrapping.
    QTest::keyClick(window.lineView(), Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(window.document()->path(), c);
    QTest::keyClick(window.lineView(), Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(window.document()->path(), a);
    QTest::keyClick(window.lineView(), Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(window.document()->path(), c);
    // Ctrl+W closes the current tab.
    QTest::keyClick(window.lineView(), Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(window.tabs().size(), 2);
    for (const DocumentTab *tab : window.tabs())
        QVERIFY(tab->path() != c);
}

void TestDocumentTabs::closingTheLastTabLeavesABlankOne()
{
    const QString a = writeFile(QStringLiteral("a.log"), "alpha\n");
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.openFile(a);
    QCOMPARE(window.tabs().size(), 1);
    window.closeTab(window.currentTab());
    QCOMPARE(window.tabs().size(), 1);
    QVERIFY(window.currentTab()->isBlank());
    QCOMPARE(window.windowTitle(), QStringLiteral("Tome"));
    // A blank tab is reused by the next open.
    window.openFile(a);
    QCOMPARE(window.tabs().size(), 1);
    QCOMPARE(window.document()->path(), a);
}

void TestDocumentTabs::eachTabKeepsItsOwnState()
{
    QByteArray big;
    for (int i = 0; i < 500; ++i)
        big += "line " + QByteArray::number(i) + '\n';
    const QString a = writeFile(QStringLiteral("a.log"), big);
    const QString b = writeFile(QStringLiteral("b.log"), big);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.resize(800, 500);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openFiles({a, b});
    DocumentTab *tabA = window.tabs().at(0);
    DocumentTab *tabB = window.tabs().at(1);
    QVERIFY(waitForRows(tabA));
    QVERIFY(waitForRows(tabB));
    window.goToLine(300);
    QCOMPARE(tabA->cursorLine(), 299);
    tabA->marks()->toggle(5);
    window.tabWidget()->setCurrentWidget(tabB);
    QCOMPARE(window.document(), tabB->document());
    QCOMPARE(tabB->cursorLine(), 0);
    QVERIFY(tabB->marks()->isEmpty());
    window.goToLine(20);
    window.tabWidget()->setCurrentWidget(tabA);
    QCOMPARE(window.lineView(), tabA->lineView());
    QCOMPARE(tabA->cursorLine(), 299);
    QCOMPARE(tabB->cursorLine(), 19);
    // The status bar follows the current tab.
    const auto *position = window.findChild<QLabel *>(QStringLiteral("statusPosition"));
    QVERIFY(position);
    QTRY_VERIFY(position->toolTip().startsWith(QLatin1String("Ln 300,")));
}

void TestDocumentTabs::filterShowsWhatGrepWould_data()
{
    QTest::addColumn<QList<FilterRule>>("rules");
    QTest::addColumn<quint32>("seed");
    using A = FilterRule::Action;
    const quint32 seed = QRandomGenerator::global()->generate();
    QTest::newRow("show one") << QList<FilterRule>{rule(QStringLiteral("ERROR"), A::Show)} << seed;
    QTest::newRow("hide one") << QList<FilterRule>{rule(QStringLiteral("DEBUG"), A::Hide)} << seed + 1;
    QTest::newRow("show two, hide one")
        << QList<FilterRule>{rule(QStringLiteral("ERROR"), A::Show), rule(QStringLiteral("WARN"), A::Show),
                             rule(QStringLiteral("disk"), A::Hide)}
        << seed + 2;
    QTest::newRow("regex, any case")
        << QList<FilterRule>{rule(QStringLiteral("^(info|warn) .*[0-9]$"), A::Show, true, false)} << seed + 3;
    QTest::newRow("whole word") << QList<FilterRule>{rule(QStringLiteral("net"), A::Show, false, true, true)} << seed + 4;
    FilterRule off = rule(QStringLiteral("ERROR"), A::Show);
    off.enabled = false;
    QTest::newRow("a rule switched off")
        << QList<FilterRule>{off, rule(QStringLiteral("WARN"), A::Show)} << seed + 5;
}

void TestDocumentTabs::filterShowsWhatGrepWould()
{
    QFETCH(QList<FilterRule>, rules);
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const char *levels[] = {"INFO", "WARN", "ERROR", "DEBUG", "info", "warn"};
    const char *words[] = {"disk", "net", "network", "cpu", "netting", "user"};
    QByteArray bytes;
    QList<QByteArray> lines;
    for (int i = 0; i < 3000; ++i) {
        QByteArray line = QByteArray(levels[random.bounded(6)]) + ' ' + words[random.bounded(6)] + ' '
            + QByteArray::number(random.bounded(100));
        if (random.bounded(7) == 0)
            line += 'x';
        // grep's rules: a '\r' before the '\n' is part of the line ("[0-9]$" does not match it).
        const bool crlf = random.bounded(4) == 0;
        lines << (crlf ? line + '\r' : line);
        bytes += line + (crlf ? "\r\n" : "\n");
    }
    const QString path = writeFile(QStringLiteral("mixed.log"), bytes);
    // The reference: a line is shown when an enabled Show rule matches (or none is enabled) and no
    // enabled Hide rule does (grep -e for each, -v for hides).
    const auto matches = [](const FilterRule &r, const QString &line) {
        QString pattern = r.options.regex ? r.options.pattern : QRegularExpression::escape(r.options.pattern);
        if (r.options.wholeWord)
            pattern = QStringLiteral("(?<!\\w)(?:%1)(?!\\w)").arg(pattern);
        QRegularExpression re(pattern, r.options.caseSensitive ? QRegularExpression::NoPatternOption
                                                               : QRegularExpression::CaseInsensitiveOption);
        return re.match(line).hasMatch();
    };
    QList<qint64> expected;
    bool anyShow = false;
    for (const FilterRule &r : rules)
        anyShow = anyShow || (r.enabled && r.action == FilterRule::Action::Show);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromLatin1(lines.at(i));
        bool shown = !anyShow;
        bool hidden = false;
        for (const FilterRule &r : rules) {
            if (!r.enabled)
                continue;
            if (r.action == FilterRule::Action::Show)
                shown = shown || matches(r, line);
            else
                hidden = hidden || matches(r, line);
        }
        if (shown && !hidden)
            expected << i;
    }
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    DocumentTab *tab = window.currentTab();
    QVERIFY(waitForRows(tab));
    // Through the filter bar, as a person would: add the rules, switch the filter on.
    auto *bar = window.findChild<FilterBar *>();
    QVERIFY(bar);
    tab->setFilterRules(rules);
    tab->setFilterOn(true);
    QVERIFY(waitForRows(tab));
    QVERIFY(bar->isFilterOn());
    LineModel *model = tab->lineModel();
    QCOMPARE(qint64(model->rowCount()), qint64(expected.size()));
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row).data(LineModel::LineNumberRole).toLongLong(), expected.at(row) + 1);
    QVERIFY2(bar->statusText().contains(QLocale().toString(qint64(expected.size()))), qPrintable(bar->statusText()));
    // The view's gutter shows the file's numbers.
    if (!expected.isEmpty())
        QCOMPARE(tab->lineView()->lineNumberOfRow(model->rowCount() - 1), expected.last() + 1);
    tab->setFilterOn(false);
    QCOMPARE(model->rowCount(), lines.size());
}

void TestDocumentTabs::filterToggleKeepsTheCursorLine()
{
    QByteArray bytes;
    for (int i = 0; i < 2000; ++i)
        bytes += (i % 10 == 0 ? "ERROR " : "info ") + QByteArray::number(i) + '\n';
    const QString path = writeFile(QStringLiteral("log.txt"), bytes);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    DocumentTab *tab = window.currentTab();
    QVERIFY(waitForRows(tab));
    window.goToLine(1001); // 0-based 1000: an ERROR line, shown by the filter
    tab->setFilterRules({rule(QStringLiteral("ERROR"), FilterRule::Action::Show)});
    auto *action = window.findChild<FilterController *>()->filterOnAction();
    action->trigger();
    QVERIFY(tab->isFilterOn());
    QVERIFY(waitForRows(tab));
    QTRY_COMPARE(tab->cursorLine(), 1000);
    QCOMPARE(tab->lineView()->cursorPosition().row, 100);
    action->trigger();
    QVERIFY(!tab->isFilterOn());
    QCOMPARE(tab->cursorLine(), 1000);
    QCOMPARE(tab->lineView()->cursorPosition().row, 1000);
    // From a hidden line, the filter puts the cursor on the next shown line.
    window.goToLine(1006);
    action->trigger();
    QVERIFY(waitForRows(tab));
    QTRY_COMPARE(tab->cursorLine(), 1010);
    // Go to a hidden line: the nearest shown line, and the status says why.
    window.goToLine(1503);
    QCOMPARE(tab->cursorLine(), 1510);
    QVERIFY(tab->message().contains(QLatin1String("hidden")));
}

void TestDocumentTabs::filterFollowsGrowth()
{
    const QString path = writeFile(QStringLiteral("grow.log"), "ERROR one\ninfo two\n");
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    DocumentTab *tab = window.currentTab();
    QVERIFY(waitForRows(tab));
    tab->setFilterRules({rule(QStringLiteral("ERROR"), FilterRule::Action::Show)});
    tab->setFilterOn(true);
    QVERIFY(waitForRows(tab));
    QCOMPARE(tab->lineModel()->rowCount(), 1);
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write("info three\nERROR four\nERROR five\n");
    file.close();
    // The follower sees the growth; the filter extends over the new lines.
    QTRY_COMPARE_WITH_TIMEOUT(tab->lineModel()->rowCount(), 3, 10000);
    QCOMPARE(tab->lineModel()->index(2).data().toString(), QStringLiteral("ERROR five"));
    QCOMPARE(tab->lineModel()->index(2).data(LineModel::LineNumberRole).toLongLong(), 5);
}

void TestDocumentTabs::copyOverFilteredRowsCopiesShownLines()
{
    const QString path = writeFile(QStringLiteral("c.log"), "ERROR a\ninfo b\nERROR c\r\ninfo d\nERROR e");
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    DocumentTab *tab = window.currentTab();
    QVERIFY(waitForRows(tab));
    tab->setFilterRules({rule(QStringLiteral("ERROR"), FilterRule::Action::Show)});
    tab->setFilterOn(true);
    QVERIFY(waitForRows(tab));
    QCOMPARE(tab->lineModel()->rowCount(), 3);
    QCOMPARE(window.exactText({0, 6}, {2, 7}), QStringLiteral("a\nERROR c\nERROR e"));
    QCOMPARE(window.exactText({1, 0}, {1, 7}), QStringLiteral("ERROR c"));
}

void TestDocumentTabs::saveVisibleLinesWritesShownLines()
{
    const QString path = writeFile(QStringLiteral("s.log"), "ERROR a\ninfo b\nERROR c\r\ninfo d\nERROR e");
    const QString out = m_dir->filePath(QStringLiteral("out.log"));
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    DocumentTab *tab = window.currentTab();
    QVERIFY(waitForRows(tab));
    tab->setFilterRules({rule(QStringLiteral("info"), FilterRule::Action::Hide)});
    tab->setFilterOn(true);
    QVERIFY(waitForRows(tab));
    QVERIFY(FilterController::saveLines(&window, tab->shownLines(), QStringLiteral("the visible lines"), out));
    QTRY_VERIFY(QFile::exists(out));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("ERROR a\nERROR c\r\nERROR e"));
}

void TestDocumentTabs::marksToggleListAndShowOnly()
{
    QByteArray bytes;
    for (int i = 0; i < 100; ++i)
        bytes += "line " + QByteArray::number(i + 1) + '\n';
    const QString path = writeFile(QStringLiteral("m.log"), bytes);
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.openFile(path);
    DocumentTab *tab = window.currentTab();
    QVERIFY(waitForRows(tab));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window)); // shortcuts go to the active window
    auto *marks = window.findChild<MarksController *>();
    QVERIFY(marks);
    marks->dock()->show();
    window.goToLine(10);
    QTest::keyClick(window.lineView(), Qt::Key_M, Qt::ControlModifier);
    window.goToLine(50);
    marks->toggleMark();
    window.goToLine(90);
    marks->toggleMark();
    QCOMPARE(tab->marks()->lines(), (std::vector<qint64>{9, 49, 89}));
    QTRY_COMPARE(marks->marksView()->shownCount(), 3);
    // A click in the gutter toggles a mark there.
    const int row = tab->lineView()->firstVisibleRow();
    emit tab->lineView()->gutterClicked(row);
    QVERIFY(tab->marks()->isMarked(tab->lineModel()->lineOfRow(row)));
    emit tab->lineView()->gutterClicked(row);
    QVERIFY(!tab->marks()->isMarked(tab->lineModel()->lineOfRow(row)));
    // Next / previous, wrapping around.
    window.goToLine(1);
    marks->goToMark(true);
    QCOMPARE(tab->cursorLine(), 9);
    marks->goToMark(false);
    QCOMPARE(tab->cursorLine(), 89);
    // Only marked lines: three rows, the file's numbers.
    tab->setShowOnlyMarked(true);
    QCOMPARE(tab->lineModel()->rowCount(), 3);
    QCOMPARE(tab->lineModel()->index(1).data().toString(), QStringLiteral("line 50"));
    QCOMPARE(tab->cursorLine(), 89);
    marks->copyMarkedLines();
    tab->setShowOnlyMarked(false);
    QCOMPARE(tab->lineModel()->rowCount(), 100);
    QCOMPARE(tab->cursorLine(), 89);
    // Clicking an entry of the list goes there.
    emit marks->marksView()->lineActivated(49);
    QCOMPARE(tab->cursorLine(), 49);
}

void TestDocumentTabs::sessionRestoresTabsFiltersAndMarks()
{
    QByteArray bytes;
    for (int i = 0; i < 400; ++i)
        bytes += (i % 4 == 0 ? "ERROR " : "info ") + QByteArray::number(i) + '\n';
    const QString a = writeFile(QStringLiteral("a.log"), bytes);
    const QString b = writeFile(QStringLiteral("b.log"), bytes);
    const QString c = writeFile(QStringLiteral("c.log"), bytes);
    {
        AppSettings settings(iniPath());
        MainWindow window(settings);
        window.show();
        window.openFiles({a, b, c});
        for (DocumentTab *tab : window.tabs())
            QVERIFY(waitForRows(tab));
        DocumentTab *tabA = window.tabs().at(0);
        tabA->setFilterRules({rule(QStringLiteral("ERROR"), FilterRule::Action::Show)});
        tabA->setFilterOn(true);
        QVERIFY(waitForRows(tabA));
        DocumentTab *tabB = window.tabs().at(1);
        window.tabWidget()->setCurrentWidget(tabB);
        tabB->marks()->toggle(7);
        tabB->marks()->toggle(300);
        window.goToLine(301);
        tabB->setFollowing(true);
        window.close();
    }
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.show();
    window.restoreSession();
    QCOMPARE(window.tabs().size(), 3);
    QCOMPARE(window.tabs().at(0)->path(), a);
    QCOMPARE(window.tabs().at(2)->path(), c);
    QCOMPARE(window.document()->path(), b); // the current tab is current again
    DocumentTab *tabA = window.tabs().at(0);
    DocumentTab *tabB = window.tabs().at(1);
    QVERIFY(tabA->isFilterOn());
    QCOMPARE(tabA->filterRules().size(), 1);
    QVERIFY(waitForRows(tabA));
    QCOMPARE(tabA->lineModel()->rowCount(), 100);
    QCOMPARE(tabB->marks()->lines(), (std::vector<qint64>{7, 300}));
    QVERIFY(tabB->isFollowing());
    QVERIFY(waitForRows(tabB));
    QTRY_COMPARE(tabB->cursorLine(), 300);
    QVERIFY(tabB->lineView()->isAncestorOf(window.lineView()) || tabB->lineView() == window.lineView());
}

void TestDocumentTabs::sessionRestoresTheTopLine_data()
{
    QTest::addColumn<bool>("wrap");
    QTest::newRow("wrap off") << false;
    // With wrap on the scroll bar counts parts of rows, not rows.
    QTest::newRow("wrap on") << true;
}

void TestDocumentTabs::sessionRestoresTheTopLine()
{
    QFETCH(bool, wrap);
    QByteArray bytes;
    for (int i = 0; i < 2000; ++i)
        bytes += "line " + QByteArray::number(i) + (i % 7 == 0 ? QByteArray(300, 'x') : QByteArray()) + '\n';
    const QString path = writeFile(QStringLiteral("top.log"), bytes);
    {
        AppSettings settings(iniPath());
        settings.setWrapLines(wrap);
        MainWindow window(settings);
        window.resize(500, 400);
        window.show();
        window.openFile(path);
        QVERIFY(waitForRows(window.currentTab()));
        QCOMPARE(window.lineView()->wrapLines(), wrap);
        window.goToLine(1210);
        window.lineView()->setFirstVisibleRow(1200);
        QCOMPARE(window.lineView()->firstVisibleRow(), 1200);
        window.close();
    }
    AppSettings settings(iniPath());
    MainWindow window(settings);
    window.resize(500, 400);
    window.show();
    window.restoreSession();
    QVERIFY(waitForRows(window.currentTab()));
    QTRY_COMPARE(window.currentTab()->cursorLine(), 1209);
    QTRY_COMPARE(window.lineView()->firstVisibleRow(), 1200);
}

QTEST_MAIN(TestDocumentTabs)
#include "tst_documenttabs.moc"
