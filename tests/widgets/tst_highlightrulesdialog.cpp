#include "highlightrulesdialog.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using Column = HighlightRulesDialog::Column;

namespace {

HighlightRule errorRule()
{
    HighlightRule rule;
    rule.pattern = u"ERROR"_s;
    rule.background = u"#ff0000"_s;
    return rule;
}

} // namespace

class TestHighlightRulesDialog : public QObject {
    Q_OBJECT
private slots:
    void editsARule_data();
    void editsARule();
    void addRemoveReorder();
    void ruleSets();
    void invalidPattern();
    void palette();
};

void TestHighlightRulesDialog::editsARule_data()
{
    QTest::addColumn<QString>("edit");
    QTest::addColumn<HighlightRule>("expected");
    HighlightRule r = errorRule();
    r.pattern = u"WARN|ERROR"_s;
    QTest::newRow("pattern") << u"pattern"_s << r;
    r = errorRule();
    r.regex = true;
    QTest::newRow("regex") << u"regex"_s << r;
    r = errorRule();
    r.caseSensitive = false;
    QTest::newRow("ignore case") << u"case"_s << r;
    r = errorRule();
    r.wholeWord = true;
    QTest::newRow("whole word") << u"word"_s << r;
    r = errorRule();
    r.enabled = false;
    QTest::newRow("off") << u"off"_s << r;
    r = errorRule();
    r.foreground = u"#0000ff"_s;
    QTest::newRow("foreground chosen") << u"foreground"_s << r;
    r = errorRule();
    r.background = u"#8000ff00"_s;
    QTest::newRow("translucent background chosen") << u"background"_s << r;
    r = errorRule();
    r.background.clear();
    QTest::newRow("background none") << u"no background"_s << r;
    QTest::newRow("colour dialog cancelled") << u"cancelled"_s << errorRule();
}

void TestHighlightRulesDialog::editsARule()
{
    QFETCH(QString, edit);
    QFETCH(HighlightRule, expected);
    HighlightRulesDialog dialog;
    dialog.setRuleSets({HighlightRuleSet{u"Logs"_s, {errorRule()}}}, u"Logs"_s);
    QColor picked;
    dialog.setColorPicker([&picked](const QColor &, const QString &) { return picked; });
    QSignalSpy changed(&dialog, &HighlightRulesDialog::rulesChanged);
    QTableWidget *table = dialog.table();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, Column::PatternColumn)->text(), u"ERROR"_s);
    const auto toggle = [table](Column column) {
        QTableWidgetItem *item = table->item(0, column);
        item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
    };
    if (edit == u"pattern"_s) {
        table->item(0, Column::PatternColumn)->setText(u"WARN|ERROR"_s);
    } else if (edit == u"regex"_s) {
        toggle(Column::RegexColumn);
    } else if (edit == u"case"_s) {
        toggle(Column::CaseColumn);
    } else if (edit == u"word"_s) {
        toggle(Column::WordColumn);
    } else if (edit == u"off"_s) {
        toggle(Column::EnabledColumn);
    } else if (edit == u"foreground"_s) {
        picked = QColor(0, 0, 255);
        // The colour cell's button opens the picker.
        qobject_cast<QToolButton *>(table->cellWidget(0, Column::ForegroundColumn))->click();
    } else if (edit == u"background"_s) {
        picked = QColor(0, 255, 0, 128);
        dialog.chooseColor(0, Column::BackgroundColumn);
    } else if (edit == u"no background"_s) {
        dialog.clearColor(0, Column::BackgroundColumn);
    } else if (edit == u"cancelled"_s) {
        dialog.chooseColor(0, Column::BackgroundColumn);
    }
    QCOMPARE(dialog.currentRules(), QList<HighlightRule>{expected});
    QCOMPARE(changed.count(), edit == u"cancelled"_s ? 0 : 1);
    if (edit == u"foreground"_s)
        QCOMPARE(qobject_cast<QToolButton *>(table->cellWidget(0, Column::ForegroundColumn))->text(), u"#0000ff"_s);
}

