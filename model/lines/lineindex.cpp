#include "lineindex.h"

#include "faultguard.h"
#include "newlinescan.h"

#include <QThread>

#include <algorithm>
#include <atomic>
#include <thread>

#if defined(Q_OS_UNIX)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace {

constexpr qint64 kSyncChunks = 4;      // counted in start(): the first screen is ready at once
constexpr qint64 kBlockChunks = 64;    // one unit of background work (4 MiB)
constexpr qint64 kPrepareChunks = 32;  // pages mapped ahead per call (2 MiB): bounds cancel latency
constexpr qint64 kProgressIntervalMs = 50;

qint64 chunksFor(qint64 bytes)
{
    return (bytes + LineIndex::kChunkSize - 1) / LineIndex::kChunkSize;
}

int unitBytes(LineIndex::CodeUnit units)
{
    return units == LineIndex::CodeUnit::Byte ? 1 : 2;
}

NewlineScan::ByteOrder byteOrder(LineIndex::CodeUnit units)
{
    return units == LineIndex::CodeUnit::Utf16BE ? NewlineScan::ByteOrder::BigEndian
                                                 : NewlineScan::ByteOrder::LittleEndian;
}

// Line endings in [data, data + len), which starts at a code unit.
qint64 countNewlines(const uchar *data, qint64 len, LineIndex::CodeUnit units)
{
    return units == LineIndex::CodeUnit::Byte ? NewlineScan::count(data, len)
                                              : NewlineScan::countUtf16(data, len, byteOrder(units));
}

qint64 findNthNewline(const uchar *data, qint64 len, qint64 n, LineIndex::CodeUnit units)
{
    return units == LineIndex::CodeUnit::Byte ? NewlineScan::findNth(data, len, n)
                                              : NewlineScan::findNthUtf16(data, len, n, byteOrder(units));
}

// Whether the code unit at `at` is the ASCII character `ascii`.
bool isUnit(const uchar *at, LineIndex::CodeUnit units, char ascii)
{
    switch (units) {
    case LineIndex::CodeUnit::Utf16LE:
        return at[0] == ascii && at[1] == 0;
    case LineIndex::CodeUnit::Utf16BE:
        return at[0] == 0 && at[1] == ascii;
    case LineIndex::CodeUnit::Byte:
        break;
    }
    return at[0] == ascii;
}

// Counts one chunk of `region` (chunks start at even offsets, so at a code unit); false if its
// bytes faulted.
bool countChunk(const MappedRegion &region, LineIndex::CodeUnit units, qint64 chunk, quint32 *count)
{
    const qint64 begin = chunk * LineIndex::kChunkSize;
    const qint64 len = qMin(LineIndex::kChunkSize, region.size() - begin);
    const uchar *data = region.data() + begin;
    return FaultGuard::run(data, len, [=] { *count = static_cast<quint32>(countNewlines(data, len, units)); });
}

// The length of a byte order mark of `units` at the start of `region`; 0 if none (or faulted,
// which the scan then reports).
qint64 byteOrderMarkLength(const MappedRegion &region, LineIndex::CodeUnit units)
{
    if (units == LineIndex::CodeUnit::Byte || region.size() < 2)
        return 0;
    const uchar *data = region.data();
    bool mark = false;
    FaultGuard::run(data, 2, [&mark, data, units] {
        mark = units == LineIndex::CodeUnit::Utf16LE ? data[0] == 0xFF && data[1] == 0xFE
                                                     : data[0] == 0xFE && data[1] == 0xFF;
    });
    return mark ? 2 : 0;
}

// Maps a block's pages in one call instead of one page fault at a time (Linux >= 5.14; elsewhere
// asks for read-ahead). Only a hint: its failure (a truncated file) surfaces in the guarded scan.
void prepareBlock(const MappedRegion &region, qint64 begin, qint64 len)
{
#if defined(Q_OS_UNIX) && defined(MADV_WILLNEED)
    static const qint64 pageSize = sysconf(_SC_PAGESIZE);
    const qint64 aligned = begin - begin % pageSize;
    void *start = const_cast<uchar *>(region.data()) + aligned;
    const auto length = static_cast<size_t>(len + begin - aligned);
#if defined(MADV_POPULATE_READ)
    if (madvise(start, length, MADV_POPULATE_READ) != 0)
#endif
        madvise(start, length, MADV_WILLNEED);
#else
    Q_UNUSED(region);
    Q_UNUSED(begin);
    Q_UNUSED(len);
#endif
}

} // namespace

