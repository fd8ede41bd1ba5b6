#pragma once

#include "linefilter.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QToolButton;

// The filter's rules for one file, as a panel: a pattern field with Show/Hide and the regex, case
// and whole-word toggles, an Add button (Enter adds too), the list of rules, each with an on/off
// switch (its check box) and a Remove button, "Filter on" (the rules apply) and "Only marked
// lines", a line that says how far the filter has got and how many lines it shows, and
// "Apply to File…" (rewrite the file to the lines shown: applyToFileRequested).
//
// The bar never filters itself: it says what the user changed (rulesEdited, filterToggled,
// onlyMarkedToggled) and shows what it is given (setRules, setFilterOn, setOnlyMarked,
// setStatusText). Patterns typed are kept in a history (setHistory / historyChanged).
class FilterBar : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxHistory = 50;

    explicit FilterBar(QWidget *parent = nullptr);

    QList<FilterRule> rules() const { return m_rules; }
    void setRules(const QList<FilterRule> &rules);
    void setFilterOn(bool on);
    bool isFilterOn() const;
    void setOnlyMarked(bool on);
    void setStatusText(const QString &text);
    // Whether "Apply to File…" can be pressed now, and its tool tip (why not, or what it does).
    void setApplyToFileEnabled(bool enabled, const QString &tip);
    QString statusText() const;
    void setHistory(const QStringList &history);
    QStringList history() const { return m_history; }

    // Adds a rule as the Add button does (for menus and tests): turns the filter on.
    void addRule(const FilterRule &rule);
    // Puts the focus in the pattern field, its text selected.
    void focusPattern();

    // "Show: ERROR", "Hide: ^DEBUG (regex, case-insensitive)".
    static QString describe(const FilterRule &rule);

signals:
    void rulesEdited(const QList<FilterRule> &rules);
    void filterToggled(bool on);
    void onlyMarkedToggled(bool on);
    void historyChanged(const QStringList &history);
    void applyToFileRequested();

private:
    void addFromFields();
    void rebuildList();
    void removeSelected();
    void onItemChanged(QListWidgetItem *item);

    QList<FilterRule> m_rules;
    QStringList m_history;
    QComboBox *m_pattern;
    QComboBox *m_action;
    QToolButton *m_regex = nullptr;
    QToolButton *m_case = nullptr;
    QToolButton *m_word = nullptr;
    QListWidget *m_list;
    QToolButton *m_remove;
    QCheckBox *m_on;
    QCheckBox *m_onlyMarked;
    QLabel *m_status;
    QPushButton *m_applyToFile;
    bool m_rebuilding = false;
};
