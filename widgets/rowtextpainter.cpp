#include "rowtextpainter.h"

#include <QFontMetrics>
#include <QPainter>
#include <QGlyphRun>
#include <QTextLayout>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>

namespace {
constexpr char16_t kControlPictures = 0x2400;
constexpr char16_t kDeletePicture = 0x2421;
constexpr int kDeleteBit = 0x20;
} // namespace

RowTextPainter::RowTextPainter()
{
    setFont(QFont());
}

void RowTextPainter::setFont(const QFont &font)
{

    const QFontMetrics metrics(font);
    m_rowHeight = std::max(1, metrics.height());
    m_underlineY = metrics.ascent() + std::max(1, metrics.underlinePos());
    m_lineWidth = std::max(1, metrics.lineWidth());
    m_cellWidth = std::max<qreal>(1, QFontMetricsF(font).horizontalAdvance(QLatin1Char('0')));

    m_ownControls = 0;
    for (int byte = 0; byte < 0x20; ++byte)
        if (needsControlFallback(font, char32_t(kControlPictures + byte)))
            m_ownControls |= quint64(1) << byte;
    if (needsControlFallback(font, kDeletePicture))
        m_ownControls |= quint64(1) << kDeleteBit;
    // Two hex digits stacked in a cell: each a little under half the row high.
    m_controlFont = font;
    m_controlFont.setPixelSize(std::max(5, (m_rowHeight - 3) / 2));
    m_controlFont.setWeight(QFont::DemiBold);
}

bool RowTextPainter::needsControlFallback(const QFont &font, char32_t c)
{
    return !QFontMetrics(font).inFontUcs4(uint(c));
}

int RowTextPainter::controlPictureByte(QChar c)
{
    if (c.unicode() >= kControlPictures && c.unicode() < kControlPictures + 0x20)
        return c.unicode() - kControlPictures;
    return c.unicode() == kDeletePicture ? 0x7f : -1;
}

bool RowTextPainter::drawsOwnControl(QChar c) const
{
    const int byte = controlPictureByte(c);
    if (byte < 0)
        return false;
    return m_ownControls & (quint64(1) << (byte == 0x7f ? kDeleteBit : byte));
}

