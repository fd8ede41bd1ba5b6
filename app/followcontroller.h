#pragma once

#include "filefollower.h"

#include <QObject>

#include <optional>

class DocumentTab;
class MainWindow;
class QAction;
class QToolButton;

// Follows every open file as other programs change it (a FileFollower per tab, always on while
// its file is open) and wires that into the window: View > Follow End (also a status-bar button),
// like `tail -f`, keeps the last line of the current tab in view while the file grows (each tab
// remembers its own choice); a view that showed the end keeps showing it after growth even
// without it. Truncation, rotation, rewriting and deletion are said in the status bar (a tab
// not shown says "(changed)" or "(deleted)" in its title until it is); after a reload the view
// goes back to the line it showed when that line still exists (or to the end when following). A
// deleted file stays on screen from its mapping, which remains readable on Unix, and the status
// bar says that it is gone.
class FollowController : public QObject {
    Q_OBJECT
public:
    explicit FollowController(MainWindow *window);

    // The current tab's follower.
    FileFollower *follower();
    static FileFollower *followerOf(const DocumentTab *tab);
    QAction *followAction() const { return m_followAction; }

private:
    struct TabState;
    void addTab(DocumentTab *tab);
    static TabState *stateOf(const DocumentTab *tab);
    static bool isAtEnd(const DocumentTab *tab);
    static void scrollToEnd(DocumentTab *tab);
    void onAboutToReload(DocumentTab *tab);
    void onChanged(DocumentTab *tab, FileFollower::Event event);
    static void restorePosition(DocumentTab *tab);

    MainWindow *m_window;
    QAction *m_followAction;
    QToolButton *m_followButton;
};
