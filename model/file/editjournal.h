#pragma once

#include "fileidentity.h"

#include <QByteArray>
#include <QString>

#include <optional>

// The undo record of an in-place write, kept beside the file as ".NAME.tome-journal". An in-place
// write cannot be atomic; the journal makes its outcome all-or-nothing at the next open.
//
// Protocol (FileEditor, through an EditJournal object that keeps the journal open between edits):
// begin() writes the record (old and new bytes) and flushes it (the first time also the folder, so
// the journal's name is durable) → the new bytes are written into the file and flushed → commit()
// empties the journal (no flush needed: see below). close() deletes it when the document closes.
// Two flushes per edit, whatever the file's size.
//
// recover() settles a journal found at open, leaving the file old or new, never mixed:
//  - empty, torn or corrupt journal: no write was under way (the record is flushed before the
//    data write begins); the journal is deleted (Discarded);
//  - the range holds the old bytes: the write never landed (Discarded);
//  - it holds all the new bytes: the write landed; it is flushed and kept (Completed). This is
//    also why commit() need not flush: a commit lost in a crash finds the new bytes here;
//  - a mix of old and new bytes: the interrupted write is undone, the old bytes written back and
//    flushed (RolledBack);
//  - anything else (another file at the path, other bytes, too short): someone else changed the
//    file; it is left alone (Stale);
//  - the record's writer (its process id, not ours) is still running: nothing is touched
//    (InProgress).
// Format: "TOMEJNL1", little-endian u64 offset, old length, new length, device, inode, pid, then
// the old and the new bytes, then the first 8 bytes of the SHA-256 of everything before them.
//
// Thread-safety: the statics are reentrant; an EditJournal object belongs to one thread.
class EditJournal {
public:
    struct Entry {
        qint64 byteOffset = 0;
        QByteArray oldBytes;
        QByteArray newBytes;
        quint64 device = 0;
        quint64 inode = 0;
        qint64 pid = 0;
    };

    enum class Outcome {
        NoJournal,
        Discarded,  // empty or torn journal, or the write never landed: nothing to undo
        Completed,  // the write had landed whole; kept
        RolledBack, // the old bytes were restored
        Stale,      // the file was changed by someone else since; left alone
        InProgress, // another live process is writing; left alone
        Failed,     // a rollback was needed and could not be done (message says why; journal kept)
    };

    struct Report {
        Outcome outcome = Outcome::NoJournal;
        QString message; // for the user; empty for NoJournal and Discarded
    };

    EditJournal() = default;
    ~EditJournal(); // close()
    EditJournal(const EditJournal &) = delete;
    EditJournal &operator=(const EditJournal &) = delete;

    // Records `entry` (pid set to this process) in the journal of `filePath`, flushed. Reuses the
    // open journal when it is still the one at the path. False + *error on failure.
    bool begin(const QString &filePath, const Entry &entry, QString *error);
    // The write it recorded is flushed: empties the journal.
    void commit();
    // Deletes the journal (an empty one: nothing is lost if the deletion is not durable).
    void close();
    // Lets go of the journal as it is, record included, for recover() at the next open.
    void abandon();

    static QString journalPath(const QString &filePath);

    // Writes and flushes a one-off journal for `entry` (for tests and tools: what begin() leaves
    // behind when the process dies right after it). False + *error on failure.
    static bool write(const QString &filePath, const Entry &entry, QString *error);
    // Deletes the journal and flushes the folder.
    static bool remove(const QString &filePath, QString *error = nullptr);
    // Reads and checks a journal; nullopt when absent, torn or corrupt.
    static std::optional<Entry> read(const QString &filePath);

    // Settles a journal left by an interrupted write (see above). Safe to call on every open.
    static Report recover(const QString &filePath);
    // What Document::open() runs first: recover(), then FileRewriter::removeStrayTemps(). The
    // message says what was done, if it matters to the user (empty otherwise).
    static QString recoverAtOpen(const QString &filePath);

private:
    QString m_filePath;
    FileIdentity m_journalId;
    int m_fd = -1;
};
