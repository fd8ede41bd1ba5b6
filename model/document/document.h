#pragma once

#include "encodingdetector.h"
#include "linedecoder.h"
#include "lineindex.h"
#include "linespan.h"
#include "mappedfile.h"
#include "sourceformat.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

class Decompressor;

// An open text file: its mapping (MappedFile) and its lines (LineIndex). State flows out by
// signals; the document never shows UI and never reads settings.
//
// open() maps the file and indexes its first chunks before returning, so the first screen can be
// shown at once; the rest is indexed in the background (indexProgress, lineCountChanged at most
// every ~50 ms, then indexFinished). refresh() follows a file that grew (indexing only the new
// bytes) and reopens one that shrank or was replaced.
//
// The text's encoding decides where lines end (see LineIndex): a file opening with a UTF-16 byte
// order mark is read as that UTF-16 whatever setEncoding() asked; any other in the encoding set,
// or, after setAutomaticEncoding(), in the one EncodingDetector finds in a sample of it at open
// (a few reads, milliseconds, whatever the size). Changing between byte-based encodings and
// UTF-16 re-indexes the open file from scratch (linesReset(), then the usual progress); between
// byte-based ones (UTF-8, Latin-1, any codec) the lines stay.
//
// A compressed file (gzip, bzip2, xz, zstd, told by content) or one that reports size 0 yet has
// bytes (procfs) is decoded in the background into a file in the cache folder, which is mapped
// and indexed as it grows, like a followed file: open() returns once the first megabyte is out.
// path() stays the opened path; editRefusal() says why such a document cannot be edited.
//
// While open, the mapped pages touched by random reads are given back every few seconds
// (MappedFile::releaseResident), so the resident set stays bounded whatever the file's size.
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

    // The encoding for files without a byte order mark (View > Encoding), kept across opens.
    void setEncoding(LineDecoder::Encoding encoding);
    // From now on, files without a UTF-16 byte order mark are read in the encoding detected in
    // them at each open (at once for the open file), until setEncoding(). Off by default.
    void setAutomaticEncoding();
    bool isEncodingAutomatic() const { return m_automaticEncoding; }
    // What detection found in the open file (at open, or at setAutomaticEncoding()); nullopt
    // when it did not run.
    std::optional<EncodingDetector::Result> encodingDetection() const { return m_detection; }
    // The encoding the open file is read in (the requested one while closed).
    LineDecoder::Encoding encoding() const { return m_encoding; }

    // Where decoded copies go (app/ passes the per-user cache folder); default: the temp folder.
    void setCacheDirectory(const QString &dir) { m_cacheDirectory = dir; }

    State state() const { return m_state; }
    QString path() const { return m_path; }
    // Why open() failed, for the user; empty when it did not.
    QString errorString() const { return m_errorString; }
    SourceFormat::Kind sourceFormat() const { return m_format; }
    // The cache file holding the decoded text; empty for a plain file.
    QString decodedPath() const { return m_decoder ? m_file.path() : QString(); }
    // Decoding is still going on (the line count keeps growing).
    bool isDecoding() const { return m_decoding; }
    // Where and why decoding stopped early (a damaged or truncated archive); empty otherwise.
    QString decodeError() const;
    // Why the document cannot be edited in place (compressed, or a copy of an unsized file);
    // empty when it can. Edits and appends must check it before writing anything.
    QString editRefusal() const;
    // Why the file cannot be written now: editRefusal(), or the file on disk is gone, on a
    // read-only medium or not writable. Empty when it can. Checks the disk: GUI-cheap, not free.
    QString writeRefusal() const;
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
    // Only once the whole file is indexed (for a decoded file: decoded and indexed).
    void indexFinished(LineIndex::Status status);
    // refresh() mapped a grown file (an append, ours or another program's). A file opened anew
    // (reload, truncation, a rewrite) announces its size through opened() instead.
    void sizeChanged(qint64 size);
    // A decoded file: compressed bytes read so far of `inputSize`, text bytes out so far.
    void decodeProgress(qint64 inputBytes, qint64 inputSize, qint64 outputBytes);
    // A decoded file is all out (`complete`), or decoding stopped: `message` says where and why.
    void decodeFinished(bool complete, const QString &message);
    // The file was closed (also right before open() or reload() opens it anew).
    void closed();
    // The open file's encoding changed (setEncoding()); emitted after linesReset() if any.
    void encodingChanged(LineDecoder::Encoding encoding);
    // The lines were re-indexed from scratch (the open file's code units changed): every line
    // number and span known before is void. lineCount() is already the new one.
    void linesReset();

private:
    void onIndexProgress(qint64 indexedBytes, qint64 totalBytes, qint64 lines);
    void onIndexFinished(LineIndex::Status status);
    void announceLineCount();
    // Reads the open file in the encoding its first bytes and the request call for; re-indexes
    // when that moves where lines end. Returns whether it re-indexed.
    bool settleEncoding();
    // The encoding a file with these first bytes is read in.
    LineDecoder::Encoding encodingFor(QByteArrayView fileStart) const;
    static LineIndex::CodeUnit codeUnitOf(LineDecoder::Encoding encoding);
    void detectEncoding();
    OpenError openDecoded(SourceFormat::Kind format);
    void onDecodeFinished();
    void discardDecoded();

    QString m_path;
    QString m_errorString;
    QString m_cacheDirectory;
    SourceFormat::Kind m_format = SourceFormat::Kind::Plain;
    std::unique_ptr<Decompressor> m_decoder;
    bool m_decoding = false;
    QTimer m_releaseTimer;
    MappedFile m_file;
    std::unique_ptr<LineIndex> m_index;
    State m_state = State::Closed;
    LineDecoder::Encoding m_requestedEncoding = LineDecoder::Encoding::Utf8;
    LineDecoder::Encoding m_encoding = LineDecoder::Encoding::Utf8;
    bool m_automaticEncoding = false;
    std::optional<EncodingDetector::Result> m_detection;
    qint64 m_announcedLines = -1;
    QString m_recoveryMessage;
};
