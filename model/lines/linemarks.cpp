#include "linemarks.h"

LineMarks::LineMarks(QObject *parent) : QObject(parent) {}

bool LineMarks::toggle(qint64 line)
{
    const bool mark = !isMarked(line);
    set(line, mark);
    return mark;
}

void LineMarks::set(qint64 line, bool marked)
{
    if (line < 0 || isMarked(line) == marked)
        return;
    if (marked)
        m_lines.insert(line);
    else
        m_lines.erase(line);
    emit changed();
}

void LineMarks::clear()
{
    if (m_lines.empty())
        return;
    m_lines.clear();
    emit changed();
}

void LineMarks::setLines(const std::vector<qint64> &lines)
{
    std::set<qint64> marked;
    for (const qint64 line : lines) {
        if (line >= 0)
            marked.insert(line);
    }
    if (marked == m_lines)
        return;
    m_lines = std::move(marked);
    emit changed();
}

std::optional<qint64> LineMarks::next(qint64 line) const
{
    if (m_lines.empty())
        return std::nullopt;
    const auto it = m_lines.upper_bound(line);
    return it != m_lines.end() ? *it : *m_lines.begin();
}

std::optional<qint64> LineMarks::previous(qint64 line) const
{
    if (m_lines.empty())
        return std::nullopt;
    const auto it = m_lines.lower_bound(line);
    return it != m_lines.begin() ? *std::prev(it) : *m_lines.rbegin();
}

void LineMarks::lineShift(qint64 firstLine, qint64 oldCount, qint64 newCount)
{
    if (oldCount == newCount || m_lines.empty())
        return;
    std::set<qint64> moved;
    for (qint64 line : m_lines) {
        if (line < firstLine)
            moved.insert(line);
        else if (line >= firstLine + oldCount)
            moved.insert(line - oldCount + newCount);
        else if (newCount > 0)
            moved.insert(qMin(line, firstLine + newCount - 1));
    }
    m_lines = std::move(moved);
    emit changed();
}

void LineMarks::clip(qint64 lineCount)
{
    const auto from = m_lines.lower_bound(lineCount);
    if (from == m_lines.end())
        return;
    m_lines.erase(from, m_lines.end());
    emit changed();
}
