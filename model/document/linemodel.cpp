#include "linemodel.h"

#include "document.h"
#include "linecolumns.h"
#include "lineestimate.h"
#include "lineset.h"

#include <algorithm>

namespace {
constexpr int kCachedRows = 512;
// Estimated rows: the lines within this many bytes of the place, at most this many of them.
constexpr qint64 kEstimateReach = 512 * 1024;
constexpr int kEstimateLines = 4096;
}

LineModel::LineModel(Document *document, QObject *parent, int windowSize)
    : QAbstractListModel(parent)
    , m_document(document)
    , m_windowSize(qMax(1, windowSize))
    , m_displayCache(kCachedRows)
    , m_columns(std::make_unique<LineColumns>(document))
{
    connect(m_columns.get(), &LineColumns::measured, this, [this](qint64 line) {
        if (const std::optional<int> row = rowOfLine(line))
            emit columnsMeasured(*row);
    });
    connect(document, &Document::opened, this, &LineModel::resetFromDocument);
    connect(document, &Document::closed, this, &LineModel::resetFromDocument);
    connect(document, &Document::failed, this, &LineModel::resetFromDocument);
    connect(document, &Document::lineCountChanged, this, &LineModel::growTo);
    connect(document, &Document::indexProgress, this, [this] {
        if (m_document)
            growTo(m_document->lineCount()); // the partly indexed last line grew
    });
    connect(document, &Document::indexFinished, this, &LineModel::refreshLastRow);
    connect(document, &Document::linesReset, this, &LineModel::resetFromDocument);
    connect(document, &Document::encodingChanged, this, &LineModel::applyDecoder);
    chooseDecoder();
    growTo(document->lineCount());
}

LineModel::~LineModel() = default;

void LineModel::setDecoderOptions(const LineDecoder::Options &options)
{
    if (options == m_requested)
        return;
    const bool newEncoding = options.encoding != m_requested.encoding;
    m_requested = options;
    if (m_document && newEncoding)
        m_document->setEncoding(options.encoding); // may re-index: the rows are then reset
    applyDecoder();
}

void LineModel::applyDecoder()
{
    const LineDecoder::Options before = m_decoder.options();
    chooseDecoder();
    if (m_decoder.options() == before)
        return;
    m_displayCache.clear();
    if (m_rows > 0)
        emit dataChanged(index(0), index(m_rows - 1), {Qt::DisplayRole});
}

void LineModel::chooseDecoder()
{
    LineDecoder::Options options = m_requested;
    if (m_document)
        options.encoding = m_document->encoding();
    m_decoder = LineDecoder(options);
    m_columns->setDecoder(m_decoder);
}

void LineModel::resetFromDocument()
{
    beginResetModel();
    clearRows();
    chooseDecoder();
    endResetModel();
    if (m_document)
        growTo(m_document->lineCount());
}

void LineModel::setRowFilter(const LineSet *shown)
{
    beginResetModel();
    m_filter = shown;
    clearRows();
    endResetModel();
    if (m_document)
        growTo(m_document->lineCount());
}

void LineModel::clearRows()
{
    forgetEstimate();
    m_first = 0;
    m_rows = 0;
    m_total = 0;
    m_partial.reset();
    m_columns->setPartialLine(m_partial);
    m_displayCache.clear();
}

void LineModel::rowFilterGrew()
{
    if (m_document)
        growTo(m_document->lineCount());
}

qint64 LineModel::rowsFor(qint64 lineCount) const
{
    return m_filter ? m_filter->rank(lineCount) : lineCount;
}

qint64 LineModel::documentRowOfLine(qint64 line) const
{
    return m_filter ? m_filter->rank(qMax<qint64>(0, line)) : line;
}

qint64 LineModel::lineOfRow(int row) const
{
    if (row < 0 || row >= m_rows)
        return -1;
    if (isEstimate())
        return m_estimated.front().lineNumber + row;
    const qint64 documentRow = m_first + row;
    return m_filter ? m_filter->at(documentRow).value_or(-1) : documentRow;
}

std::optional<int> LineModel::rowOfLine(qint64 line) const
{
    if (line < 0)
        return std::nullopt;
    if (m_filter && !m_filter->contains(line))
        return std::nullopt;
    const qint64 row = documentRowOfLine(line) - firstRow();
    return row >= 0 && row < m_rows ? std::optional<int>(int(row)) : std::nullopt;
}

int LineModel::nearestRowOfLine(qint64 line) const
{
    if (m_rows == 0)
        return -1;
    return int(std::clamp<qint64>(documentRowOfLine(line) - firstRow(), 0, m_rows - 1));
}

