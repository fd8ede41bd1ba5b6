#pragma once

#include "fileidentity.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class Document;
class QFileSystemWatcher;

// Follows the file of an open Document as another program changes it, like `tail -F`.
//
// A QFileSystemWatcher on the file and its folder is only a hint (it may miss events, and drops
// a path that was renamed or deleted); a stat() poll every pollInterval() (200 ms by default) is
// the truth, so a change is seen within one interval. Each check compares what the path names now
// with what the document has mapped: its FileIdentity (device + inode, size, mtime) and a digest
// of the first and last kDigestBytes of the mapped bytes, and classifies:
//   Grew      same file, larger, the digest of the already-indexed bytes unchanged
//             → Document::refresh(): remap, index the new bytes only
//   Truncated same file, smaller (including emptied)           → reload
//   Replaced  the path names another file (rotation: rename + recreate; or a deleted file that
//             came back)                                       → reload the new file
//   Rewritten same file, same size or larger, but the digest of the indexed start/end changed
//             (or the index failed because the file shrank and regrew under it) → reload
//   Deleted   the path is gone. The document is left as it is: on Unix the mapping of a
//             deleted file stays valid, so what is shown remains readable; the UI should say the
//             file is gone. Checks go on; if the path comes back, that is Replaced.
// An mtime change with the same size and digest (touch, or our own append already refreshed)
// is no event. Reading the digest goes through the guarded mapping: a truncation that lands in
// the middle of a check makes it fail, and the next check sees the smaller file.
//
// Tome's own writes are not events: a writer says when it is writing (setOwnWriteRunning: no
// checks meanwhile, so a rename that is ours is never taken for a rotation) and what it left
// (expectOwnWrite: a file at the path with exactly that identity is ours; the baseline is taken
// from it and nothing is announced). Anything else — another identity — is classified as usual.
//
// aboutToReload(event) comes right before a reload (Truncated, Replaced, Rewritten) so a view
// can remember its position; changed(event) after the event was handled. After changed(Grew)
// the index extension may still run in the background (Document::lineCountChanged follows).
//
// Thread-safety: owner (GUI) thread only; the work per check is a stat() and two 4 KiB reads,
// plus the reload or extension the event calls for.
class FileFollower : public QObject {
    Q_OBJECT
public:
    enum class Event { Grew, Truncated, Replaced, Rewritten, Deleted };
    Q_ENUM(Event)

    static constexpr qint64 kDigestBytes = 4096;
    static constexpr int kDefaultPollMs = 200;

    explicit FileFollower(Document *document, QObject *parent = nullptr);
    ~FileFollower() override;

    // Starts or stops watching the document's current path (following a reopened path too).
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void setPollInterval(int ms);
    int pollInterval() const { return m_poll.interval(); }

    // The path is gone (a Deleted event came and it has not come back).
    bool isFileGone() const { return m_gone; }
    // Checks now; returns the event it found and handled, if any.
    std::optional<Event> checkNow();
    // See the class comment: our own writes.
    void setOwnWriteRunning(bool running) { m_ownWriteRunning = running; }
    void expectOwnWrite(const FileIdentity &produced) { m_ownWrite = produced; }

    static QString eventName(Event event); // "grew", "truncated", … (as tome-bench prints them)

signals:
    void aboutToReload(FileFollower::Event event);
    void changed(FileFollower::Event event);
    // Checks began or ended (setActive); for the UI's "following" indicator.
    void activeChanged(bool active);

private:
    struct Baseline {
        FileIdentity identity;
        QByteArray digest;
        bool valid = false;
    };

    void scheduleCheck();
    void watchPath();
    void takeBaseline();
    QByteArray digestOfMapped(qint64 size) const;
    std::optional<Event> classify(const FileIdentity &atPath);
    void handle(Event event);

    QPointer<Document> m_document;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer m_poll;
    QTimer m_hint;
    Baseline m_baseline;
    QString m_watchedPath;
    bool m_active = false;
    bool m_gone = false;
    // What the path named when the document last failed to open it (a folder, no permission):
    // the document is opened again only when that changes.
    std::optional<FileIdentity> m_unopenable;
    bool m_checking = false;
    bool m_ownWriteRunning = false;
    std::optional<FileIdentity> m_ownWrite;
};