void RowTextPainter::draw(QPainter &painter, const QString &text, qsizetype first, qsizetype end,
                          const QList<StyledSpan> &styles, const QList<StyledSpan> &rules, QPointF at,
                          const QColor &textColor) const
{
    if (end <= first)
        return;
    const qsizetype count = end - first;
    // The row is shaped once, as one run where it can be: colours are not formats (a format range
    // per token splits the shaping into hundreds of small runs, the cost of a screen of minified
    // JSON) but a colour per column, its glyphs drawn as a run of their own. Bold is struck twice,
    // a pixel apart (as terminals do: the grid and the shaping stay those of the regular font);
    // underlines are drawn on the grid, and italic, rare, is a format range. Backgrounds are filled
    // on the grid.
    QVarLengthArray<quint8, 512> colorOf(count, 0);
    QVarLengthArray<bool, 512> boldOf(count, false);
    QVarLengthArray<bool, 512> underlineOf(count, false);
    bool anyBold = false;
    QVarLengthArray<QColor, 8> colors{textColor};
    QList<QTextLayout::FormatRange> formats;
    const auto clipped = [&](const StyledSpan &span, qsizetype *a, qsizetype *b) {
        *a = std::max<qsizetype>(span.start, first);
        *b = std::min<qsizetype>(qsizetype(span.start) + span.length, end);
        return *b > *a;
    };
    const auto paintColumns = [&](qsizetype a, qsizetype b, const QColor &color) {
        int index = int(std::find(colors.begin(), colors.end(), color) - colors.begin());
        if (index == colors.size()) {
            if (colors.size() == 255)
                index = 0; // more colours than a row can show: the rest in the text colour
            else
                colors.append(color);
        }
        std::fill(colorOf.begin() + (a - first), colorOf.begin() + (b - first), quint8(index));
    };
    const auto xOf = [&](qsizetype i) { return std::floor(at.x() + qreal(i - first) * m_cellWidth); };
    for (const StyledSpan &span : styles) {
        qsizetype a = 0, b = 0;
        if (!clipped(span, &a, &b))
            continue;
        if (span.background.isValid())
            painter.fillRect(QRectF(xOf(a), at.y(), xOf(b) - xOf(a), m_rowHeight), span.background);
        if (span.foreground.isValid())
            paintColumns(a, b, span.foreground);
        if (span.bold) {
            std::fill(boldOf.begin() + (a - first), boldOf.begin() + (b - first), true);
            anyBold = true;
        }
        if (span.underline)
            std::fill(underlineOf.begin() + (a - first), underlineOf.begin() + (b - first), true);
        if (span.italic) {
            QTextCharFormat format;
            format.setFontItalic(true);
            formats.append({int(a - first), int(b - a), format});
        }
    }
    // Rule colours over the styler's. Text on a rule's background without a foreground of its
    // own takes the view's text colour, not the styler's, which may be the background's hue (red
    // text on a red ERROR rule).
    for (const StyledSpan &span : rules) {
        qsizetype a = 0, b = 0;
        if ((span.foreground.isValid() || span.background.isValid()) && clipped(span, &a, &b))
            paintColumns(a, b, span.foreground.isValid() ? span.foreground : textColor);
    }

    // Control Pictures no font has are drawn as boxes over blank cells.
    QString shown = text.mid(first, count);
    if (shown.front().isLowSurrogate())
        shown.front() = u' '; // the second half of a pair drawn on the screen row above
    QVarLengthArray<int, 16> ownControls; // columns within `shown`
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
    painter.setPen(textColor);
    if (colors.size() == 1 && !anyBold) {
        layout.draw(&painter, at);
    } else {
        // The glyphs of each colour, drawn as a run of their own (positions as shaped).
        const auto flags = QTextLayout::RetrieveGlyphIndexes | QTextLayout::RetrieveGlyphPositions
            | QTextLayout::RetrieveStringIndexes;
        const QList<QGlyphRun> runs = layout.glyphRuns(-1, -1, flags);
        for (const QGlyphRun &run : runs) {
            const QList<quint32> glyphs = run.glyphIndexes();
            const QList<QPointF> positions = run.positions();
            const QList<qsizetype> characters = run.stringIndexes();
            for (int k = 0; k < colors.size(); ++k) {
                for (const bool bold : {false, true}) {
                    if (bold && !anyBold)
                        break;
                    QList<quint32> someGlyphs;
                    QList<QPointF> somePositions;
                    for (qsizetype g = 0; g < glyphs.size(); ++g) {
                        const qsizetype character = g < characters.size() ? characters.at(g) : 0;
                        const qsizetype c = std::clamp<qsizetype>(character, 0, count - 1);
                        if (colorOf[c] == k && (!bold || boldOf[c])) {
                            someGlyphs.append(glyphs.at(g));
                            somePositions.append(positions.at(g));
                        }
                    }
                    if (someGlyphs.isEmpty())
                        continue;
                    QGlyphRun part = run;
                    part.setGlyphIndexes(someGlyphs);
                    part.setPositions(somePositions);
                    painter.setPen(colors[k]);
                    painter.drawGlyphRun(bold ? at + QPointF(1, 0) : at, part);
                }
            }
        }
    }
    for (qsizetype i = 0; i < count;) {
        qsizetype j = i + 1;
        while (j < count && underlineOf[j] == underlineOf[i] && colorOf[j] == colorOf[i])
            ++j;
        if (underlineOf[i]) {
            const QRectF line(xOf(first + i), at.y() + m_underlineY, xOf(first + j) - xOf(first + i), m_lineWidth);
            painter.fillRect(line, colors[colorOf[i]]);
        }
        i = j;
    }
    for (const int i : std::as_const(ownControls)) {
        drawControlBox(painter, QRectF(at.x() + i * m_cellWidth, at.y(), m_cellWidth, m_rowHeight),
                       controlPictureByte(text.at(first + i)), colors[colorOf[i]]);
    }
}

void RowTextPainter::drawControlBox(QPainter &painter, QRectF cell, int byte, const QColor &color) const
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
