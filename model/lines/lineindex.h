#pragma once

#include "linespan.h"
#include "mappedregion.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>

#include <memory>
#include <optional>
#include <vector>

// A sparse index of the lines of a mapped file: for every 64 KiB chunk, the number of line
// endings before it (8 bytes per 64 KiB, far below one byte per line). Finding line N is a binary
// search over the chunks plus a vectorised scan of at most two chunks.
//
// Conventions: a line ends at '\n'; a '\r' right before it is part of the ending, a lone '\r'
// anywhere else is text. The line count is the number of '\n' plus one if the text is non-empty
// and does not end in '\n' ("a\nb" has 2 lines, "a\n" 1, "" 0). Until the index is complete, only
// lines whose '\n' has been seen count; the unterminated last line appears when indexing ends.
//
// The text's code units are a parameter of start(). CodeUnit::Byte serves every encoding whose
// '\n' is the byte 0x0A and never a part of another character (UTF-8, Latin-1, ASCII). In UTF-16
// (LE or BE) the '\n' and '\r' above are the code units U+000A and U+000D, counted at even
// offsets from the start of the file: a 0x0A byte inside another character (U+010A, U+0A05)
// ends nothing. A byte order mark of that flavour at offset 0 is not text: line 0 starts after
// it, and a file holding only the mark has no lines. An odd last byte is not a whole unit; it
// belongs to the last line's text (so "a\n" plus one byte has 2 lines). Spans are in bytes; a
// UTF-16 line ending is 2 or 4 bytes long.
//
// start() counts the first chunks at once, on the calling thread, so the first screen is ready
// when it returns; the rest is counted in the background on all cores (chunks counted in
// parallel, then published in order as the contiguous indexed prefix grows). extend() follows a
// grown file, with work proportional to the new bytes. A file truncated under the indexer ends
// the run with Status::Failed; it never crashes.
//
// Signals are emitted on the thread that owns the object (queued from the workers), progress at
// most every ~50 ms. Thread-safety: start(), extend(), cancel(), waitForFinished() and the
// destructor from the owner thread; the const queries from any thread.
class LineIndex : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Idle,      // nothing started
        Running,
        Complete,
        Cancelled,
        Failed,    // the file shrank under the indexer (its mapped bytes faulted)
    };
    Q_ENUM(Status)

    enum class CodeUnit {
        Byte,    // UTF-8, Latin-1, ASCII
        Utf16LE,
        Utf16BE,
    };
    Q_ENUM(CodeUnit)

    static constexpr qint64 kChunkSize = 64 * 1024;

    explicit LineIndex(QObject *parent = nullptr);
    ~LineIndex() override; // cancels and joins the workers

    // Threads for background indexing (default: QThread::idealThreadCount()). Before start().
    void setThreadCount(int threads);

    // Indexes `region` from scratch, as text of `units`: the first chunks now, the rest in the
    // background. Starting again with other units re-indexes.
    void start(std::shared_ptr<const MappedRegion> region, CodeUnit units = CodeUnit::Byte);
    // Continues over a grown mapping of the same file (larger than the current one), same units.
    void extend(std::shared_ptr<const MappedRegion> grown);
    // Stops the background work; what was published stays usable. Bounded by one chunk's work.
    void cancel();
    // Blocks until the background work has ended. For tools and tests, never the GUI thread.
    Status waitForFinished();

    Status status() const;
    CodeUnit codeUnit() const;
    // Where line 0's text starts: after a UTF-16 byte order mark, 0 otherwise.
    qint64 textStart() const;
    bool isComplete() const { return status() == Status::Complete; }
    qint64 lineCount() const;
    qint64 indexedBytes() const;
    qint64 totalBytes() const;
    qint64 memoryBytes() const;

    // nullopt if the line is not (yet) known or the file faulted. O(log chunks + 128 KiB).
    std::optional<LineSpan> lineSpan(qint64 lineNumber) const;
    // The line holding the byte, once indexed that far; nullopt otherwise. O(log chunks + 64 KiB).
    std::optional<qint64> lineNumberAt(qint64 byteOffset) const;

signals:
    void progress(qint64 indexedBytes, qint64 totalBytes, qint64 lines);
    void finished(LineIndex::Status status);

private:
    struct Run;

    void startRun();
    void stopRun();
    void work(Run *run);
    void publish(Run *run);
    void finishRun(Run *run);
    void postProgress(quint64 generation);
    qint64 lineCountLocked() const;
    // Offset of the n-th line ending's '\n' (1-based); -1 if not indexed or faulted. Region bytes
    // read guarded.
    qint64 newlinePosition(const MappedRegion &region, CodeUnit units, qint64 n, qint64 chunk, qint64 before) const;

    mutable QMutex m_mutex; // guards everything below except m_run
    std::shared_ptr<const MappedRegion> m_region;
    CodeUnit m_units = CodeUnit::Byte;
    qint64 m_textStart = 0;
    std::vector<qint64> m_newlinesBefore; // [k]: '\n' count before chunk k, k <= m_chunks
    qint64 m_chunks = 0;                  // chunks counted, a prefix of the file
    Status m_status = Status::Idle;
    bool m_endsWithNewline = false;       // known once Complete
    QElapsedTimer m_sinceProgress;
    quint64 m_generation = 0;
    int m_threadCount = 0;

    std::unique_ptr<Run> m_run; // owner thread only
};
