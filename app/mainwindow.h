#pragma once

#include "textposition.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class AppSettings;
class Document;
class DocumentStatus;
class DocumentTab;
class LineModel;
class LineView;
class QMenu;
class QTabWidget;
class SyntaxSupport;

// The composition root: menus, actions, docks and the status bar around the tabs, one
// DocumentTab per open file. Feature controllers act on the current tab (document(), lineModel(),
// lineView() name its objects; currentDocumentChanged() says when they change). It does no file
// work itself.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr qint64 kMaxCopyBytes = 256 * 1024 * 1024;

    explicit MainWindow(AppSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens `path` in a tab of its own (errors are shown in it), or switches to the tab that has
    // it open already; with `line`, shows that 1-based line as soon as the index reaches it.
    // A blank current tab (nothing opened in it) is reused.
    void openFile(const QString &path, std::optional<qint64> line = std::nullopt);
    // Opens several; the first becomes the current tab (with `line`).
    void openFiles(const QStringList &paths, std::optional<qint64> line = std::nullopt);
    void showWelcome();
    // Shows a 1-based line (waits for the index if it has not reached it yet).
    void goToLine(qint64 line);
    // Shows the line holding a byte offset, with the cursor on that byte.
    bool goToOffset(qint64 byteOffset);
    // The current file's path is gone (deleted, or renamed away): its tab and the title say so
    // until it is opened again, and File > Reload asks before it discards the copy still shown.
    void setFileGone(bool gone);
    bool isFileGone() const;
    // File > Reload: opens the same path again; asks first when the file is gone.
    void reloadFile();

    // The file's exact text between two view positions (line endings included), as Ctrl+C copies it.
    // From the start of the first row to the end of the last (Select All): the whole file, its
    // final line ending included; UTF-16 is decoded (without its byte order mark). With a filter,
    // the shown lines joined by line feeds.
    QString exactText(TextPosition from, TextPosition to) const;

    // The menus that feature controllers add their actions to.
    enum class Menu { File, Edit, Go, View, Help };
    QMenu *menu(Menu which) const;

    // Tome's icon, from whichever of its image files this Qt can read.
    static QIcon applicationIcon();

    DocumentTab *currentTab() const;
    QList<DocumentTab *> tabs() const;
    // Calls `add(tab)` for each open tab now and for each tab made later (tabCreated), while
    // `context` lives: how a controller gives every tab its per-tab objects.
    template<typename Add> void forEveryTab(QObject *context, Add add)
    {
        for (DocumentTab *tab : tabs())
            add(tab);
        connect(this, &MainWindow::tabCreated, context, add);
    }
    QTabWidget *tabWidget() const { return m_tabs; }
    // Closes a tab (the last one leaves a blank tab).
    void closeTab(DocumentTab *tab);
    // Restores the tabs of the last session (their files, positions, filters, marks).
    void restoreSession();

    Document *document() const;
    LineModel *lineModel() const;
    LineView *lineView() const;
    DocumentStatus *status() const { return m_status; }
    AppSettings &settings() const { return m_settings; }

signals:
    // The first complete screen of the current content (lines, an error, the welcome text)
    // has been painted.
    void firstScreenShown();
    // The current tab changed: document(), lineModel() and lineView() name other objects now.
    // Controllers that act on the current file re-read them here and keep no pointer across it.
    void currentDocumentChanged();
    // A tab was made (before it opens anything): controllers attach their per-tab objects.
    void tabCreated(DocumentTab *tab);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void rebuildRecentMenu();
    void showAbout();
    void updateTitle();
    void updateReloadEnabled();
    void openDialog();
    void goToLineDialog();
    void goToOffsetDialog();
    DocumentTab *newTab();
    DocumentTab *tabFor(const QString &path) const;
    void onCurrentChanged();
    void saveSession();

    AppSettings &m_settings;
    QTabWidget *m_tabs = nullptr;
    DocumentStatus *m_status = nullptr;
    SyntaxSupport *m_syntax = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_reloadAction = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_goMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QPointer<DocumentTab> m_shownTab; // the tab the status bar and the controllers follow
    bool m_closing = false;
};
