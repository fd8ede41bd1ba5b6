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

void SearchResultsModel::LineStarts::clear()
{
    std::vector<quint32>().swap(m_low);
    std::vector<Run>().swap(m_runs);
}

void SearchResultsModel::LineStarts::append(qint64 offset)
{
    const auto high = quint32(quint64(offset) >> 32);
    if (m_runs.empty() || m_runs.back().high != high)
        m_runs.push_back(Run{size(), high});
    m_low.push_back(quint32(quint64(offset)));
}

qint64 SearchResultsModel::LineStarts::at(qint64 index) const
{
    const auto run = std::upper_bound(m_runs.begin(), m_runs.end(), index,
                                      [](qint64 i, const Run &r) { return i < r.firstIndex; }) - 1;
    return qint64((quint64(run->high) << 32) | m_low[size_t(index)]);
}

template<typename Search>
qint64 SearchResultsModel::LineStarts::bound(qint64 value, Search search) const
{
    // The run holding value's high half, then a search among its low halves.
    if (value < 0)
        return 0;
    const auto high = quint32(quint64(value) >> 32);
    const auto run = std::lower_bound(m_runs.begin(), m_runs.end(), high,
                                      [](const Run &r, quint32 h) { return r.high < h; });
    if (run == m_runs.end())
        return size();
    if (run->high > high)
        return run->firstIndex;
    const qint64 end = run + 1 == m_runs.end() ? size() : (run + 1)->firstIndex;
    const auto first = m_low.begin() + run->firstIndex;
    return search(first, m_low.begin() + end, quint32(quint64(value))) - m_low.begin();
}

qint64 SearchResultsModel::LineStarts::upperBound(qint64 value) const
{
    return bound(value, [](auto first, auto last, quint32 low) { return std::upper_bound(first, last, low); });
}

qint64 SearchResultsModel::LineStarts::lowerBound(qint64 value) const
{
    return bound(value, [](auto first, auto last, quint32 low) { return std::lower_bound(first, last, low); });
}

SearchResultsModel::SearchResultsModel(Document *document, QObject *parent)
    : QAbstractListModel(parent), m_document(document), m_displayCache(kCacheRows)
{
}

void SearchResultsModel::reset(std::shared_ptr<const SearchMatcher> matcher)
{
    beginResetModel();
    m_matcher = std::move(matcher);
    m_lineStarts.clear();
    m_complete = false;
    m_displayCache.clear();
    endResetModel();
}

void SearchResultsModel::appendLines(const QList<qint64> &lineStarts)
{
    if (lineStarts.isEmpty())
        return;
    const qint64 before = m_lineStarts.size();
    const int firstRow = int(qMin<qint64>(before, INT_MAX));
    const int lastRow = int(qMin<qint64>(before + lineStarts.size(), INT_MAX)) - 1;
    if (lastRow >= firstRow)
        beginInsertRows(QModelIndex(), firstRow, lastRow);
    for (const qint64 start : lineStarts)
        m_lineStarts.append(start);
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
    const qint64 index = m_lineStarts.lowerBound(lineStart);
    return index < m_lineStarts.size() && m_lineStarts.at(index) == lineStart ? index : -1;
}

QList<SearchMatcher::Span> SearchResultsModel::spansAt(qint64 index) const
{
    if (!m_matcher || !m_document || index < 0 || index >= matchingLines())
        return {};
    const std::optional<QByteArray> bytes = m_document->readBytes(m_lineStarts.at(index), kLineBytesLimit);
    if (!bytes)
        return {};
    // The matcher cuts the line at its own line end (in UTF-16 not at the first 0x0A byte).
    return m_matcher->matchesInLine(*bytes, 100000, m_lineStarts.at(index));
}

QList<SearchMatcher::Span> SearchResultsModel::matchesInLine(qint64 lineStart) const
{
    return spansAt(indexOfLine(lineStart));
}

