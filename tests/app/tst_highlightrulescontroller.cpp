#include "appsettings.h"
#include "highlightrulescontroller.h"
#include "highlightrulesdialog.h"
#include "linemodel.h"
#include "lineview.h"
#include "lineviewmenu.h"
#include "mainwindow.h"
#include "rulehighlighter.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QFile>
#include <QMenu>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// Highlight rules in a real main window: the saved set is applied to the views of every tab, the
// context menu adds and removes a word's rule, the dialog's edits reach the views and the settings.
class TestHighlightRulesController : public QObject {
    Q_OBJECT
private slots:
    void init();
    void appliesTheSavedSetToEveryTab();
    void contextMenu_data();
    void contextMenu();
    void oneMenuPerRightClick();
    void dialogEditsReachTheViewAndSettings();
    void wordAt_data();
    void wordAt();

private:
    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() ? path : QString();
    }
    static QAction *actionStartingWith(QMenu *menu, const QString &prefix)
    {
        const QList<QAction *> actions = menu->actions();
        for (QAction *action : actions)
            if (action->text().startsWith(prefix))
                return action;
        return nullptr;
    }
    static HighlightRuleSet logSet()
    {
        HighlightRule error;
        error.pattern = u"ERROR"_s;
        error.background = u"#ff0000"_s;
        return HighlightRuleSet{u"Logs"_s, {error}};
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestHighlightRulesController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHighlightRulesController::appliesTheSavedSetToEveryTab()
{
    const QString ini = m_dir->filePath(u"tome.ini"_s);
    {
        AppSettings settings(ini);
        settings.setHighlightRuleSets({HighlightRuleSet{u"Other"_s, {}}, logSet()});
        settings.setCurrentHighlightRuleSet(u"Logs"_s);
        settings.sync();
    }
    AppSettings settings(ini);
    MainWindow window(settings);
    window.resize(800, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *rules = window.findChild<HighlightRulesController *>();
    QVERIFY(rules);
    QCOMPARE(rules->currentSetName(), u"Logs"_s);
    QCOMPARE(rules->rules(), logSet().rules);

    window.openFile(writeFile(u"a.log"_s, "2024 ERROR disk full\nfine\n"));
    QTRY_COMPARE(window.lineModel()->rowCount(), 2);
    QCOMPARE(window.lineView()->ruleStyler(), rules->highlighter());
    // The rule's colour is on the screen.
    window.lineView()->setCursorPosition({1, 0});
    const QImage shot = window.lineView()->viewport()->grab().toImage();
    int red = 0;
    for (int x = 0; x < shot.width(); ++x)
        red += shot.pixel(x, 1) == qRgb(255, 0, 0);
    QVERIFY2(red > 10, qPrintable(u"%1 red pixels"_s.arg(red)));

    LineView *first = window.lineView();
    window.openFile(writeFile(u"b.log"_s, "ERROR again\n"));
    QTRY_COMPARE(window.lineModel()->rowCount(), 1);
    QVERIFY(window.lineView() != first); // a tab of its own
    QCOMPARE(window.lineView()->ruleStyler(), rules->highlighter());
    QCOMPARE(first->ruleStyler(), rules->highlighter());
}

void TestHighlightRulesController::contextMenu_data()
{
    QTest::addColumn<QString>("how"); // what picks the text
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("wholeWord");
    QTest::newRow("the word clicked") << u"click"_s << u"disk_2"_s << true;
    QTest::newRow("the word at the cursor") << u"cursor"_s << u"ERROR"_s << true;
    QTest::newRow("the selection") << u"selection"_s << u"sk_2 f"_s << false;
}

void TestHighlightRulesController::contextMenu()
{
    QFETCH(QString, how);
    QFETCH(QString, text);
    QFETCH(bool, wholeWord);
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    window.resize(800, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openFile(writeFile(u"a.log"_s, "2024 ERROR disk_2 full\n"));
    QTRY_COMPARE(window.lineModel()->rowCount(), 1);
    auto *rules = window.findChild<HighlightRulesController *>();
    auto *menus = window.findChild<LineViewMenu *>();
    QVERIFY(rules && menus);
    QCOMPARE(rules->currentSetName(), u"Default"_s);
    QVERIFY(rules->rules().isEmpty());

    LineView *view = window.lineView();
    std::optional<QPoint> at;
    if (how == u"click"_s) {
        // A point over column 12 ("disk_2" spans 11 to 17) of row 0.
        for (int x = 0; x < view->viewport()->width() && !at; ++x)
            if (view->textPositionAt(QPoint(x, view->rowHeight() / 2)).column == 12)
                at = QPoint(x + 2, view->rowHeight() / 2);
        QVERIFY(at);
    } else if (how == u"cursor"_s) {
        view->setCursorPosition({0, 10}); // just after "ERROR"
    } else {
        view->select({0, 13}, {0, 19});
    }

    std::unique_ptr<QMenu> menu(menus->buildMenu(nullptr, at));
    QAction *clear = actionStartingWith(menu.get(), u"Clear Highlight R&ules"_s);
    QVERIFY(clear);
    QVERIFY(!clear->isEnabled()); // no rules yet
    QAction *add = actionStartingWith(menu.get(), u"&Highlight Occurrences of"_s);
    QVERIFY(add);
    QCOMPARE(add->text(), u"&Highlight Occurrences of \u201C%1\u201D"_s.arg(text));
    add->trigger();
    QCOMPARE(rules->rules().size(), 1);
    const HighlightRule rule = rules->rules().first();
    QCOMPARE(rule.pattern, text);
    QVERIFY(!rule.regex);
    QVERIFY(rule.caseSensitive);
    QCOMPARE(rule.wholeWord, wholeWord);
    QCOMPARE(rule.background, HighlightRulesDialog::nextBackground({}));
    // Applied to the view, kept in the settings.
    QCOMPARE(rules->highlighter()->matcher().rules(), rules->rules());
    QCOMPARE(settings.highlightRuleSets().value(0).rules, rules->rules());
    QVERIFY(!rules->highlighter()->spans(0, view->model()->index(0, 0).data().toString()).isEmpty());

    // The same text again: the menu offers to remove it.
    menu.reset(menus->buildMenu(nullptr, at));
    QVERIFY(actionStartingWith(menu.get(), u"Clear Highlight R&ules"_s)->isEnabled());
    QAction *remove = actionStartingWith(menu.get(), u"Remove &Highlight of"_s);
    QVERIFY(remove);
    remove->trigger();
    QVERIFY(rules->rules().isEmpty());
    QVERIFY(settings.highlightRuleSets().value(0).rules.isEmpty());
}

void TestHighlightRulesController::oneMenuPerRightClick()
{
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    window.resize(800, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openFile(writeFile(u"a.log"_s, "2024 ERROR disk_2 full\n"));
    QTRY_COMPARE(window.lineModel()->rowCount(), 1);
    const QPoint at(80, 5);
    QContextMenuEvent click(QContextMenuEvent::Mouse, at, window.lineView()->viewport()->mapToGlobal(at));
    QApplication::sendEvent(window.lineView()->viewport(), &click);
    int menus = 0;
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *widget : windows)
        menus += qobject_cast<QMenu *>(widget) && widget->isVisible();
    QCOMPARE(menus, 1);
    const QList<QWidget *> after = QApplication::topLevelWidgets();
    for (QWidget *widget : after)
        if (qobject_cast<QMenu *>(widget))
            widget->close();
}

void TestHighlightRulesController::dialogEditsReachTheViewAndSettings()
{
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    auto *rules = window.findChild<HighlightRulesController *>();
    const QList<QAction *> actions = window.findChildren<QAction *>();
    QAction *open = nullptr;
    for (QAction *action : actions)
        if (action->text() == u"&Highlight Rules…"_s)
            open = action;
    QVERIFY(open); // View > Highlight Rules…
    open->trigger();
    HighlightRulesDialog *dialog = rules->dialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->addRule(u"WARN"_s);
    QCOMPARE(rules->rules().size(), 1);
    QCOMPARE(rules->highlighter()->matcher().rules().value(0).pattern, u"WARN"_s);
    QVERIFY(dialog->addRuleSet(u"Second"_s));
    QCOMPARE(rules->currentSetName(), u"Second"_s);
    QVERIFY(rules->highlighter()->matcher().rules().isEmpty());
    QCOMPARE(settings.currentHighlightRuleSet(), u"Second"_s);
    QCOMPARE(settings.highlightRuleSets().size(), 2);
    QCOMPARE(settings.highlightRuleSets().at(0).rules.value(0).pattern, u"WARN"_s);
    // A rule added from the context menu shows in the open dialog.
    rules->highlightOccurrences(u"word"_s, true);
    QCOMPARE(dialog->currentRules(), rules->rules());
    rules->clearRules();
    QVERIFY(dialog->currentRules().isEmpty());
    dialog->close();
}

void TestHighlightRulesController::wordAt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("word");
    QTest::newRow("inside") << u"a disk_2 b"_s << 4 << u"disk_2"_s;
    QTest::newRow("at its start") << u"a disk_2 b"_s << 2 << u"disk_2"_s;
    QTest::newRow("just after") << u"a disk_2 b"_s << 8 << u"disk_2"_s;
    QTest::newRow("on a space between") << u"a  b"_s << 2 << QString();
    QTest::newRow("end of the text") << u"abc"_s << 3 << u"abc"_s;
    QTest::newRow("past the end") << u"abc"_s << 9 << u"abc"_s;
    QTest::newRow("letters of any script") << u"x caf\u00e9 y"_s << 3 << u"caf\u00e9"_s;
    QTest::newRow("empty") << QString() << 0 << QString();
}

void TestHighlightRulesController::wordAt()
{
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(QString, word);
    QCOMPARE(HighlightRulesController::wordAt(text, column), word);
}

QTEST_MAIN(TestHighlightRulesController)
#include "tst_highlightrulescontroller.moc"
