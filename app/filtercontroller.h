#pragma once

#include <QObject>
#include <QPointer>

class DocumentTab;
class FilterBar;
class LineSet;
class MainWindow;
class QAction;
class QDockWidget;

// Wires the line filter into the window: View > Filter Lines… (Ctrl+Shift+F) shows the Filter
// dock (a FilterBar) for the current tab; View > Filter On (Ctrl+Shift+H) turns its rules on and
// off, the cursor staying on its line; File > Save Visible Lines As… writes the lines the view
// shows; the dock's Apply to File… rewrites the file to them (BulkEditController). The dock
// always shows the current tab's rules and how far its filter has got.
class FilterController : public QObject {
    Q_OBJECT
public:
    explicit FilterController(MainWindow *window);

    FilterBar *filterBar() const { return m_bar; }
    QDockWidget *dock() const { return m_dock; }
    QAction *filterOnAction() const { return m_onAction; }

    // Writes `lines` of the current tab's file (nullptr: every line) to a file the user picks,
    // a chunk per turn of the event loop with a progress dialog; `what` names them in the dialog.
    // Returns at once (false if nothing was started). For tests, `path` skips the file dialog.
    static bool saveLines(MainWindow *window, const LineSet *lines, const QString &what, const QString &path = {});

private:
    void showCurrent();
    void updateStatus();

    MainWindow *m_window;
    FilterBar *m_bar;
    QDockWidget *m_dock;
    QAction *m_onAction;
    QAction *m_saveAction;
    QPointer<DocumentTab> m_tab;
};
