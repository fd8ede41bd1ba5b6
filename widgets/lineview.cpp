#include "lineview.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace {
constexpr int kGutterPadding = 8;
constexpr int kTextPadding = 4;
constexpr char16_t kControlPictures = 0x2400;
constexpr char16_t kDeletePicture = 0x2421;
constexpr int kDeleteBit = 0x20;
const QColor kSearchHighlight(255, 214, 0, 160);
} // namespace

LineView::LineView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    verticalScrollBar()->setSingleStep(1);
    updateMetrics();
}

void LineView::setModel(QAbstractItemModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_cursor = m_anchor = {};
    m_highlights.clear();
    m_widestSeen = 0;
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
            refresh();
        });
        connect(m_model, &QAbstractItemModel::dataChanged, this, refresh);
        connect(m_model, &QObject::destroyed, this, refresh);
    }
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
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

int LineView::firstVisibleRow() const
{
    return verticalScrollBar()->value();
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
    for (int n = std::max(1, rowCount()); n >= 10; n /= 10)
        ++digits;
    return std::max(3, digits) * m_charWidth + 2 * kGutterPadding;
}

int LineView::textLeft() const
{
    return gutterWidth() + kTextPadding - horizontalScrollBar()->value();
}

// Columns sit on the monospace grid: O(1) whatever the line's length. Glyphs that a fallback
// font draws wider (CJK, emoji) overhang their cell rather than shifting what follows.
int LineView::columnToX(const QString &text, int column) const
{
    return qRound(std::clamp(column, 0, int(text.size())) * m_cellWidth);
}

int LineView::xToColumn(const QString &text, int x) const
{
    return std::clamp(int(std::floor(x / m_cellWidth + 0.5)), 0, int(text.size()));
}

TextPosition LineView::positionAt(QPoint point) const
{
    const int rows = rowCount();
    if (rows == 0)
        return {};
    const int row = std::clamp(firstVisibleRow() + point.y() / m_rowHeight, 0, rows - 1);
    return {row, xToColumn(rowText(row), point.x() - textLeft())};
}

void LineView::updateScrollBars()
{
    const int rows = rowCount();
    const int page = visibleRowCount();
    verticalScrollBar()->setPageStep(page);
    verticalScrollBar()->setRange(0, std::max(0, rows - page));
    const int textWidth = viewport()->width() - gutterWidth() - kTextPadding;
    horizontalScrollBar()->setPageStep(std::max(1, textWidth));
    horizontalScrollBar()->setSingleStep(m_charWidth * 4);
    horizontalScrollBar()->setRange(0, std::max(0, m_widestSeen + m_charWidth - textWidth));
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
        const QString text = rowText(row);
        const int from = row == start.row ? start.column : 0;
        const int to = row == end.row ? end.column : int(text.size());
        parts << text.mid(from, std::max(0, to - from));
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
    moveCursor({rows - 1, int(rowText(rows - 1).size())}, true);
}

void LineView::moveCursor(TextPosition position, bool keepAnchor)
{
    const int rows = rowCount();
    position.row = std::clamp(position.row, 0, std::max(0, rows - 1));
    position.column = std::clamp(position.column, 0, int(rowText(position.row).size()));
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
    const int page = visibleRowCount();
    QScrollBar *bar = verticalScrollBar();
    if (centre)
        bar->setValue(position.row - page / 2);
    else if (position.row < bar->value())
        bar->setValue(position.row);
    else if (position.row >= bar->value() + page)
        bar->setValue(position.row - page + 1);

    const QString text = rowText(position.row);
    const int x = columnToX(text, position.column);
    QScrollBar *hbar = horizontalScrollBar();
    const int textWidth = viewport()->width() - gutterWidth() - kTextPadding;
    m_widestSeen = std::max(m_widestSeen, x);
    updateScrollBars();
    if (x < hbar->value())
        hbar->setValue(std::max(0, x - textWidth / 4));
    else if (x > hbar->value() + textWidth - m_charWidth)
        hbar->setValue(x - textWidth + textWidth / 4);
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
    const int first = firstVisibleRow();
    const int last = std::min(rows - 1, first + visibleRowCount());
    int widest = m_widestSeen;
    if (m_styler)
        m_styler->prepare(first, last);
    for (int row = first; row <= last; ++row) {
        const int y = (row - first) * m_rowHeight;
        const QString text = rowText(row);
        widest = std::max(widest, columnToX(text, int(text.size())));
        paintRow(painter, row, y, text);
    }

    // The gutter is painted last so that horizontally scrolled text slides under it.
    painter.fillRect(QRect(0, 0, gutter, viewport()->height()), colors.gutterBackground);
    for (int row = first; row <= last; ++row) {
        const QRect numberRect(0, (row - first) * m_rowHeight, gutter - kGutterPadding, m_rowHeight);
        painter.setPen(row == m_cursor.row ? colors.currentLineNumber : colors.lineNumber);
        painter.drawText(numberRect, Qt::AlignAbsolute | Qt::AlignRight | Qt::AlignVCenter, QString::number(qint64(row) + 1));
    }

    if (widest > m_widestSeen) {
        m_widestSeen = widest;
        updateScrollBars();
    }
    emit screenPainted();
}

