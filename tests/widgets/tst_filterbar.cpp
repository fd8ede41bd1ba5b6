// The filter panel and the marks list, offscreen: what a person types and clicks becomes the
// rules and requests the window acts on.
#include "filterbar.h"
#include "marksview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

class TestFilterBar : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void enterAddsARuleAndTurnsTheFilterOn_data();
    void enterAddsARuleAndTurnsTheFilterOn();
    void checkBoxSwitchesARuleAndRemoveDeletesIt();
    void describeSaysWhatARuleDoes_data();
    void describeSaysWhatARuleDoes();
    void marksListGoesToTheLineClicked();
};

void TestFilterBar::enterAddsARuleAndTurnsTheFilterOn_data()
{
    QTest::addColumn<int>("action"); // 0 Show, 1 Hide
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("anyCase");
    QTest::addColumn<bool>("word");
    QTest::newRow("show literal") << 0 << false << false << false;
    QTest::newRow("hide regex") << 1 << true << false << false;
    QTest::newRow("show any case, words") << 0 << false << true << true;
}

void TestFilterBar::enterAddsARuleAndTurnsTheFilterOn()
{
    QFETCH(int, action);
    QFETCH(bool, regex);
    QFETCH(bool, anyCase);
    QFETCH(bool, word);
    FilterBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy edited(&bar, &FilterBar::rulesEdited);
    QSignalSpy toggled(&bar, &FilterBar::filterToggled);
    QSignalSpy history(&bar, &FilterBar::historyChanged);
    auto *pattern = bar.findChild<QComboBox *>(QStringLiteral("filterPattern"));
    QVERIFY(pattern);
    const QList<QComboBox *> combos = bar.findChildren<QComboBox *>();
    for (QComboBox *combo : combos)
        if (combo != pattern)
            combo->setCurrentIndex(action);
    const QList<QToolButton *> buttons = bar.findChildren<QToolButton *>();
    for (QToolButton *button : buttons) {
        if (button->text() == QLatin1String(".*"))
            button->setChecked(regex);
        if (button->text() == QLatin1String("Aa"))
            button->setChecked(!anyCase);
        if (button->text() == QLatin1String("W"))
            button->setChecked(word);
    }
    pattern->lineEdit()->setFocus();
    QTest::keyClicks(pattern->lineEdit(), QStringLiteral("ERR(OR)?"));
    QTest::keyClick(pattern->lineEdit(), Qt::Key_Return);
    QCOMPARE(edited.count(), 1);
    const QList<FilterRule> rules = edited.at(0).at(0).value<QList<FilterRule>>();
    QCOMPARE(rules.size(), 1);
    QCOMPARE(rules.at(0).options.pattern, QStringLiteral("ERR(OR)?"));
    QCOMPARE(rules.at(0).options.regex, regex);
    QCOMPARE(rules.at(0).options.caseSensitive, !anyCase);
    QCOMPARE(rules.at(0).options.wholeWord, word);
    QCOMPARE(rules.at(0).action, action == 0 ? FilterRule::Action::Show : FilterRule::Action::Hide);
    QVERIFY(rules.at(0).enabled);
    QCOMPARE(toggled.count(), 1);
    QVERIFY(toggled.at(0).at(0).toBool());
    QCOMPARE(history.count(), 1);
    QCOMPARE(bar.history().value(0), QStringLiteral("ERR(OR)?"));
    QVERIFY(pattern->currentText().isEmpty()); // ready for the next pattern
    // An empty pattern adds nothing.
    QTest::keyClick(pattern->lineEdit(), Qt::Key_Return);
    QCOMPARE(edited.count(), 1);
}

void TestFilterBar::checkBoxSwitchesARuleAndRemoveDeletesIt()
{
    FilterBar bar;
    FilterRule a;
    a.options.pattern = QStringLiteral("a");
    FilterRule b = a;
    b.options.pattern = QStringLiteral("b");
    b.action = FilterRule::Action::Hide;
    bar.setRules({a, b});
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy edited(&bar, &FilterBar::rulesEdited);
    auto *list = bar.findChild<QListWidget *>(QStringLiteral("filterRules"));
    QVERIFY(list);
    QCOMPARE(list->count(), 2);
    list->item(1)->setCheckState(Qt::Unchecked);
    QCOMPARE(edited.count(), 1);
    QList<FilterRule> rules = edited.last().at(0).value<QList<FilterRule>>();
    QVERIFY(rules.at(0).enabled);
    QVERIFY(!rules.at(1).enabled);
    list->setCurrentRow(0);
    QToolButton *remove = nullptr;
    for (QToolButton *button : bar.findChildren<QToolButton *>())
        if (button->text() == QLatin1String("Remove"))
            remove = button;
    QVERIFY(remove && remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(edited.count(), 2);
    rules = edited.last().at(0).value<QList<FilterRule>>();
    QCOMPARE(rules.size(), 1);
    QCOMPARE(rules.at(0).options.pattern, QStringLiteral("b"));
    // What the window sets is shown, without echoing it back.
    bar.setFilterOn(true);
    bar.setOnlyMarked(true);
    QCOMPARE(edited.count(), 2);
    QVERIFY(bar.isFilterOn());
}

void TestFilterBar::describeSaysWhatARuleDoes_data()
{
    QTest::addColumn<bool>("hide");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("anyCase");
    QTest::addColumn<QString>("text");
    QTest::newRow("show") << false << false << false << QStringLiteral("Show: x");
    QTest::newRow("hide regex any case") << true << true << true << QStringLiteral("Hide: x (regex, any case)");
}

void TestFilterBar::describeSaysWhatARuleDoes()
{
    QFETCH(bool, hide);
    QFETCH(bool, regex);
    QFETCH(bool, anyCase);
    QFETCH(QString, text);
    FilterRule rule;
    rule.options.pattern = QStringLiteral("x");
    rule.options.regex = regex;
    rule.options.caseSensitive = !anyCase;
    rule.action = hide ? FilterRule::Action::Hide : FilterRule::Action::Show;
    QCOMPARE(FilterBar::describe(rule), text);
}

void TestFilterBar::marksListGoesToTheLineClicked()
{
    MarksView view;
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy activated(&view, &MarksView::lineActivated);
    view.setMarks({4, 99, 1234567}, [](qint64 line) { return QStringLiteral("text of %1").arg(line); });
    QCOMPARE(view.shownCount(), 3);
    auto *list = view.findChild<QListWidget *>(QStringLiteral("marksList"));
    QVERIFY(list);
    QCOMPARE(list->item(2)->text(), QStringLiteral("1,234,568: text of 1234567"));
    const QRect second = list->visualItemRect(list->item(1));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toLongLong(), 99);
    view.setMarks({}, {});
    QCOMPARE(view.shownCount(), 0);
}

QTEST_MAIN(TestFilterBar)
#include "tst_filterbar.moc"