// One background pass over chunks [firstChunk, firstChunk + chunkCount).
struct LineIndex::Run {
    std::shared_ptr<const MappedRegion> region;
    LineIndex::CodeUnit units = LineIndex::CodeUnit::Byte;
    quint64 generation = 0;
    qint64 firstChunk = 0;
    qint64 chunkCount = 0;
    qint64 blockCount = 0;
    std::vector<quint32> counts;                 // per chunk of the run, written by the workers
    std::unique_ptr<std::atomic<bool>[]> done;   // per block
    std::atomic<qint64> nextBlock{0};
    qint64 publishedBlocks = 0;                  // under LineIndex::m_mutex
    std::atomic<bool> cancel{false};
    std::atomic<bool> failed{false};
    std::atomic<int> active{0};
    std::vector<std::jthread> workers;           // last: joined before the rest is destroyed
};

LineIndex::LineIndex(QObject *parent)
    : QObject(parent)
{
}

LineIndex::~LineIndex()
{
    stopRun();
}

void LineIndex::setThreadCount(int threads)
{
    m_threadCount = threads;
}

void LineIndex::start(std::shared_ptr<const MappedRegion> region, CodeUnit units)
{
    stopRun();
    const qint64 totalChunks = region ? chunksFor(region->size()) : 0;
    const qint64 textStart = region ? byteOrderMarkLength(*region, units) : 0;
    QMutexLocker lock(&m_mutex);
    ++m_generation;
    m_region = std::move(region);
    m_units = units;
    m_textStart = textStart;
    m_newlinesBefore.clear();
    m_newlinesBefore.reserve(static_cast<size_t>(totalChunks + 1));
    m_newlinesBefore.push_back(0);
    m_chunks = 0;
    m_endsWithNewline = false;
    m_status = Status::Running;
    m_sinceProgress.start();
    for (qint64 chunk = 0; chunk < qMin(totalChunks, kSyncChunks); ++chunk) {
        quint32 count = 0;
        if (!countChunk(*m_region, m_units, chunk, &count)) {
            m_status = Status::Failed;
            break;
        }
        m_newlinesBefore.push_back(m_newlinesBefore.back() + count);
        ++m_chunks;
    }
    lock.unlock();
    startRun();
}

void LineIndex::extend(std::shared_ptr<const MappedRegion> grown)
{
    if (!grown || grown->size() <= totalBytes())
        return;
    stopRun();
    QMutexLocker lock(&m_mutex);
    ++m_generation;
    const qint64 oldSize = m_region ? m_region->size() : 0;
    m_region = std::move(grown);
    if (m_chunks > 0 && m_chunks * kChunkSize > oldSize) {
        // The old last chunk was partial: count it again, whole.
        m_newlinesBefore.pop_back();
        --m_chunks;
    }
    m_newlinesBefore.reserve(static_cast<size_t>(chunksFor(m_region->size()) + 1));
    m_endsWithNewline = false;
    if (m_status != Status::Failed)
        m_status = Status::Running;
    lock.unlock();
    startRun();
}

void LineIndex::cancel()
{
    if (m_run)
        m_run->cancel = true;
}

LineIndex::Status LineIndex::waitForFinished()
{
    if (m_run)
        m_run->workers.clear(); // joins
    return status();
}

void LineIndex::stopRun()
{
    if (!m_run)
        return;
    m_run->cancel = true;
    m_run.reset();
}

void LineIndex::startRun()
{
    auto run = std::make_unique<Run>();
    {
        QMutexLocker lock(&m_mutex);
        run->region = m_region;
        run->units = m_units;
        run->generation = m_generation;
        run->firstChunk = m_chunks;
        run->chunkCount = (m_region ? chunksFor(m_region->size()) : 0) - m_chunks;
        if (m_status == Status::Failed)
            run->chunkCount = 0;
    }
    run->blockCount = (run->chunkCount + kBlockChunks - 1) / kBlockChunks;
    run->counts.assign(static_cast<size_t>(run->chunkCount), 0);
    run->done = std::make_unique<std::atomic<bool>[]>(static_cast<size_t>(run->blockCount));
    Run *raw = run.get();
    m_run = std::move(run);
    if (raw->blockCount == 0) {
        finishRun(raw);
        return;
    }
    const int threads = static_cast<int>(
        qBound(qint64(1), qint64(m_threadCount > 0 ? m_threadCount : QThread::idealThreadCount()), raw->blockCount));
    raw->active = threads;
    raw->workers.reserve(static_cast<size_t>(threads));
    for (int i = 0; i < threads; ++i)
        raw->workers.emplace_back([this, raw] { work(raw); });
}

