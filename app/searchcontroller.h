#pragma once

#include <QObject>

class MainWindow;
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

    SearchBar *searchBar() const { return m_bar; }

private:
    void closeBar();

    MainWindow *m_window;
    QToolBar *m_toolBar = nullptr;
    SearchBar *m_bar = nullptr;
    QDockWidget *m_dock = nullptr;
    SearchResultsView *m_resultsView = nullptr;
};
