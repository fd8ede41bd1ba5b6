#include "linecolumns.h"

#include "document.h"

#include <QElapsedTimer>

#include <limits>

namespace {

constexpr qint64 kNoStop = std::numeric_limits<qint64>::max();
constexpr qint64 kShortTextChars = 4 << 20; // characters of short lines kept decoded
constexpr qint64 kWorkerSlice = 16 << 20;   // bytes measured between two progress checks
constexpr int kProgressMs = 50;

} // namespace

LineColumns::LineColumns(const Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_shortTexts(kShortTextChars)
{
}

LineColumns::~LineColumns()
{
    stopWorker();
}

void LineColumns::setDecoder(const LineDecoder &decoder)
{
    m_decoder = decoder;
    clear();
}

void LineColumns::clear()
{
    {
        const std::lock_guard lock(m_jobMutex);
        m_jobs.clear();
        m_cancel = true;
    }
    ++m_generation;
    m_indexes.clear();
    m_recent.clear();
    m_shortTexts.clear();
    m_partial.reset();
}

void LineColumns::forget(qint64 line)
{
    m_shortTexts.remove(line);
    if (m_indexes.erase(line) > 0)
        m_recent.remove(line);
}

void LineColumns::setPartialLine(const std::optional<LineSpan> &span)
{
    if (span == m_partial)
        return;
    if (m_partial)
        forget(m_partial->lineNumber);
    if (span)
        forget(span->lineNumber);
    m_partial = span;
}

void LineColumns::setEstimatedLines(std::vector<LineSpan> spans)
{
    clear();
    m_estimated = std::move(spans);
}

std::optional<LineSpan> LineColumns::spanOf(qint64 line) const
{
    if (!m_estimated.empty()) {
        const qint64 i = line - m_estimated.front().lineNumber;
        return i >= 0 && i < qint64(m_estimated.size()) ? std::optional<LineSpan>(m_estimated[size_t(i)]) : std::nullopt;
    }
    if (isPartial(line))
        return m_partial;
    return m_document ? m_document->lineSpan(line) : std::nullopt;
}

const QString *LineColumns::shortText(qint64 line)
{
    if (const QString *cached = m_shortTexts.object(line))
        return cached;
    if (m_indexes.count(line) > 0)
        return nullptr; // a long line: no need to look its span up again
    const std::optional<LineSpan> span = spanOf(line);
    if (!span || span->textLength > kLongLineBytes)
        return nullptr;
    const std::optional<QByteArray> bytes = m_document->readBytes(span->byteOffset, span->textLength);
    if (!bytes)
        return nullptr;
    const LineDecoder::Position start = m_decoder.lineStart(*bytes, span->textLength, span->byteOffset);
    auto *text = new QString(
        m_decoder.displayColumns(QByteArrayView(*bytes).sliced(start.byte), start, !isPartial(line), 0, kNoStop));
    m_shortTexts.insert(line, text, text->size() + 1);
    return m_shortTexts.object(line);
}

std::shared_ptr<ColumnIndex> LineColumns::indexOf(qint64 line)
{
    const auto found = m_indexes.find(line);
    if (found != m_indexes.end()) {
        m_recent.remove(line);
        m_recent.push_back(line);
        return found->second;
    }
    const std::optional<LineSpan> span = spanOf(line);
    if (!span || span->textLength <= kLongLineBytes)
        return nullptr;
    auto index = std::make_shared<ColumnIndex>(m_document->file().region(), *span, m_decoder, isPartial(line));
    m_indexes.emplace(line, index);
    m_recent.push_back(line);
    while (int(m_recent.size()) > kCachedIndexes) {
        m_indexes.erase(m_recent.front());
        m_recent.pop_front();
    }
    return index;
}

QByteArray LineColumns::readLine(const ColumnIndex &index, qint64 from, qint64 minimum, bool *lineEnds) const
{
    const LineSpan &span = index.span();
    const qint64 length = qBound<qint64>(0, minimum, span.textLength - from);
    *lineEnds = from + length >= span.textLength && !index.openEnd();
    if (!m_document || length <= 0)
        return {};
    return m_document->readBytes(span.byteOffset + from, length).value_or(QByteArray());
}

LineColumns::Count LineColumns::columnCount(qint64 line, qint64 atLeast)
{
    if (const QString *text = shortText(line))
        return Count{text->size(), true};
    const std::shared_ptr<ColumnIndex> index = indexOf(line);
    if (!index)
        return Count{};
    if (atLeast > 0)
        index->measureTo(atLeast - 1, -1);
    const ColumnIndex::Extent extent = index->measured();
    const bool exact = (extent.complete || extent.failed) && !isPartial(line);
    if (!exact)
        schedule(line, index);
    return Count{extent.end.column, exact};
}

QString LineColumns::text(qint64 line, qint64 fromColumn, qint64 toColumn)
{
    fromColumn = qMax<qint64>(0, fromColumn);
    if (toColumn <= fromColumn)
        return {};
    if (const QString *whole = shortText(line)) {
        if (fromColumn >= whole->size())
            return {};
        const qsizetype to = qsizetype(qMin<qint64>(toColumn, whole->size()));
        QString part = whole->mid(qsizetype(fromColumn), to - qsizetype(fromColumn));
        if (part.front().isLowSurrogate())
            part.front() = u' ';
        if (part.back().isHighSurrogate() && to < whole->size())
            part.append(whole->at(to));
        return part;
    }
    const std::shared_ptr<ColumnIndex> index = indexOf(line);
    if (!index)
        return {};
    index->measureTo(fromColumn, -1);
    const ColumnIndex::Extent extent = index->measured();
    if (!extent.complete && !extent.failed)
        schedule(line, index);
    if (fromColumn >= extent.end.column)
        return {};
    const LineDecoder::Position from = index->checkpointForColumn(fromColumn);
    const qint64 charBytes = m_decoder.options().encoding.maxCharBytes();
    const qint64 columns = qMin(toColumn - fromColumn, index->span().textLength) + 1;
    const qint64 walk = m_decoder.canResume() ? ColumnIndex::kStep + 8 : (fromColumn + 1) * charBytes + 8;
    bool lineEnds = false;
    const QByteArray bytes = readLine(*index, from.byte, walk + columns * charBytes, &lineEnds);
    return m_decoder.displayColumns(bytes, from, lineEnds, fromColumn, toColumn);
}

std::optional<LineDecoder::Position> LineColumns::walkShortLine(qint64 line, qint64 stopColumn, qint64 stopByte)
{
    if (!shortText(line))
        return std::nullopt;
    const std::optional<LineSpan> span = spanOf(line);
    const std::optional<QByteArray> bytes = m_document->readBytes(span->byteOffset, span->textLength);
    if (!bytes)
        return LineDecoder::Position{};
    const LineDecoder::Position start = m_decoder.lineStart(*bytes, span->textLength, span->byteOffset);
    return m_decoder.advance(QByteArrayView(*bytes).sliced(start.byte), start, !isPartial(line), stopColumn, stopByte);
}

qint64 LineColumns::byteForColumn(qint64 line, qint64 column)
{
    column = qMax<qint64>(0, column);
    if (const std::optional<LineDecoder::Position> walked = walkShortLine(line, column, kNoStop))
        return walked->byte;
    const std::shared_ptr<ColumnIndex> index = indexOf(line);
    if (!index)
        return 0;
    index->measureTo(column, -1);
    const ColumnIndex::Extent extent = index->measured();
    if (column >= extent.end.column)
        return extent.end.byte;
    const LineDecoder::Position from = index->checkpointForColumn(column);
    const qint64 charBytes = m_decoder.options().encoding.maxCharBytes();
    const qint64 walk = m_decoder.canResume() ? ColumnIndex::kStep + 8 : (column + 1) * charBytes + 8;
    bool lineEnds = false;
    const QByteArray bytes = readLine(*index, from.byte, walk + 2 * charBytes, &lineEnds);
    return m_decoder.advance(bytes, from, lineEnds, column, kNoStop).byte;
}

qint64 LineColumns::columnForByte(qint64 line, qint64 byte)
{
    if (const std::optional<LineDecoder::Position> walked = walkShortLine(line, kNoStop, byte))
        return walked->column;
    const std::shared_ptr<ColumnIndex> index = indexOf(line);
    if (!index)
        return 0;
    index->measureTo(-1, byte);
    const ColumnIndex::Extent extent = index->measured();
    if (byte >= extent.end.byte)
        return extent.end.column;
    const LineDecoder::Position from = index->checkpointForByte(byte);
    bool lineEnds = false;
    const QByteArray bytes =
        readLine(*index, from.byte, byte - from.byte + 2 * m_decoder.options().encoding.maxCharBytes(), &lineEnds);
    return m_decoder.advance(bytes, from, lineEnds, kNoStop, byte).column;
}

qint64 LineColumns::memoryBytes() const
{
    qint64 bytes = m_shortTexts.totalCost() * 2;
    for (const auto &[line, index] : m_indexes)
        bytes += index->memoryBytes();
    return bytes;
}

void LineColumns::schedule(qint64 line, const std::shared_ptr<ColumnIndex> &index)
{
    if (isPartial(line))
        return; // its span changes as the index goes on
    {
        const std::lock_guard lock(m_jobMutex);
        if (m_stopping)
            return;
        for (const Job &job : m_jobs) {
            if (job.index == index)
                return;
        }
        if (m_busy && m_current == index)
            return;
        m_jobs.push_back(Job{line, index, m_generation.load()});
        if (!m_worker.joinable())
            m_worker = std::thread([this] { work(); });
    }
    m_wake.notify_one();
}

void LineColumns::waitForMeasuring()
{
    std::unique_lock lock(m_jobMutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && !m_busy; });
}