qint64 LineModel::firstRow() const
{
    return isEstimate() ? m_estimated.front().lineNumber : m_first;
}

qint64 LineModel::scrollRows() const
{
    if (isEstimate() || canEstimate())
        return std::max({m_total, LineEstimate::totalLines(*m_document), isEstimate() ? m_estimated.back().lineNumber + 1 : 0});
    return m_total;
}

bool LineModel::canEstimate() const
{
    const LineIndex *index = m_document ? m_document->lineIndex() : nullptr;
    return !m_filter && index && index->status() == LineIndex::Status::Running && !m_document->isDecoding()
        && m_document->lineCount() > 0;
}

int LineModel::estimateAt(qint64 documentRow)
{
    const std::optional<qint64> byte = LineEstimate::byteOfLine(*m_document, documentRow);
    if (!byte || !showEstimate(*byte, documentRow, std::nullopt)) {
        // No line to be found there (one line longer than the reach): the exact end, for now.
        if (isEstimate())
            leaveEstimate();
        return revealDocumentRow(m_total - 1);
    }
    return int(std::clamp<qint64>(documentRow - firstRow(), 0, m_rows - 1));
}

bool LineModel::showEstimate(qint64 byteOffset, qint64 lineNumber, std::optional<qint64> shift)
{
    std::optional<LineEstimate::Island> island =
        LineEstimate::linesAround(*m_document, byteOffset, lineNumber, kEstimateReach, kEstimateLines);
    if (!island)
        return false;
    beginResetModel();
    m_moving = shift.has_value();
    m_shift = shift ? island->spans.front().lineNumber - firstRow() : 0;
    m_estimated = std::move(island->spans);
    m_rows = int(m_estimated.size());
    m_partial.reset();
    m_displayCache.clear();
    m_columns->setEstimatedLines(m_estimated);
    endResetModel();
    m_moving = false;
    m_shift = 0;
    return true;
}

void LineModel::forgetEstimate()
{
    if (!isEstimate())
        return;
    m_estimated.clear();
    m_columns->setEstimatedLines({});
}

void LineModel::leaveEstimate()
{
    beginResetModel();
    forgetEstimate();
    m_displayCache.clear();
    m_first = qMax<qint64>(0, m_total - m_windowSize);
    m_rows = m_document ? layOutWindow(m_document->lineCount()) : 0;
    endResetModel();
}

void LineModel::settleEstimate()
{
    if (!isEstimate() || !m_document)
        return;
    const LineIndex *index = m_document->lineIndex();
    const bool passed = m_document->isIndexComplete()
        || (index && index->indexedBytes() >= m_estimated.back().endOffset());
    if (!passed)
        return;
    const std::optional<qint64> exactFirst = m_document->lineNumberAt(m_estimated.front().byteOffset);
    if (!exactFirst) {
        leaveEstimate();
        return;
    }
    beginResetModel();
    m_moving = true;
    forgetEstimate();
    m_displayCache.clear();
    m_first = std::clamp<qint64>(*exactFirst - m_windowSize / 2, 0, qMax<qint64>(0, m_total - m_windowSize));
    m_shift = m_first - *exactFirst; // row r showed line exactFirst + r
    m_rows = layOutWindow(m_document->lineCount());
    endResetModel();
    m_moving = false;
    m_shift = 0;
}

bool LineModel::showsLine(qint64 line) const
{
    return line >= 0 && (!m_filter || m_filter->contains(line)) && documentRowOfLine(line) < m_total;
}

qint64 LineModel::totalRows() const
{
    return m_total;
}

void LineModel::keepRowInWindow(int row)
{
    if (isEstimate()) {
        settleEstimate();
        if (!isEstimate())
            return;
        // Near the edge of the lines found: find those around this row instead.
        const qint64 margin = qMin<qint64>(m_windowSize / 4, m_rows / 4);
        const bool nearStart = row < margin && m_estimated.front().byteOffset > m_document->lineIndex()->textStart();
        const bool nearEnd = row >= m_rows - margin && m_estimated.back().endOffset() < m_document->size();
        if ((nearStart || nearEnd) && row >= 0 && row < m_rows)
            showEstimate(m_estimated[size_t(row)].byteOffset, lineOfRow(row), 0);
        return;
    }
    const qint64 margin = m_windowSize / 4;
    const bool nearStart = row < margin && m_first > 0;
    const bool nearEnd = row >= m_rows - margin && m_first + m_rows < m_total;
    if (nearStart || nearEnd)
        moveWindow(m_first + row - m_windowSize / 2);
}

