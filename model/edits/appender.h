#pragma once

#include "fileidentity.h"

#include <QByteArray>
#include <QFile>
#include <QPointer>
#include <QString>
#include <QStringList>

class Document;

// Appends words or lines to the file of an open Document, the way Python's open(mode="a")
// followed by write(word + newline) does, and then shows them: Document::refresh() remaps the
// file and the index is extended by the new bytes only (never rebuilt).
//
// Bytes written, for entries e1..en:
//   [newline if the file is non-empty and does not end in '\n'] e1 NL e2 NL ... en NL
// with each entry in UTF-8 and NL the file's own newline style: the ending of the last '\n' in
// the file's last 64 KiB ("\r\n" if a '\r' precedes it, else "\n"); failing that (no '\n' near
// the end) the ending of the document's first line; failing that (no line ending at all) "\n".
// The style is read from the file on disk at each append, not from the (maybe stale) mapping.
//
// Appends go only to the file the user sees: when the path has come to name another file than
// the one the Document shows (rotation not yet followed) or the file became shorter than what is
// shown, nothing is written and the Result says why (the caller keeps the text). Once the
// Document shows the new file (the follower reloaded it), appends go to it. Growth by another
// writer is fine: O_APPEND puts our bytes after theirs, never over them.
//
// The file is opened once, in append mode (O_APPEND: every write lands at the current end, even
// with another writer), and kept open for later appends; it is reopened when the path has come
// to name another file (rotation) or the document was opened on another path. A missing file is
// never created: appending to a deleted file is an error. An empty file is a valid document of
// 0 lines; the first append maps it.
//
// On a failed or short write (disk full, I/O error) the bytes that did land are cut off again
// when nobody else has written meanwhile, so the file is as it was; the Result says why.
//
// Thread-safety: the owner (GUI) thread, like Document. Cost: O(bytes appended) plus a few
// syscalls; the index work for the new bytes happens in the Document's background indexer.
class Appender {
public:
    enum class Splitting {
        OnePerLine,   // each line of the text is one entry ("\r\n" or "\n"); blank lines skipped,
                      // other spaces kept
        OnWhitespace, // every run of non-space characters is one entry
    };

    struct Result {
        bool ok = false;
        qint64 entries = 0;      // entries appended
        qint64 bytesWritten = 0; // including a leading newline added to end the last line
        qint64 lineCount = 0;    // the document's line count once the new bytes are indexed
        QString error;           // for the user, when !ok; nothing was appended then
    };

    explicit Appender(Document *document);
    ~Appender();
    Appender(const Appender &) = delete;
    Appender &operator=(const Appender &) = delete;

    static QStringList split(const QString &text, Splitting splitting);
    // The bytes to append, given the file's newline style and whether its end lacks a newline.
    static QByteArray encode(const QStringList &entries, const QByteArray &newline, bool endLineFirst);

    // Appends and calls Document::refresh(). Empty `entries` is an error (nothing to append).
    // Result::lineCount is what the index will show once it has caught up (the extension runs in
    // the background; Document::lineCountChanged follows).
    Result append(const QStringList &entries);
    Result append(const QString &text, Splitting splitting) { return append(split(text, splitting)); }

    // Successful appends, and how often the file had to be (re)opened. For tests and tools.
    qint64 appendCount() const { return m_appends; }
    qint64 openCount() const { return m_opens; }
    bool isFileOpen() const { return m_file.isOpen(); }

private:
    bool ensureOpen(QString *error);
    QByteArray newlineStyle(qint64 size, bool *endsWithNewline);

    QPointer<Document> m_document;
    QFile m_file;
    QString m_openPath; // what m_file was opened as
    FileIdentity m_openIdentity;
    qint64 m_appends = 0;
    qint64 m_opens = 0;
};
