#pragma once

#include <QObject>

class DocumentTab;
class MainWindow;
class QStackedWidget;
class QDockWidget;
class QToolBar;
class SearchBar;
class SearchResultsView;

// Wires search into the main window: Edit ▸ Find (Ctrl+F), Find Next (F3), Find Previous
// (Shift+F3); the SearchBar in a toolbar at the bottom of the window, hidden until Find; the
// results pane (every matching line) as a dock that opens with the first search. The search
// history is kept in the settings.
class SearchController : public QObject {
    Q_OBJECT
public:
    explicit SearchController(MainWindow *window);

    // The current tab's bar (each tab has its own pattern, results and highlights).
    SearchBar *searchBar() const;
    static SearchBar *barOf(const DocumentTab *tab);

private:
    void addTab(DocumentTab *tab);
    void showCurrent();
    void closeBar();

    MainWindow *m_window;
    QToolBar *m_toolBar = nullptr;
    QStackedWidget *m_stack = nullptr;
    QDockWidget *m_dock = nullptr;
    SearchResultsView *m_resultsView = nullptr;
};
