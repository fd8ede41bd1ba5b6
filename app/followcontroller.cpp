#include "followcontroller.h"

#include "document.h"
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

FollowController::FollowController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_follower(window->document())
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
        if (on)
            scrollToEnd();
    });

    Document *document = window->document();
    // With Follow End on, every batch of new rows scrolls; otherwise only growth seen while at the end.
    connect(window->lineModel(), &LineModel::rowsInserted, this, [this] {
        if (m_followAction->isChecked())
            scrollToEnd();
    });
    connect(document, &Document::indexFinished, this, [this] {
        if (m_endAfterIndex || m_followAction->isChecked())
            scrollToEnd();
        m_endAfterIndex = false;
        restorePosition();
    });
    // Our own edits are not "rewritten by another program" (the edit controller is made before us).
    if (auto *edits = window->findChild<EditController *>()) {
        connect(edits->editor(), &FileEditor::writing, this, [this](bool running) { m_follower.setOwnWriteRunning(running); });
        connect(edits->editor(), &FileEditor::ownWrite, this,
                [this](const FileIdentity &produced) { m_follower.expectOwnWrite(produced); });
        connect(&m_follower, &FileFollower::changed, edits, &EditController::recheckDialog);
    }
    connect(&m_follower, &FileFollower::aboutToReload, this, &FollowController::onAboutToReload);
    connect(&m_follower, &FileFollower::changed, this, &FollowController::onChanged);
    m_follower.setActive(true);
}

bool FollowController::isAtEnd() const
{
    const QScrollBar *bar = m_window->lineView()->verticalScrollBar();
    return bar->value() >= bar->maximum();
}

void FollowController::scrollToEnd()
{
    QScrollBar *bar = m_window->lineView()->verticalScrollBar();
    bar->setValue(bar->maximum());
}

void FollowController::onAboutToReload(FileFollower::Event event)
{
    Q_UNUSED(event);
    const LineView *view = m_window->lineView();
    m_restoreRow = view->firstVisibleRow();
    m_restoreCursorRow = view->cursorPosition().row;
}

void FollowController::onChanged(FileFollower::Event event)
{
    const QString name = QFileInfo(m_window->document()->path()).fileName();
    QStatusBar *bar = m_window->statusBar();
    switch (event) {
    case FileFollower::Event::Grew:
        if (isAtEnd())
            m_endAfterIndex = true;
        return;
    case FileFollower::Event::Truncated:
        bar->showMessage(tr("%1 was truncated by another program; reloaded.").arg(name), kNoticeMs);
        break;
    case FileFollower::Event::Replaced:
        if (m_window->document()->state() != Document::State::Open)
            return; // it still cannot be opened (a folder, say): the window already says why
        bar->showMessage(tr("%1 was replaced (rotated or recreated); showing the new file.").arg(name), kNoticeMs);
        m_restoreRow.reset(); // another file: its line numbers mean nothing for the old one
        break;
    case FileFollower::Event::Rewritten:
        bar->showMessage(tr("%1 was rewritten by another program; reloaded.").arg(name), kNoticeMs);
        break;
    case FileFollower::Event::Deleted:
        m_restoreRow.reset();
        m_window->setFileGone(true);
        bar->showMessage(
            tr("%1 was deleted. What is shown is the last content read; it stays readable until another file is "
               "opened.")
                .arg(name));
        return;
    }
    if (m_followAction->isChecked()) {
        m_restoreRow.reset();
        m_endAfterIndex = true;
    }
    restorePosition();
}

// Goes back to the saved row once the reloaded index reaches it (or has ended short of it).
void FollowController::restorePosition()
{
    if (!m_restoreRow)
        return;
    const Document *document = m_window->document();
    LineView *view = m_window->lineView();
    const int rows = m_window->lineModel()->rowCount();
    const bool complete = document->state() != Document::State::Open || document->isIndexComplete();
    if (qMax(*m_restoreRow, m_restoreCursorRow) >= rows && !complete)
        return; // not indexed that far yet; indexFinished tries again
    if (rows > 0) {
        view->setCursorPosition({qBound(0, m_restoreCursorRow, rows - 1), 0});
        view->verticalScrollBar()->setValue(qBound(0, *m_restoreRow, view->verticalScrollBar()->maximum()));
    }
    m_restoreRow.reset();
}
