#pragma once

#include "linedecoder.h"
#include "searchmatcher.h"

#include <QAbstractListModel>
#include <QCache>
#include <QPointer>

#include <memory>
#include <optional>
#include <vector>

class Document;

// The lines that matched one search, as a list model: one row per matching line, DisplayRole
// "line number: display text", plus the roles below. Holds only the lines' start offsets, about
// 4 bytes per matching line (see LineStarts); line numbers and text are found and decoded on
// demand for the rows shown and kept in a small cache, so ten million matches cost 40 MB and
// scroll like ten. appendLines() is O(batch) and emits one rowsInserted per batch.
//
// It also answers the navigation questions of a search (the match at or after a byte, the one
// before it, the matches in a line) by running the matcher on single lines.
//
// Qt rows are ints: matches past INT_MAX are counted (matchingLines()) but not listed.
// Thread-safety: GUI (owner) thread only.
class SearchResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        LineNumberRole = Qt::UserRole + 1, // 1-based, qint64; 0 while the index has not got there
        LineStartRole,                     // qint64, where the line's text starts
    };
    // A line up to this long is read whole to find its matches. A longer one is read a window
    // at a time, from where navigation starts or around what a view shows: every match is
    // navigable wherever it is in the line (at a cost in proportion to the distance to it); a
    // window is matched as a line of its own with kWindowContext bytes around what is reported,
    // so only a match longer than that can be missed or cut where two windows meet.
    static constexpr qint64 kLineBytesLimit = 1 << 20;
    static constexpr qint64 kWindowBytes = 1 << 20;
    static constexpr qint64 kWindowContext = 4096;

    struct Match {
        qint64 byteOffset = 0; // in the file
        qint64 length = 0;
        qint64 lineStart = 0;
        friend bool operator==(const Match &, const Match &) = default;
    };

    explicit SearchResultsModel(Document *document, QObject *parent = nullptr);

    // Empties the model for a new search with `matcher` (nullptr: no search).
    void reset(std::shared_ptr<const SearchMatcher> matcher);
    // Appends lines found after the ones already held (start offsets, ascending).
    void appendLines(const QList<qint64> &lineStarts);
    // The search has ended: navigation may wrap around.
    void setComplete(bool complete) { m_complete = complete; }
    bool isComplete() const { return m_complete; }
    void setDecoderOptions(const LineDecoder::Options &options);

    const SearchMatcher *matcher() const { return m_matcher.get(); }
    qint64 matchingLines() const { return m_lineStarts.size(); }
    qint64 lineStart(qint64 index) const { return m_lineStarts.at(index); }
    // Index of the matching line that starts at `lineStart`, or -1. O(log n).
    qint64 indexOfLine(qint64 lineStart) const;

    // The first match starting at or after `byteOffset`; when there is none and the search is
    // complete, the first match of the file with *wrapped set. nullopt when there is no match.
    std::optional<Match> matchFrom(qint64 byteOffset, bool *wrapped = nullptr) const;
    // The last match starting before `byteOffset`, wrapping to the last match likewise.
    std::optional<Match> matchBefore(qint64 byteOffset, bool *wrapped = nullptr) const;
    // The matches of the matching line starting at `lineStart` (empty for other lines); of a line
    // longer than kLineBytesLimit, those in its first kLineBytesLimit bytes.
    QList<SearchMatcher::Span> matchesInLine(qint64 lineStart) const;
    // The matches of that line that overlap its bytes [fromByte, toByte) (counted from its
    // start), wherever they are in it: what a view shows of a long line. O(toByte - fromByte).
    QList<SearchMatcher::Span> matchesInLineRange(qint64 lineStart, qint64 fromByte, qint64 toByte) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Ascending byte offsets stored as their low 32 bits plus, for each run of offsets that share
    // their high 32 bits, where the run begins: 4 bytes per offset and a few bytes per 4 GiB of
    // file. Lookups O(log n).
    class LineStarts {
    public:
        void clear();
        void append(qint64 offset); // not below the last one
        qint64 size() const { return qint64(m_low.size()); }
        qint64 at(qint64 index) const;
        // Index of the first offset > value (upper) or >= value (lower), size() if none.
        qint64 upperBound(qint64 value) const;
        qint64 lowerBound(qint64 value) const;

    private:
        struct Run {
            qint64 firstIndex;
            quint32 high;
        };
        template<typename Search>
        qint64 bound(qint64 value, Search search) const;
        std::vector<quint32> m_low;
        std::vector<Run> m_runs;
    };

private:
    QList<SearchMatcher::Span> spansAt(qint64 index) const;
    // The text length of the line starting at lineStart, once the index has it.
    std::optional<qint64> lineLength(qint64 lineStart) const;
    // The matches starting in [from, to) of a long line, from one window around them.
    QList<SearchMatcher::Span> windowMatches(qint64 lineStart, qint64 length, qint64 from, qint64 to) const;
    std::optional<Match> firstIn(qint64 index, qint64 atOrAfter) const;
    std::optional<Match> lastIn(qint64 index, qint64 before) const;
    QString displayText(int row) const;

    QPointer<Document> m_document;
    std::shared_ptr<const SearchMatcher> m_matcher;
    LineStarts m_lineStarts;
    bool m_complete = false;
    LineDecoder m_decoder;
    mutable QCache<int, QString> m_displayCache;
};
