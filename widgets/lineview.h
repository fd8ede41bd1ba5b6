#pragma once

#include "linestyler.h"
#include "rowtextpainter.h"
#include "textposition.h"
#include "wraplayout.h"

#include <QAbstractScrollArea>
#include <QColor>
#include <QFont>
#include <QPointer>
#include <QString>
#include <QVector>

#include <functional>

#include <QAbstractItemModel>

class LineModel;

// A virtualised view of the lines of a list model (one row per line, Qt::DisplayRole the text to
// show). Only the rows on screen are ever asked for, so the cost of painting does not depend on
// the number of lines. The vertical scroll bar counts rows, not pixels, so any row count that
// fits in an int scrolls exactly. A LineModel whose rows are a window of more lines than an int
// counts (LineModel::firstRow()) is followed: the bar spans all of them, scaled, and the window
// moves with the top row, so every line can be scrolled to.
//
// Lines of any length: with a LineModel the view asks only for the columns it shows
// (LineModel::text()), so every column of a line of gigabytes can be scrolled to, shown, selected
// and copied at the cost of a screen. Columns are qint64; the horizontal scroll bar is scaled
// when a line is wider than an int of pixels. Soft wrap (setWrapLines()) shows a long line as
// as many screen rows as it needs at the viewport's width (see WrapLayout: laid out lazily, paged
// exactly); resizing keeps the top line in place. Other models show their DisplayRole text.
//
// Offers: a line-number gutter, a current-line highlight, a text selection across lines
// (mouse, Shift+arrows) copied with Ctrl+C, horizontal scrolling, keyboard navigation
// (arrows, PgUp/PgDn, Home/End, Ctrl+Home/End) and the mouse wheel.
//
// Colours come from the palette unless setColors() gives them (a syntax theme). The text is drawn
// by a RowTextPainter (Control Pictures no font has drawn as the view's own boxes).
class LineView : public QAbstractScrollArea {
    Q_OBJECT
public:
    // A span of one row to paint with a highlight (a search match), in display columns.
    struct Highlight {
        int row = 0;
        qint64 column = 0;
        qint64 length = 0;
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
    // The row and column a click at this point of the viewport picks.
    TextPosition textPositionAt(QPoint viewportPoint) const { return positionAt(viewportPoint); }
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

    // See RowTextPainter.
    static bool needsControlFallback(const QFont &font, char32_t c)
    {
        return RowTextPainter::needsControlFallback(font, c);
    }
    static int controlPictureByte(QChar c) { return RowTextPainter::controlPictureByte(c); }
    // Colours the text (syntax highlighting); nullptr for plain text. Not owned.
    void setStyler(LineStyler *styler);
    LineStyler *styler() const { return m_styler; }
    // Colours over the styler's (highlight rules): a span's foreground replaces the styler's (a
    // span with only a background draws its text in the view's text colour), its background is
    // painted over the current line and under the search highlights and the selection. nullptr:
    // none. Not owned.
    void setRuleStyler(LineStyler *styler);
    LineStyler *ruleStyler() const { return m_ruleStyler; }

    // Marks in the gutter: a dot beside each row for which `marker` says true (a marked line);
    // an empty function: no mark column. Called for the visible rows on each paint.
    using LineMarker = std::function<bool(int row)>;
    void setLineMarker(LineMarker marker);
    // The 1-based file line number a row shows (the model's LineModel::LineNumberRole, else row + 1).
    qint64 lineNumberOfRow(int row) const;

    int firstVisibleRow() const;
    // Makes `row` the top row (its first screen row when wrapped), as far as the end allows.
    void setFirstVisibleRow(int row) { setTop({row, 0}); }
    // The last row with a part on screen.
    int lastVisibleRow() const;
    // Screen rows the viewport shows whole.
    int visibleRowCount() const;
    int rowHeight() const { return m_rowHeight; }

