#include "searchcontroller.h"

#include "appsettings.h"
#include "documenttab.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchresultsview.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStackedWidget>
#include <QToolBar>

SearchController::SearchController(MainWindow *window) : QObject(window), m_window(window)
{
    m_toolBar = new QToolBar(tr("Find"), window);
    m_toolBar->setObjectName(QStringLiteral("searchToolBar"));
    m_toolBar->setMovable(false);
    m_stack = new QStackedWidget(m_toolBar);
    m_toolBar->addWidget(m_stack);
    m_toolBar->hide();
    window->addToolBar(Qt::BottomToolBarArea, m_toolBar);

    m_resultsView = new SearchResultsView;
    m_dock = new QDockWidget(tr("Search Results"), window);
    m_dock->setObjectName(QStringLiteral("searchResultsDock"));
    m_dock->setWidget(m_resultsView);
    m_dock->hide();
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);

    // Each tab has its own bar (pattern, results); the toolbar shows the current tab's.
    window->forEveryTab(this, [this](DocumentTab *tab) { addTab(tab); });
    connect(window, &MainWindow::currentDocumentChanged, this, &SearchController::showCurrent);

    QMenu *edit = window->menu(MainWindow::Menu::Edit);
    edit->addSeparator();
    QAction *find = edit->addAction(tr("&Find…"), this, [this] {
        m_toolBar->show();
        searchBar()->activate();
    });
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WindowShortcut);
    // Find Next / Previous go to the current bar's own actions (their keys, each once).
    SearchBar *first = searchBar();
    for (QAction *barAction : {first->findNextAction(), first->findPreviousAction()}) {
        const bool next = barAction == first->findNextAction();
        auto *action = new QAction(barAction->text(), this);
        action->setShortcuts(barAction->shortcuts());
        action->setShortcutContext(barAction->shortcutContext());
        connect(action, &QAction::triggered, this, [this, next] {
            m_toolBar->show();
            SearchBar *bar = searchBar();
            (next ? bar->findNextAction() : bar->findPreviousAction())->trigger();
        });
        edit->addAction(action);
    }
    QAction *results = m_dock->toggleViewAction();
    results->setText(tr("Search &Results"));
    window->menu(MainWindow::Menu::View)->addAction(results);

    // Moving through the list moves the view; Enter or a double click also goes to the view.
    connect(m_resultsView, &SearchResultsView::currentRowChanged, this, [this](int row) { searchBar()->goToResult(row); });
    connect(m_resultsView, &SearchResultsView::resultActivated, this, [this](int row) {
        searchBar()->goToResult(row);
        m_window->lineView()->setFocus();
    });
    showCurrent();
}

SearchBar *SearchController::searchBar() const
{
    return barOf(m_window->currentTab());
}

SearchBar *SearchController::barOf(const DocumentTab *tab)
{
    return tab ? qobject_cast<SearchBar *>(tab->attachment(&staticMetaObject)) : nullptr;
}

void SearchController::addTab(DocumentTab *tab)
{
    auto *bar = new SearchBar(tab->document(), tab->lineModel(), tab->lineView(), m_stack);
    tab->attach(&staticMetaObject, bar);
    m_stack->addWidget(bar);
    bar->setHistory(m_window->settings().searchHistory());
    connect(bar, &SearchBar::historyChanged, this, [this](const QStringList &history) {
        m_window->settings().setSearchHistory(history);
        for (DocumentTab *other : m_window->tabs())
            if (SearchBar *otherBar = barOf(other); otherBar && otherBar->history() != history)
                otherBar->setHistory(history);
    });
    connect(bar, &SearchBar::closeRequested, this, &SearchController::closeBar);
    connect(bar->resultsModel(), &QAbstractItemModel::rowsInserted, this, [this, bar] {
        if (bar == searchBar() && !m_dock->isVisible() && m_toolBar->isVisible())
            m_dock->show();
    });
}

void SearchController::showCurrent()
{
    SearchBar *bar = searchBar();
    if (!bar)
        return;
    m_stack->setCurrentWidget(bar);
    m_resultsView->setModel(bar->resultsModel());
}

void SearchController::closeBar()
{
    searchBar()->clear();
    m_toolBar->hide();
    m_dock->hide();
    m_window->lineView()->setFocus();
}
