#pragma once

#include "bulkoperation.h"
#include "bulktransform.h"
#include "fileidentity.h"
#include "fileversions.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

class Document;

// Bulk edits of the file of an open Document (Replace All, Keep/Delete Matching Lines, a filter
// applied to the file), with their own undo and redo, on a worker thread owned by this object.
//
// count() runs BulkRewriter::count() and emits counted(); apply() runs BulkRewriter::run() against
// the identity the Document had when the edit was asked for (refused, ChangedOnDisk, if the file
// changed since), then reloads the Document. With keepForUndo the previous version is kept as a
// hidden file beside it (FileVersions: a second name for the old file, else a reflink or a copy)
// and the edit becomes an undo step; undoCost() says beforehand what that takes. undo() puts the
// kept version back by an atomic rename, keeping the current one the same way for redo(); both
// are refused when the file is not what the step left (another program, or an edit the caller
// did not report through setUndoStart()/setRedoStart()). Kept versions are deleted when no step
// needs them any more (a new edit drops the redo steps, clearHistory(), another file opened, the
// destructor); a crash leaves them to FileVersions::removeStale() at the next open.
//
// One task at a time; started() when it begins, progress() while it runs, then counted() or
// finished() on this object's thread. cancel() stops a count or a rewrite (the file unchanged).
// writing()/ownWrite() tell a follower which changes of the file are ours.
//
// Thread-safety: owner thread only. The destructor cancels and joins the worker.
class BulkEditor : public QObject {
    Q_OBJECT
public:
    enum class Task { Count, Apply, Undo, Redo };
    Q_ENUM(Task)
    enum class Status {
        Done,
        Unchanged,     // nothing matched: the file was not touched
        Cancelled,
        ChangedOnDisk, // refused: the file is not what was seen
        Refused,       // no file, read-only, busy, an invalid pattern
        Failed,        // tried and failed: the file is unchanged
    };
    Q_ENUM(Status)

    struct Result {
        Task task = Task::Count;
        Status status = Status::Done;
        QString message;     // for the user when not Done / Unchanged
        QString name;        // the step's name ("Replace All")
        BulkTransform::Counts counts;
        qint64 oldSize = 0;
        qint64 newSize = 0;
        FileIdentity seen;   // the file counted or edited
        FileIdentity produced; // the file after an edit, undo or redo
        bool undoable = false; // the step can be undone (its previous version is kept)
        std::vector<std::optional<qint64>> tracked; // an edit: BulkRewriter::Result::tracked
        qint64 milliseconds = 0;
    };

    struct UndoCost {
        bool possible = false;
        bool copies = false;  // the previous version is copied (else it is kept as it is)
        qint64 bytes = 0;     // disk space the kept version holds while the step can be undone
        QString text;         // what the user is told before applying
    };

    explicit BulkEditor(Document *document, QObject *parent = nullptr);
    ~BulkEditor() override;

    Document *document() const;
    // Why the open file cannot be edited now; empty when it can.
    QString readOnlyReason() const;
    bool isBusy() const { return m_worker != nullptr; }

    // Compiles `operation` for the open file (its encoding replaces the options'); nullptr and
    // *error when it cannot run.
    std::shared_ptr<const BulkTransform> compile(BulkOperation operation, QString *error) const;
    // What keeping the open file's previous version would take for an edit that makes it
    // `newSize` bytes. A stat, a hard link made and removed.
    UndoCost undoCost(qint64 newSize) const;

    void count(const BulkOperation &operation);
    // `seen`: the file as the user saw it (the count's Result::seen); size < 0: the Document's.
    // `trackedOffsets`: line starts whose lines the caller follows (BulkRewriter::Plan).
    void apply(const BulkOperation &operation, const QString &name, bool keepForUndo,
               const std::optional<FileIdentity> &seen = std::nullopt, qint64 newSizeHint = -1,
               const std::vector<qint64> &trackedOffsets = {});
    void cancel();

    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
    QString undoName() const { return m_undo.empty() ? QString() : m_undo.back().name; }
    QString redoName() const { return m_redo.empty() ? QString() : m_redo.back().name; }
    void undo();
    void redo();
    // Another editor changed the file since this history's last step: the next undo (redo)
    // starts from `now`.
    void setUndoStart(const FileIdentity &now);
    void setRedoStart(const FileIdentity &now);
    // Drops the redo steps (a new edit was made elsewhere) / every step; their kept versions go.
    void clearRedo();
    void clearHistory();

signals:
    void started(BulkEditor::Task task);
    void progress(qint64 done, qint64 total);
    void counted(const BulkEditor::Result &result);
    void finished(const BulkEditor::Result &result);
    void historyChanged();
    void writing(bool running);
    void ownWrite(const FileIdentity &produced);

private:
    struct Step {
        QString name;
        FileVersions::Kept kept; // the version the step puts back
        FileIdentity start;      // the file must be this to take the step
    };
    struct Outcome;
    bool refuse(Task task, const QString &name);
    void launch(Task task, std::function<Outcome(const std::function<bool(qint64, qint64)> &)> job);
    void onDone(Task task, const Outcome &outcome);
    void swap(bool undo);
    static void discard(std::vector<Step> &steps);

    QPointer<Document> m_document;
    QString m_historyPath;
    std::vector<Step> m_undo;
    std::vector<Step> m_redo;
    std::unique_ptr<std::thread> m_worker;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};
