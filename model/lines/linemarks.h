#pragma once

#include <QObject>

#include <optional>
#include <set>
#include <vector>

// The lines a person marked in one file (0-based line numbers), in order. Marks follow the lines
// through Tome's own edits (lineShift()), and stay put when the file grows.
//
// Operations are O(log marks); lines() and the ranges are O(marks). Thread-safety: owner thread.
class LineMarks : public QObject {
    Q_OBJECT
public:
    explicit LineMarks(QObject *parent = nullptr);

    bool isMarked(qint64 line) const { return m_lines.count(line) != 0; }
    // Marks an unmarked line, unmarks a marked one; returns whether it is marked now.
    bool toggle(qint64 line);
    void set(qint64 line, bool marked);
    void clear();
    // Marks exactly `lines` (negative ones ignored), one changed() at most.
    void setLines(const std::vector<qint64> &lines);

    qint64 count() const { return qint64(m_lines.size()); }
    bool isEmpty() const { return m_lines.empty(); }
    // The first mark after `line` / the last one before it, wrapping around; nullopt without marks.
    std::optional<qint64> next(qint64 line) const;
    std::optional<qint64> previous(qint64 line) const;
    std::vector<qint64> lines() const { return {m_lines.begin(), m_lines.end()}; }

    // An edit replaced lines [firstLine, firstLine + oldCount) by newCount lines: marks after them
    // move by the difference; marks inside the replaced lines stay on the first of the new lines
    // when any is left, otherwise they are dropped.
    void lineShift(qint64 firstLine, qint64 oldCount, qint64 newCount);
    // Keeps only the marks below `lineCount` (the file was truncated or replaced).
    void clip(qint64 lineCount);

signals:
    void changed();

private:
    std::set<qint64> m_lines;
};
