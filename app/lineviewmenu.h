#pragma once

#include "textposition.h"

#include <QObject>
#include <QPoint>

#include <optional>
#include <utility>

class MainWindow;
class QAction;
class QMenu;

// The line view's context menu (right click, and the Menu key / Shift+F10): Copy, Select All,
// Edit Line…, Replace Selection…, Inspect Selection, Find Selection. Built here, in app/, on the
// view's customContextMenuRequested; the actions go to the features that own them (the view,
// EditController, the slice inspector, the search bar), each off with a reason when it cannot run.
//
// Replace Selection edits the bytes of the selection (any range, across lines) in the edit
// dialog; Find Selection searches the selected text as a literal (its first line, since matches
// never span lines). GUI thread.
class LineViewMenu : public QObject {
    Q_OBJECT
public:
    explicit LineViewMenu(MainWindow *window);

    // Builds the menu for the current state (for the right click and for tests); `at`: the point
    // of the viewport clicked (the word there is the one highlight rules offer).
    QMenu *buildMenu(QWidget *parent, std::optional<QPoint> at = std::nullopt);
    // The selection as file bytes [start, end); nullopt without a selection.
    std::optional<std::pair<qint64, qint64>> selectedBytes() const;

    void replaceSelection();
    void inspectSelection();
    void findSelection();

private:
    void showMenu(const QPoint &at);

    MainWindow *m_window;
};
