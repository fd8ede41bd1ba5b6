#pragma once

#include "textposition.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class AppSettings;
class Document;
class DocumentStatus;
class LineModel;
class LineView;
class QMenu;
class SyntaxSupport;

// The composition root: menus, actions, docks and the status bar around the line view.
// It owns the open document and wires model/ to widgets/; it does no file work itself.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr qint64 kMaxCopyBytes = 256 * 1024 * 1024;

    explicit MainWindow(AppSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens `path` (errors are shown in the window); with `line`, shows that 1-based line
    // as soon as the index reaches it.
    void openFile(const QString &path, std::optional<qint64> line = std::nullopt);
    void showWelcome();
    // Shows a 1-based line (waits for the index if it has not reached it yet).
    void goToLine(qint64 line);
    // Shows the line holding a byte offset, with the cursor on that byte.
    bool goToOffset(qint64 byteOffset);
    // The open file's path is gone (deleted, or renamed away): the title says so until a file is
    // opened again, and File > Reload asks before it discards the copy still shown.
    void setFileGone(bool gone);
    bool isFileGone() const { return m_fileGone; }
    // File > Reload: opens the same path again; asks first when the file is gone.
    void reloadFile();

    // The file's exact text between two view positions (line endings included), as Ctrl+C copies it.
    // From the start of the first row to the end of the last (Select All): the whole file, its
    // final line ending included; UTF-16 is decoded (without its byte order mark).
    QString exactText(TextPosition from, TextPosition to) const;

    // The menus that feature controllers add their actions to.
    enum class Menu { File, Edit, Go, View, Help };
    QMenu *menu(Menu which) const;

    // Tome's icon, from whichever of its image files this Qt can read.
    static QIcon applicationIcon();

    Document *document() const { return m_document.get(); }
    LineModel *lineModel() const { return m_model; }
    LineView *lineView() const { return m_lineView; }
    AppSettings &settings() const { return m_settings; }

signals:
    // The first complete screen of the current content (lines, an error, the welcome text)
    // has been painted.
    void firstScreenShown();
    // The current tab changed: document(), lineModel() and lineView() name other objects now.
    // Controllers that act on the current file re-read them here and keep no pointer across it.
    void currentDocumentChanged();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void rebuildRecentMenu();
    void showAbout();
    void updateTitle();
    void updateReloadEnabled();
    void openDialog();
    void goToLineDialog();
    void goToOffsetDialog();
    void onOpened();
    void onFailed(const QString &message);
    void applyPendingLine();
    void onScreenPainted();

    AppSettings &m_settings;
    std::unique_ptr<Document> m_document;
    LineModel *m_model = nullptr;
    LineView *m_lineView = nullptr;
    DocumentStatus *m_status = nullptr;
    SyntaxSupport *m_syntax = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_reloadAction = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_goMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    std::optional<qint64> m_pendingLine;
    bool m_waitingForFirstScreen = true;
    bool m_fileGone = false;
    QString m_titlePath; // the file the title names
    bool m_indexFinished = false; // this document's indexFinished() has arrived (the model has every row)
};