    // Soft wrap: long lines fold at the viewport's width (character by character).
    void setWrapLines(bool wrap);
    bool wrapLines() const { return m_wrap; }
    // The screen row at the top, and the layout of the rows (wrapped or not) as shown now.
    WrapLayout::Place topPlace() const { return m_top; }
    WrapLayout layout() const;
    // The columns of each row on screen, [from, to) (for search highlights of long lines).
    struct VisibleColumns {
        int row = 0;
        qint64 from = 0;
        qint64 to = 0;
    };
    QVector<VisibleColumns> visibleColumns() const;

public slots:
    void copy();
    void selectAll();

signals:
    void cursorPositionChanged(TextPosition position);
    void selectionChanged();
    // Emitted after each paint that showed the rows the viewport has room for (or all the
    // rows there are): the screen is complete.
    void screenPainted();
    // A left click in the gutter beside `row` (toggles a mark there).
    void gutterClicked(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    static constexpr int kGutterPadding = 8;
    static constexpr int kTextPadding = 4;

    // A screen row to paint: a part of a row, columns [from, to), at y.
    struct ScreenRow {
        WrapLayout::Place place;
        qint64 from = 0;
        qint64 to = 0;
        int y = 0;
        qreal origin = 0; // viewport x of the row's column 0 in this screen row
    };
    // What one row shows, fetched once for all its screen rows.
    struct RowText {
        int row = 0;
        qint64 from = 0;   // the column of text[0]
        QString text;
        qint64 columns = 0; // of the whole row, as far as known
        QList<StyledSpan> styles; // columns relative to `from`
        QList<StyledSpan> rules;
    };

    QString rowText(int row) const; // DisplayRole, for models other than LineModel
    qint64 columnCount(int row, qint64 atLeast = 0, bool *exact = nullptr) const;
    QString columnText(int row, qint64 from, qint64 to) const;
    int rowCount() const;
    int gutterWidth() const;
    int markerWidth() const;
    int textWidth() const;
    qint64 wrapWidth() const;
    QVector<ScreenRow> screenRows() const;
    // The last top there is, as far as the rows are known once measured a screen below `keep`.
    WrapLayout::Place maxTop(WrapLayout::Place keep) const;
    void setTop(WrapLayout::Place top);
    // A LineModel's window (see LineModel::firstRow()): the bar then spans the document's rows,
    // and the window follows the top row.
    bool isWindowed() const;
    qint64 maxTopDocumentRow() const;
    qint64 verticalBarScale() const;
    void keepTopInWindow();
    qreal xOf(qint64 column, qint64 origin) const; // viewport x of a column on a screen row starting at `origin`
    TextPosition positionAt(QPoint point) const;
    void moveCursor(TextPosition position, bool keepAnchor);
    void ensureVisible(TextPosition position, bool centre);
    void scrollHorizontallyTo(qint64 offset);
    qint64 barValueOf(qint64 offset) const;
    qint64 offsetOfBarValue(qint64 value) const;
    void keepTopAfterRewrap();
    void onColumnsMeasured(int row);
    void updateScrollBars();
    void updateMetrics();
    void onScrollAction(Qt::Orientation orientation, int action);
    void paintRow(QPainter &painter, const RowText &row, const ScreenRow &screen);
    void paintText(QPainter &painter, const RowText &row, const ScreenRow &screen);

    QPointer<QAbstractItemModel> m_model;
    QPointer<LineModel> m_lineModel; // m_model when it is one
    QString m_placeholder;
    TextPosition m_cursor;
    TextPosition m_anchor;
    QVector<Highlight> m_highlights;
    QPointer<LineStyler> m_styler;
    QPointer<LineStyler> m_ruleStyler;
    TextSource m_textSource;
    LineMarker m_lineMarker;
    int m_rowHeight = 16;
    int m_charWidth = 8;     // rounded, for the gutter and scroll steps
    qreal m_cellWidth = 8.0; // the monospace advance, for columns
    qint64 m_widestSeen = 0; // columns, of the rows painted so far (no wrap)
    WrapLayout::Place m_top;
    qint64 m_xOffset = 0;    // pixels scrolled to the right (no wrap)
    qint64 m_maxXOffset = 0;
    bool m_syncingBars = false; // the bars are being set to the view's place
    bool m_cursorAtRowEnd = false; // End went to a line still being measured: follow its end
    bool m_wrap = false;
    qint64 m_wrapWidth = 0;  // columns a wrapped screen row held at the last layout
    int m_wheelRemainder = 0;
    Colors m_colors;
    RowTextPainter m_text;
};
