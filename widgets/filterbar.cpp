#include "filterbar.h"

#include "patterntoggles.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_pattern(new QComboBox(this))
    , m_action(new QComboBox(this))
    , m_list(new QListWidget(this))
    , m_remove(new QToolButton(this))
    , m_on(new QCheckBox(tr("&Filter on"), this))
    , m_onlyMarked(new QCheckBox(tr("Only &marked lines"), this))
    , m_status(new QLabel(this))
    , m_applyToFile(new QPushButton(tr("A&pply to File…"), this))
{
    m_pattern->setEditable(true);
    m_pattern->setInsertPolicy(QComboBox::NoInsert);
    m_pattern->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_pattern->lineEdit()->setPlaceholderText(tr("Pattern, then Enter"));
    m_pattern->lineEdit()->setClearButtonEnabled(true);
    m_pattern->setObjectName(QStringLiteral("filterPattern"));
    m_action->addItem(tr("Show"));
    m_action->addItem(tr("Hide"));
    m_action->setToolTip(tr("Show only the lines that match, or hide them"));
    const PatternToggles toggles(this);
    m_regex = toggles.regex;
    m_case = toggles.matchCase;
    m_word = toggles.word;
    m_case->setChecked(true);
    auto *add = new QPushButton(tr("&Add"), this);
    add->setToolTip(tr("Add the pattern to the filter"));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove the selected rule"));
    m_remove->setEnabled(false);
    m_list->setObjectName(QStringLiteral("filterRules"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_status->setObjectName(QStringLiteral("filterStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_applyToFile->setObjectName(QStringLiteral("applyFilterToFile"));
    m_applyToFile->setEnabled(false);

    // The pattern takes a row of its own (the panel is narrow at the side of the window).
    auto *fields = new QHBoxLayout;
    fields->setContentsMargins(0, 0, 0, 0);
    fields->addWidget(m_action);
    fields->addWidget(m_regex);
    fields->addWidget(m_case);
    fields->addWidget(m_word);
    fields->addStretch(1);
    fields->addWidget(add);
    auto *switches = new QHBoxLayout;
    switches->setContentsMargins(0, 0, 0, 0);
    switches->addWidget(m_on);
    switches->addWidget(m_onlyMarked);
    switches->addStretch(1);
    switches->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(m_pattern);
    layout->addLayout(fields);
    layout->addWidget(m_list, 1);
    layout->addLayout(switches);
    layout->addWidget(m_status);
    auto *apply = new QHBoxLayout;
    apply->setContentsMargins(0, 0, 0, 0);
    apply->addWidget(m_applyToFile);
    apply->addStretch(1);
    layout->addLayout(apply);

    connect(add, &QPushButton::clicked, this, &FilterBar::addFromFields);
    connect(m_pattern->lineEdit(), &QLineEdit::returnPressed, this, &FilterBar::addFromFields);
    connect(m_remove, &QToolButton::clicked, this, &FilterBar::removeSelected);
    connect(m_list, &QListWidget::itemChanged, this, &FilterBar::onItemChanged);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) { m_remove->setEnabled(row >= 0); });
    connect(m_on, &QCheckBox::toggled, this, &FilterBar::filterToggled);
    connect(m_onlyMarked, &QCheckBox::toggled, this, &FilterBar::onlyMarkedToggled);
    connect(m_applyToFile, &QPushButton::clicked, this, &FilterBar::applyToFileRequested);
    setFocusProxy(m_pattern);
}

QString FilterBar::describe(const FilterRule &rule)
{
    QStringList traits;
    if (rule.options.regex)
        traits << tr("regex");
    if (!rule.options.caseSensitive)
        traits << tr("any case");
    if (rule.options.wholeWord)
        traits << tr("whole words");
    const QString what = rule.action == FilterRule::Action::Show ? tr("Show: %1") : tr("Hide: %1");
    QString text = what.arg(rule.options.pattern);
    if (!traits.isEmpty())
        text += tr(" (%1)").arg(traits.join(tr(", ")));
    return text;
}

void FilterBar::setRules(const QList<FilterRule> &rules)
{
    m_rules = rules;
    rebuildList();
}

void FilterBar::setApplyToFileEnabled(bool enabled, const QString &tip)
{
    m_applyToFile->setEnabled(enabled);
    m_applyToFile->setToolTip(tip);
}

void FilterBar::setFilterOn(bool on)
{
    const QSignalBlocker block(m_on);
    m_on->setChecked(on);
}

bool FilterBar::isFilterOn() const
{
    return m_on->isChecked();
}

void FilterBar::setOnlyMarked(bool on)
{
    const QSignalBlocker block(m_onlyMarked);
    m_onlyMarked->setChecked(on);
}

void FilterBar::setStatusText(const QString &text)
{
    m_status->setText(text);
}

QString FilterBar::statusText() const
{
    return m_status->text();
}

void FilterBar::setHistory(const QStringList &history)
{
    m_history = history.mid(0, kMaxHistory);
    const QString text = m_pattern->currentText();
    m_pattern->clear();
    m_pattern->addItems(m_history);
    m_pattern->setCurrentText(text);
}

void FilterBar::focusPattern()
{
    m_pattern->setFocus(Qt::ShortcutFocusReason);
    m_pattern->lineEdit()->selectAll();
}

void FilterBar::addRule(const FilterRule &rule)
{
    if (rule.options.pattern.isEmpty())
        return;
    m_rules.append(rule);
    rebuildList();
    m_history.removeAll(rule.options.pattern);
    m_history.prepend(rule.options.pattern);
    setHistory(m_history);
    m_pattern->setCurrentText(QString());
    emit historyChanged(m_history);
    emit rulesEdited(m_rules);
    if (!m_on->isChecked())
        m_on->setChecked(true); // emits filterToggled
}

void FilterBar::addFromFields()
{
    FilterRule rule;
    rule.options.pattern = m_pattern->currentText();
    rule.options.regex = m_regex->isChecked();
    rule.options.caseSensitive = m_case->isChecked();
    rule.options.wholeWord = m_word->isChecked();
    rule.action = m_action->currentIndex() == 0 ? FilterRule::Action::Show : FilterRule::Action::Hide;
    addRule(rule);
}

void FilterBar::rebuildList()
{
    m_rebuilding = true;
    m_list->clear();
    for (const FilterRule &rule : std::as_const(m_rules)) {
        auto *item = new QListWidgetItem(describe(rule), m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(rule.enabled ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(tr("Uncheck to keep the rule without applying it"));
    }
    m_remove->setEnabled(m_list->currentRow() >= 0);
    m_rebuilding = false;
}

void FilterBar::removeSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_rules.size())
        return;
    m_rules.removeAt(row);
    rebuildList();
    emit rulesEdited(m_rules);
}

void FilterBar::onItemChanged(QListWidgetItem *item)
{
    if (m_rebuilding)
        return;
    const int row = m_list->row(item);
    if (row < 0 || row >= m_rules.size())
        return;
    const bool enabled = item->checkState() == Qt::Checked;
    if (m_rules[row].enabled == enabled)
        return;
    m_rules[row].enabled = enabled;
    emit rulesEdited(m_rules);
}
