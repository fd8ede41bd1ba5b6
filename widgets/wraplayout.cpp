#include "wraplayout.h"

#include <algorithm>
#include <limits>

namespace {

constexpr qint64 kMaxDelta = qint64(1) << 50;

} // namespace

WrapLayout::WrapLayout(int rows, qint64 width, Columns columns)
    : m_rows(std::max(0, rows))
    , m_width(std::max<qint64>(0, width))
    , m_columns(std::move(columns))
{
}

qint64 WrapLayout::segments(int row, qint64 atLeast) const
{
    if (!wraps() || row < 0 || row >= m_rows)
        return 1;
    const qint64 most = std::numeric_limits<qint64>::max() / m_width - 1;
    const qint64 columns = m_columns(row, std::clamp<qint64>(atLeast, 0, most) * m_width);
    return std::max<qint64>(1, (columns + m_width - 1) / m_width);
}

qint64 WrapLayout::segmentOf(int row, qint64 column) const
{
    if (!wraps() || column <= 0)
        return 0;
    qint64 segment = column / m_width;
    if (column % m_width == 0 && m_columns(row, column + 1) <= column)
        --segment; // the end of a row that fills its last screen row
    return segment;
}

WrapLayout::Place WrapLayout::last() const
{
    if (m_rows == 0)
        return {};
    return {m_rows - 1, segments(m_rows - 1) - 1};
}

WrapLayout::Place WrapLayout::moved(Place from, qint64 delta) const
{
    if (m_rows == 0)
        return {};
    from.row = std::clamp(from.row, 0, m_rows - 1);
    delta = std::clamp(delta, -kMaxDelta, kMaxDelta);
    if (!wraps()) {
        const qint64 row = std::clamp<qint64>(from.row + delta, 0, m_rows - 1);
        return {int(row), 0};
    }
    Place p{from.row, std::clamp<qint64>(from.segment, 0, segments(from.row, from.segment + 1) - 1)};
    if (delta >= 0) {
        while (delta > 0) {
            const qint64 count = segments(p.row, p.segment + delta + 1);
            if (p.segment + delta < count)
                return {p.row, p.segment + delta};
            if (p.row + 1 >= m_rows)
                return {p.row, count - 1};
            delta -= count - p.segment;
            p = {p.row + 1, 0};
        }
        return p;
    }
    delta = -delta;
    while (delta > 0) {
        if (p.segment >= delta)
            return {p.row, p.segment - delta};
        if (p.row == 0)
            return {0, 0};
        delta -= p.segment + 1;
        p = {p.row - 1, segments(p.row - 1) - 1};
    }
    return p;
}

qint64 WrapLayout::distance(Place from, Place to, qint64 limit) const
{
    qint64 count = 0;
    Place p = from;
    while (p < to && count < limit) {
        if (!wraps() || p.row < to.row) {
            const qint64 rest = wraps() ? segments(p.row, p.segment + limit + 1) - p.segment : 1;
            count += rest;
            p = {p.row + 1, 0};
        } else {
            count += to.segment - p.segment;
            p = to;
        }
    }
    return std::min(count, limit);
}

qint64 WrapLayout::unitsPerRow() const
{
    return wraps() ? std::max<qint64>(1, kScrollUnits / std::max(1, m_rows)) : 1;
}

qint64 WrapLayout::scrollValue(Place place) const
{
    if (m_rows == 0)
        return 0;
    const int row = std::clamp(place.row, 0, m_rows - 1);
    const qint64 units = unitsPerRow();
    if (!wraps())
        return row;
    const qint64 count = segments(row);
    const qint64 segment = std::clamp<qint64>(place.segment, 0, count - 1);
    qint64 within = 0;
    if (count <= units)
        within = segment * units / count;
    else
        within = std::min<qint64>(units - 1, qint64(double(segment) * double(units) / double(count)));
    return qint64(row) * units + within;
}

WrapLayout::Place WrapLayout::placeOfScrollValue(qint64 value) const
{
    if (m_rows == 0)
        return {};
    const qint64 units = unitsPerRow();
    const int row = int(std::clamp<qint64>(value / units, 0, m_rows - 1));
    if (!wraps())
        return {row, 0};
    const qint64 within = std::clamp<qint64>(value - qint64(row) * units, 0, units - 1);
    const qint64 count = segments(row);
    qint64 segment = 0;
    if (count <= units)
        segment = ((within + 1) * count - 1) / units;
    else
        segment = qint64(double(within) * double(count) / double(units));
    return {row, std::clamp<qint64>(segment, 0, count - 1)};
}
