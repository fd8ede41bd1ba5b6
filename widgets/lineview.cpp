#include "lineview.h"

#include "linemodel.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTextLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace {
constexpr int kGutterPadding = 8;
constexpr int kTextPadding = 4;
constexpr char16_t kControlPictures = 0x2400;
constexpr char16_t kDeletePicture = 0x2421;
constexpr int kDeleteBit = 0x20;
const QColor kSearchHighlight(255, 214, 0, 160);
// Rows up to this many columns are fetched whole; longer ones a screen at a time, from a multiple
// of kSliceAlign columns (so that a styler sees the same slice start as the view scrolls).
constexpr qint64 kWholeRowColumns = 20000;
constexpr qint64 kSliceAlign = 512;
// The horizontal scroll bar counts pixels up to this; wider lines are scaled to it.
constexpr qint64 kMaxBarPixels = 1 << 30;
// Characters around a double click looked at for its word.
constexpr qint64 kWordReach = 1024;
} // namespace

LineView::LineView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
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

WrapLayout::Place LineView::maxTop() const
{
    const WrapLayout wrap = layout();
    return wrap.moved(wrap.last(), -(visibleRowCount() - 1));
}

void LineView::setTop(WrapLayout::Place top)
{
    top = layout().moved(top, 0);
    m_top = std::min(top, maxTop());
    updateScrollBars();
    viewport()->update();
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

int LineView::visibleRowCount() const
{
    return std::max(1, viewport()->height() / m_rowHeight);
}

void LineView::updateMetrics()
{
    const QFontMetrics metrics(font());
    m_rowHeight = std::max(1, metrics.height());
    m_cellWidth = std::max<qreal>(1, QFontMetricsF(font()).horizontalAdvance(QLatin1Char('0')));
    m_charWidth = std::max(1, qRound(m_cellWidth));

    m_ownControls = 0;
    for (int byte = 0; byte < 0x20; ++byte)
        if (needsControlFallback(font(), char32_t(kControlPictures + byte)))
            m_ownControls |= quint64(1) << byte;
    if (needsControlFallback(font(), kDeletePicture))
        m_ownControls |= quint64(1) << kDeleteBit;
    // Two hex digits stacked in a cell: each a little under half the row high.
    m_controlFont = font();
    m_controlFont.setPixelSize(std::max(5, (m_rowHeight - 3) / 2));
    m_controlFont.setWeight(QFont::DemiBold);
}

bool LineView::needsControlFallback(const QFont &font, char32_t c)
{
    return !QFontMetrics(font).inFontUcs4(uint(c));
}

int LineView::controlPictureByte(QChar c)
{
    if (c.unicode() >= kControlPictures && c.unicode() < kControlPictures + 0x20)
        return c.unicode() - kControlPictures;
    return c.unicode() == kDeletePicture ? 0x7f : -1;
}

bool LineView::drawsOwnControl(QChar c) const
{
    const int byte = controlPictureByte(c);
    if (byte < 0)
        return false;
    return m_ownControls & (quint64(1) << (byte == 0x7f ? kDeleteBit : byte));
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

int LineView::gutterWidth() const
{
    int digits = 1;
    const int rows = rowCount();
    for (qint64 n = std::max<qint64>(1, rows > 0 ? lineNumberOfRow(rows - 1) : 1); n >= 10; n /= 10)
        ++digits;
    return std::max(3, digits) * m_charWidth + 2 * kGutterPadding + (m_lineMarker ? markerWidth() : 0);
}

int LineView::markerWidth() const
{
    return m_charWidth + kGutterPadding;
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
    const WrapLayout::Place most = wrap.moved(wrap.last(), -(page - 1));
    m_top = std::min(wrap.moved(m_top, 0), most);
    QScrollBar *bar = verticalScrollBar();
    // A page in units: a screen of the top row's share (the thumb's size, roughly).
    const qint64 pageUnits = wrap.wraps() ? qint64(page) * wrap.unitsPerRow() / wrap.segments(m_top.row) : page;
    bar->setPageStep(int(std::clamp<qint64>(pageUnits, 1, INT_MAX / 2)));
    bar->setRange(0, int(std::min<qint64>(wrap.scrollValue(most), INT_MAX / 2)));
    bar->setValue(int(wrap.scrollValue(m_top)));

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
        if (!m_wrap)
            return; // rows: the bar's own steps are exact
        // A step is a screen row, a page a screen, whatever units the bar gives them.
        setTop(layout().moved(m_top, direction * (page ? visibleRowCount() : 1)));
        verticalScrollBar()->setSliderPosition(verticalScrollBar()->value());
    } else if (m_maxXOffset > kMaxBarPixels) {
        scrollHorizontallyTo(m_xOffset + direction * (page ? textWidth() : m_charWidth * 4));
        horizontalScrollBar()->setSliderPosition(horizontalScrollBar()->value());
    }
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
    const TextPosition end = selectionEnd();
    if (m_textSource)
        return m_textSource(start, end);
    QStringList parts;
    for (int row = start.row; row <= end.row; ++row) {
        const qint64 from = row == start.row ? start.column : 0;
        const qint64 to = row == end.row ? end.column : columnCount(row);
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
    for (const ScreenRow &shown : screen) {
        if (shown.place.segment != 0)
            continue;
        const int row = shown.place.row;
        const QRect numberRect(0, shown.y, gutter - kGutterPadding, m_rowHeight);
        painter.setPen(row == m_cursor.row ? colors.currentLineNumber : colors.lineNumber);
        painter.drawText(numberRect, Qt::AlignAbsolute | Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(lineNumberOfRow(row)));
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
    // Shape only what can be seen: a long line costs one screen width, not its length. One
    // text layout per screen row, with the styles as format ranges, draws a row of many small
    // tokens (minified JSON) in one pass instead of one call per token.
    const qint64 from = std::max(screen.from, row.from);
    const qint64 to = std::min({screen.to, row.columns, row.from + qint64(row.text.size())});
    if (to <= from)
        return;
    const qsizetype first = qsizetype(from - row.from);
    qsizetype end = qsizetype(to - row.from);
    if (end < row.text.size() && row.text.at(end - 1).isHighSurrogate())
        ++end; // a pair is drawn whole on the screen row where it starts

    QList<QTextLayout::FormatRange> formats;
    // Only the spans on this screen row (a wrapped row's styles cover all its screen rows).
    const auto outside = [&](const StyledSpan &span) {
        return qsizetype(span.start) + span.length <= first || span.start >= end;
    };
    const auto addFormat = [&](const StyledSpan &span, const QTextCharFormat &format) {
        const qsizetype a = std::max<qsizetype>(span.start, first);
        const qsizetype b = std::min<qsizetype>(qsizetype(span.start) + span.length, end);
        if (b > a)
            formats.append({int(a - first), int(b - a), format});
    };
    for (const StyledSpan &span : row.styles) {
        if (outside(span))
            continue;
        QTextCharFormat format;
        if (span.foreground.isValid())
            format.setForeground(span.foreground);
        if (span.background.isValid())
            format.setBackground(span.background);
        if (span.bold)
            format.setFontWeight(QFont::Bold);
        format.setFontItalic(span.italic);
        format.setFontUnderline(span.underline);
        addFormat(span, format);
    }
    // Rule colours over the styler's: of overlapping format ranges, the later one wins. Text on
    // a rule's background without a foreground of its own takes the view's text colour, not the
    // styler's, which may be the background's hue (red text on a red ERROR rule).
    for (const StyledSpan &span : row.rules) {
        if ((!span.foreground.isValid() && !span.background.isValid()) || outside(span))
            continue;
        QTextCharFormat format;
        format.setForeground(span.foreground.isValid() ? span.foreground : effectiveColors().text);
        addFormat(span, format);
    }

    // Control Pictures no font has are drawn as boxes over blank cells.
    QString shown = row.text.mid(first, end - first);
    if (shown.front().isLowSurrogate())
        shown.front() = u' '; // the second half of a pair drawn on the screen row above
    QVector<int> ownControls; // columns within `shown`
    if (m_ownControls) {
        for (int i = 0; i < shown.size(); ++i) {
            if (drawsOwnControl(shown.at(i))) {
                ownControls.append(i);
                shown[i] = QLatin1Char(' ');
            }
        }
    }
    QTextLayout layout(shown, painter.font());
    QTextOption option;
    option.setWrapMode(QTextOption::NoWrap);
    layout.setTextOption(option);
    layout.setFormats(formats);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    if (line.isValid())
        line.setLineWidth(1e7);
    layout.endLayout();
    const QColor textColor = effectiveColors().text;
    painter.setPen(textColor);
    const qreal x = screen.origin + qreal(from) * m_cellWidth;
    layout.draw(&painter, QPointF(x, screen.y));
    for (const int i : std::as_const(ownControls)) {
        paintControlBox(painter, QRectF(x + i * m_cellWidth, screen.y, m_cellWidth, m_rowHeight),
                        controlPictureByte(row.text.at(first + i)), textColor);
    }
}

void LineView::paintControlBox(QPainter &painter, QRectF cell, int byte, const QColor &color) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QRectF box = cell.adjusted(0.5, 1.5, -0.5, -1.5);
    QColor frame = color;
    frame.setAlphaF(0.55f);
    painter.setPen(QPen(frame, 1.0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(box, 1.5, 1.5);
    painter.setFont(m_controlFont);
    painter.setPen(color);
    const QString hex = QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0')).toUpper();
    const QRectF top(box.left(), box.top(), box.width(), box.height() / 2);
    const QRectF bottom(box.left(), box.top() + box.height() / 2, box.width(), box.height() / 2);
    painter.drawText(top, Qt::AlignCenter, hex.left(1));
    painter.drawText(bottom, Qt::AlignCenter, hex.right(1));
    painter.restore();
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
        if (value != wrap.scrollValue(m_top))
            m_top = std::min(wrap.placeOfScrollValue(value), maxTop());
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
        target = screenRowsAway(-page);
        setTop(wrap.moved(m_top, -page));
        break;
    case Qt::Key_PageDown:
        target = screenRowsAway(page);
        setTop(wrap.moved(m_top, page));
        break;
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
    target.row = std::clamp(target.row, 0, std::max(0, rows - 1));
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