void LineView::paintRow(QPainter &painter, int row, int y, const QString &text)
{
    const Colors colors = effectiveColors();
    const int left = textLeft();
    const QRect rowRect(0, y, viewport()->width(), m_rowHeight);
    if (row == m_cursor.row)
        painter.fillRect(rowRect, colors.currentLine);

    for (const Highlight &h : std::as_const(m_highlights)) {
        if (h.row != row)
            continue;
        const int x0 = columnToX(text, h.column);
        const int x1 = columnToX(text, h.column + std::max(1, h.length));
        painter.fillRect(QRect(left + x0, y, std::max(2, x1 - x0), m_rowHeight), colors.searchHighlight);
    }

    if (hasSelection()) {
        const TextPosition start = selectionStart();
        const TextPosition end = selectionEnd();
        if (row >= start.row && row <= end.row) {
            const int x0 = row == start.row ? columnToX(text, start.column) : 0;
            const int x1 = row == end.row ? columnToX(text, end.column)
                                          : columnToX(text, int(text.size())) + m_charWidth;
            painter.fillRect(QRect(left + x0, y, std::max(0, x1 - x0), m_rowHeight), colors.selection);
        }
    }

    paintText(painter, row, y, text);

    if (hasFocus() && row == m_cursor.row) {
        const int x = left + columnToX(text, m_cursor.column);
        painter.fillRect(QRect(x, y, 2, m_rowHeight), colors.text);
    }
}

void LineView::paintText(QPainter &painter, int row, int y, const QString &text)
{
    // Shape only what can be seen: a long line costs one screen width, not its length. One
    // text layout per row, with the styles as format ranges, draws a row of many small tokens
    // (minified JSON) in one pass instead of one call per token.
    const int left = textLeft();
    const int firstVisible = std::max(0, xToColumn(text, -left) - 1);
    const int lastVisible = std::min(int(text.size()), xToColumn(text, viewport()->width() - left) + 1);
    if (lastVisible <= firstVisible)
        return;

    QList<QTextLayout::FormatRange> formats;
    if (m_styler) {
        const QVector<StyledSpan> spans = m_styler->spans(row, text);
        for (const StyledSpan &span : spans) {
            const int from = std::max(span.start, firstVisible);
            const int to = std::min(span.start + span.length, lastVisible);
            if (to <= from)
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
            formats.append({from - firstVisible, to - from, format});
        }
    }

    // Control Pictures no font has are drawn as boxes over blank cells.
    QString shown = text.mid(firstVisible, lastVisible - firstVisible);
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
    layout.draw(&painter, QPointF(left + columnToX(text, firstVisible), y));
    for (const int i : std::as_const(ownControls)) {
        const int column = firstVisible + i;
        const qreal x = left + columnToX(text, column);
        paintControlBox(painter, QRectF(x, y, m_cellWidth, m_rowHeight), controlPictureByte(text.at(column)),
                        textColor);
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

void LineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void LineView::scrollContentsBy(int, int)
{
    viewport()->update();
}

void LineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        updateMetrics();
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
    TextPosition target = m_cursor;
    switch (event->key()) {
    case Qt::Key_Up: target.row -= 1; break;
    case Qt::Key_Down: target.row += 1; break;
    case Qt::Key_Left:
        if (target.column > 0)
            target.column -= 1;
        else if (target.row > 0)
            target = {target.row - 1, int(rowText(target.row - 1).size())};
        break;
    case Qt::Key_Right:
        if (target.column < rowText(target.row).size())
            target.column += 1;
        else if (target.row + 1 < rows)
            target = {target.row + 1, 0};
        break;
    case Qt::Key_PageUp:
        target.row -= page;
        verticalScrollBar()->setValue(verticalScrollBar()->value() - page);
        break;
    case Qt::Key_PageDown:
        target.row += page;
        verticalScrollBar()->setValue(verticalScrollBar()->value() + page);
        break;
    case Qt::Key_Home: target = ctrl ? TextPosition{0, 0} : TextPosition{target.row, 0}; break;
    case Qt::Key_End:
        target.row = ctrl ? rows - 1 : target.row;
        target.column = int(rowText(std::max(0, target.row)).size());
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    target.row = std::clamp(target.row, 0, std::max(0, rows - 1));
    moveCursor(target, shift);
    ensureVisible(m_cursor, false);
}

void LineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || rowCount() == 0)
        return QAbstractScrollArea::mousePressEvent(event);
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
    const QString text = rowText(at.row);
    auto isWord = [&](int i) { return i >= 0 && i < text.size() && (text[i].isLetterOrNumber() || text[i] == u'_'); };
    int from = at.column;
    int to = at.column;
    while (isWord(from - 1))
        --from;
    while (isWord(to))
        ++to;
    select({at.row, from}, {at.row, to});
}
