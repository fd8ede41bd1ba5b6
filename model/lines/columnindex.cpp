#include "columnindex.h"

#include "faultguard.h"
#include "mappedregion.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstring>
#include <limits>
#include <thread>

namespace {

constexpr qint64 kNoStop = std::numeric_limits<qint64>::max();
// A codec with shift states is walked in one go from the line's start: up to this long.
constexpr qint64 kMaxUnresumableBytes = 256 << 20;

} // namespace

ColumnIndex::ColumnIndex(std::shared_ptr<const MappedRegion> region, const LineSpan &span, const LineDecoder &decoder,
                         bool openEnd)
    : m_region(std::move(region))
    , m_span(span)
    , m_decoder(decoder)
    , m_resumable(decoder.canResume())
    , m_openEnd(openEnd)
{
    char head[4] = {};
    const qint64 headLength = qMin<qint64>(4, span.textLength);
    bool read = m_region && span.byteOffset + span.textLength <= m_region->size();
    if (read && headLength > 0) {
        const uchar *data = m_region->data() + span.byteOffset;
        read = FaultGuard::run(data, headLength, [&] { memcpy(head, data, size_t(headLength)); });
    }
    m_end = m_decoder.lineStart(QByteArrayView(head, headLength), span.textLength, span.byteOffset);
    m_bytes.push_back(m_end.byte);
    m_columns.push_back(m_end.column);
    m_failed = !read;
    m_complete = read && m_end.byte >= span.textLength;
}

ColumnIndex::Extent ColumnIndex::measured() const
{
    const QMutexLocker lock(&m_mutex);
    return Extent{m_end, m_complete, m_failed};
}

bool ColumnIndex::measureTo(qint64 column, qint64 byte, qint64 budgetBytes, const std::atomic<bool> *cancel)
{
    {
        // Already measured: no waiting for another walker.
        const QMutexLocker lock(&m_mutex);
        if (m_complete || (column < m_end.column && byte < m_end.byte))
            return true;
    }
    qint64 walked = 0;
    for (;;) {
        // One chunk at a time, letting another walker in between (the GUI thread, asking for a
        // screen, waits for one chunk of the background's walk, not for all of it).
        m_waiting.fetch_add(1);
        QMutexLocker walker(&m_walkMutex);
        m_waiting.fetch_sub(1);
        qint64 before = 0;
        {
            const QMutexLocker lock(&m_mutex);
            if (m_complete || (column < m_end.column && byte < m_end.byte))
                return true;
            if (m_failed)
                return false;
            before = m_end.byte;
        }
        if ((cancel && cancel->load(std::memory_order_relaxed)) || (budgetBytes >= 0 && walked >= budgetBytes))
            return false;
        const bool ok = measureChunk();
        {
            const QMutexLocker lock(&m_mutex);
            if (!ok)
                m_failed = true;
            walked += m_end.byte - before;
        }
        if (m_waiting.load() > 0) {
            walker.unlock();
            QElapsedTimer waited;
            waited.start();
            while (m_waiting.load() > 0 && waited.elapsed() < 20)
                std::this_thread::yield();
        }
    }
}

bool ColumnIndex::measureChunk()
{
    LineDecoder::Position at;
    qint64 target = 0; // the byte of the next checkpoint
    {
        const QMutexLocker lock(&m_mutex);
        // Shift states: one walk over the whole line, from its start.
        at = m_resumable ? m_end : LineDecoder::Position{m_bytes.front(), m_columns.front()};
        target = qint64(m_bytes.size()) * kStep;
    }
    const qint64 length = m_span.textLength;
    if (!m_resumable && length > kMaxUnresumableBytes)
        return false;
    const qint64 chunkEnd = m_resumable ? qMin(length, at.byte + kChunk) : length;
    const bool lineEnds = chunkEnd == length && !m_openEnd;
    const qint64 count = chunkEnd - at.byte;
    const uchar *data = m_region->data() + m_span.byteOffset + at.byte;

    LineDecoder::Position found[kChunk / kStep + 2]; // checkpoints met on the way
    int foundCount = 0;
    LineDecoder::Position end = at;
    const auto walk = [&](const char *bytes) {
        LineDecoder::Position pos = at;
        for (;;) {
            const qint64 done = pos.byte - at.byte;
            bool stopped = false;
            pos = m_decoder.advance(QByteArrayView(bytes + done, count - done), pos, lineEnds, kNoStop,
                                    m_resumable ? target : kNoStop, &stopped);
            if (!stopped || foundCount == int(std::size(found)))
                break;
            found[foundCount++] = pos;
            target += kStep;
        }
        end = pos;
    };

    m_region->populate(m_span.byteOffset + at.byte, count);
    bool ok = true;
    if (m_decoder.options().encoding.isCodec()) {
        // A codec's reader allocates: walk a copy, outside the guard.
        std::vector<char> copy(static_cast<size_t>(count));
        ok = FaultGuard::run(data, count, [&] { memcpy(copy.data(), data, size_t(count)); });
        if (ok)
            walk(copy.data());
    } else {
        ok = FaultGuard::run(data, count, [&] { walk(reinterpret_cast<const char *>(data)); });
    }
    m_region->release(m_span.byteOffset + at.byte, count);
    if (!ok)
        return false;

    const QMutexLocker lock(&m_mutex);
    for (int i = 0; i < foundCount; ++i) {
        m_bytes.push_back(found[i].byte);
        m_columns.push_back(found[i].column);
    }
    m_end = end;
    m_complete = end.byte >= length || (m_openEnd && chunkEnd == length);
    // A walk that cannot go on (bytes no character takes) ends here.
    return m_complete || end.byte > at.byte;
}

LineDecoder::Position ColumnIndex::checkpointForColumn(qint64 column) const
{
    const QMutexLocker lock(&m_mutex);
    if (column >= m_end.column)
        return m_end;
    const auto it = std::upper_bound(m_columns.begin(), m_columns.end(), column);
    const size_t k = size_t(std::max<std::ptrdiff_t>(0, it - m_columns.begin() - 1));
    return LineDecoder::Position{m_bytes[k], m_columns[k]};
}

LineDecoder::Position ColumnIndex::checkpointForByte(qint64 byte) const
{
    const QMutexLocker lock(&m_mutex);
    if (byte >= m_end.byte)
        return m_end;
    size_t k = size_t(qBound<qint64>(0, byte / kStep, qint64(m_bytes.size()) - 1));
    while (k > 0 && m_bytes[k] > byte)
        --k;
    return LineDecoder::Position{m_bytes[k], m_columns[k]};
}

qint64 ColumnIndex::memoryBytes() const
{
    const QMutexLocker lock(&m_mutex);
    return qint64(m_bytes.capacity() + m_columns.capacity()) * qint64(sizeof(qint64)) + qint64(sizeof(*this));
}
