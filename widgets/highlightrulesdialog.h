#pragma once

#include "highlightruleset.h"

#include <QColor>
#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

// View > Highlight Rules: the named rule sets, and the rules of the chosen set as a table, one
// rule a row (on, pattern, regex, match case, whole word, foreground, background), with buttons to
// add, remove and reorder rules (later rows are painted over earlier ones) and to make, rename and
// delete sets. A pattern that does not compile is shown in red with PCRE2's message.
//
// Every edit is announced at once (rulesChanged) so that the views show it while the dialog is
// open; the dialog reads and writes no settings itself. There is always at least one set. GUI
// thread.
class HighlightRulesDialog : public QDialog {
    Q_OBJECT
public:
    enum Column {
        EnabledColumn,
        PatternColumn,
        RegexColumn,
        CaseColumn,
        WordColumn,
        ForegroundColumn,
        BackgroundColumn,
        ColumnCount
    };
    // Asks for a colour; an invalid one: cancelled. QColorDialog unless set (tests).
    using ColorPicker = std::function<QColor(const QColor &initial, const QString &title)>;

    explicit HighlightRulesDialog(QWidget *parent = nullptr);

    // Shows these sets with `current` chosen (the first when no set has that name; a set named
    // "Default" when there are none). Emits nothing.
    void setRuleSets(const QList<HighlightRuleSet> &sets, const QString &current);
    QList<HighlightRuleSet> ruleSets() const { return m_sets; }
    QString currentSetName() const;
    QList<HighlightRule> currentRules() const;

    void setColorPicker(ColorPicker picker) { m_pickColor = std::move(picker); }
    QTableWidget *table() const { return m_table; }

    // A background for a new rule: the first colour of a palette (translucent, so that the text
    // reads on light and dark backgrounds alike) that none of `rules` uses, cycling when all are.
    static QString nextBackground(const QList<HighlightRule> &rules);

    // What the buttons do, without their questions.
    void addRule(const QString &pattern = {});
    void removeRule(int row);
    void moveRule(int row, int delta);
    void chooseColor(int row, Column column);
    void clearColor(int row, Column column);
    // false (and nothing changes) for an empty name or one a set already has.
    bool addRuleSet(const QString &name);
    bool renameRuleSet(const QString &name);
    void removeRuleSet();

signals:
    // The sets, the current set or one of its rules changed.
    void rulesChanged();

private:
    void rebuildSetBox();
    void rebuildTable();
    void fillRow(int row);
    void readRow(int row);
    void updateErrors();
    void updateButtons();
    void askNewSet();
    void askRename();
    void askRemoveSet();
    int rowOf(const QWidget *cellWidget, Column column) const;
    QList<HighlightRule> &rules() { return m_sets[m_current].rules; }

    QList<HighlightRuleSet> m_sets;
    int m_current = 0;
    bool m_filling = false;
    ColorPicker m_pickColor;
    QComboBox *m_setBox;
    QPushButton *m_renameButton;
    QPushButton *m_deleteSetButton;
    QTableWidget *m_table;
    QPushButton *m_removeButton;
    QPushButton *m_upButton;
    QPushButton *m_downButton;
    QLabel *m_error;
};
