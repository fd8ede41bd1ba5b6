#include "linemodel.h"

#include "document.h"

namespace {
constexpr int kCachedRows = 512;
}

LineModel::LineModel(Document *document, QObject *parent, int rowLimit)
    : QAbstractListModel(parent)
    , m_document(document)
    , m_rowLimit(qMax(0, rowLimit))
    , m_displayCache(kCachedRows)
{
    connect(document, &Document::opened, this, &LineModel::resetFromDocument);
    connect(document, &Document::closed, this, &LineModel::resetFromDocument);
    connect(document, &Document::failed, this, &LineModel::resetFromDocument);
    connect(document, &Document::lineCountChanged, this, &LineModel::growTo);
    connect(document, &Document::indexFinished, this, &LineModel::refreshLastRow);
    connect(document, &Document::linesReset, this, &LineModel::resetFromDocument);
    connect(document, &Document::encodingChanged, this, &LineModel::applyDecoder);
    chooseDecoder();
    growTo(document->lineCount());
}

void LineModel::setDecoderOptions(const LineDecoder::Options &options)
{
    if (options == m_requested)
        return;
    m_requested = options;
    if (m_document)
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
}

void LineModel::resetFromDocument()
{
    beginResetModel();
    m_rows = 0;
    m_displayCache.clear();
    chooseDecoder();
    const bool wasCapped = m_capped;
    m_capped = false;
    endResetModel();
    if (wasCapped)
        emit cappedChanged(false);
    if (m_document)
        growTo(m_document->lineCount());
}

void LineModel::growTo(qint64 lineCount)
{
    const int rows = static_cast<int>(qMin<qint64>(lineCount, m_rowLimit));
    if (rows > m_rows) {
        beginInsertRows(QModelIndex(), m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
    const bool capped = lineCount > m_rowLimit;
    if (capped != m_capped) {
        m_capped = capped;
        emit cappedChanged(capped);
    }
}

// An unterminated last line grows in place when the file is appended to by another program: its
// cached text is stale once the extended index is complete.
void LineModel::refreshLastRow()
{
    if (m_rows == 0)
        return;
    m_displayCache.remove(m_rows - 1);
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
    const std::optional<LineSpan> span = m_document->lineSpan(row);
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
    for (int row = firstRow; row <= lastRow; ++row)
        m_displayCache.remove(row);
    emit dataChanged(index(firstRow), index(lastRow));
}

qint64 LineModel::byteInLineForColumn(int row, int column) const
{
    const std::optional<LineSpan> span = row >= 0 && row < m_rows ? m_document->lineSpan(row) : std::nullopt;
    if (!span)
        return 0;
    const std::optional<QByteArray> head =
        m_document->readBytes(span->byteOffset, m_decoder.bytesNeeded(span->textLength));
    return head ? m_decoder.byteForColumn(*head, span->textLength, span->byteOffset, column) : 0;
}

int LineModel::columnForByteInLine(int row, qint64 byteInLine) const
{
    const std::optional<LineSpan> span = row >= 0 && row < m_rows ? m_document->lineSpan(row) : std::nullopt;
    if (!span)
        return 0;
    const std::optional<QByteArray> head =
        m_document->readBytes(span->byteOffset, m_decoder.bytesNeeded(span->textLength));
    return head ? m_decoder.columnForByte(*head, span->textLength, span->byteOffset, byteInLine) : 0;
}

std::optional<qint64> LineModel::byteOffsetAt(Place place) const
{
    const std::optional<LineSpan> span =
        place.row >= 0 && place.row < m_rows ? m_document->lineSpan(place.row) : std::nullopt;
    if (!span)
        return std::nullopt;
    return span->byteOffset + byteInLineForColumn(place.row, place.column);
}

std::optional<LineModel::Place> LineModel::placeOf(qint64 byteOffset) const
{
    if (!m_document || m_rows == 0 || byteOffset < 0)
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
    if (!line || *line >= m_rows)
        return std::nullopt; // a row past a cap or not yet inserted is not shown
    const int row = int(*line);
    const std::optional<LineSpan> span = m_document->lineSpan(row);
    if (!span)
        return std::nullopt;
    return Place{row, columnForByteInLine(row, qMin(byteOffset, size) - span->byteOffset)};
}

QVariant LineModel::data(const QModelIndex &index, int role) const
{
    if (!m_document || !index.isValid() || index.row() >= m_rows || index.column() != 0)
        return QVariant();
    const int row = index.row();
    if (role == Qt::DisplayRole)
        return displayText(row);
    if (role == LineNumberRole)
        return qint64(row) + 1;
    const std::optional<LineSpan> span = m_document->lineSpan(row);
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
    return names;
}