std::optional<qint64> SearchResultsModel::lineLength(qint64 lineStart) const
{
    const std::optional<qint64> line = m_document ? m_document->lineNumberAt(lineStart) : std::nullopt;
    const std::optional<LineSpan> span = line ? m_document->lineSpan(*line) : std::nullopt;
    if (!span || span->byteOffset != lineStart)
        return std::nullopt;
    return span->textLength;
}

QList<SearchMatcher::Span> SearchResultsModel::windowMatches(qint64 lineStart, qint64 length, qint64 from,
                                                             qint64 to) const
{
    // Windows start at multiples of 4 bytes of the line: whole UTF-16 units.
    const qint64 begin = qMax<qint64>(0, from - kWindowContext) / 4 * 4;
    const qint64 end = qMin(length, to + kWindowContext);
    const std::optional<QByteArray> bytes = m_document->readBytes(lineStart + begin, end - begin);
    if (!bytes)
        return {};
    QList<SearchMatcher::Span> spans;
    // Every match of the window: at most one per byte and one empty one per position.
    const int limit = int(2 * (end - begin) + 2);
    for (SearchMatcher::Span span : m_matcher->matchesInLine(*bytes, limit, lineStart + begin)) {
        span.start += begin;
        if (span.start >= from && span.start < to)
            spans.append(span);
    }
    return spans;
}

QList<SearchMatcher::Span> SearchResultsModel::matchesInLineRange(qint64 lineStart, qint64 fromByte,
                                                                  qint64 toByte) const
{
    if (!m_matcher || !m_document || indexOfLine(lineStart) < 0)
        return {};
    const std::optional<qint64> length = lineLength(lineStart);
    if (!length || *length <= kLineBytesLimit) {
        QList<SearchMatcher::Span> spans = matchesInLine(lineStart);
        spans.removeIf([&](const SearchMatcher::Span &span) {
            return span.start + qMax<qint64>(1, span.length) <= fromByte || span.start >= toByte;
        });
        return spans;
    }
    // A match that starts before the range may reach into it.
    return windowMatches(lineStart, *length, qMax<qint64>(0, fromByte - kWindowContext), qMax(fromByte, toByte));
}

std::optional<SearchResultsModel::Match> SearchResultsModel::firstIn(qint64 index, qint64 atOrAfter) const
{
    const qint64 start = m_lineStarts.at(index);
    const std::optional<qint64> length = lineLength(start);
    if (length && *length > kLineBytesLimit && m_matcher) {
        // A window at a time from where the search goes on.
        for (qint64 from = qMax<qint64>(0, atOrAfter - start); from < *length; from += kWindowBytes) {
            for (const SearchMatcher::Span &span : windowMatches(start, *length, from, from + kWindowBytes)) {
                if (start + span.start >= atOrAfter)
                    return Match{start + span.start, span.length, start};
            }
        }
        return std::nullopt;
    }
    for (const SearchMatcher::Span &span : spansAt(index)) {
        if (start + span.start >= atOrAfter)
            return Match{start + span.start, span.length, start};
    }
    return std::nullopt;
}

std::optional<SearchResultsModel::Match> SearchResultsModel::lastIn(qint64 index, qint64 before) const
{
    const qint64 start = m_lineStarts.at(index);
    const std::optional<qint64> length = lineLength(start);
    if (length && *length > kLineBytesLimit && m_matcher) {
        // A window at a time backwards from where the search goes on.
        for (qint64 to = qMin(*length, before - start); to > 0; to -= kWindowBytes) {
            const QList<SearchMatcher::Span> spans = windowMatches(start, *length, qMax<qint64>(0, to - kWindowBytes), to);
            for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
                if (start + it->start < before)
                    return Match{start + it->start, it->length, start};
            }
        }
        return std::nullopt;
    }
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
    qint64 index = m_lineStarts.upperBound(byteOffset) - 1;
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
    qint64 index = m_lineStarts.lowerBound(byteOffset) - 1;
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
    const qint64 start = m_lineStarts.at(index.row());
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
    const qint64 start = m_lineStarts.at(row);
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
