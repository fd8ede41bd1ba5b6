#pragma once

#include "editjournal.h"
#include "fileidentity.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

class Document;

// Edits the file of an open Document, with an undo/redo history of the edits made through it.
//
// An edit replaces the bytes [byteOffset, byteOffset + oldLength) by newBytes:
//  - same length → written in place (InPlace): recorded in the journal first (EditJournal, kept
//    open between edits, flushed), then a positioned write on a separate read-write descriptor (the
//    Document's read-only shared mapping shows the new bytes at once), then flushed (fdatasync /
//    F_FULLFSYNC / FlushFileBuffers): two flushes. Synchronous and O(length): finished() is emitted
//    before replace() returns. If the edit adds, removes or moves
//    a '\n', the Document is reloaded (its line index rebuilt; reloaded = true in the Result);
//    otherwise the index stays valid and only the edited rows need repainting.
//  - other length → the file is rewritten (Rewrite) by FileRewriter on a worker thread owned by
//    this object: progress() while it runs, cancel() to stop it, finished() on this object's thread
//    when it ends; the Document is then reloaded (the path names a new file).
//
// Edits are prepared, then applied. prepare() records what the user is shown: the offset, the
// bytes there and the identity of the file they were read from (device, inode, size, modification
// time). apply() writes only if, at the moment of writing, the file at the path is still that file
// (same identity) and the bytes it replaces are still the bytes the user saw (read from the file,
// not from the Document, which may have been reloaded onto another file meanwhile); otherwise it
// refuses (Status::ChangedOnDisk, the message says what changed: replaced, deleted, resized,
// modified, other bytes) and writes nothing. A refused edit leaves the Prepared edit and the typed
// bytes with the caller, who keeps them. staleReason() asks the same question without writing, for
// a dialog that must say at once that its file changed. Failures (disk full, I/O error, read-only
// medium) end as Status::Failed with a sentence for the user, the file unchanged; no write goes
// through a mapping, so none can raise SIGBUS.
//
// Within one tick of the file system's clock, a same-size change elsewhere in the file by
// another program cannot be told from no change; the bytes of the range itself are always checked.
//
// undo() and redo() apply the inverse / the edit again through the same paths, each prepared
// against the identity the file had right after the step it undoes or redoes: after a change by
// another program they refuse (ChangedOnDisk) and keep the history as it was. ownWrite() tells a
// follower the identity each of our writes produced, so it can tell our changes from others'.
//
// Thread-safety: owner thread only. The destructor cancels and joins a running rewrite.
class FileEditor : public QObject {
    Q_OBJECT
public:
    enum class Mode { InPlace, Rewrite };
    Q_ENUM(Mode)
    enum class Status {
        Done,
        Started,       // a rewrite is running; finished() follows
        ChangedOnDisk, // refused: the file is not what Tome last read; reload it
        Refused,       // refused for another reason (read-only, busy, range outside the file)
        Failed,        // tried and failed; the file is unchanged
        Cancelled,
    };
    Q_ENUM(Status)

    // The range as the user saw it: where, its bytes, and the file they were read from.
    // error non-empty: nothing could be prepared (no file, range outside the file, unreadable).
    struct Prepared {
        qint64 byteOffset = 0;
        QByteArray oldBytes;
        FileIdentity seen;
        QString error;
        qint64 lineNumber = -1; // the 0-based line whose text this is (prepareLine), -1 for a range
        bool isValid() const { return error.isEmpty(); }
    };

    struct Edit {
        qint64 byteOffset = 0;
        QByteArray oldBytes;
        QByteArray newBytes;
        FileIdentity expected = {}; // the file must be exactly this when the edit is written
        qint64 lineNumber = -1;     // as in Prepared: for naming the step ("Edit Line 4")
    };

    struct Result {
        Status status = Status::Done;
        Mode mode = Mode::InPlace;
        QString message;       // for the user when not Done/Started
        Edit edit;             // what was (or was to be) applied
        bool reloaded = false; // the Document was reloaded afterwards
        qint64 milliseconds = 0;
        FileIdentity produced = {}; // the file's identity right after our write (Done)
    };

    explicit FileEditor(Document *document, QObject *parent = nullptr);
    ~FileEditor() override;

    static Mode modeFor(qint64 oldLength, qint64 newLength)
    {
        return oldLength == newLength ? Mode::InPlace : Mode::Rewrite;
    }

    // Why the open file cannot be edited now (no file, no write permission, read-only medium, a
    // rewrite running); empty when it can.
    QString readOnlyReason() const;
    bool isBusy() const { return m_worker != nullptr; }
    // Whether the file on disk is no longer what the Document last saw (an edit would be refused).
    bool isChangedOnDisk() const;
    // Whether the path no longer names a file (deleted, or renamed away and not recreated).
    bool isFileDeleted() const;

    // Reads [byteOffset, byteOffset + length) from the Document and the identity it was read from.
    Prepared prepare(qint64 byteOffset, qint64 length) const;
    // The text of a 0-based line (its ending excluded). An empty document has one empty line 0.
    Prepared prepareLine(qint64 lineNumber) const;
    // Why applying `prepared` would be refused now (file replaced, deleted, resized, modified, other
    // bytes in the range); empty when it would be written. A stat and a read of the range.
    QString staleReason(const Prepared &prepared) const;
    // Replaces the prepared range by newBytes (see the class comment).
    Result apply(const Prepared &prepared, const QByteArray &newBytes);

    // prepare() + apply() in one step, for tools and tests: the bytes are checked, the identity is
    // the Document's.
    Result replace(qint64 byteOffset, qint64 oldLength, const QByteArray &newBytes);
    Result replaceLine(qint64 lineNumber, const QByteArray &newText);
    // Stops a running rewrite (the file stays as it was). Returns at once; finished() follows.
    void cancel();

    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
    // The step undo() / redo() would take back or do again (valid only when canUndo / canRedo).
    Edit undoStep() const { return m_undo.empty() ? Edit{} : m_undo.back().edit; }
    Edit redoStep() const { return m_redo.empty() ? Edit{} : m_redo.back(); }
    Result undo();
    Result redo();
    // Forgets the history (a different file was opened).
    void clearHistory();

    // For the rewrite estimate: bytes per second copied (a conservative default until measured).
    static qint64 assumedCopyBytesPerSecond() { return qint64(1) << 30; }

signals:
    void progress(qint64 doneBytes, qint64 totalBytes);
    void finished(const FileEditor::Result &result);
    void historyChanged();
    // A write of ours begins (a rewrite: true until finished) and what it left on disk.
    void writing(bool running);
    void ownWrite(const FileIdentity &produced);

private:
    enum class Kind { New, Undo, Redo };
    struct Step {
        Edit edit;          // as applied
        FileIdentity after; // what the file was right after it
    };
    QString changeReason(const FileIdentity &expected, const FileIdentity &now) const;
    Result applyEdit(const Edit &edit, Kind kind);
    Result writeInPlace(const Edit &edit);
    Result startRewrite(const Edit &edit, Kind kind);
    void onRewriteDone(const Result &result, Kind kind);
    void record(const Result &result, Kind kind);
    Result finish(Result result);

    QPointer<Document> m_document;
    std::vector<Step> m_undo;
    std::vector<Edit> m_redo; // expected: the identity after the undo that put it here
    EditJournal m_journal;
    std::unique_ptr<std::thread> m_worker;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};
