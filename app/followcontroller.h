#pragma once

#include "filefollower.h"

#include <QObject>

#include <optional>

class MainWindow;
class QAction;
class QToolButton;

// Follows the open file as other programs change it (FileFollower, always on while a file is
// open) and wires that into the window: View > Follow End (also a status-bar button), like
// `tail -f`, keeps the last line in view while the file grows; a view that showed the end keeps
// showing it after growth even without it. Truncation, rotation, rewriting and deletion are said
// in the status bar; after a reload the view goes back to the line it showed when that line still
// exists (or to the end when following). A deleted file stays on screen from its mapping, which
// remains readable on Unix, and the status bar says that it is gone.
class FollowController : public QObject {
    Q_OBJECT
public:
    explicit FollowController(MainWindow *window);

    FileFollower *follower() { return &m_follower; }
    QAction *followAction() const { return m_followAction; }

private:
    bool isAtEnd() const;
    void scrollToEnd();
    void onAboutToReload(FileFollower::Event event);
    void onChanged(FileFollower::Event event);
    void restorePosition();

    MainWindow *m_window;
    FileFollower m_follower;
    QAction *m_followAction;
    QToolButton *m_followButton;
    bool m_endAfterIndex = false;
    std::optional<int> m_restoreRow; // first visible row to go back to after a reload
    int m_restoreCursorRow = 0;
};
