#include "lineview.h"

#include "fixedfont.h"
#include "linemodel.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>

#include <algorithm>
#include <climits>
#include <cmath>

// The model, the cursor and the selection, and input. Where rows fall on screen, scrolling and
// painting: lineviewscreen.cpp.

namespace {
const QColor kSearchHighlight(255, 214, 0, 160);
// Characters around a double click looked at for its word.
constexpr qint64 kWordReach = 1024;
} // namespace

LineView::LineView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(fixedFont());
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    verticalScrollBar()->setSingleStep(1);
    connect(verticalScrollBar(), &QScrollBar::actionTriggered, this,
            [this](int action) { onScrollAction(Qt::Vertical, action); });
    connect(horizontalScrollBar(), &QScrollBar::actionTriggered, this,
            [this](int action) { onScrollAction(Qt::Horizontal, action); });
    updateMetrics();
}

void LineView::setModel(QAbstractItemModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_lineModel = qobject_cast<LineModel *>(model);
    m_cursor = m_anchor = {};
    m_highlights.clear();
    m_widestSeen = 0;
    m_top = {};
    m_xOffset = 0;
    m_cursorAtRowEnd = false;
    if (m_model) {
        auto refresh = [this] {
            updateScrollBars();
            viewport()->update();
        };
        connect(m_model, &QAbstractItemModel::rowsInserted, this, refresh);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, refresh);
        connect(m_model, &QAbstractItemModel::modelReset, this, [this, refresh] {
            if (m_lineModel && m_lineModel->isMovingWindow()) {
                // The window of a LineModel moved: the same lines, other row numbers.
                const qint64 shift = m_lineModel->windowShift();
                const int last = std::max(0, rowCount() - 1);
                const auto moved = [&](int row) { return int(std::clamp<qint64>(row - shift, 0, last)); };
                m_cursor.row = moved(m_cursor.row);
                m_anchor.row = moved(m_anchor.row);
                m_top.row = moved(m_top.row);
                for (Highlight &highlight : m_highlights)
                    highlight.row = moved(highlight.row);
                refresh();
                return;
            }
            m_cursor = m_anchor = {};
            m_widestSeen = 0;
            m_top = {};
            m_xOffset = 0;
            m_cursorAtRowEnd = false;
            refresh();
        });
        if (m_lineModel)
            connect(m_lineModel, &LineModel::columnsMeasured, this, &LineView::onColumnsMeasured);
        connect(m_model, &QAbstractItemModel::dataChanged, this, refresh);
        connect(m_model, &QObject::destroyed, this, refresh);
    }
    updateScrollBars();
    viewport()->update();
}

void LineView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

int LineView::rowCount() const
{
    return m_model ? m_model->rowCount() : 0;
}

QString LineView::rowText(int row) const
{
    if (!m_model || row < 0 || row >= m_model->rowCount())
        return {};
    return m_model->data(m_model->index(row, 0), Qt::DisplayRole).toString();
}

qint64 LineView::columnCount(int row, qint64 atLeast, bool *exact) const
{
    if (m_lineModel)
        return m_lineModel->columnCount(row, exact, atLeast);
    if (exact)
        *exact = true;
    return rowText(row).size();
}

QString LineView::columnText(int row, qint64 from, qint64 to) const
{
    if (m_lineModel)
        return m_lineModel->text(row, from, to);
    const QString text = rowText(row);
    from = std::clamp<qint64>(from, 0, text.size());
    to = std::clamp<qint64>(to, from, text.size());
    return text.mid(qsizetype(from), qsizetype(to - from));
}

void LineView::setWrapLines(bool wrap)
{
    if (m_wrap == wrap)
        return;
    const int rows = rowCount();
    const bool cursorShown = rows > 0 && m_cursor.row >= firstVisibleRow() && m_cursor.row <= lastVisibleRow();
    // The top row stays, and as near as can be the first column shown.
    const qint64 firstColumn = m_wrap ? m_top.segment * std::max<qint64>(1, m_wrapWidth)
                                      : qint64(qreal(m_xOffset) / m_cellWidth);
    m_wrap = wrap;
    m_xOffset = 0;
    m_top.segment = m_wrap ? firstColumn / wrapWidth() : 0;
    if (!m_wrap)
        m_xOffset = qint64(qreal(firstColumn) * m_cellWidth);
    updateScrollBars();
    if (cursorShown)
        ensureVisible(m_cursor, false);
    viewport()->update();
}

void LineView::onColumnsMeasured(int row)
{
    if (m_cursorAtRowEnd && row == m_cursor.row) {
        // End (or Select All) went to the end of a line still being measured: follow it.
        bool exact = false;
        const qint64 end = columnCount(row, 0, &exact);
        const bool keepAnchor = hasSelection();
        moveCursor({row, end}, keepAnchor);
        m_cursorAtRowEnd = !exact;
        ensureVisible(m_cursor, false);
    }
    updateScrollBars();
    viewport()->update();
}

