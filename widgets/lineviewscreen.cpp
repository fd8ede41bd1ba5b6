#include "lineview.h"

#include "linemodel.h"

#include <QApplication>
#include <QPainter>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <climits>
#include <cmath>

// LineView's screen: where rows fall (WrapLayout), scrolling, and painting.

namespace {
// Rows up to this many columns are fetched whole; longer ones a screen at a time, from a multiple
// of kSliceAlign columns (so that a styler sees the same slice start as the view scrolls).
constexpr qint64 kWholeRowColumns = 20000;
constexpr qint64 kSliceAlign = 512;
// The horizontal scroll bar counts pixels up to this; wider lines are scaled to it.
constexpr qint64 kMaxBarPixels = 1 << 30;
} // namespace

int LineView::firstVisibleRow() const
{
    return m_top.row;
}

int LineView::lastVisibleRow() const
{
    const QVector<ScreenRow> screen = screenRows();
    return screen.isEmpty() ? m_top.row : screen.last().place.row;
}

int LineView::textWidth() const
{
    return std::max(1, viewport()->width() - gutterWidth() - kTextPadding);
}

qint64 LineView::wrapWidth() const
{
    return m_wrap ? std::max<qint64>(1, qint64(std::floor(textWidth() / m_cellWidth))) : 0;
}

WrapLayout LineView::layout() const
{
    return WrapLayout(rowCount(), wrapWidth(), [this](int row, qint64 atLeast) { return columnCount(row, atLeast); });
}

QVector<LineView::ScreenRow> LineView::screenRows() const
{
    QVector<ScreenRow> screen;
    if (rowCount() == 0)
        return screen;
    const WrapLayout wrap = layout();
    const qreal left = gutterWidth() + kTextPadding;
    const qint64 firstColumn = std::max<qint64>(0, qint64(std::floor(qreal(m_xOffset) / m_cellWidth)) - 1);
    const qint64 lastColumn = qint64(std::ceil((qreal(m_xOffset) + textWidth()) / m_cellWidth)) + 1;
    WrapLayout::Place place = wrap.moved(m_top, 0);
    for (int i = 0; i <= visibleRowCount(); ++i) {
        ScreenRow row;
        row.place = place;
        row.y = i * m_rowHeight;
        if (wrap.wraps()) {
            row.from = wrap.segmentStart(place.segment);
            row.to = row.from + wrap.width();
            row.origin = left - qreal(row.from) * m_cellWidth;
        } else {
            row.from = firstColumn;
            row.to = lastColumn;
            row.origin = left - qreal(m_xOffset);
        }
        screen.append(row);
        const WrapLayout::Place next = wrap.moved(place, 1);
        if (next == place)
            break;
        place = next;
    }
    return screen;
}

QVector<LineView::VisibleColumns> LineView::visibleColumns() const
{
    QVector<VisibleColumns> shown;
    for (const ScreenRow &row : screenRows()) {
        if (!shown.isEmpty() && shown.last().row == row.place.row)
            shown.last().to = row.to;
        else
            shown.append({row.place.row, row.from, row.to});
    }
    return shown;
}

WrapLayout::Place LineView::maxTop(WrapLayout::Place keep) const
{
    const WrapLayout wrap = layout();
    const int page = visibleRowCount();
    // A screen below `keep` is measured first: a long row whose columns are known only in part
    // (a line still being measured, measured again after a new decoder, a partial last line that
    // grew) must not pull the top back to where its known part ends.
    wrap.moved(keep, page);
    return wrap.moved(wrap.last(), -(page - 1));
}

void LineView::setTop(WrapLayout::Place top)
{
    top = layout().moved(top, 0);
    m_top = std::min(top, maxTop(top));
    keepTopInWindow();
    updateScrollBars();
    viewport()->update();
}

bool LineView::isWindowed() const
{
    return m_lineModel && m_lineModel->isWindowed();
}

qint64 LineView::maxTopDocumentRow() const
{
    return m_lineModel ? std::max<qint64>(0, m_lineModel->scrollRows() - visibleRowCount()) : 0;
}

qint64 LineView::verticalBarScale() const
{
    constexpr qint64 kMaxBarValue = INT_MAX / 2;
    return std::max<qint64>(1, (maxTopDocumentRow() + kMaxBarValue - 1) / kMaxBarValue);
}

