#pragma once

#include "lineindex.h"
#include "linespan.h"
#include "mappedfile.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

// An open text file: its mapping (MappedFile) and its lines (LineIndex). State flows out by
// signals; the document never shows UI and never reads settings.
//
// open() maps the file and indexes its first chunks before returning, so the first screen can be
// shown at once; the rest is indexed in the background (indexProgress, lineCountChanged at most
// every ~50 ms, then indexFinished). refresh() follows a file that grew (indexing only the new
// bytes) and reopens one that shrank or was replaced.
//
// Thread-safety: use from the thread that owns it; lineSpan(), readBytes() and the const queries
// may also be called from other threads while the document is open.
class Document : public QObject {
    Q_OBJECT
public:
    enum class State { Closed, Open, Failed };
    Q_ENUM(State)

    explicit Document(QObject *parent = nullptr);
    ~Document() override;

    // Emits opened() or failed() before returning, and returns whether it opened.
    bool open(const QString &path);
    // Opens the same path again from scratch.
    bool reload();
    // Looks at the file again: grown → indexes the new bytes; shrunk, replaced, vanished → reload().
    MappedFile::Change refresh();
    void close();
    // Blocks until background indexing has ended. For tools and tests, never the GUI thread.
    LineIndex::Status waitForIndex();

    State state() const { return m_state; }
    QString path() const { return m_file.path(); }
    const MappedFile &file() const { return m_file; }
    const LineIndex *lineIndex() const { return m_index.get(); }

    qint64 size() const { return m_file.size(); }
    qint64 lineCount() const;
    bool isIndexComplete() const;
    std::optional<LineSpan> lineSpan(qint64 lineNumber) const;
    std::optional<qint64> lineNumberAt(qint64 byteOffset) const;
    // Guarded copy of [byteOffset, byteOffset + len); nullopt if the file faulted.
    std::optional<QByteArray> readBytes(qint64 byteOffset, qint64 len) const;
    // open() first settles what an interrupted edit left (EditJournal::recoverAtOpen): what it
    // did, for the user; empty when there was nothing to say.
    QString recoveryMessage() const { return m_recoveryMessage; }

signals:
    void opened();
    void failed(OpenError error, const QString &message);
    void indexProgress(qint64 indexedBytes, qint64 totalBytes);
    void lineCountChanged(qint64 lineCount);
    void indexFinished(LineIndex::Status status);
    // The file was closed (also right before open() or reload() opens it anew).
    void closed();

private:
    void onIndexProgress(qint64 indexedBytes, qint64 totalBytes, qint64 lines);
    void onIndexFinished(LineIndex::Status status);
    void announceLineCount();

    MappedFile m_file;
    std::unique_ptr<LineIndex> m_index;
    State m_state = State::Closed;
    qint64 m_announcedLines = -1;
    QString m_recoveryMessage;
};