void LineView::updateMetrics()
{
    m_text.setFont(font());
    m_rowHeight = m_text.rowHeight();
    m_cellWidth = m_text.cellWidth();
    m_charWidth = std::max(1, qRound(m_cellWidth));
}

void LineView::setColors(const Colors &colors)
{
    if (m_colors == colors)
        return;
    m_colors = colors;
    viewport()->update();
}

LineView::Colors LineView::effectiveColors() const
{
    const QPalette &pal = palette();
    auto pick = [](const QColor &set, const QColor &fallback) { return set.isValid() ? set : fallback; };
    QColor currentLine = pal.color(QPalette::Highlight);
    currentLine.setAlpha(40);
    Colors c;
    c.background = pick(m_colors.background, pal.color(QPalette::Base));
    c.text = pick(m_colors.text, pal.color(QPalette::Text));
    c.gutterBackground = pick(m_colors.gutterBackground, pal.color(QPalette::AlternateBase));
    c.lineNumber = pick(m_colors.lineNumber, pal.color(QPalette::PlaceholderText));
    c.currentLineNumber = pick(m_colors.currentLineNumber, c.text);
    c.currentLine = pick(m_colors.currentLine, currentLine);
    c.selection = pick(m_colors.selection, pal.color(QPalette::Highlight));
    c.searchHighlight = pick(m_colors.searchHighlight, kSearchHighlight);
    return c;
}

qint64 LineView::lineNumberOfRow(int row) const
{
    if (!m_model)
        return qint64(row) + 1;
    const QVariant number = m_model->index(row, 0).data(LineModel::LineNumberRole);
    return number.isValid() ? number.toLongLong() : qint64(row) + 1;
}

void LineView::setLineMarker(LineMarker marker)
{
    m_lineMarker = std::move(marker);
    updateScrollBars();
    viewport()->update();
}

void LineView::setCursorPosition(TextPosition position, bool centre)
{
    moveCursor(position, false);
    ensureVisible(m_cursor, centre);
}

void LineView::select(TextPosition from, TextPosition to)
{
    m_anchor = from;
    moveCursor(to, true);
    ensureVisible(to, false);
}

QString LineView::selectedText() const
{
    if (!hasSelection())
        return {};
    const TextPosition start = selectionStart();
    TextPosition end = selectionEnd();
    if (m_cursorAtRowEnd && end == m_cursor)
        end.column = TextPosition::kEndOfRow; // the end of a line still being measured, wherever it is
    if (m_textSource)
        return m_textSource(start, end);
    QStringList parts;
    for (int row = start.row; row <= end.row; ++row) {
        const qint64 from = row == start.row ? start.column : 0;
        const qint64 to = row == end.row ? end.column : TextPosition::kEndOfRow;
        parts << columnText(row, from, to);
    }
    return parts.join(QLatin1Char('\n'));
}

void LineView::setHighlights(QVector<Highlight> highlights)
{
    m_highlights = std::move(highlights);
    viewport()->update();
}

void LineView::setStyler(LineStyler *styler)
{
    if (m_styler)
        disconnect(m_styler, nullptr, this, nullptr);
    m_styler = styler;
    if (m_styler)
        connect(m_styler, &LineStyler::stylesChanged, viewport(), qOverload<>(&QWidget::update));
    viewport()->update();
}

void LineView::setRuleStyler(LineStyler *styler)
{
    if (m_ruleStyler)
        disconnect(m_ruleStyler, nullptr, viewport(), nullptr);
    m_ruleStyler = styler;
    if (m_ruleStyler)
        connect(m_ruleStyler, &LineStyler::stylesChanged, viewport(), qOverload<>(&QWidget::update));
    viewport()->update();
}

void LineView::copy()
{
    if (hasSelection())
        QApplication::clipboard()->setText(selectedText());
}

void LineView::selectAll()
{
    const int rows = rowCount();
    if (rows == 0)
        return;
    m_anchor = {0, 0};
    bool exact = true;
    const qint64 end = columnCount(rows - 1, 0, &exact);
    moveCursor({rows - 1, end}, true);
    m_cursorAtRowEnd = !exact;
}

void LineView::moveCursor(TextPosition position, bool keepAnchor)
{
    const int rows = rowCount();
    position.row = std::clamp(position.row, 0, std::max(0, rows - 1));
    position.column = std::clamp<qint64>(position.column, 0, columnCount(position.row, position.column + 1));
    m_cursorAtRowEnd = false;
    const bool hadSelection = hasSelection();
    m_cursor = position;
    if (!keepAnchor)
        m_anchor = position;
    emit cursorPositionChanged(m_cursor);
    if (hadSelection || hasSelection())
        emit selectionChanged();
    viewport()->update();
}

void LineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        updateMetrics();
        keepTopAfterRewrap();
        updateScrollBars();
    }
    QAbstractScrollArea::changeEvent(event);
}

void LineView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        copy();
        return;
    }
    if (event == QKeySequence::SelectAll) {
        selectAll();
        return;
    }
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    if (ctrl && m_lineModel && (event->key() == Qt::Key_Home || event->key() == Qt::Key_End))
        m_lineModel->revealDocumentRow(event->key() == Qt::Key_Home ? 0 : m_lineModel->scrollRows() - 1);
    const int rows = rowCount();
    const int page = visibleRowCount();
    const WrapLayout wrap = layout();
    // Up, Down, PgUp, PgDn move by screen rows (wrapped parts of a row included), keeping the
    // cursor's place within its screen row.
    const auto screenRowsAway = [&](qint64 delta) {
        const WrapLayout::Place from{m_cursor.row, wrap.segmentOf(m_cursor.row, m_cursor.column)};
        const WrapLayout::Place to = wrap.moved(from, delta);
        TextPosition moved{to.row, wrap.segmentStart(to.segment) + m_cursor.column - wrap.segmentStart(from.segment)};
        if (wrap.wraps() && to.segment + 1 < wrap.segments(to.row, to.segment + 2))
            moved.column = std::min(moved.column, wrap.segmentStart(to.segment) + wrap.width() - 1);
        return moved;
    };
    TextPosition target = m_cursor;
    bool toRowEnd = false;
    switch (event->key()) {
    case Qt::Key_Up: target = screenRowsAway(-1); break;
    case Qt::Key_Down: target = screenRowsAway(1); break;
    case Qt::Key_Left:
        if (target.column > 0)
            target.column -= 1;
        else if (target.row > 0)
            target = {target.row - 1, columnCount(target.row - 1)};
        break;
    case Qt::Key_Right:
        if (target.column < columnCount(target.row, target.column + 1))
            target.column += 1;
        else if (target.row + 1 < rows)
            target = {target.row + 1, 0};
        break;
    case Qt::Key_PageUp:
    case Qt::Key_PageDown: {
        const int delta = event->key() == Qt::Key_PageUp ? -page : page;
        target = screenRowsAway(delta);
        const qint64 firstBefore = m_lineModel ? m_lineModel->firstRow() : 0;
        setTop(wrap.moved(m_top, delta));
        if (m_lineModel) // the window followed the top: the target's row moved with it
            target.row = int(target.row - (m_lineModel->firstRow() - firstBefore));
        break;
    }
    case Qt::Key_Home: target = ctrl ? TextPosition{0, 0} : TextPosition{target.row, 0}; break;
    case Qt::Key_End: {
        target.row = std::max(0, ctrl ? rows - 1 : target.row);
        bool exact = true;
        target.column = columnCount(target.row, 0, &exact);
        toRowEnd = !exact; // a line still being measured: its end moves on
        break;
    }
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    target.row = std::clamp(target.row, 0, std::max(0, rowCount() - 1));
    moveCursor(target, shift);
    m_cursorAtRowEnd = toRowEnd;
    ensureVisible(m_cursor, false);
}

void LineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || rowCount() == 0)
        return QAbstractScrollArea::mousePressEvent(event);
    if (event->position().x() < gutterWidth()) {
        const int y = int(event->position().y());
        for (const ScreenRow &shown : screenRows()) {
            if (y >= shown.y && y < shown.y + m_rowHeight) {
                emit gutterClicked(shown.place.row);
                return;
            }
        }
    }
    moveCursor(positionAt(event->position().toPoint()), event->modifiers() & Qt::ShiftModifier);
}

void LineView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton) || rowCount() == 0)
        return;
    const TextPosition position = positionAt(event->position().toPoint());
    moveCursor(position, true);
    ensureVisible(position, false);
}

void LineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || rowCount() == 0)
        return;
    // Double click selects the word under the pointer.
    const TextPosition at = positionAt(event->position().toPoint());
    const qint64 base = std::max<qint64>(0, at.column - kWordReach);
    const QString text = columnText(at.row, base, at.column + kWordReach);
    auto isWord = [&](qint64 column) {
        const qint64 i = column - base;
        return i >= 0 && i < text.size() && (text[i].isLetterOrNumber() || text[i] == u'_');
    };
    qint64 from = at.column;
    qint64 to = at.column;
    while (isWord(from - 1))
        --from;
    while (isWord(to))
        ++to;
    select({at.row, from}, {at.row, to});
}
