#include "searchcontroller.h"

#include "appsettings.h"
#include "linemodel.h"
#include "lineview.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchresultsview.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

SearchController::SearchController(MainWindow *window) : QObject(window), m_window(window)
{
    m_bar = new SearchBar(window->document(), window->lineModel(), window->lineView(), window);
    m_bar->setHistory(window->settings().searchHistory());
    connect(m_bar, &SearchBar::historyChanged, this,
            [this](const QStringList &history) { m_window->settings().setSearchHistory(history); });
    m_toolBar = new QToolBar(tr("Find"), window);
    m_toolBar->setObjectName(QStringLiteral("searchToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->addWidget(m_bar);
    m_toolBar->hide();
    window->addToolBar(Qt::BottomToolBarArea, m_toolBar);

    m_resultsView = new SearchResultsView;
    m_resultsView->setModel(m_bar->resultsModel());
    m_dock = new QDockWidget(tr("Search Results"), window);
    m_dock->setObjectName(QStringLiteral("searchResultsDock"));
    m_dock->setWidget(m_resultsView);
    m_dock->hide();
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);

    QMenu *edit = window->menu(MainWindow::Menu::Edit);
    edit->addSeparator();
    QAction *find = edit->addAction(tr("&Find…"), m_bar, [this] {
        m_toolBar->show();
        m_bar->activate();
    });
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WindowShortcut);
    for (QAction *action : {m_bar->findNextAction(), m_bar->findPreviousAction()}) {
        edit->addAction(action);
        connect(action, &QAction::triggered, m_toolBar, &QWidget::show);
    }
    QAction *results = m_dock->toggleViewAction();
    results->setText(tr("Search &Results"));
    window->menu(MainWindow::Menu::View)->addAction(results);

    connect(m_bar, &SearchBar::closeRequested, this, &SearchController::closeBar);
    // Moving through the list moves the view; Enter or a double click also goes to the view.
    connect(m_resultsView, &SearchResultsView::currentRowChanged, m_bar, &SearchBar::goToResult);
    connect(m_resultsView, &SearchResultsView::resultActivated, this, [this](int row) {
        m_bar->goToResult(row);
        m_window->lineView()->setFocus();
    });
    connect(m_bar->resultsModel(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_dock->isVisible() && m_toolBar->isVisible())
            m_dock->show();
    });
}

void SearchController::closeBar()
{
    m_bar->clear();
    m_toolBar->hide();
    m_dock->hide();
    m_window->lineView()->setFocus();
}
