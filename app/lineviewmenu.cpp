#include "lineviewmenu.h"

#include "document.h"
#include "documenttab.h"
#include "editcontroller.h"
#include "highlightrulescontroller.h"
#include "inspectorcontroller.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchcontroller.h"
#include "sliceinspector.h"

#include <QAction>
#include <QLineEdit>
#include <QMenu>
#include <QStatusBar>

namespace {

QAction *findAction(MainWindow *window, const QString &text)
{
    const QList<QAction *> actions = window->findChildren<QAction *>();
    for (QAction *action : actions) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

} // namespace

LineViewMenu::LineViewMenu(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    // Every tab's view has the menu; it acts on the current tab, the one clicked.
    const auto addTab = [this](DocumentTab *tab) {
        LineView *view = tab->lineView();
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        // The first tab comes both from tabs() and from tabCreated(): one menu per click.
        connect(view, &QWidget::customContextMenuRequested, this, &LineViewMenu::showMenu, Qt::UniqueConnection);
    };
    window->forEveryTab(this, addTab);
}

std::optional<std::pair<qint64, qint64>> LineViewMenu::selectedBytes() const
{
    const LineView *view = m_window->lineView();
    if (!view->hasSelection())
        return std::nullopt;
    const LineModel *model = m_window->lineModel();
    const TextPosition from = view->selectionStart();
    const TextPosition to = view->selectionEnd();
    // With a filter, a selection over hidden lines is not one range of the file's bytes.
    if (model->lineOfRow(to.row) - model->lineOfRow(from.row) != to.row - from.row)
        return std::nullopt;
    const std::optional<qint64> start = model->byteOffsetAt({from.row, from.column});
    const std::optional<qint64> end = model->byteOffsetAt({to.row, to.column});
    if (!start || !end || *end < *start)
        return std::nullopt;
    return std::pair{*start, *end};
}

QMenu *LineViewMenu::buildMenu(QWidget *parent, std::optional<QPoint> at)
{
    LineView *view = m_window->lineView();
    auto *menu = new QMenu(parent);
    menu->setToolTipsVisible(true);
    const bool open = m_window->document()->state() == Document::State::Open;
    const bool selected = view->hasSelection();
    const auto add = [menu](const QString &text, const QKeySequence &keys, bool enabled, const QString &why,
                            auto slot) {
        QAction *action = menu->addAction(text, slot);
        action->setShortcut(keys);
        action->setEnabled(enabled);
        if (!enabled)
            action->setToolTip(why);
        return action;
    };
    add(tr("&Copy"), QKeySequence::Copy, selected, tr("Nothing is selected."), [view] { view->copy(); });
    add(tr("Select &All"), QKeySequence::SelectAll, open, tr("No file is open."), [view] { view->selectAll(); });
    menu->addSeparator();
    auto *edits = m_window->findChild<EditController *>();
    const QString editOff = edits ? edits->disabledReason() : tr("Editing is not available.");
    add(tr("&Edit Line…"), QKeySequence(Qt::Key_F2), editOff.isEmpty(), editOff,
        [edits] { edits->editCurrentLine(); });
    add(tr("&Replace Selection…"), QKeySequence(), editOff.isEmpty() && selected,
        editOff.isEmpty() ? tr("Select the bytes to replace first.") : editOff, [this] { replaceSelection(); });
    menu->addSeparator();
    add(tr("&Inspect Selection"), QKeySequence(), selected, tr("Nothing is selected."), [this] { inspectSelection(); });
    add(tr("&Find Selection"), QKeySequence(), selected, tr("Nothing is selected."), [this] { findSelection(); });
    if (auto *rules = m_window->findChild<HighlightRulesController *>()) {
        menu->addSeparator();
        rules->addContextActions(menu, at);
    }
    return menu;
}

void LineViewMenu::showMenu(const QPoint &at)
{
    LineView *view = m_window->lineView();
    QMenu *menu = buildMenu(view, at);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(view->viewport()->mapToGlobal(at));
}

void LineViewMenu::replaceSelection()
{
    auto *edits = m_window->findChild<EditController *>();
    const auto bytes = selectedBytes();
    if (edits && bytes)
        edits->editRange(bytes->first, bytes->second);
}

void LineViewMenu::inspectSelection()
{
    auto *inspector = m_window->findChild<InspectorController *>();
    const auto bytes = selectedBytes();
    if (!inspector || !bytes)
        return;
    SliceInspector *dock = inspector->inspector();
    dock->show();
    dock->raise();
    dock->setRange(bytes->first, bytes->second);
}

void LineViewMenu::findSelection()
{
    auto *search = m_window->findChild<SearchController *>();
    LineView *view = m_window->lineView();
    if (!search || !view->hasSelection())
        return;
    QString text = view->selectedText();
    const qsizetype lineEnd = text.indexOf(u'\n');
    if (lineEnd >= 0) {
        text.truncate(lineEnd);
        text.remove(u'\r');
        m_window->statusBar()->showMessage(tr("Searching the selection's first line: matches never span lines."),
                                           8000);
    }
    if (text.isEmpty())
        return;
    if (QAction *find = findAction(m_window, tr("&Find…")))
        find->trigger(); // shows the find bar
    SearchBar *bar = search->searchBar();
    SearchOptions options = bar->options();
    options.pattern = text;
    options.regex = false; // the selection is text, not a pattern
    bar->setOptions(options);
    bar->patternEdit()->setText(text);
    bar->findNext();
}
