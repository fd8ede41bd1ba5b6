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
// Every edit first checks that the file is what the Document last saw (device, inode, size,
// modification time) and that the bytes to replace are the expected ones; otherwise it refuses
// (Status::ChangedOnDisk) and writes nothing. Failures (disk full, I/O error, read-only medium)
// end as Status::Failed with a sentence for the user, the file unchanged; no write goes through a
// mapping, so none can raise SIGBUS.
//
// undo() and redo() apply the inverse / the edit again through the same paths. A refused or
// failed undo keeps the history as it was.
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

    struct Edit {
        qint64 byteOffset = 0;
        QByteArray oldBytes;
        QByteArray newBytes;
        Edit inverse() const { return {byteOffset, newBytes, oldBytes}; }
    };

    struct Result {
        Status status = Status::Done;
        Mode mode = Mode::InPlace;
        QString message;       // for the user when not Done/Started
        Edit edit;             // what was (or was to be) applied
        bool reloaded = false; // the Document was reloaded afterwards
        qint64 milliseconds = 0;
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

    // Replaces [byteOffset, byteOffset + oldLength) by newBytes (see the class comment).
    Result replace(qint64 byteOffset, qint64 oldLength, const QByteArray &newBytes);
    // Replaces the text of a 0-based line (its ending kept). An empty document has one empty line 0.
    Result replaceLine(qint64 lineNumber, const QByteArray &newText);
    // Stops a running rewrite (the file stays as it was). Returns at once; finished() follows.
    void cancel();

    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
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

private:
    enum class Kind { New, Undo, Redo };
    Result apply(const Edit &edit, Kind kind);
    Result writeInPlace(const Edit &edit);
    Result startRewrite(const Edit &edit, Kind kind);
    void onRewriteDone(const Result &result, Kind kind);
    void record(const Edit &edit, Kind kind);
    Result finish(Result result);

    QPointer<Document> m_document;
    std::vector<Edit> m_undo;
    std::vector<Edit> m_redo;
    EditJournal m_journal;
    std::unique_ptr<std::thread> m_worker;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};