int LineModel::revealDocumentRow(qint64 documentRow)
{
    if (m_total == 0)
        return -1;
    if (documentRow >= m_total && canEstimate())
        return estimateAt(documentRow);
    if (isEstimate())
        leaveEstimate();
    documentRow = std::clamp<qint64>(documentRow, 0, m_total - 1);
    if (documentRow < m_first || documentRow >= m_first + m_rows)
        moveWindow(documentRow - m_windowSize / 2);
    else
        keepRowInWindow(int(documentRow - m_first));
    if (m_rows == 0)
        return -1;
    return int(std::clamp<qint64>(documentRow - m_first, 0, m_rows - 1));
}

int LineModel::revealNearestRowOfLine(qint64 line)
{
    return revealDocumentRow(documentRowOfLine(line));
}

void LineModel::moveWindow(qint64 first)
{
    first = std::clamp<qint64>(first, 0, qMax<qint64>(0, m_total - m_windowSize));
    if (first == m_first || !m_document)
        return;
    beginResetModel();
    m_moving = true;
    m_shift = first - m_first;
    m_first = first;
    m_displayCache.clear();
    m_rows = layOutWindow(m_document->lineCount());
    endResetModel();
    m_moving = false;
    m_shift = 0;
}

std::optional<LineSpan> LineModel::spanOfRow(int row) const
{
    if (isEstimate())
        return row >= 0 && row < m_rows ? std::optional<LineSpan>(m_estimated[size_t(row)]) : std::nullopt;
    if (m_partial && !m_filter && m_first + row == m_partial->lineNumber)
        return m_partial;
    const qint64 line = lineOfRow(row);
    return line >= 0 ? m_document->lineSpan(line) : std::nullopt;
}

std::optional<LineSpan> LineModel::partialLine() const
{
    const LineIndex *index = m_document ? m_document->lineIndex() : nullptr;
    if (!index || m_filter || index->status() != LineIndex::Status::Running)
        return std::nullopt;
    const qint64 lines = index->lineCount();
    qint64 start = index->textStart();
    if (lines > 0) {
        const std::optional<LineSpan> last = m_document->lineSpan(lines - 1);
        if (!last)
            return std::nullopt;
        start = last->endOffset();
    }
    const qint64 end = index->indexedBytes();
    if (end <= start)
        return std::nullopt;
    return LineSpan{lines, start, end - start, 0};
}

std::optional<LineSpan> LineModel::countRows(qint64 lineCount)
{
    const qint64 rows = rowsFor(lineCount);
    std::optional<LineSpan> partial = partialLine();
    if (partial && partial->lineNumber != rows)
        partial.reset();
    m_total = rows + (partial ? 1 : 0);
    return partial;
}

int LineModel::layOutWindow(qint64 lineCount)
{
    const std::optional<LineSpan> partial = countRows(lineCount);
    const qint64 rows = m_total - (partial ? 1 : 0);
    const qint64 inWindow = std::clamp<qint64>(rows - m_first, 0, m_windowSize);
    m_partial = partial && m_first + inWindow == rows && inWindow < m_windowSize ? partial : std::nullopt;
    m_columns->setPartialLine(m_partial);
    return int(inWindow) + (m_partial ? 1 : 0);
}

