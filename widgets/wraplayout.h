#pragma once

#include <QtGlobal>

#include <compare>
#include <functional>

// Where a LineView's rows fall on screen: with soft wrap, a row of `columns` display columns takes
// ceil(columns / width) screen rows (at least one), screen row s of it showing columns
// [s * width, (s + 1) * width); without wrap (width 0) every row takes one screen row.
//
// Lazy: a row's columns are asked for only when a move crosses it, and only as many as the move
// needs (`atLeast`), so paging through a 1 GB line measures a page of it at a time, never the
// whole line. Moves are exact: moving down n screen rows and up n again comes back to the same
// place, and no screen row is skipped. A row still being measured counts the columns known so
// far (which only grow).
//
// The vertical scroll bar: Qt's scroll bars count in int, and the screen rows of a file are
// neither bounded by int nor known without measuring every line. The bar therefore gives each row
// unitsPerRow() units (the same share to every row), and a wrapped row shares its units among
// its screen rows in proportion. scrollValue() is monotonic in the place, and
// placeOfScrollValue(scrollValue(p)) == p whenever the row has no more screen rows than units.
//
// Not thread-safe; cheap to copy (the columns function is shared).
class WrapLayout {
public:
    // A screen row: a model row and which of its wrapped parts.
    struct Place {
        int row = 0;
        qint64 segment = 0;
        friend auto operator<=>(const Place &, const Place &) = default;
    };
    // Display columns of a row, measuring until at least `atLeast` are known if the row has them.
    using Columns = std::function<qint64(int row, qint64 atLeast)>;

    static constexpr qint64 kScrollUnits = 1 << 30;

    WrapLayout() = default;
    WrapLayout(int rows, qint64 width, Columns columns);

    int rows() const { return m_rows; }
    bool wraps() const { return m_width > 0; }
    qint64 width() const { return m_width; }

    // Screen rows of a row (1 without wrap), knowing at least `atLeast` of them if it has them.
    qint64 segments(int row, qint64 atLeast = 0) const;
    // The screen row showing a column (the end of a row that fills its last screen row shows at
    // that row's end), and the first column of a screen row.
    qint64 segmentOf(int row, qint64 column) const;
    qint64 segmentStart(qint64 segment) const { return wraps() ? segment * m_width : 0; }

    Place last() const;
    // `from` moved by `delta` screen rows, clamped to the first and last. O(rows crossed).
    Place moved(Place from, qint64 delta) const;
    // The screen rows from `from` to `to` (to >= from), counting at most `limit`.
    qint64 distance(Place from, Place to, qint64 limit) const;

    qint64 unitsPerRow() const;
    qint64 scrollValue(Place place) const;
    Place placeOfScrollValue(qint64 value) const;

private:
    int m_rows = 0;
    qint64 m_width = 0;
    Columns m_columns;
};
