#include "linesetwriter.h"

#include "document.h"
#include "lineset.h"

#include <QCoreApplication>
#include <QIODevice>

LineSetWriter::LineSetWriter(const Document &document, const LineSet *lines, QIODevice &out)
    : m_document(document)
    , m_out(out)
{
    const auto addRun = [this](qint64 first, qint64 count) {
        const std::optional<LineSpan> head = m_document.lineSpan(first);
        const std::optional<LineSpan> tail = m_document.lineSpan(first + count - 1);
        if (!head || !tail) {
            m_error = QCoreApplication::translate("LineSetWriter", "Some of the lines are not indexed yet.");
            return false;
        }
        const qint64 end = tail->byteOffset + tail->textLength + tail->endingLength;
        m_ranges.push_back({head->byteOffset, end, count});
        m_total += end - head->byteOffset;
        return true;
    };
    if (lines)
        lines->forEachRange(addRun);
    else if (m_document.lineCount() > 0)
        addRun(0, m_document.lineCount());
    if (!m_ranges.empty())
        m_at = m_ranges.front().start;
}

bool LineSetWriter::writeChunk()
{
    if (!m_error.isEmpty())
        return false;
    if (m_range >= m_ranges.size())
        return true;
    const Range &range = m_ranges[m_range];
    const qint64 length = std::min(kChunkBytes, range.end - m_at);
    const std::optional<QByteArray> bytes = m_document.readBytes(m_at, length);
    if (!bytes) {
        m_error = QCoreApplication::translate("LineSetWriter",
                                              "The file could not be read (it changed, or its medium failed).");
        return false;
    }
    if (m_out.write(*bytes) != bytes->size()) {
        m_error = m_out.errorString();
        return false;
    }
    m_at += length;
    m_written += length;
    if (m_at >= range.end) {
        m_linesWritten += range.lines;
        if (++m_range < m_ranges.size())
            m_at = m_ranges[m_range].start;
    }
    return true;
}

LineSetWriter::Result LineSetWriter::write(const Document &document, const LineSet *lines, QIODevice &out)
{
    LineSetWriter writer(document, lines, out);
    while (!writer.isDone() && writer.writeChunk()) {
    }
    return {writer.isDone(), writer.linesWritten(), writer.bytesWritten(), writer.error()};
}
