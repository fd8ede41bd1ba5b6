#pragma once

#include <QObject>

class MainWindow;
class SliceInspector;
class SliceInspectorLink;

// Wires the slice inspector into the main window: a dock on the right (hidden at first; its place
// is remembered with the window state), "Slice Inspector" in the View menu (Ctrl+I toggles it),
// and the two-way link between its range and the line view's selection.
class InspectorController : public QObject {
    Q_OBJECT
public:
    explicit InspectorController(MainWindow *window);

    SliceInspector *inspector() const { return m_inspector; }

private:
    SliceInspector *m_inspector = nullptr;
    SliceInspectorLink *m_link = nullptr;
};
