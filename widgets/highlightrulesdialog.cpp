#include "highlightrulesdialog.h"

#include "highlightrulematcher.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// Saturated hues at about 44 % opacity: pale over a light background, deep over a dark one, and
// in both the theme's own text colour keeps its contrast. None is the search highlight's amber.
const QStringList kPalette{u"#70ff9900"_s, u"#7033aaff"_s, u"#7033cc33"_s, u"#70ff33cc"_s,
                           u"#709966ff"_s, u"#7000cccc"_s, u"#70ff3333"_s, u"#70cccc00"_s};

QIcon swatch(const QColor &color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::white);
    QPainter painter(&pixmap);
    painter.fillRect(pixmap.rect(), color);
    painter.setPen(Qt::gray);
    painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1));
    return QIcon(pixmap);
}

QTableWidgetItem *checkItem(bool checked, const QString &tip)
{
    auto *item = new QTableWidgetItem;
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(tip);
    return item;
}

} // namespace

HighlightRulesDialog::HighlightRulesDialog(QWidget *parent)
    : QDialog(parent)
    , m_setBox(new QComboBox)
    , m_renameButton(new QPushButton(tr("&Rename…")))
    , m_deleteSetButton(new QPushButton(tr("&Delete Set")))
    , m_table(new QTableWidget(0, ColumnCount))
    , m_removeButton(new QPushButton(tr("&Remove")))
    , m_upButton(new QPushButton(tr("Move &Up")))
    , m_downButton(new QPushButton(tr("Move Do&wn")))
    , m_error(new QLabel)
{
    setWindowTitle(tr("Highlight Rules"));
    m_pickColor = [this](const QColor &initial, const QString &title) {
        return QColorDialog::getColor(initial, this, title, QColorDialog::ShowAlphaChannel);
    };

    auto *setRow = new QHBoxLayout;
    auto *setLabel = new QLabel(tr("Rule &set:"));
    setLabel->setBuddy(m_setBox);
    auto *newSetButton = new QPushButton(tr("&New Set…"));
    setRow->addWidget(setLabel);
    setRow->addWidget(m_setBox, 1);
    setRow->addWidget(newSetButton);
    setRow->addWidget(m_renameButton);
    setRow->addWidget(m_deleteSetButton);

    m_table->setHorizontalHeaderLabels(
        {tr("On"), tr("Pattern"), tr("Regex"), tr("Case"), tr("Word"), tr("Text"), tr("Background")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(PatternColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionsClickable(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeaderItem(RegexColumn)->setToolTip(tr("The pattern is a regular expression (PCRE)"));
    m_table->horizontalHeaderItem(CaseColumn)->setToolTip(tr("Match case"));
    m_table->horizontalHeaderItem(WordColumn)->setToolTip(tr("Whole words only"));

    auto *ruleButtons = new QHBoxLayout;
    auto *addButton = new QPushButton(tr("&Add Rule"));
    ruleButtons->addWidget(addButton);
    ruleButtons->addWidget(m_removeButton);
    ruleButtons->addWidget(m_upButton);
    ruleButtons->addWidget(m_downButton);
    ruleButtons->addStretch(1);

    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #d03030"_s);
    m_error->hide();
    auto *hint = new QLabel(tr("Applied as you edit. Where rules overlap, the lower one wins."));
    hint->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(setRow);
    layout->addWidget(m_table, 1);
    layout->addLayout(ruleButtons);
    layout->addWidget(m_error);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    resize(720, 420);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(newSetButton, &QPushButton::clicked, this, &HighlightRulesDialog::askNewSet);
    connect(m_renameButton, &QPushButton::clicked, this, &HighlightRulesDialog::askRename);
    connect(m_deleteSetButton, &QPushButton::clicked, this, &HighlightRulesDialog::askRemoveSet);
    connect(addButton, &QPushButton::clicked, this, [this] { addRule(); });
    connect(m_removeButton, &QPushButton::clicked, this, [this] { removeRule(m_table->currentRow()); });
    connect(m_upButton, &QPushButton::clicked, this, [this] { moveRule(m_table->currentRow(), -1); });
    connect(m_downButton, &QPushButton::clicked, this, [this] { moveRule(m_table->currentRow(), +1); });
    connect(m_table, &QTableWidget::currentCellChanged, this, &HighlightRulesDialog::updateButtons);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_filling)
            return;
        readRow(item->row());
        updateErrors();
        emit rulesChanged();
    });
    connect(m_setBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_filling || index < 0 || index >= m_sets.size())
            return;
        m_current = index;
        rebuildTable();
        emit rulesChanged();
    });

    setRuleSets({}, {});
}