void LineView::keepTopInWindow()
{
    if (m_lineModel)
        m_lineModel->keepRowInWindow(m_top.row);
}

int LineView::visibleRowCount() const
{
    return std::max(1, viewport()->height() / m_rowHeight);
}

int LineView::gutterWidth() const
{
    int digits = 1;
    const int rows = rowCount();
    for (qint64 n = std::max<qint64>(1, rows > 0 ? lineNumberOfRow(rows - 1) : 1); n >= 10; n /= 10)
        ++digits;
    if (m_lineModel && m_lineModel->isEstimate())
        ++digits; // the "≈" of estimated numbers
    return std::max(3, digits) * m_charWidth + 2 * kGutterPadding + (m_lineMarker ? markerWidth() : 0);
}

int LineView::markerWidth() const
{
    return m_charWidth + kGutterPadding;
}

// Columns sit on the monospace grid: O(1) whatever the line's length. Glyphs that a fallback
// font draws wider (CJK, emoji) overhang their cell rather than shifting what follows.
TextPosition LineView::positionAt(QPoint point) const
{
    if (rowCount() == 0)
        return {};
    const WrapLayout wrap = layout();
    const WrapLayout::Place place = wrap.moved(m_top, std::max(0, point.y()) / m_rowHeight);
    const qreal x = point.x() - (gutterWidth() + kTextPadding) + (wrap.wraps() ? 0 : qreal(m_xOffset));
    const qint64 origin = wrap.segmentStart(place.segment);
    qint64 column = origin + std::max<qint64>(0, qint64(std::floor(x / m_cellWidth + 0.5)));
    if (wrap.wraps() && place.segment + 1 < wrap.segments(place.row, place.segment + 2))
        column = std::min(column, origin + wrap.width() - 1); // a wrapped part ends where the next begins
    column = std::min(column, columnCount(place.row, column + 1));
    return {place.row, std::max(column, origin)};
}

qint64 LineView::barValueOf(qint64 offset) const
{
    if (m_maxXOffset <= kMaxBarPixels)
        return offset;
    return qint64(double(offset) * double(kMaxBarPixels) / double(m_maxXOffset));
}

qint64 LineView::offsetOfBarValue(qint64 value) const
{
    if (m_maxXOffset <= kMaxBarPixels)
        return value;
    return qint64(double(value) * double(m_maxXOffset) / double(kMaxBarPixels));
}

void LineView::updateScrollBars()
{
    const QScopedValueRollback syncing(m_syncingBars, true);
    const WrapLayout wrap = layout();
    m_wrapWidth = wrap.width();
    const int page = visibleRowCount();
    const WrapLayout::Place most = maxTop(m_top);
    m_top = std::min(wrap.moved(m_top, 0), most);
    QScrollBar *bar = verticalScrollBar();
    if (isWindowed()) {
        // The bar spans the document's rows, not the window's (scaled to fit an int).
        const qint64 scale = verticalBarScale();
        bar->setPageStep(int(std::max<qint64>(1, page / scale)));
        bar->setRange(0, int(maxTopDocumentRow() / scale));
        bar->setToolTip(m_lineModel->isEstimate() ? tr("Line numbers are estimates until the index gets here")
                                                  : QString());
        bar->setValue(int((m_lineModel->firstRow() + m_top.row) / scale));
    } else {
        // A page in units: a screen of the top row's share (the thumb's size, roughly).
        const qint64 pageUnits =
            wrap.wraps() ? qint64(page) * wrap.unitsPerRow() / wrap.segments(m_top.row) : page;
        bar->setPageStep(int(std::clamp<qint64>(pageUnits, 1, INT_MAX / 2)));
        bar->setRange(0, int(std::min<qint64>(wrap.scrollValue(most), INT_MAX / 2)));
        bar->setToolTip(QString());
        bar->setValue(int(wrap.scrollValue(m_top)));
    }

    QScrollBar *hbar = horizontalScrollBar();
    if (m_wrap) {
        m_xOffset = m_maxXOffset = 0;
        hbar->setRange(0, 0);
        return;
    }
    const int width = textWidth();
    m_maxXOffset = std::max<qint64>(0, qint64(std::ceil(qreal(m_widestSeen) * m_cellWidth)) + m_charWidth - width);
    m_xOffset = std::clamp<qint64>(m_xOffset, 0, m_maxXOffset);
    const qint64 barMaximum = barValueOf(m_maxXOffset);
    hbar->setPageStep(int(std::max<qint64>(1, barValueOf(width))));
    hbar->setSingleStep(int(std::max<qint64>(1, barValueOf(m_charWidth * 4))));
    hbar->setRange(0, int(barMaximum));
    hbar->setValue(int(barValueOf(m_xOffset)));
}