void LineIndex::work(Run *run)
{
    const MappedRegion &region = *run->region;
    for (;;) {
        const qint64 block = run->nextBlock++;
        if (block >= run->blockCount || run->cancel)
            break;
        const qint64 first = block * kBlockChunks;
        const qint64 last = qMin(first + kBlockChunks, run->chunkCount);
        for (qint64 chunk = first; chunk < last; ++chunk) {
            if (run->cancel)
                break;
            if ((chunk - first) % kPrepareChunks == 0) {
                const qint64 at = (run->firstChunk + chunk) * kChunkSize;
                prepareBlock(region, at, qMin(qMin(kPrepareChunks, last - chunk) * kChunkSize, region.size() - at));
            }
            if (!countChunk(region, run->units, run->firstChunk + chunk, &run->counts[static_cast<size_t>(chunk)])) {
                run->failed = true;
                run->cancel = true;
            }
        }
        region.release((run->firstChunk + first) * kChunkSize, (last - first) * kChunkSize); // counted: out of our memory
        if (run->cancel)
            break;
        run->done[block] = true;
        publish(run);
    }
    if (--run->active == 0)
        finishRun(run);
}

void LineIndex::publish(Run *run)
{
    QMutexLocker lock(&m_mutex);
    if (run->generation != m_generation)
        return;
    bool grew = false;
    while (run->publishedBlocks < run->blockCount && run->done[run->publishedBlocks]) {
        const qint64 first = run->publishedBlocks * kBlockChunks;
        const qint64 last = qMin(first + kBlockChunks, run->chunkCount);
        for (qint64 chunk = first; chunk < last; ++chunk)
            m_newlinesBefore.push_back(m_newlinesBefore.back() + run->counts[static_cast<size_t>(chunk)]);
        m_chunks += last - first;
        ++run->publishedBlocks;
        grew = true;
    }
    if (grew && m_sinceProgress.elapsed() >= kProgressIntervalMs) {
        m_sinceProgress.restart();
        lock.unlock();
        postProgress(run->generation);
    }
}

void LineIndex::finishRun(Run *run)
{
    Status status;
    {
        QMutexLocker lock(&m_mutex);
        if (run->generation != m_generation)
            return;
        if (run->failed || m_status == Status::Failed) {
            m_status = Status::Failed;
        } else if (run->cancel) {
            m_status = Status::Cancelled;
        } else if (m_region && m_region->size() > m_textStart) {
            // An odd last byte of UTF-16 is not a unit: the text then ends in it, not in '\n'.
            const int width = unitBytes(m_units);
            const qint64 size = m_region->size();
            const uchar *last = m_region->data() + size - width;
            const CodeUnit units = m_units;
            bool endsWithNewline = false;
            if (size % width != 0 || size - m_textStart < width
                || FaultGuard::run(last, width, [&endsWithNewline, last, units] {
                       endsWithNewline = isUnit(last, units, '\n');
                   })) {
                m_endsWithNewline = endsWithNewline;
                m_status = Status::Complete;
            } else {
                m_status = Status::Failed;
            }
        } else {
            m_status = Status::Complete;
        }
        status = m_status;
    }
    const quint64 generation = run->generation;
    postProgress(generation);
    QMetaObject::invokeMethod(
        this,
        [this, generation, status] {
            if (generation == m_generation)
                emit finished(status);
        },
        Qt::QueuedConnection);
}

void LineIndex::postProgress(quint64 generation)
{
    QMetaObject::invokeMethod(
        this,
        [this, generation] {
            qint64 indexed, total, lines;
            {
                QMutexLocker lock(&m_mutex);
                if (generation != m_generation)
                    return;
                total = m_region ? m_region->size() : 0;
                indexed = qMin(m_chunks * kChunkSize, total);
                lines = lineCountLocked();
            }
            emit progress(indexed, total, lines);
        },
        Qt::QueuedConnection);
}

LineIndex::Status LineIndex::status() const
{
    QMutexLocker lock(&m_mutex);
    return m_status;
}

LineIndex::CodeUnit LineIndex::codeUnit() const
{
    QMutexLocker lock(&m_mutex);
    return m_units;
}

qint64 LineIndex::textStart() const
{
    QMutexLocker lock(&m_mutex);
    return m_textStart;
}

qint64 LineIndex::lineCountLocked() const
{
    const qint64 newlines = m_newlinesBefore.back();
    const bool unterminatedLast =
        m_status == Status::Complete && m_region && m_region->size() > m_textStart && !m_endsWithNewline;
    return newlines + (unterminatedLast ? 1 : 0);
}

