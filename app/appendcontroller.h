#pragma once

#include "appender.h"

#include <QObject>

class AppendPanel;
class MainWindow;
class QDockWidget;

// Wires the "Append words" feature into the main window: Edit > Append Words… (Ctrl+Shift+A)
// shows the AppendPanel dock; its requests go to an Appender on the window's document, whose
// result (or error) the panel shows. If the view showed the end of the file before an append,
// it shows the new end afterwards.
class AppendController : public QObject {
    Q_OBJECT
public:
    explicit AppendController(MainWindow *window);

    AppendPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }

    // The current tab's appender (each tab keeps its own, with its file open between appends).
    Appender *appender() const;

private:
    void showPanel();
    void append(const QString &text, Appender::Splitting splitting);
    void updateEnabled();

    MainWindow *m_window;
    AppendPanel *m_panel;
    QDockWidget *m_dock;
};
