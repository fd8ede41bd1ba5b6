#include "linehighlighter.h"

#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Theme>

#include <QElapsedTimer>

using namespace KSyntaxHighlighting;

LineHighlighter::LineHighlighter(RowText rowText, QObject *parent)
    : LineStyler(parent)
    , m_rowText(std::move(rowText))
{
    m_refineTimer.setInterval(0);
    connect(&m_refineTimer, &QTimer::timeout, this, &LineHighlighter::refineSlice);
}

void LineHighlighter::setDefinition(const Definition &definition)
{
    AbstractHighlighter::setDefinition(definition);
    invalidate(0);
}

void LineHighlighter::setTheme(const Theme &theme)
{
    AbstractHighlighter::setTheme(theme);
    m_screenFirst = -1;
    emit stylesChanged();
}

void LineHighlighter::invalidate(int fromRow)
{
    const int keep = std::max(0, fromRow) / kCheckpointEvery * kCheckpointEvery;
    m_checkpoints.erase(m_checkpoints.upper_bound(keep), m_checkpoints.end());
    if (m_knownRows > keep) {
        auto it = m_checkpoints.find(keep);
        m_knownRows = it == m_checkpoints.end() ? 0 : keep;
        m_knownState = it == m_checkpoints.end() ? State() : it->second;
        if (m_knownRows == 0)
            m_checkpoints.clear();
    }
    m_screenFirst = -1;
    m_refineTarget = -1;
    m_refineTimer.stop();
}

State LineHighlighter::stateAt(int row)
{
    Q_ASSERT(row <= m_knownRows);
    if (row == m_knownRows)
        return m_knownState;
    auto it = m_checkpoints.upper_bound(row);
    if (it == m_checkpoints.begin())
        return {};
    --it;
    State state = it->second;
    for (int r = it->first; r < row; ++r)
        highlight(m_rowText(r), state);
    return state;
}

void LineHighlighter::learnUpTo(int row, qint64 budgetMs)
{
    QElapsedTimer clock;
    clock.start();
    QVector<StyledSpan> ignored;
    m_collecting = &ignored;
    while (m_knownRows < row) {
        if (m_knownRows % kCheckpointEvery == 0)
            m_checkpoints[m_knownRows] = m_knownState;
        m_knownState = highlightLine(QStringView(m_rowText(m_knownRows)).left(kMaxLineChars), m_knownState);
        ++m_knownRows;
        ignored.clear();
        if (budgetMs >= 0 && (m_knownRows & 63) == 0 && clock.elapsed() >= budgetMs)
            break;
    }
    if (m_knownRows % kCheckpointEvery == 0)
        m_checkpoints[m_knownRows] = m_knownState;
    m_collecting = nullptr;
}

void LineHighlighter::refineSlice()
{
    if (m_refineTarget < 0) {
        m_refineTimer.stop();
        return;
    }
    learnUpTo(m_refineTarget, kSliceMs);
    if (m_knownRows >= m_refineTarget) {
        m_refineTarget = -1;
        m_refineTimer.stop();
        m_screenFirst = -1;
        emit stylesChanged();
    }
}

void LineHighlighter::prepare(int firstRow, int lastRow)
{
    if (!definition().isValid() || lastRow < firstRow) {
        m_screenFirst = -1;
        return;
    }
    State state;
    if (firstRow <= m_knownRows + kSyncRows)
        learnUpTo(firstRow, kSyncBudgetMs);
    m_screenExact = firstRow <= m_knownRows;
    if (m_screenExact) {
        state = stateAt(firstRow);
        m_refineTarget = -1;
        m_refineTimer.stop();
    } else if (firstRow - m_knownRows <= kMaxRefineRows) {
        m_refineTarget = firstRow;
        m_refineTimer.start();
    }
    m_screenFirst = firstRow;
    m_screenSpans.clear();
    m_screenStates.clear();
    for (int row = firstRow; row <= lastRow; ++row) {
        m_screenStates.append(state);
        m_screenSpans.append(highlight(m_rowText(row), state));
    }
}

QVector<StyledSpan> LineHighlighter::sliceSpans(int row, qint64 fromColumn, const QString &slice)
{
    if (!definition().isValid())
        return {};
    State state;
    if (fromColumn == 0 && m_screenFirst >= 0 && row >= m_screenFirst && row - m_screenFirst < m_screenStates.size())
        state = m_screenStates.at(row - m_screenFirst);
    QVector<StyledSpan> result;
    m_collecting = &result;
    highlightLine(slice, state);
    m_collecting = nullptr;
    return result;
}

QVector<StyledSpan> LineHighlighter::spans(int row, const QString &text)
{
    if (!definition().isValid())
        return {};
    if (m_screenFirst >= 0 && row >= m_screenFirst && row - m_screenFirst < m_screenSpans.size())
        return m_screenSpans.at(row - m_screenFirst);
    State fresh;
    return highlight(text, fresh);
}

QVector<StyledSpan> LineHighlighter::highlight(const QString &text, State &state)
{
    QVector<StyledSpan> result;
    m_collecting = &result;
    state = highlightLine(QStringView(text).left(kMaxLineChars), state);
    m_collecting = nullptr;
    return result;
}

void LineHighlighter::applyFormat(int offset, int length, const Format &format)
{
    if (!m_collecting || length <= 0 || format.isDefaultTextStyle(theme()))
        return;
    StyledSpan span;
    span.start = offset;
    span.length = length;
    const Theme t = theme();
    if (format.hasTextColor(t))
        span.foreground = format.textColor(t);
    if (format.hasBackgroundColor(t))
        span.background = format.backgroundColor(t);
    span.bold = format.isBold(t);
    span.italic = format.isItalic(t);
    span.underline = format.isUnderline(t);
    m_collecting->append(span);
}
