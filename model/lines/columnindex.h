#pragma once

#include "linedecoder.h"
#include "linespan.h"

#include <QMutex>

#include <atomic>
#include <memory>
#include <vector>

class MappedRegion;

// The display columns of one line of any length, sampled at checkpoints (what LineIndex is to the
// lines of a file, this is to the columns of a line): for every kStep bytes of the line, the
// character boundary at or just before it and the column it starts at. Mapping a column to a byte
// or back, or decoding the columns a view shows, then walks at most kStep bytes from a
// checkpoint, so column 900,000,000 costs what column 10 does.
//
// Exact: the checkpoints come from one walk from the line's start with the line's LineDecoder
// (LineDecoder::advance), so UTF-8 invalid sequences, tabs, surrogate pairs and control
// characters count as decode() shows them. A codec with shift states cannot resume a walk
// mid-line (LineDecoder::canResume()): its only checkpoint is the line's start.
//
// Measured lazily: measureTo() walks on from where the last walk stopped, as far as a caller
// needs (or to the line's end), a mebibyte at a time, reading the mapped bytes under FaultGuard
// and giving the pages it passed back to the page cache (the resident set stays bounded). A file
// that faults under it (truncated) ends the measuring with failed() set; what was measured stays.
// Memory: 16 bytes a checkpoint, 4 MiB for a 1 GB line.
//
// Thread-safety: every member from any thread; measureTo() calls take turns a chunk at a time
// (another waits for the mebibyte in progress, then goes on from where it ended).
class ColumnIndex {
public:
    static constexpr qint64 kStep = 4096;
    static constexpr qint64 kChunk = 1 << 20; // bytes walked between two looks at cancel and budget

    // `openEnd`: the line goes on past the span (the index has not found its end yet), so its
    // last bytes may be the start of a character: the measured part stops before them, and
    // "complete" means all the span holds.
    ColumnIndex(std::shared_ptr<const MappedRegion> region, const LineSpan &span, const LineDecoder &decoder,
                bool openEnd = false);

    const LineSpan &span() const { return m_span; }
    const LineDecoder &decoder() const { return m_decoder; }
    bool openEnd() const { return m_openEnd; }

    // Measures on until `column` and byte `byte` (from the line's start) are both inside the
    // measured part, or the line ends; walks at most budgetBytes more (< 0: no limit) and gives up
    // early once *cancel is true. Returns whether they are inside (a column or byte past the
    // line's end is inside once the whole line is).
    bool measureTo(qint64 column, qint64 byte, qint64 budgetBytes = -1, const std::atomic<bool> *cancel = nullptr);

    struct Extent {
        LineDecoder::Position end; // where the measured part ends (a boundary; the line's end when complete)
        bool complete = false;
        bool failed = false;
    };
    Extent measured() const;

    // The last checkpoint (or the measured end) at or before a column / a byte of the line: the
    // boundary a walk to it starts from. Meaningful for targets inside the measured part.
    LineDecoder::Position checkpointForColumn(qint64 column) const;
    LineDecoder::Position checkpointForByte(qint64 byte) const;

    qint64 memoryBytes() const;

private:
    // Walks one chunk from m_end; false when the file faulted.
    bool measureChunk();

    const std::shared_ptr<const MappedRegion> m_region;
    const LineSpan m_span;
    const LineDecoder m_decoder;
    const bool m_resumable;
    const bool m_openEnd;

    QMutex m_walkMutex; // one walker at a time, a chunk at a time
    std::atomic<int> m_waiting{0};
    mutable QMutex m_mutex; // guards the members below
    std::vector<qint64> m_bytes;   // checkpoint k: the boundary at or before k * kStep...
    std::vector<qint64> m_columns; // ...and its column
    LineDecoder::Position m_end;
    bool m_complete = false;
    bool m_failed = false;
};
