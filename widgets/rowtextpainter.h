#pragma once

#include "linestyler.h"

#include <QColor>
#include <QFont>
#include <QList>
#include <QPointF>
#include <QString>

class QPainter;

// Draws the text of a LineView's screen rows on the monospace grid of a font: a row is shaped
// once, as one text layout, and its glyphs drawn in one run per foreground colour (a row of many
// small tokens, minified JSON, costs a few runs, not a shaping run per token); bold is struck
// twice a pixel apart, backgrounds and underlines are drawn on the grid, and only italic is a
// format range. The cost is the columns drawn, never the line's length.
//
// Control characters arrive as their Control Pictures (U+2400…U+241F, U+2421); where no
// installed font has such a symbol the painter draws its own: the byte's two hex digits, one above
// the other, in a box the size of a character cell.
class RowTextPainter {
public:
    RowTextPainter();

    void setFont(const QFont &font);
    int rowHeight() const { return m_rowHeight; }
    qreal cellWidth() const { return m_cellWidth; }

    // Whether the Control Picture `c` is drawn as the painter's own box with `font`: no font Qt
    // would use for it (the font or a fallback) has the symbol.
    static bool needsControlFallback(const QFont &font, char32_t c);
    // The byte a Control Picture stands for (U+2400 + b, U+2421 for DEL); -1 for other characters.
    static int controlPictureByte(QChar c);

    // Draws text[first, end) with its top left at `at`. `styles` and then `rules` (drawn over
    // them) have columns relative to text[0]; spans outside [first, end) are skipped. A rule with
    // a background but no foreground draws its text in `textColor`.
    void draw(QPainter &painter, const QString &text, qsizetype first, qsizetype end, const QList<StyledSpan> &styles,
              const QList<StyledSpan> &rules, QPointF at, const QColor &textColor) const;

private:
    bool drawsOwnControl(QChar c) const;
    void drawControlBox(QPainter &painter, QRectF cell, int byte, const QColor &color) const;

    int m_rowHeight = 16;
    int m_underlineY = 14; // from the row's top
    int m_lineWidth = 1;
    qreal m_cellWidth = 8.0;
    quint64 m_ownControls = 0; // bit b: the picture of byte b (0x20 for DEL) needs our box
    QFont m_controlFont;
};