qint64 LineIndex::lineCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_newlinesBefore.empty() ? 0 : lineCountLocked();
}

qint64 LineIndex::indexedBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_region ? qMin(m_chunks * kChunkSize, m_region->size()) : 0;
}

qint64 LineIndex::totalBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_region ? m_region->size() : 0;
}

qint64 LineIndex::memoryBytes() const
{
    QMutexLocker lock(&m_mutex);
    return static_cast<qint64>(m_newlinesBefore.capacity() * sizeof(qint64));
}

qint64 LineIndex::newlinePosition(const MappedRegion &region, CodeUnit units, qint64 n, qint64 chunk, qint64 before) const
{
    const qint64 begin = chunk * kChunkSize;
    const qint64 len = qMin(kChunkSize, region.size() - begin);
    const uchar *data = region.data() + begin;
    qint64 found = -1;
    if (!FaultGuard::run(data, len, [&found, data, len, n, before, units] {
            found = findNthNewline(data, len, n - before, units);
        }))
        return -1;
    return found < 0 ? -1 : begin + found;
}

std::optional<LineSpan> LineIndex::lineSpan(qint64 lineNumber) const
{
    std::shared_ptr<const MappedRegion> region;
    CodeUnit units = CodeUnit::Byte;
    qint64 textStart = 0;
    qint64 startChunk = 0, startBefore = 0, endChunk = -1, endBefore = 0;
    {
        QMutexLocker lock(&m_mutex);
        if (m_newlinesBefore.empty() || lineNumber < 0 || lineNumber >= lineCountLocked())
            return std::nullopt;
        region = m_region;
        units = m_units;
        textStart = m_textStart;
        const auto begin = m_newlinesBefore.begin();
        const auto end = begin + m_chunks + 1;
        // Chunk k holds newline n when before[k] < n <= before[k + 1].
        const auto chunkOf = [&](qint64 n) { return std::lower_bound(begin, end, n) - begin - 1; };
        if (lineNumber > 0) {
            startChunk = chunkOf(lineNumber);
            startBefore = m_newlinesBefore[static_cast<size_t>(startChunk)];
        }
        if (lineNumber + 1 <= m_newlinesBefore[static_cast<size_t>(m_chunks)]) {
            endChunk = chunkOf(lineNumber + 1);
            endBefore = m_newlinesBefore[static_cast<size_t>(endChunk)];
        }
    }
    const int width = unitBytes(units);
    LineSpan span;
    span.lineNumber = lineNumber;
    span.byteOffset = textStart;
    if (lineNumber > 0) {
        const qint64 previous = newlinePosition(*region, units, lineNumber, startChunk, startBefore);
        if (previous < 0)
            return std::nullopt;
        span.byteOffset = previous + width;
    }
    if (endChunk < 0) {
        span.textLength = region->size() - span.byteOffset; // the unterminated last line
        return span;
    }
    const qint64 newline = newlinePosition(*region, units, lineNumber + 1, endChunk, endBefore);
    if (newline < 0)
        return std::nullopt;
    span.textLength = newline - span.byteOffset;
    span.endingLength = width;
    if (span.textLength > 0) {
        const uchar *before = region->data() + newline - width;
        bool carriageReturn = false;
        if (!FaultGuard::run(before, width, [&carriageReturn, before, units] {
                carriageReturn = isUnit(before, units, '\r');
            }))
            return std::nullopt;
        if (carriageReturn) {
            span.textLength -= width;
            span.endingLength = 2 * width;
        }
    }
    return span;
}

std::optional<qint64> LineIndex::lineNumberAt(qint64 byteOffset) const
{
    std::shared_ptr<const MappedRegion> region;
    CodeUnit units = CodeUnit::Byte;
    qint64 before = 0;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_region || byteOffset < 0 || byteOffset >= qMin(m_chunks * kChunkSize, m_region->size()))
            return std::nullopt;
        region = m_region;
        units = m_units;
        before = m_newlinesBefore[static_cast<size_t>(byteOffset / kChunkSize)];
    }
    // A byte inside a UTF-16 '\n' is not past it: the scan sees whole units only.
    const qint64 begin = byteOffset - byteOffset % kChunkSize;
    const uchar *data = region->data() + begin;
    const qint64 len = byteOffset - begin;
    qint64 inChunk = 0;
    if (!FaultGuard::run(data, len, [&inChunk, data, len, units] { inChunk = countNewlines(data, len, units); }))
        return std::nullopt;
    return before + inChunk;
}
