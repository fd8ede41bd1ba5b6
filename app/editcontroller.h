#pragma once

#include "bulkeditor.h"
#include "fileeditor.h"
#include "textposition.h"
#include "undoorder.h"

#include <QObject>
#include <QPointer>
#include <QString>

class DocumentTab;
class EditDialog;
class MainWindow;
class QAction;
class QProgressDialog;
class QTimer;

// Wires editing into the main window: File > New (Ctrl+N), Edit > Edit Line… (F2, or Enter in
// the view), Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z) of the edits made in this window, through a
// FileEditor on the window's document. Actions are off, with the reason as tooltip and status
// tip, when the file cannot be edited (read-only, UTF-16, a rewrite running).
//
// After an in-place edit the edited rows are repainted from the live mapping; after a rewrite (or
// an edit that moved a line break) the document is reloaded and the cursor kept on its line.
// When the file changed on disk, the edit is refused and a Reload is offered.
class EditController : public QObject {
    Q_OBJECT
public:
    explicit EditController(MainWindow *window);

    // The current tab's editor (each tab has its own undo history); nullptr before any tab.
    FileEditor *editor() const;
    static FileEditor *editorOf(const DocumentTab *tab);

    // Opens the edit dialog on a 0-based line (the cursor's by default), or on the byte range
    // [start, end) — e.g. an inspector's selection. The edit is prepared (FileEditor::prepare)
    // when the dialog opens; while it is open the file is rechecked on every Document change and
    // twice a second, and a dialog whose file changed says why, with Apply off and the text kept.
    void editLine(qint64 lineNumber);
    void editCurrentLine();
    void editRange(qint64 start, qint64 end);
    // Asks for the first text and a place, creates the file and opens it.
    void newFile();
    // Creates `path` holding `bytes` and opens it; false (and a message shown) on failure.
    bool createAndOpen(const QString &path, const QByteArray &bytes);

    // Why editing is off now; empty when it is on.
    QString disabledReason() const;
    EditDialog *dialog() const;
    // Rechecks an open dialog against the file on disk now (the follower saw a change).
    void recheckDialog();
    // "Edit Line 4", "Replace 3 Bytes": what an undo or redo step is, for its action's text.
    static QString stepName(const FileEditor::Edit &edit);

    // Applies a prepared edit as the edit dialog's Apply does (an undo step of its own; a rewrite
    // shows its progress): Replace in the find bar.
    FileEditor::Result applyEdit(const FileEditor::Prepared &prepared, const QByteArray &newBytes);
    // A tab's bulk edits (BulkEditController) join its Undo / Redo in the order the steps were
    // made: Undo takes back the latest step of either kind. Their writes are announced through the
    // tab's FileEditor (writing, ownWrite), so that listeners know them for Tome's own.
    void attachBulkEditor(DocumentTab *tab, BulkEditor *bulk);

signals:
    // A tab got its editor (others listen to its writes: the follower, the inspector).
    void editorCreated(DocumentTab *tab, FileEditor *editor);

private:
    using Request = UndoOrder::Request;
    void recordEdit(FileEditor *editor, const FileEditor::Result &result);
    void recordBulk(FileEditor *editor, const BulkEditor::Result &result);
    void addTab(DocumentTab *tab);
    void rememberPlace(qint64 editOffset);
    void openDialog(const FileEditor::Prepared &prepared, const QString &what, bool multiLine);
    void apply(const QByteArray &newBytes);
    void onStarted(FileEditor::Mode mode);
    void onFinished(const FileEditor::Result &result);
    void showInView(const FileEditor::Result &result);
    void offerReload(const QString &message);
    void undoOrRedo(bool undo);
    void updateActions();
    void say(const QString &message);

    MainWindow *m_window;
    QPointer<FileEditor> m_dialogEditor; // the editor the open dialog prepared with
    QAction *m_newAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_enterAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QPointer<EditDialog> m_dialog;
    QPointer<QProgressDialog> m_progress;
    FileEditor::Prepared m_prepared;
    QTimer *m_recheck = nullptr;
    TextPosition m_keepCursor;
    qint64 m_keepLine = 0;       // the cursor's line (0-based) when an edit started
    qint64 m_editFirstLine = -1; // the first line the edit touches
    qint64 m_copyBytesPerSecond = FileEditor::assumedCopyBytesPerSecond();
    UndoOrder m_order;
    QPointer<FileEditor> m_requestEditor; // the editor asked for m_request, until it finishes
    Request m_request = Request::New;
};
