#pragma once

#include <QString>

#include <vector>

class Document;
class LineSet;
class QIODevice;

// Writes some lines of an open Document to a device, each with the line ending it has in the file
// (a last line without one stays without), in file order: File > Save Visible Lines As… and
// Save Marked Lines As…. Runs of consecutive lines are copied as one byte range, kChunkBytes at a
// time, so a filter that shows most of a file writes at about the speed of a copy.
//
// Incremental: writeChunk() writes at most kChunkBytes and returns, so that the GUI thread can
// run it from its event loop (one chunk per turn) and stop when the document closes; write()
// runs it to the end (tools, tests). Thread-safety: one thread at a time.
class LineSetWriter {
public:
    static constexpr qint64 kChunkBytes = 4 << 20;

    // `lines`: 0-based line numbers (copied as byte ranges now); nullptr: every line.
    LineSetWriter(const Document &document, const LineSet *lines, QIODevice &out);

    // false with error() when a line is not indexed yet, a read faults or the device fails.
    bool writeChunk();
    bool isDone() const { return m_error.isEmpty() && m_range >= m_ranges.size(); }
    QString error() const { return m_error; }
    qint64 bytesWritten() const { return m_written; }
    qint64 totalBytes() const { return m_total; }
    qint64 linesWritten() const { return m_linesWritten; }

    struct Result {
        bool ok = false;
        qint64 lines = 0;
        qint64 bytes = 0;
        QString error;
    };
    static Result write(const Document &document, const LineSet *lines, QIODevice &out);

private:
    struct Range {
        qint64 start;
        qint64 end;
        qint64 lines;
    };
    const Document &m_document;
    QIODevice &m_out;
    std::vector<Range> m_ranges;
    size_t m_range = 0;
    qint64 m_at = 0; // within m_ranges[m_range]
    qint64 m_total = 0;
    qint64 m_written = 0;
    qint64 m_linesWritten = 0;
    QString m_error;
};
