#pragma once

#include "linestyler.h"
#include "textposition.h"

#include <QAbstractScrollArea>
#include <QColor>
#include <QFont>
#include <QPointer>
#include <QString>
#include <QVector>

#include <functional>

#include <QAbstractItemModel>

// A virtualised view of the lines of a list model (one row per line, Qt::DisplayRole the text to
// show). Only the rows on screen are ever asked for, so the cost of painting does not depend on
// the number of lines. The vertical scroll bar counts rows, not pixels, so any row count that
// fits in an int scrolls exactly.
//
// Offers: a line-number gutter, a current-line highlight, a text selection across lines
// (mouse, Shift+arrows) copied with Ctrl+C, horizontal scrolling, keyboard navigation
// (arrows, PgUp/PgDn, Home/End, Ctrl+Home/End) and the mouse wheel.
//
// Colours come from the palette unless setColors() gives them (a syntax theme). Control
// characters arrive as their Control Pictures (U+2400…U+241F, U+2421); where no installed font
// has such a symbol the view draws its own: the byte's two hex digits, one above the other, in a
// box the size of a character cell.
class LineView : public QAbstractScrollArea {
    Q_OBJECT
public:
    // A span of one row to paint with a highlight (a search match), in display columns.
    struct Highlight {
        int row = 0;
        int column = 0;
        int length = 0;
    };

    // The view's colours; an invalid one means the palette's (shown beside each).
    struct Colors {
        QColor background;        // Base
        QColor text;              // Text
        QColor gutterBackground;  // AlternateBase
        QColor lineNumber;        // PlaceholderText
        QColor currentLineNumber; // Text
        QColor currentLine;       // Highlight, faint
        QColor selection;         // Highlight
        QColor searchHighlight;   // amber
        friend bool operator==(const Colors &, const Colors &) = default;
    };

    explicit LineView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const { return m_model; }

    // Shown centred when the model has no rows (no file, an empty file, an error).
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

    TextPosition cursorPosition() const { return m_cursor; }
    // Moves the cursor and scrolls it into view; with `centre`, puts the row mid-screen.
    void setCursorPosition(TextPosition position, bool centre = false);
    // Selects [from, to) and scrolls `to` into view.
    void select(TextPosition from, TextPosition to);
    bool hasSelection() const { return m_anchor != m_cursor; }
    TextPosition selectionStart() const { return std::min(m_anchor, m_cursor); }
    TextPosition selectionEnd() const { return std::max(m_anchor, m_cursor); }
    // The selected text: from the text source when one is set (the file's exact text), else as
    // displayed, lines joined by '\n'. Ctrl+C copies it.
    QString selectedText() const;
    using TextSource = std::function<QString(TextPosition from, TextPosition to)>;
    void setTextSource(TextSource source) { m_textSource = std::move(source); }

    void setHighlights(QVector<Highlight> highlights);
    void setColors(const Colors &colors);
    Colors colors() const { return m_colors; }
    // The colours painted: those set, the palette's for the rest.
    Colors effectiveColors() const;

    // Whether the Control Picture `c` is drawn as the view's own box with `font`: no font Qt
    // would use for it (the font or a fallback) has the symbol.
    static bool needsControlFallback(const QFont &font, char32_t c);
    // The byte a Control Picture stands for (U+2400 + b, U+2421 for DEL); -1 for other characters.
    static int controlPictureByte(QChar c);
    // Colours the text (syntax highlighting); nullptr for plain text. Not owned.
    void setStyler(LineStyler *styler);
    LineStyler *styler() const { return m_styler; }

    int firstVisibleRow() const;
    int visibleRowCount() const;
    int rowHeight() const { return m_rowHeight; }

public slots:
    void copy();
    void selectAll();

signals:
    void cursorPositionChanged(TextPosition position);
    void selectionChanged();
    // Emitted after each paint that showed the rows the viewport has room for (or all the
    // rows there are): the screen is complete.
    void screenPainted();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    QString rowText(int row) const;
    int rowCount() const;
    int gutterWidth() const;
    int textLeft() const;
    int columnToX(const QString &text, int column) const;
    int xToColumn(const QString &text, int x) const;
    TextPosition positionAt(QPoint point) const;
    void moveCursor(TextPosition position, bool keepAnchor);
    void ensureVisible(TextPosition position, bool centre);
    void updateScrollBars();
    void updateMetrics();
    void paintRow(QPainter &painter, int row, int y, const QString &text);
    void paintText(QPainter &painter, int row, int y, const QString &text);
    void paintControlBox(QPainter &painter, QRectF cell, int byte, const QColor &color) const;
    bool drawsOwnControl(QChar c) const;

    QPointer<QAbstractItemModel> m_model;
    QString m_placeholder;
    TextPosition m_cursor;
    TextPosition m_anchor;
    QVector<Highlight> m_highlights;
    QPointer<LineStyler> m_styler;
    TextSource m_textSource;
    int m_rowHeight = 16;
    int m_charWidth = 8;     // rounded, for the gutter and scroll steps
    qreal m_cellWidth = 8.0; // the monospace advance, for columns
    int m_widestSeen = 0;
    Colors m_colors;
    quint64 m_ownControls = 0; // bit b: the picture of byte b (0x20 for DEL) needs our box
    QFont m_controlFont;
};