QString HighlightRulesDialog::nextBackground(const QList<HighlightRule> &rules)
{
    for (const QString &color : kPalette) {
        const bool used = std::any_of(rules.begin(), rules.end(), [&](const HighlightRule &rule) {
            return rule.background.compare(color, Qt::CaseInsensitive) == 0;
        });
        if (!used)
            return color;
    }
    return kPalette.at(rules.size() % kPalette.size());
}

void HighlightRulesDialog::setRuleSets(const QList<HighlightRuleSet> &sets, const QString &current)
{
    m_sets = sets;
    if (m_sets.isEmpty())
        m_sets.append(HighlightRuleSet{tr("Default"), {}});
    m_current = 0;
    for (int i = 0; i < m_sets.size(); ++i)
        if (m_sets.at(i).name == current)
            m_current = i;
    rebuildSetBox();
    rebuildTable();
}

QString HighlightRulesDialog::currentSetName() const
{
    return m_sets.at(m_current).name;
}

QList<HighlightRule> HighlightRulesDialog::currentRules() const
{
    return m_sets.at(m_current).rules;
}

void HighlightRulesDialog::rebuildSetBox()
{
    m_filling = true;
    m_setBox->clear();
    for (const HighlightRuleSet &set : std::as_const(m_sets))
        m_setBox->addItem(set.name);
    m_setBox->setCurrentIndex(m_current);
    m_filling = false;
}

void HighlightRulesDialog::rebuildTable()
{
    m_filling = true;
    m_table->clearContents();
    m_table->setRowCount(int(rules().size()));
    for (int row = 0; row < m_table->rowCount(); ++row)
        fillRow(row);
    m_filling = false;
    updateErrors();
    updateButtons();
}

void HighlightRulesDialog::fillRow(int row)
{
    const bool wasFilling = std::exchange(m_filling, true);
    const HighlightRule &rule = rules().at(row);
    m_table->setItem(row, EnabledColumn, checkItem(rule.enabled, tr("The rule is on")));
    m_table->setItem(row, PatternColumn, new QTableWidgetItem(rule.pattern));
    m_table->setItem(row, RegexColumn, checkItem(rule.regex, tr("Regular expression")));
    m_table->setItem(row, CaseColumn, checkItem(rule.caseSensitive, tr("Match case")));
    m_table->setItem(row, WordColumn, checkItem(rule.wholeWord, tr("Whole words only")));
    for (const Column column : {ForegroundColumn, BackgroundColumn}) {
        const QString name = column == ForegroundColumn ? rule.foreground : rule.background;
        const QColor color = QColor::fromString(name);
        auto *button = new QToolButton;
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setPopupMode(QToolButton::MenuButtonPopup);
        button->setAutoRaise(true);
        button->setText(name.isEmpty() ? tr("None") : name);
        if (color.isValid())
            button->setIcon(swatch(color));
        button->setToolTip(column == ForegroundColumn ? tr("The text's colour") : tr("The colour behind the text"));
        auto *menu = new QMenu(button);
        menu->addAction(tr("&Choose…"), this, [this, button, column] {
            chooseColor(rowOf(button, column), column);
        });
        menu->addAction(tr("&None"), this, [this, button, column] {
            clearColor(rowOf(button, column), column);
        });
        button->setMenu(menu);
        connect(button, &QToolButton::clicked, this, [this, button, column] {
            chooseColor(rowOf(button, column), column);
        });
        m_table->setCellWidget(row, column, button);
    }
    m_filling = wasFilling;
}

void HighlightRulesDialog::readRow(int row)
{
    if (row < 0 || row >= rules().size())
        return;
    HighlightRule &rule = rules()[row];
    const auto checked = [this, row](Column column) {
        const QTableWidgetItem *item = m_table->item(row, column);
        return item && item->checkState() == Qt::Checked;
    };
    rule.enabled = checked(EnabledColumn);
    rule.regex = checked(RegexColumn);
    rule.caseSensitive = checked(CaseColumn);
    rule.wholeWord = checked(WordColumn);
    if (const QTableWidgetItem *pattern = m_table->item(row, PatternColumn))
        rule.pattern = pattern->text();
}

void HighlightRulesDialog::updateErrors()
{
    const HighlightRuleMatcher matcher(rules());
    QStringList messages;
    const bool wasFilling = std::exchange(m_filling, true);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *pattern = m_table->item(row, PatternColumn);
        if (!pattern)
            continue;
        const QString error = matcher.error(row);
        pattern->setForeground(error.isEmpty() ? QBrush() : QBrush(QColor(0xd0, 0x30, 0x30)));
        pattern->setToolTip(error);
        if (!error.isEmpty())
            messages << tr("Rule %1: %2").arg(row + 1).arg(error);
    }
    m_filling = wasFilling;
    m_error->setText(messages.join(u'\n'));
    m_error->setVisible(!messages.isEmpty());
}

void HighlightRulesDialog::updateButtons()
{
    const int row = m_table->currentRow();
    m_removeButton->setEnabled(row >= 0);
    m_upButton->setEnabled(row > 0);
    m_downButton->setEnabled(row >= 0 && row + 1 < m_table->rowCount());
}

