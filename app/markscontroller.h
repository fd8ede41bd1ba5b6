#pragma once

#include <QObject>
#include <QPointer>

class DocumentTab;
class MainWindow;
class MarksView;
class QAction;
class QDockWidget;

// Wires marks into the window: Go > Toggle Mark (Ctrl+M; also a click in the line numbers), Next
// Mark (Ctrl+.) and Previous Mark (Ctrl+,), wrapping around; View > Marks, a dock listing the
// current tab's marked lines with their text (a click goes there); View > Show Only Marked Lines;
// Edit > Copy Marked Lines and File > Save Marked Lines As…; Go > Clear Marks. Marks belong to
// the tab (DocumentTab::marks()), follow Tome's own edits and are kept in the session.
class MarksController : public QObject {
    Q_OBJECT
public:
    explicit MarksController(MainWindow *window);

    MarksView *marksView() const { return m_view; }
    QDockWidget *dock() const { return m_dock; }

    void toggleMark();
    // Moves the cursor to the next (or previous) marked line that the view shows.
    void goToMark(bool next);
    void copyMarkedLines();

private:
    void showCurrent();
    void refreshList();

    MainWindow *m_window;
    MarksView *m_view;
    QDockWidget *m_dock;
    QAction *m_onlyMarked;
    QPointer<DocumentTab> m_tab;
    bool m_refreshScheduled = false;
};
