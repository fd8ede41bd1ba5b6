#include "followcontroller.h"

#include "document.h"
#include "documenttab.h"
#include "linemarks.h"
#include "editcontroller.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QAction>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QStatusBar>
#include <QToolButton>

namespace {

constexpr int kNoticeMs = 10000;

} // namespace

// What following one tab needs: its follower, and where to go back to after a reload.
struct FollowController::TabState : QObject {
    explicit TabState(Document *document, QObject *parent) : QObject(parent), follower(document) {}
    FileFollower follower;
    bool endAfterIndex = false;
    std::optional<int> restoreRow; // first visible row to go back to after a reload
    int restoreCursorRow = 0;
};

FollowController::FollowController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_followAction(new QAction(tr("&Follow End"), this))
    , m_followButton(new QToolButton(window->statusBar()))
{
    m_followAction->setCheckable(true);
    m_followAction->setStatusTip(tr("Keep the end of the file in view while it grows (like tail -f)"));
    window->menu(MainWindow::Menu::View)->addAction(m_followAction);
    m_followButton->setDefaultAction(m_followAction);
    m_followButton->setAutoRaise(true);
    m_followButton->setText(tr("Follow end"));
    window->statusBar()->addPermanentWidget(m_followButton);
    connect(m_followAction, &QAction::toggled, this, [this](bool on) {
        m_followButton->setText(tr("Follow end"));
        DocumentTab *tab = m_window->currentTab();
        tab->setFollowing(on);
        if (on)
            scrollToEnd(tab);
    });
    connect(window, &MainWindow::currentDocumentChanged, this,
            [this] { m_followAction->setChecked(m_window->currentTab()->isFollowing()); });
    window->forEveryTab(this, [this](DocumentTab *tab) { addTab(tab); });
}

FollowController::TabState *FollowController::stateOf(const DocumentTab *tab)
{
    return tab ? static_cast<TabState *>(tab->attachment(&staticMetaObject)) : nullptr;
}

FileFollower *FollowController::followerOf(const DocumentTab *tab)
{
    TabState *state = stateOf(tab);
    return state ? &state->follower : nullptr;
}

FileFollower *FollowController::follower()
{
    return followerOf(m_window->currentTab());
}

void FollowController::addTab(DocumentTab *tab)
{
    auto *state = new TabState(tab->document(), tab);
    tab->attach(&staticMetaObject, state);
    // With Follow End on, every batch of new rows scrolls; otherwise only growth seen while at the end.
    connect(tab->lineModel(), &LineModel::rowsInserted, state, [tab] {
        if (tab->isFollowing())
            scrollToEnd(tab);
    });
    connect(tab->document(), &Document::indexFinished, state, [tab, state] {
        if (state->endAfterIndex || tab->isFollowing())
            scrollToEnd(tab);
        state->endAfterIndex = false;
        restorePosition(tab);
    });
    connect(tab, &DocumentTab::followingChanged, this, [this, tab](bool on) {
        if (tab == m_window->currentTab())
            m_followAction->setChecked(on);
        if (on)
            scrollToEnd(tab);
    });
    // Our own edits are not "rewritten by another program" (the edit controller is made before us).
    if (auto *edits = m_window->findChild<EditController *>()) {
        if (FileEditor *editor = EditController::editorOf(tab)) {
            connect(editor, &FileEditor::writing, state, [state](bool running) { state->follower.setOwnWriteRunning(running); });
            connect(editor, &FileEditor::ownWrite, state,
                    [state](const FileIdentity &produced) { state->follower.expectOwnWrite(produced); });
        }
        connect(&state->follower, &FileFollower::changed, edits, [this, tab, edits] {
            if (tab == m_window->currentTab())
                edits->recheckDialog();
        });
    }
    connect(&state->follower, &FileFollower::aboutToReload, this, [this, tab] { onAboutToReload(tab); });
    connect(&state->follower, &FileFollower::changed, this,
            [this, tab](FileFollower::Event event) { onChanged(tab, event); });
    state->follower.setActive(true);
}

bool FollowController::isAtEnd(const DocumentTab *tab)
{
    const QScrollBar *bar = tab->lineView()->verticalScrollBar();
    return bar->value() >= bar->maximum();
}

void FollowController::scrollToEnd(DocumentTab *tab)
{
    QScrollBar *bar = tab->lineView()->verticalScrollBar();
    bar->setValue(bar->maximum());
}

void FollowController::onAboutToReload(DocumentTab *tab)
{
    const LineView *view = tab->lineView();
    TabState *state = stateOf(tab);
    state->restoreRow = view->firstVisibleRow();
    state->restoreCursorRow = view->cursorPosition().row;
}

void FollowController::onChanged(DocumentTab *tab, FileFollower::Event event)
{
    TabState *state = stateOf(tab);
    const bool shown = tab == m_window->currentTab();
    const QString name = QFileInfo(tab->document()->path()).fileName();
    QStatusBar *bar = m_window->statusBar();
    const auto notice = [&](const QString &text, int ms) {
        if (shown)
            bar->showMessage(text, ms);
        else
            tab->setChangedUnseen(true);
    };
    switch (event) {
    case FileFollower::Event::Grew:
        if (isAtEnd(tab))
            state->endAfterIndex = true;
        if (!shown)
            tab->setChangedUnseen(true);
        return;
    case FileFollower::Event::Truncated:
        notice(tr("%1 was truncated by another program; reloaded.").arg(name), kNoticeMs);
        break;
    case FileFollower::Event::Replaced:
        if (tab->document()->state() != Document::State::Open)
            return; // it still cannot be opened (a folder, say): the window already says why
        notice(tr("%1 was replaced (rotated or recreated); showing the new file.").arg(name), kNoticeMs);
        state->restoreRow.reset(); // another file: its line numbers mean nothing for the old one
        tab->marks()->clear();
        break;
    case FileFollower::Event::Rewritten:
        notice(tr("%1 was rewritten by another program; reloaded.").arg(name), kNoticeMs);
        break;
    case FileFollower::Event::Deleted:
        state->restoreRow.reset();
        tab->setFileGone(true);
        if (shown)
            bar->showMessage(tr("%1 was deleted. What is shown is the last content read; it stays readable until "
                                "another file is opened.")
                                 .arg(name));
        return;
    }
    if (tab->isFollowing()) {
        state->restoreRow.reset();
        state->endAfterIndex = true;
    }
    restorePosition(tab);
}

// Goes back to the saved row once the reloaded index reaches it (or has ended short of it).
void FollowController::restorePosition(DocumentTab *tab)
{
    TabState *state = stateOf(tab);
    if (!state->restoreRow)
        return;
    const Document *document = tab->document();
    LineView *view = tab->lineView();
    const int rows = tab->lineModel()->rowCount();
    const bool complete = document->state() != Document::State::Open || document->isIndexComplete();
    if (qMax(*state->restoreRow, state->restoreCursorRow) >= rows && !complete)
        return; // not indexed that far yet; indexFinished tries again
    if (rows > 0) {
        view->setCursorPosition({qBound(0, state->restoreCursorRow, rows - 1), 0});
        view->verticalScrollBar()->setValue(qBound(0, *state->restoreRow, view->verticalScrollBar()->maximum()));
    }
    state->restoreRow.reset();
}