void LineColumns::stopWorker()
{
    {
        const std::lock_guard lock(m_jobMutex);
        m_stopping = true;
        m_cancel = true;
        m_jobs.clear();
    }
    m_wake.notify_all();
    if (m_worker.joinable())
        m_worker.join();
}

void LineColumns::work()
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_jobMutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_stopping)
                return;
            job = m_jobs.front();
            m_jobs.pop_front();
            m_busy = true;
            m_current = job.index;
            m_cancel = false;
        }
        const auto announce = [this, &job] {
            QMetaObject::invokeMethod(
                this, [this, line = job.line, generation = job.generation] {
                    if (generation == m_generation.load())
                        emit measured(line);
                },
                Qt::QueuedConnection);
        };
        QElapsedTimer sinceProgress;
        sinceProgress.start();
        for (;;) {
            job.index->measureTo(kNoStop, kNoStop, kWorkerSlice, &m_cancel);
            if (m_cancel.load())
                break;
            const ColumnIndex::Extent extent = job.index->measured();
            const bool finished = extent.complete || extent.failed;
            if (finished || sinceProgress.elapsed() >= kProgressMs) {
                announce();
                sinceProgress.restart();
            }
            if (finished)
                break;
        }
        {
            const std::lock_guard lock(m_jobMutex);
            m_busy = false;
            m_current.reset();
        }
        m_idle.notify_all();
    }
}
