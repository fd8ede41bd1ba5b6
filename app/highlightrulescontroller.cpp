#include "highlightrulescontroller.h"

#include "appsettings.h"
#include "documenttab.h"
#include "highlightrulesdialog.h"
#include "lineview.h"
#include "mainwindow.h"
#include "rulehighlighter.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

namespace {

constexpr int kMaxLabelChars = 40;

QString elided(const QString &text)
{
    return text.size() <= kMaxLabelChars ? text : text.left(kMaxLabelChars - 1) + QChar(0x2026);
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

} // namespace

HighlightRulesController::HighlightRulesController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_highlighter(new RuleHighlighter(this))
{
    m_sets = window->settings().highlightRuleSets();
    if (m_sets.isEmpty())
        m_sets.append(HighlightRuleSet{tr("Default"), {}});
    const QString current = window->settings().currentHighlightRuleSet();
    for (int i = 0; i < m_sets.size(); ++i)
        if (m_sets.at(i).name == current)
            m_current = i;
    m_highlighter->setRules(rules());

    QAction *open = window->menu(MainWindow::Menu::View)->addAction(tr("&Highlight Rules…"), this,
                                                                       &HighlightRulesController::showDialog);
    open->setStatusTip(tr("Colour the text that matches patterns of your own"));
    // Every tab's view, as it is made; the current one again whenever it changes (a view that
    // did not come through tabCreated).
    const auto bindTab = [this](DocumentTab *tab) { bind(tab->lineView()); };
    window->forEveryTab(this, bindTab);
    connect(window, &MainWindow::currentDocumentChanged, this, [this] { bind(m_window->lineView()); });
    bind(window->lineView());
}

void HighlightRulesController::bind(LineView *view)
{
    if (view && view->ruleStyler() != m_highlighter)
        view->setRuleStyler(m_highlighter);
}

void HighlightRulesController::apply()
{
    m_highlighter->setRules(rules());
    AppSettings &settings = m_window->settings();
    settings.setHighlightRuleSets(m_sets);
    settings.setCurrentHighlightRuleSet(currentSetName());
}

void HighlightRulesController::highlightOccurrences(const QString &text, bool wholeWord)
{
    if (text.isEmpty())
        return;
    HighlightRule rule;
    rule.pattern = text;
    rule.wholeWord = wholeWord;
    rule.background = HighlightRulesDialog::nextBackground(rules());
    m_sets[m_current].rules.append(rule);
    apply();
    if (m_dialog)
        m_dialog->setRuleSets(m_sets, currentSetName());
    m_window->statusBar()->showMessage(
        tr("Highlighting \u201C%1\u201D: rule %2 of the set \u201C%3\u201D (View > Highlight Rules)")
            .arg(elided(text))
            .arg(rules().size())
            .arg(currentSetName()),
        6000);
}

void HighlightRulesController::removeHighlight(const QString &text)
{
    const qsizetype removed = m_sets[m_current].rules.removeIf(
        [&](const HighlightRule &rule) { return !rule.regex && rule.pattern == text; });
    if (removed == 0)
        return;
    apply();
    if (m_dialog)
        m_dialog->setRuleSets(m_sets, currentSetName());
}

void HighlightRulesController::clearRules()
{
    if (rules().isEmpty())
        return;
    m_sets[m_current].rules.clear();
    apply();
    if (m_dialog)
        m_dialog->setRuleSets(m_sets, currentSetName());
}

void HighlightRulesController::showDialog()
{
    if (!m_dialog) {
        m_dialog = new HighlightRulesDialog(m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_dialog->setRuleSets(m_sets, currentSetName());
        connect(m_dialog, &HighlightRulesDialog::rulesChanged, this, [this] {
            m_sets = m_dialog->ruleSets();
            m_current = 0;
            for (int i = 0; i < m_sets.size(); ++i)
                if (m_sets.at(i).name == m_dialog->currentSetName())
                    m_current = i;
            apply();
        });
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

QString HighlightRulesController::wordAt(const QString &text, int column)
{
    column = std::clamp(column, 0, int(text.size()));
    if ((column == text.size() || !isWordChar(text.at(column))) && column > 0 && isWordChar(text.at(column - 1)))
        --column; // just after a word: that word
    int from = column;
    int to = column;
    while (from > 0 && isWordChar(text.at(from - 1)))
        --from;
    while (to < text.size() && isWordChar(text.at(to)))
        ++to;
    return text.mid(from, to - from);
}

std::pair<QString, bool> HighlightRulesController::occurrenceText(std::optional<QPoint> viewportPoint) const
{
    const LineView *view = m_window->lineView();
    const QAbstractItemModel *model = view ? view->model() : nullptr;
    if (!model || model->rowCount() == 0)
        return {};
    const auto rowText = [model](int row) { return model->data(model->index(row, 0)).toString(); };
    // The display text, which is what rules match (tabs expanded), not the file's bytes.
    if (view->hasSelection()) {
        const TextPosition from = view->selectionStart();
        const TextPosition to = view->selectionEnd();
        const QString text = rowText(from.row);
        const int end = to.row == from.row ? to.column : int(text.size());
        const QString selected = text.mid(from.column, std::max<qint64>(0, end - from.column));
        if (!selected.isEmpty())
            return {selected, true};
    }
    const TextPosition at = viewportPoint ? view->textPositionAt(*viewportPoint) : view->cursorPosition();
    return {wordAt(rowText(at.row), at.column), false};
}

bool HighlightRulesController::hasLiteralRule(const QString &text) const
{
    const QList<HighlightRule> &list = m_sets.at(m_current).rules;
    return std::any_of(list.begin(), list.end(),
                       [&](const HighlightRule &rule) { return !rule.regex && rule.pattern == text; });
}

void HighlightRulesController::addContextActions(QMenu *menu, std::optional<QPoint> viewportPoint)
{
    const auto [text, selected] = occurrenceText(viewportPoint);
    if (text.isEmpty()) {
        QAction *action = menu->addAction(tr("&Highlight Occurrences"));
        action->setEnabled(false);
        action->setToolTip(tr("Right-click a word, or select some text, first."));
    } else if (hasLiteralRule(text)) {
        menu->addAction(tr("Remove &Highlight of \u201C%1\u201D").arg(elided(text)), this,
                        [this, text] { removeHighlight(text); });
    } else {
        // A word is highlighted where it stands as a word; a selection wherever it occurs.
        menu->addAction(tr("&Highlight Occurrences of \u201C%1\u201D").arg(elided(text)), this,
                        [this, text, selected] { highlightOccurrences(text, !selected); });
    }
    QAction *clear = menu->addAction(tr("Clear Highlight R&ules…"), this, [this] {
        const int count = int(rules().size());
        if (QMessageBox::question(m_window, tr("Clear Highlight Rules"),
                                  tr("Remove the %n rule(s) of the set \u201C%1\u201D?", nullptr, count)
                                      .arg(currentSetName()))
            == QMessageBox::Yes)
            clearRules();
    });
    clear->setEnabled(!rules().isEmpty());
    if (rules().isEmpty())
        clear->setToolTip(tr("The set \u201C%1\u201D has no rules.").arg(currentSetName()));
    menu->addAction(tr("Highlight Rules…"), this, &HighlightRulesController::showDialog);
}