void LineView::scrollHorizontallyTo(qint64 offset)
{
    m_xOffset = std::clamp<qint64>(offset, 0, m_maxXOffset);
    updateScrollBars();
    viewport()->update();
}

void LineView::onScrollAction(Qt::Orientation orientation, int action)
{
    int direction = 0;
    bool page = false;
    switch (action) {
    case QAbstractSlider::SliderSingleStepAdd: direction = 1; break;
    case QAbstractSlider::SliderSingleStepSub: direction = -1; break;
    case QAbstractSlider::SliderPageStepAdd: direction = 1; page = true; break;
    case QAbstractSlider::SliderPageStepSub: direction = -1; page = true; break;
    default: return; // a drag or a jump to an end: the value says where
    }
    if (orientation == Qt::Vertical) {
        if (!m_wrap && !isWindowed())
            return; // rows: the bar's own steps are exact
        // A step is a screen row, a page a screen, whatever units the bar gives them.
        setTop(layout().moved(m_top, direction * (page ? visibleRowCount() : 1)));
        verticalScrollBar()->setSliderPosition(verticalScrollBar()->value());
    } else if (m_maxXOffset > kMaxBarPixels) {
        scrollHorizontallyTo(m_xOffset + direction * (page ? textWidth() : m_charWidth * 4));
        horizontalScrollBar()->setSliderPosition(horizontalScrollBar()->value());
    }
}

void LineView::ensureVisible(TextPosition position, bool centre)
{
    const WrapLayout wrap = layout();
    const int page = visibleRowCount();
    const WrapLayout::Place at{position.row, wrap.segmentOf(position.row, position.column)};
    if (centre)
        m_top = wrap.moved(at, -(page / 2));
    else if (at < m_top)
        m_top = at;
    else if (wrap.moved(m_top, page - 1) < at)
        m_top = wrap.moved(at, -(page - 1));
    keepTopInWindow();

    if (!m_wrap) {
        const qint64 x = qint64(std::llround(qreal(position.column) * m_cellWidth));
        const int width = textWidth();
        m_widestSeen = std::max(m_widestSeen, position.column);
        if (x < m_xOffset)
            m_xOffset = std::max<qint64>(0, x - width / 4);
        else if (x > m_xOffset + width - m_charWidth)
            m_xOffset = x - width + width / 4;
    }
    updateScrollBars();
    viewport()->update();
}

