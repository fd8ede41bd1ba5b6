#pragma once

#include <QObject>

class MainWindow;
class QAction;

// View > Wrap Lines (Alt+Z): soft wrap in the line view (LineView::setWrapLines), remembered in
// the settings and applied to whichever tab is current. GUI thread.
class WrapLinesController : public QObject {
    Q_OBJECT
public:
    explicit WrapLinesController(MainWindow *window);

    QAction *action() const { return m_action; }

private:
    void apply();

    MainWindow *m_window;
    QAction *m_action = nullptr;
};