void TestHighlightRulesDialog::addRemoveReorder()
{
    HighlightRulesDialog dialog;
    QSignalSpy changed(&dialog, &HighlightRulesDialog::rulesChanged);
    QCOMPARE(dialog.currentSetName(), u"Default"_s); // there is always a set
    dialog.addRule(u"one"_s);
    dialog.addRule(u"two"_s);
    dialog.addRule(u"three"_s);
    QCOMPARE(changed.count(), 3);
    const auto patterns = [&dialog] {
        QStringList out;
        for (const HighlightRule &rule : dialog.currentRules())
            out << rule.pattern;
        return out;
    };
    QCOMPARE(patterns(), (QStringList{u"one"_s, u"two"_s, u"three"_s}));
    // New rules get different backgrounds.
    QCOMPARE(dialog.currentRules().at(0).background, HighlightRulesDialog::nextBackground({}));
    QVERIFY(dialog.currentRules().at(0).background != dialog.currentRules().at(1).background);
    dialog.moveRule(2, -1);
    QCOMPARE(patterns(), (QStringList{u"one"_s, u"three"_s, u"two"_s}));
    QCOMPARE(dialog.table()->item(1, Column::PatternColumn)->text(), u"three"_s);
    QCOMPARE(dialog.table()->currentRow(), 1);
    dialog.moveRule(0, -1); // already first: nothing
    dialog.removeRule(0);
    QCOMPARE(patterns(), (QStringList{u"three"_s, u"two"_s}));
    QCOMPARE(dialog.table()->rowCount(), 2);
    QCOMPARE(changed.count(), 5);
}

void TestHighlightRulesDialog::ruleSets()
{
    HighlightRulesDialog dialog;
    const QList<HighlightRuleSet> sets{{u"Logs"_s, {errorRule()}}, {u"Empty"_s, {}}};
    dialog.setRuleSets(sets, u"Empty"_s);
    QCOMPARE(dialog.currentSetName(), u"Empty"_s);
    QCOMPARE(dialog.table()->rowCount(), 0);
    QSignalSpy changed(&dialog, &HighlightRulesDialog::rulesChanged);
    // Choosing another set in the box shows its rules.
    dialog.findChild<QComboBox *>()->setCurrentIndex(0);
    QCOMPARE(dialog.currentSetName(), u"Logs"_s);
    QCOMPARE(dialog.table()->rowCount(), 1);
    QCOMPARE(changed.count(), 1);

    QVERIFY(dialog.addRuleSet(u"  Web  "_s));
    QCOMPARE(dialog.currentSetName(), u"Web"_s);
    QVERIFY(!dialog.addRuleSet(u"Logs"_s)); // taken
    QVERIFY(!dialog.addRuleSet(u" "_s));
    QVERIFY(dialog.renameRuleSet(u"Web server"_s));
    QVERIFY(!dialog.renameRuleSet(u"Logs"_s));
    QCOMPARE(dialog.ruleSets().size(), 3);
    QCOMPARE(dialog.ruleSets().at(2).name, u"Web server"_s);
    dialog.removeRuleSet();
    QCOMPARE(dialog.ruleSets(), sets);
    QCOMPARE(dialog.currentSetName(), u"Empty"_s);
    dialog.removeRuleSet();
    dialog.removeRuleSet();
    QCOMPARE(dialog.ruleSets().size(), 1); // never none
    QCOMPARE(dialog.currentSetName(), u"Default"_s);
    QVERIFY(dialog.currentRules().isEmpty());
}

void TestHighlightRulesDialog::invalidPattern()
{
    HighlightRulesDialog dialog;
    HighlightRule bad = errorRule();
    bad.pattern = u"(ERROR"_s;
    bad.regex = true;
    dialog.setRuleSets({HighlightRuleSet{u"Logs"_s, {errorRule(), bad}}}, {});
    QTableWidgetItem *item = dialog.table()->item(1, Column::PatternColumn);
    QVERIFY2(item->toolTip().contains(u"Invalid regular expression"_s), qPrintable(item->toolTip()));
    QVERIFY(dialog.table()->item(0, Column::PatternColumn)->toolTip().isEmpty());
    // As a literal it is fine.
    dialog.table()->item(1, Column::RegexColumn)->setCheckState(Qt::Unchecked);
    QVERIFY(dialog.table()->item(1, Column::PatternColumn)->toolTip().isEmpty());
}

void TestHighlightRulesDialog::palette()
{
    QList<HighlightRule> rules;
    QStringList seen;
    for (int i = 0; i < 8; ++i) {
        HighlightRule rule;
        rule.background = HighlightRulesDialog::nextBackground(rules);
        QVERIFY2(!seen.contains(rule.background), qPrintable(rule.background));
        QVERIFY(QColor::fromString(rule.background).isValid());
        QVERIFY(QColor::fromString(rule.background).alpha() < 255); // translucent: reads on any background
        seen << rule.background;
        rules << rule;
    }
    // All used: it cycles.
    QVERIFY(seen.contains(HighlightRulesDialog::nextBackground(rules)));
    rules.removeAt(3);
    QCOMPARE(HighlightRulesDialog::nextBackground(rules), seen.at(3)); // a freed colour comes back first
}

QTEST_MAIN(TestHighlightRulesDialog)
#include "tst_highlightrulesdialog.moc"