void LineView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const Colors colors = effectiveColors();
    painter.fillRect(viewport()->rect(), colors.background);
    painter.setFont(font());

    const int rows = rowCount();
    if (rows == 0) {
        painter.setPen(colors.lineNumber);
        painter.drawText(viewport()->rect().adjusted(16, 16, -16, -16),
                         Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        emit screenPainted();
        return;
    }

    const int gutter = gutterWidth();
    const QVector<ScreenRow> screen = screenRows();
    const int first = screen.front().place.row;
    const int last = screen.back().place.row;
    qint64 widest = m_widestSeen;
    if (m_styler)
        m_styler->prepare(first, last);
    if (m_ruleStyler)
        m_ruleStyler->prepare(first, last);
    for (qsizetype i = 0; i < screen.size();) {
        // A row's text and styles are fetched once for all its screen rows: the whole row when it
        // is short, else the columns on screen.
        qsizetype next = i;
        while (next < screen.size() && screen.at(next).place.row == screen.at(i).place.row)
            ++next;
        RowText row;
        row.row = screen.at(i).place.row;
        row.columns = columnCount(row.row);
        const qint64 shownFrom = screen.at(i).from;
        const qint64 shownTo = screen.at(next - 1).to;
        const bool whole = row.columns <= kWholeRowColumns;
        row.from = whole ? 0 : shownFrom / kSliceAlign * kSliceAlign;
        row.text = columnText(row.row, row.from, whole ? row.columns : shownTo);
        const auto stylesOf = [&](LineStyler *styler) {
            if (whole && row.columns <= styler->wholeRowLimit())
                return styler->spans(row.row, row.text);
            const qint64 from = std::max(row.from, shownFrom / kSliceAlign * kSliceAlign);
            const qint64 offset = from - row.from;
            QVector<StyledSpan> spans = styler->sliceSpans(
                row.row, from, row.text.mid(qsizetype(offset), qsizetype(std::max<qint64>(0, shownTo - from))));
            for (StyledSpan &span : spans)
                span.start += int(offset);
            return spans;
        };
        if (m_styler)
            row.styles = stylesOf(m_styler);
        if (m_ruleStyler)
            row.rules = stylesOf(m_ruleStyler);
        for (qsizetype k = i; k < next; ++k)
            paintRow(painter, row, screen.at(k));
        if (!m_wrap)
            widest = std::max(widest, row.columns);
        i = next;
    }

    // The gutter is painted last so that horizontally scrolled text slides under it. A wrapped
    // row's number stands beside its first screen row.
    painter.fillRect(QRect(0, 0, gutter, viewport()->height()), colors.gutterBackground);
    // Lines past the index show where they probably are: their numbers are estimates.
    const QString estimated = m_lineModel && m_lineModel->isEstimate() ? QStringLiteral("\u2248") : QString();
    for (const ScreenRow &shown : screen) {
        if (shown.place.segment != 0)
            continue;
        const int row = shown.place.row;
        const QRect numberRect(0, shown.y, gutter - kGutterPadding, m_rowHeight);
        painter.setPen(row == m_cursor.row ? colors.currentLineNumber : colors.lineNumber);
        painter.drawText(numberRect, Qt::AlignAbsolute | Qt::AlignRight | Qt::AlignVCenter,
                         estimated + QString::number(lineNumberOfRow(row)));
        if (m_lineMarker && m_lineMarker(row)) {
            // A mark: a filled dot in the gutter's left column, in the selection colour.
            const int size = std::min(markerWidth() - kGutterPadding, m_rowHeight - 4);
            const QRect dot(kGutterPadding / 2 + (markerWidth() - kGutterPadding - size) / 2,
                            shown.y + (m_rowHeight - size) / 2, size, size);
            painter.save();
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(colors.selection);
            painter.drawEllipse(dot);
            painter.restore();
        }
    }

    if (widest > m_widestSeen) {
        m_widestSeen = widest;
        updateScrollBars();
    }
    emit screenPainted();
}

void LineView::paintRow(QPainter &painter, const RowText &row, const ScreenRow &screen)
{
    const Colors colors = effectiveColors();
    const auto xAt = [&](qint64 column) { return screen.origin + qreal(column) * m_cellWidth; };
    // Fills the columns [from, to) that lie on this screen row.
    const auto fill = [&](qint64 from, qint64 to, const QColor &color, int minimumWidth) {
        from = std::max(from, screen.from);
        to = std::min(to, screen.to);
        if (to < from || (to == from && minimumWidth == 0))
            return;
        const int x0 = int(std::floor(xAt(from)));
        const int x1 = int(std::floor(xAt(to)));
        painter.fillRect(QRect(x0, screen.y, std::max(minimumWidth, x1 - x0), m_rowHeight), color);
    };
    // The current line: with wrap, the screen row of the cursor (a wrapped line can fill the view).
    if (row.row == m_cursor.row && (!m_wrap || layout().segmentOf(row.row, m_cursor.column) == screen.place.segment))
        painter.fillRect(QRect(0, screen.y, viewport()->width(), m_rowHeight), colors.currentLine);

    for (const StyledSpan &span : row.rules) {
        if (span.background.isValid())
            fill(row.from + span.start, row.from + span.start + span.length, span.background, 0);
    }

    for (const Highlight &h : std::as_const(m_highlights)) {
        if (h.row == row.row && h.column + std::max<qint64>(1, h.length) > screen.from && h.column < screen.to)
            fill(h.column, h.column + std::max<qint64>(1, h.length), colors.searchHighlight, 2);
    }

    if (hasSelection()) {
        const TextPosition start = selectionStart();
        const TextPosition end = selectionEnd();
        if (row.row >= start.row && row.row <= end.row) {
            const qint64 from = row.row == start.row ? start.column : 0;
            const qint64 to = row.row == end.row ? end.column : row.columns + 1; // and the line break
            fill(from, to, colors.selection, 0);
        }
    }

    paintText(painter, row, screen);

    if (hasFocus() && row.row == m_cursor.row && m_cursor.column >= screen.from && m_cursor.column <= screen.to
        && (!m_wrap || layout().segmentOf(row.row, m_cursor.column) == screen.place.segment)) {
        painter.fillRect(QRect(int(std::floor(xAt(m_cursor.column))), screen.y, 2, m_rowHeight), colors.text);
    }
}

