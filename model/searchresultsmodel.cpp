#include "searchresultsmodel.h"

#include "document.h"

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace {

constexpr int kCacheRows = 512;
// How many following matching lines navigation tries when a line's match lies past what it reads.
constexpr int kLookAhead = 64;

} // namespace

SearchResultsModel::SearchResultsModel(Document *document, QObject *parent)
    : QAbstractListModel(parent), m_document(document), m_displayCache(kCacheRows)
{
}

void SearchResultsModel::reset(std::shared_ptr<const SearchMatcher> matcher)
{
    beginResetModel();
    m_matcher = std::move(matcher);
    std::vector<qint64>().swap(m_lineStarts);
    m_complete = false;
    m_displayCache.clear();
    endResetModel();
}

void SearchResultsModel::appendLines(const QList<qint64> &lineStarts)
{
    if (lineStarts.isEmpty())
        return;
    const qint64 before = qint64(m_lineStarts.size());
    const int firstRow = int(qMin<qint64>(before, INT_MAX));
    const int lastRow = int(qMin<qint64>(before + lineStarts.size(), INT_MAX)) - 1;
    if (lastRow >= firstRow)
        beginInsertRows(QModelIndex(), firstRow, lastRow);
    m_lineStarts.insert(m_lineStarts.end(), lineStarts.begin(), lineStarts.end());
    if (lastRow >= firstRow)
        endInsertRows();
}

void SearchResultsModel::setDecoderOptions(const LineDecoder::Options &options)
{
    if (options == m_decoder.options())
        return;
    m_decoder = LineDecoder(options);
    m_displayCache.clear();
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole});
}

qint64 SearchResultsModel::indexOfLine(qint64 lineStart) const
{
    const auto it = std::lower_bound(m_lineStarts.begin(), m_lineStarts.end(), lineStart);
    return it != m_lineStarts.end() && *it == lineStart ? it - m_lineStarts.begin() : -1;
}

QList<SearchMatcher::Span> SearchResultsModel::spansAt(qint64 index) const
{
    if (!m_matcher || !m_document || index < 0 || index >= matchingLines())
        return {};
    const std::optional<QByteArray> bytes = m_document->readBytes(m_lineStarts[size_t(index)], kLineBytesLimit);
    if (!bytes)
        return {};
    const qsizetype newline = bytes->indexOf('\n');
    return m_matcher->matchesInLine(QByteArrayView(*bytes).left(newline < 0 ? bytes->size() : newline));
}

QList<SearchMatcher::Span> SearchResultsModel::matchesInLine(qint64 lineStart) const
{
    return spansAt(indexOfLine(lineStart));
}

std::optional<SearchResultsModel::Match> SearchResultsModel::firstIn(qint64 index, qint64 atOrAfter) const
{
    const qint64 start = m_lineStarts[size_t(index)];
    for (const SearchMatcher::Span &span : spansAt(index)) {
        if (start + span.start >= atOrAfter)
            return Match{start + span.start, span.length, start};
    }
    return std::nullopt;
}

std::optional<SearchResultsModel::Match> SearchResultsModel::lastIn(qint64 index, qint64 before) const
{
    const qint64 start = m_lineStarts[size_t(index)];
    const QList<SearchMatcher::Span> spans = spansAt(index);
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
        if (start + it->start < before)
            return Match{start + it->start, it->length, start};
    }
    return std::nullopt;
}

std::optional<SearchResultsModel::Match> SearchResultsModel::matchFrom(qint64 byteOffset, bool *wrapped) const
{
    if (wrapped)
        *wrapped = false;
    const qint64 count = matchingLines();
    // The line holding byteOffset starts at or before it.
    qint64 index = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), byteOffset) - m_lineStarts.begin() - 1;
    index = qMax<qint64>(index, 0);
    for (qint64 tries = 0; index < count && tries < kLookAhead; ++index, ++tries) {
        if (const std::optional<Match> match = firstIn(index, byteOffset))
            return match;
    }
    if (!m_complete || count == 0)
        return std::nullopt;
    if (wrapped)
        *wrapped = true;
    for (index = 0; index < qMin<qint64>(count, kLookAhead); ++index) {
        if (const std::optional<Match> match = firstIn(index, 0))
            return match;
    }
    return std::nullopt;
}

std::optional<SearchResultsModel::Match> SearchResultsModel::matchBefore(qint64 byteOffset, bool *wrapped) const
{
    if (wrapped)
        *wrapped = false;
    const qint64 count = matchingLines();
    qint64 index = std::lower_bound(m_lineStarts.begin(), m_lineStarts.end(), byteOffset) - m_lineStarts.begin() - 1;
    for (qint64 tries = 0; index >= 0 && tries < kLookAhead; --index, ++tries) {
        if (const std::optional<Match> match = lastIn(index, byteOffset))
            return match;
    }
    if (!m_complete || count == 0)
        return std::nullopt;
    if (wrapped)
        *wrapped = true;
    for (index = count - 1; index >= qMax<qint64>(0, count - kLookAhead); --index) {
        if (const std::optional<Match> match = lastIn(index, LLONG_MAX))
            return match;
    }
    return std::nullopt;
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(qMin<qint64>(matchingLines(), INT_MAX));
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || !m_document)
        return {};
    const qint64 start = m_lineStarts[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(index.row());
    case LineNumberRole: {
        const std::optional<qint64> line = m_document->lineNumberAt(start);
        return line ? *line + 1 : 0;
    }
    case LineStartRole:
        return start;
    default:
        return {};
    }
}

QString SearchResultsModel::displayText(int row) const
{
    if (const QString *cached = m_displayCache.object(row))
        return *cached;
    const qint64 start = m_lineStarts[size_t(row)];
    const std::optional<qint64> line = m_document->lineNumberAt(start);
    const std::optional<LineSpan> span = line ? m_document->lineSpan(*line) : std::nullopt;
    QString text;
    if (span && span->byteOffset == start) {
        const std::optional<QByteArray> head =
            m_document->readBytes(start, m_decoder.bytesNeeded(span->textLength));
        text = u"%1: "_s.arg(*line + 1) + (head ? m_decoder.decode(*head, span->textLength, start) : QString());
    } else {
        // The index has not reached this line yet: show its bytes up to the display cut.
        const std::optional<QByteArray> head = m_document->readBytes(start, m_decoder.bytesNeeded(kLineBytesLimit));
        QByteArray bytes = head.value_or(QByteArray());
        const qsizetype newline = bytes.indexOf('\n');
        if (newline >= 0)
            bytes.truncate(newline > 0 && bytes.at(newline - 1) == '\r' ? newline - 1 : newline);
        text = u"…: "_s + m_decoder.decode(bytes, bytes.size(), start);
        return text; // not cached: the line number comes later
    }
    m_displayCache.insert(row, new QString(text));
    return text;
}