void LineModel::growTo(qint64 lineCount)
{
    if (isEstimate()) {
        countRows(lineCount);
        settleEstimate();
        return;
    }
    const std::optional<LineSpan> before = m_partial;
    const int rows = layOutWindow(lineCount);
    if (rows > m_rows) {
        beginInsertRows(QModelIndex(), m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
    if (before && before != m_partial && before->lineNumber - m_first < m_rows && before->lineNumber >= m_first) {
        // The row that showed part of a line: more of it now, or all of it.
        const int row = int(before->lineNumber - m_first);
        m_displayCache.remove(row);
        emit dataChanged(index(row), index(row));
    }
}

// An unterminated last line grows in place when the file is appended to by another program: its
// cached text is stale once the extended index is complete.
void LineModel::refreshLastRow()
{
    if (m_document)
        growTo(m_document->lineCount()); // no partly indexed line any more
    if (m_rows == 0)
        return;
    m_displayCache.remove(m_rows - 1);
    m_columns->forget(lineOfRow(m_rows - 1));
    emit dataChanged(index(m_rows - 1), index(m_rows - 1));
}

int LineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

QString LineModel::displayText(int row) const
{
    if (const QString *cached = m_displayCache.object(row))
        return *cached;
    const std::optional<LineSpan> span = spanOfRow(row);
    if (!span)
        return QString();
    const std::optional<QByteArray> head =
        m_document->readBytes(span->byteOffset, m_decoder.bytesNeeded(span->textLength));
    if (!head)
        return QString();
    auto *text = new QString(m_decoder.decode(*head, span->textLength, span->byteOffset));
    const QString result = *text;
    m_displayCache.insert(row, text);
    return result;
}

void LineModel::invalidateRows(int firstRow, int lastRow)
{
    firstRow = qMax(0, firstRow);
    lastRow = qMin(lastRow, m_rows - 1);
    if (firstRow > lastRow)
        return;
    for (int row = firstRow; row <= lastRow; ++row) {
        m_displayCache.remove(row);
        m_columns->forget(lineOfRow(row));
    }
    emit dataChanged(index(firstRow), index(lastRow));
}

qint64 LineModel::columnCount(int row, bool *exact, qint64 atLeast) const
{
    const qint64 line = lineOfRow(row);
    const LineColumns::Count count = line >= 0 ? m_columns->columnCount(line, atLeast) : LineColumns::Count{};
    if (exact)
        *exact = count.exact;
    return count.columns;
}

QString LineModel::text(int row, qint64 fromColumn, qint64 toColumn) const
{
    const qint64 line = lineOfRow(row);
    return line >= 0 ? m_columns->text(line, fromColumn, toColumn) : QString();
}

qint64 LineModel::byteInLineForColumn(int row, qint64 column) const
{
    const qint64 line = lineOfRow(row);
    return line >= 0 ? m_columns->byteForColumn(line, column) : 0;
}

qint64 LineModel::columnForByteInLine(int row, qint64 byteInLine) const
{
    const qint64 line = lineOfRow(row);
    return line >= 0 ? m_columns->columnForByte(line, byteInLine) : 0;
}

std::optional<qint64> LineModel::byteOffsetAt(Place place) const
{
    const std::optional<LineSpan> span =
        spanOfRow(place.row);
    if (!span)
        return std::nullopt;
    return span->byteOffset + byteInLineForColumn(place.row, place.column);
}

std::optional<LineModel::Place> LineModel::placeOf(qint64 byteOffset) const
{
    if (!m_document || m_rows == 0 || byteOffset < 0 || isEstimate())
        return std::nullopt;
    const qint64 size = m_document->size();
    std::optional<qint64> line;
    if (byteOffset >= size) {
        if (!m_document->isIndexComplete())
            return std::nullopt;
        line = m_document->lineCount() - 1;
    } else {
        line = m_document->lineNumberAt(byteOffset);
    }
    const std::optional<int> shownRow = line ? rowOfLine(*line) : std::nullopt;
    if (!shownRow)
        return std::nullopt; // a line hidden by a filter, outside the window or not yet a row is not shown
    const int row = *shownRow;
    const std::optional<LineSpan> span = m_document->lineSpan(*line);
    if (!span)
        return std::nullopt;
    return Place{row, columnForByteInLine(row, qMin(byteOffset, size) - span->byteOffset)};
}

std::optional<LineModel::Place> LineModel::revealPlaceOf(qint64 byteOffset)
{
    if (!m_document || byteOffset < 0)
        return std::nullopt;
    std::optional<qint64> line;
    if (byteOffset >= m_document->size())
        line = m_document->isIndexComplete() ? std::optional<qint64>(m_document->lineCount() - 1) : std::nullopt;
    else
        line = m_document->lineNumberAt(byteOffset);
    if (line && (!m_filter || m_filter->contains(*line)))
        revealNearestRowOfLine(*line);
    return placeOf(byteOffset);
}

QVariant LineModel::data(const QModelIndex &index, int role) const
{
    if (!m_document || !index.isValid() || index.row() >= m_rows || index.column() != 0)
        return QVariant();
    const int row = index.row();
    if (role == Qt::DisplayRole)
        return displayText(row);
    if (role == LineNumberRole)
        return lineOfRow(row) + 1;
    if (role == EstimatedRole)
        return isEstimate();
    const std::optional<LineSpan> span = spanOfRow(row);
    if (!span)
        return QVariant();
    switch (role) {
    case ByteOffsetRole:
        return span->byteOffset;
    case ByteLengthRole:
        return span->textLength;
    case EndingLengthRole:
        return span->endingLength;
    case RawBytesRole: {
        const std::optional<QByteArray> bytes =
            m_document->readBytes(span->byteOffset, qMin(span->textLength, kRawBytesLimit));
        return bytes ? QVariant(*bytes) : QVariant();
    }
    default:
        return QVariant();
    }
}

QHash<int, QByteArray> LineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(LineNumberRole, "lineNumber");
    names.insert(ByteOffsetRole, "byteOffset");
    names.insert(ByteLengthRole, "byteLength");
    names.insert(EndingLengthRole, "endingLength");
    names.insert(RawBytesRole, "rawBytes");
    names.insert(EstimatedRole, "estimated");
    return names;
}