void HighlightRulesDialog::addRule(const QString &pattern)
{
    HighlightRule rule;
    rule.pattern = pattern;
    rule.background = nextBackground(rules());
    rules().append(rule);
    const int row = int(rules().size()) - 1;
    m_table->setRowCount(row + 1);
    fillRow(row);
    m_table->setCurrentCell(row, PatternColumn);
    if (pattern.isEmpty() && isVisible())
        m_table->editItem(m_table->item(row, PatternColumn));
    updateErrors();
    updateButtons();
    emit rulesChanged();
}

void HighlightRulesDialog::removeRule(int row)
{
    if (row < 0 || row >= rules().size())
        return;
    rules().removeAt(row);
    rebuildTable();
    if (m_table->rowCount() > 0)
        m_table->setCurrentCell(std::min(row, m_table->rowCount() - 1), PatternColumn);
    emit rulesChanged();
}

void HighlightRulesDialog::moveRule(int row, int delta)
{
    const int to = row + delta;
    if (row < 0 || row >= rules().size() || to < 0 || to >= rules().size())
        return;
    rules().move(row, to);
    rebuildTable();
    m_table->setCurrentCell(to, PatternColumn);
    emit rulesChanged();
}

void HighlightRulesDialog::chooseColor(int row, Column column)
{
    if (row < 0 || row >= rules().size() || (column != ForegroundColumn && column != BackgroundColumn))
        return;
    QString &name = column == ForegroundColumn ? rules()[row].foreground : rules()[row].background;
    const QColor initial = name.isEmpty() ? QColor(column == ForegroundColumn ? Qt::red : Qt::yellow)
                                          : QColor::fromString(name);
    const QColor color = m_pickColor(initial, column == ForegroundColumn ? tr("Text Colour") : tr("Background Colour"));
    if (!color.isValid())
        return;
    name = color.alpha() == 255 ? color.name(QColor::HexRgb) : color.name(QColor::HexArgb);
    fillRow(row);
    updateErrors();
    emit rulesChanged();
}

void HighlightRulesDialog::clearColor(int row, Column column)
{
    if (row < 0 || row >= rules().size() || (column != ForegroundColumn && column != BackgroundColumn))
        return;
    (column == ForegroundColumn ? rules()[row].foreground : rules()[row].background).clear();
    fillRow(row);
    updateErrors();
    emit rulesChanged();
}

bool HighlightRulesDialog::addRuleSet(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || m_setBox->findText(trimmed, Qt::MatchExactly) >= 0)
        return false;
    m_sets.append(HighlightRuleSet{trimmed, {}});
    m_current = int(m_sets.size()) - 1;
    rebuildSetBox();
    rebuildTable();
    emit rulesChanged();
    return true;
}

bool HighlightRulesDialog::renameRuleSet(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || m_setBox->findText(trimmed, Qt::MatchExactly) >= 0)
        return false;
    m_sets[m_current].name = trimmed;
    rebuildSetBox();
    emit rulesChanged();
    return true;
}

void HighlightRulesDialog::removeRuleSet()
{
    m_sets.removeAt(m_current);
    if (m_sets.isEmpty())
        m_sets.append(HighlightRuleSet{tr("Default"), {}});
    m_current = std::min(m_current, int(m_sets.size()) - 1);
    rebuildSetBox();
    rebuildTable();
    emit rulesChanged();
}

void HighlightRulesDialog::askNewSet()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New Rule Set"), tr("Name:"), QLineEdit::Normal, {}, &ok);
    if (ok && !name.trimmed().isEmpty() && !addRuleSet(name))
        QMessageBox::information(this, tr("New Rule Set"),
                                 tr("A rule set named \"%1\" exists already.").arg(name.trimmed()));
}

void HighlightRulesDialog::askRename()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Rule Set"), tr("Name:"), QLineEdit::Normal,
                                               currentSetName(), &ok);
    if (ok && !name.trimmed().isEmpty() && name.trimmed() != currentSetName() && !renameRuleSet(name))
        QMessageBox::information(this, tr("Rename Rule Set"),
                                 tr("A rule set named \"%1\" exists already.").arg(name.trimmed()));
}

void HighlightRulesDialog::askRemoveSet()
{
    const int count = int(rules().size());
    if (count > 0
        && QMessageBox::question(this, tr("Delete Rule Set"),
                                 tr("Delete the rule set \"%1\" and its %n rule(s)?", nullptr, count)
                                     .arg(currentSetName()))
               != QMessageBox::Yes)
        return;
    removeRuleSet();
}

int HighlightRulesDialog::rowOf(const QWidget *cellWidget, Column column) const
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->cellWidget(row, column) == cellWidget)
            return row;
    return -1;
}