void LineView::paintText(QPainter &painter, const RowText &row, const ScreenRow &screen)
{
    // Only what can be seen: a long line costs one screen width, not its length.
    const qint64 from = std::max(screen.from, row.from);
    const qint64 to = std::min({screen.to, row.columns, row.from + qint64(row.text.size())});
    if (to <= from)
        return;
    const qsizetype first = qsizetype(from - row.from);
    qsizetype end = qsizetype(to - row.from);
    if (end < row.text.size() && row.text.at(end - 1).isHighSurrogate())
        ++end; // a pair is drawn whole on the screen row where it starts
    m_text.draw(painter, row.text, first, end, row.styles, row.rules,
                QPointF(screen.origin + qreal(from) * m_cellWidth, screen.y), effectiveColors().text);
}

void LineView::keepTopAfterRewrap()
{
    // The top row stays; within it, the screen row that shows the first column shown before.
    const qint64 width = wrapWidth();
    if (m_wrap && m_wrapWidth > 0 && width != m_wrapWidth)
        m_top.segment = m_top.segment * m_wrapWidth / width;
}

void LineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    keepTopAfterRewrap();
    updateScrollBars();
}

void LineView::scrollContentsBy(int, int)
{
    if (!m_syncingBars) {
        // The user moved a bar. A value that already is the view's place moves nothing, so that
        // the rounding of a wrapped row's share of the bar never moves the view back.
        const WrapLayout wrap = layout();
        const int value = verticalScrollBar()->value();
        if (isWindowed()) {
            const qint64 scale = verticalBarScale();
            if (value != (m_lineModel->firstRow() + m_top.row) / scale) {
                const qint64 documentRow =
                    value >= verticalScrollBar()->maximum() ? maxTopDocumentRow() : qint64(value) * scale;
                const WrapLayout::Place place{m_lineModel->revealDocumentRow(documentRow), 0};
                m_top = std::min(place, maxTop(place));
                updateScrollBars();
            }
        } else if (value != wrap.scrollValue(m_top)) {
            const WrapLayout::Place place = wrap.placeOfScrollValue(value);
            m_top = std::min(place, maxTop(place));
        }
        const int xValue = horizontalScrollBar()->value();
        if (!m_wrap && xValue != barValueOf(m_xOffset))
            m_xOffset = std::clamp<qint64>(offsetOfBarValue(xValue), 0, m_maxXOffset);
    }
    viewport()->update();
}

void LineView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    const bool sideways = (event->modifiers() & Qt::ShiftModifier) || qAbs(delta.x()) > qAbs(delta.y());
    if (sideways) {
        if (!m_wrap) {
            const int amount = delta.x() != 0 ? delta.x() : delta.y();
            scrollHorizontallyTo(m_xOffset - qint64(amount) * m_charWidth * 4 / 120);
        }
        event->accept();
        return;
    }
    // Whole notches of screen rows; a touchpad's small steps add up.
    m_wheelRemainder += delta.y();
    const int notches = m_wheelRemainder / 120;
    m_wheelRemainder -= notches * 120;
    if (notches != 0)
        setTop(layout().moved(m_top, -qint64(notches) * QApplication::wheelScrollLines()));
    event->accept();
}
