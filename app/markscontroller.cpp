#include "markscontroller.h"

#include "document.h"
#include "documenttab.h"
#include "filtercontroller.h"
#include "linemarks.h"
#include "linemodel.h"
#include "lineset.h"
#include "lineview.h"
#include "mainwindow.h"
#include "marksview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QMenu>
#include <QStatusBar>
#include <QTimer>

namespace {
// Copying marked lines holds them in memory: beyond this, Save Marked Lines As… is the way.
constexpr qint64 kMaxCopyBytes = 64 << 20;
} // namespace

MarksController::MarksController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_view(new MarksView)
    , m_dock(new QDockWidget(tr("Marks"), window))
{
    m_dock->setObjectName(QStringLiteral("marksDock"));
    m_dock->setWidget(m_view);
    m_dock->hide();
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    connect(m_view, &MarksView::lineActivated, this, [this](qint64 line) {
        DocumentTab *tab = m_window->currentTab();
        if (tab->lineModel()->isFiltered() && !tab->lineModel()->showsLine(line))
            tab->setFilterOn(false); // a marked line the filter hides: show every line
        tab->goToLine(line + 1);
    });

    QMenu *go = window->menu(MainWindow::Menu::Go);
    go->addSeparator();
    QAction *toggle = go->addAction(tr("Toggle &Mark"), this, &MarksController::toggleMark);
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    toggle->setStatusTip(tr("Mark the current line, or unmark it"));
    go->addAction(tr("Ne&xt Mark"), QKeySequence(Qt::CTRL | Qt::Key_Period), this, [this] { goToMark(true); });
    go->addAction(tr("Pre&vious Mark"), QKeySequence(Qt::CTRL | Qt::Key_Comma), this, [this] { goToMark(false); });
    go->addAction(tr("Clear Marks"), this, [this] { m_window->currentTab()->marks()->clear(); });

    QMenu *view = window->menu(MainWindow::Menu::View);
    QAction *list = m_dock->toggleViewAction();
    list->setText(tr("&Marks"));
    view->addAction(list);
    m_onlyMarked = view->addAction(tr("Show Only Mar&ked Lines"));
    m_onlyMarked->setCheckable(true);
    connect(m_onlyMarked, &QAction::triggered, this,
            [this](bool on) { m_window->currentTab()->setShowOnlyMarked(on); });

    window->menu(MainWindow::Menu::Edit)->addAction(tr("Copy Mar&ked Lines"), this, &MarksController::copyMarkedLines);
    QMenu *file = window->menu(MainWindow::Menu::File);
    auto *save = new QAction(tr("Save Mar&ked Lines As…"), this);
    connect(save, &QAction::triggered, this, [this] {
        const DocumentTab *tab = m_window->currentTab();
        LineSet lines;
        for (const qint64 line : tab->marks()->lines())
            lines.append(line);
        if (lines.isEmpty()) {
            m_window->statusBar()->showMessage(tr("No line is marked."), 5000);
            return;
        }
        FilterController::saveLines(m_window, &lines, tr("the marked lines"));
    });
    const QList<QAction *> fileActions = file->actions();
    file->insertAction(fileActions.value(fileActions.size() - 2), save);

    connect(window, &MainWindow::currentDocumentChanged, this, &MarksController::showCurrent);
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            refreshList();
    });
    showCurrent();
}

void MarksController::showCurrent()
{
    if (m_tab) {
        disconnect(m_tab, nullptr, this, nullptr);
        disconnect(m_tab->marks(), nullptr, this, nullptr);
    }
    m_tab = m_window->currentTab();
    if (!m_tab)
        return;
    // The list is rebuilt once per turn of the event loop at most, and only while it is shown.
    connect(m_tab->marks(), &LineMarks::changed, this, [this] {
        if (m_refreshScheduled || !m_dock->isVisible())
            return;
        m_refreshScheduled = true;
        QTimer::singleShot(0, this, &MarksController::refreshList);
    });
    connect(m_tab, &DocumentTab::filterChanged, this,
            [this] { m_onlyMarked->setChecked(m_tab && m_tab->showsOnlyMarked()); });
    m_onlyMarked->setChecked(m_tab->showsOnlyMarked());
    refreshList();
}

void MarksController::refreshList()
{
    m_refreshScheduled = false;
    DocumentTab *tab = m_tab;
    if (!tab || !m_dock->isVisible())
        return;
    const Document *document = tab->document();
    const LineModel *model = tab->lineModel();
    m_view->setMarks(tab->marks()->lines(), [document, model](qint64 line) -> QString {
        const std::optional<LineSpan> span = document->lineSpan(line);
        if (!span)
            return QString();
        const std::optional<QByteArray> bytes =
            document->readBytes(span->byteOffset, qMin<qint64>(span->textLength, MarksView::kMaxTextChars * 4));
        if (!bytes)
            return QString();
        return DocumentTab::decode(*bytes, model->encoding());
    });
}

void MarksController::toggleMark()
{
    DocumentTab *tab = m_window->currentTab();
    if (tab->document()->state() != Document::State::Open || tab->lineModel()->rowCount() == 0)
        return;
    const qint64 line = tab->cursorLine();
    const std::optional<bool> marked = tab->toggleMarkOnRow(tab->lineView()->cursorPosition().row);
    if (marked)
        m_window->statusBar()->showMessage(*marked ? tr("Marked line %L1.").arg(line + 1)
                                                   : tr("Unmarked line %L1.").arg(line + 1),
                                           3000);
}

void MarksController::goToMark(bool next)
{
    DocumentTab *tab = m_window->currentTab();
    const LineMarks *marks = tab->marks();
    LineModel *model = tab->lineModel();
    if (marks->isEmpty()) {
        m_window->statusBar()->showMessage(tr("No line is marked. Ctrl+M marks the current line."), 5000);
        return;
    }
    // The next mark the view shows (a filter may hide some), wrapping around once.
    qint64 from = tab->cursorLine();
    for (qint64 tries = marks->count(); tries > 0; --tries) {
        const std::optional<qint64> line = next ? marks->next(from) : marks->previous(from);
        if (!line)
            break;
        if (model->showsLine(*line)) {
            tab->lineView()->setCursorPosition({model->revealNearestRowOfLine(*line), 0}, true);
            return;
        }
        from = *line;
    }
    m_window->statusBar()->showMessage(tr("The filter hides every marked line."), 5000);
}

void MarksController::copyMarkedLines()
{
    const DocumentTab *tab = m_window->currentTab();
    const Document *document = tab->document();
    QString text;
    qint64 bytes = 0;
    for (const qint64 line : tab->marks()->lines()) {
        const std::optional<LineSpan> span = document->lineSpan(line);
        if (!span)
            continue;
        bytes += span->textLength;
        if (bytes > kMaxCopyBytes) {
            m_window->statusBar()->showMessage(tr("The marked lines are too long to copy; use File > Save Marked Lines As…."), 8000);
            return;
        }
        if (const std::optional<QByteArray> line = document->readBytes(span->byteOffset, span->textLength))
            text += DocumentTab::decode(*line, tab->lineModel()->encoding()) + u'\n';
    }
    QApplication::clipboard()->setText(text);
    m_window->statusBar()->showMessage(tr("Copied %n marked line(s).", nullptr, int(tab->marks()->count())), 5000);
}
