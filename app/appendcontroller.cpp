#include "appendcontroller.h"

#include "appendpanel.h"
#include "document.h"
#include "documenttab.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QStatusBar>

#include <climits>

namespace {
// A tab's appender, kept with the tab (it holds the file open between appends).
struct AppenderHolder : QObject {
    AppenderHolder(Document *document, QObject *parent) : QObject(parent), appender(document) {}
    Appender appender;
};
} // namespace

AppendController::AppendController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_panel(new AppendPanel)
    , m_dock(new QDockWidget(tr("Append Words"), window))
{
    m_dock->setObjectName(QStringLiteral("appendDock"));
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    m_dock->hide();

    QAction *action = m_dock->toggleViewAction();
    action->setText(tr("Append &Words…"));
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    action->setStatusTip(tr("Append words or lines to the end of the file"));
    connect(action, &QAction::triggered, this, [this](bool shown) {
        if (shown)
            showPanel();
    });
    QMenu *edit = window->menu(MainWindow::Menu::Edit);
    edit->addSeparator();
    edit->addAction(action);

    connect(m_panel, &AppendPanel::appendRequested, this, &AppendController::append);
    const auto addTab = [this](DocumentTab *tab) {
        auto *holder = new AppenderHolder(tab->document(), tab);
        tab->attach(&staticMetaObject, holder);
        for (auto signal : {&Document::opened, &Document::closed})
            connect(tab->document(), signal, holder, [this, tab] {
                if (tab == m_window->currentTab())
                    updateEnabled();
            });
        connect(tab->document(), &Document::failed, holder, [this, tab] {
            if (tab == m_window->currentTab())
                updateEnabled();
        });
    };
    window->forEveryTab(this, addTab);
    connect(window, &MainWindow::currentDocumentChanged, this, &AppendController::updateEnabled);
    updateEnabled();
}

Appender *AppendController::appender() const
{
    const DocumentTab *tab = m_window->currentTab();
    auto *holder = tab ? static_cast<AppenderHolder *>(tab->attachment(&staticMetaObject)) : nullptr;
    return holder ? &holder->appender : nullptr;
}

void AppendController::showPanel()
{
    m_dock->show();
    m_dock->raise();
    m_panel->focusText();
}

void AppendController::updateEnabled()
{
    const Document *document = m_window->document();
    if (document->state() != Document::State::Open) {
        m_panel->setAppendEnabled(false, tr("No file is open."));
        return;
    }
    const QFileInfo info(document->path());
    if (info.exists() && !info.isWritable()) {
        m_panel->setAppendEnabled(false, tr("%1 is read-only; appending is off.").arg(info.fileName()));
        return;
    }
    m_panel->setAppendEnabled(true);
}

void AppendController::append(const QString &text, Appender::Splitting splitting)
{
    Document *document = m_window->document();
    const QScrollBar *bar = m_window->lineView()->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    Appender *appender = this->appender();
    if (!appender)
        return;
    const Appender::Result result = appender->append(text, splitting);
    if (!result.ok) {
        m_panel->showError(result.error);
        m_window->statusBar()->showMessage(result.error, 8000);
        return;
    }
    m_panel->showAppended(result.entries, result.lineCount);
    m_window->statusBar()->showMessage(tr("Appended %n line(s) to %1.", nullptr, int(qMin<qint64>(result.entries, INT_MAX)))
                                           .arg(QFileInfo(document->path()).fileName()),
                                       8000);
    if (!atEnd)
        return;
    // The index extends in the background; show the new end once it has.
    auto *once = new QObject(this);
    LineView *view = m_window->lineView();
    connect(document, &Document::indexFinished, once, [view, once] {
        QScrollBar *scroll = view->verticalScrollBar();
        scroll->setValue(scroll->maximum());
        once->deleteLater();
    });
    connect(document, &Document::closed, once, &QObject::deleteLater);
}
