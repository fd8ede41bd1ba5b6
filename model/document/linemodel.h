#pragma once

#include "linedecoder.h"

#include <QAbstractListModel>
#include <QCache>
#include <QPointer>

#include <climits>
#include <memory>
#include <optional>

#include "linespan.h"

class Document;
class LineColumns;
class LineSet;

// The lines of a Document as a list model: one row per line, DisplayRole the decoded display
// text (see LineDecoder) cut at maxDisplayChars (a preview, for item views and tools), plus the
// roles below. A view shows whole lines of any length through columnCount() and text(). Rows grow as the index progresses, in batches
// (one beginInsertRows per Document::lineCountChanged, which is throttled), never per line.
//
// While the index runs, the line it is in the middle of is shown as a last row holding the bytes
// indexed so far (unfiltered): a file that is one line of gigabytes shows its first screen at
// once, not once its end is found. The row grows, and becomes the whole line, as the index goes.
//
// Qt models count rows in int, and a file can have more lines than that. The rows are therefore a
// window of the document's rows: at most windowSize() (INT_MAX unless a test injects a smaller
// one) of them, starting at firstRow(). totalRows() counts them all. A view keeps the window
// around what it shows (keepRowInWindow(), reveal...()): moving the window resets the model, and
// during that reset windowShift() says by how many rows it moved, so that a view can keep its
// place. Every line is reachable; a file of fewer lines than the window never moves it.
//
// Past the index: while the index runs, revealing a document row it has not reached (a go to
// line, a drag of the scroll bar, Ctrl+End) shows the place where that line probably is at once
// (LineEstimate: from the bytes per line indexed so far). The rows are then the whole lines
// around that place, found by scanning its bytes, numbered from the estimate: isEstimate(), and
// LineNumberRole is marked by EstimatedRole. scrollRows() is the estimated line count of the
// whole file. When the index gets past those lines, the model settles on their exact numbers:
// a window move (isMovingWindow()) keeping every row's line. Unfiltered documents only.
//
// Decoded rows are kept in a small LRU cache, so repainting the visible window is cheap; data()
// reads only the bytes it decodes. Thread-safety: GUI (owner) thread only.
class LineModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        LineNumberRole = Qt::UserRole + 1, // 1-based, qint64
        ByteOffsetRole,                    // qint64, where the line's text starts
        ByteLengthRole,                    // qint64, the text's bytes without the line ending
        EndingLengthRole,                  // int, bytes: 0, 1 ("\n") or 2 ("\r\n"); in UTF-16 0, 2 or 4
        RawBytesRole,                      // QByteArray, the text's first kRawBytesLimit bytes
        EstimatedRole,                     // bool: LineNumberRole is an estimate (isEstimate())
    };
    static constexpr qint64 kRawBytesLimit = 1 << 20;

    explicit LineModel(Document *document, QObject *parent = nullptr, int windowSize = INT_MAX);
    ~LineModel() override;

    // Encoding, tab width and display cut. The encoding goes to the Document, which reads a file
    // with a UTF-16 byte order mark as UTF-16 whatever the option says, and re-indexes when the
    // encoding changes where lines end (the rows are then reset).
    void setDecoderOptions(const LineDecoder::Options &options);
    LineDecoder::Options decoderOptions() const { return m_requested; }
    LineDecoder::Encoding encoding() const { return m_decoder.options().encoding; }

    // The window: rows [0, rowCount()) are the document's rows [firstRow(), firstRow() + rowCount()).
    int windowSize() const { return m_windowSize; }
    qint64 firstRow() const;
    // Every row there is so far (the indexed lines, or the filter's shown lines among them, and a
    // line still being indexed).
    qint64 totalRows() const;
    bool isWindowed() const { return m_first > 0 || isEstimate() || scrollRows() > m_rows; }
    // The rows a view's scroll bar spans: totalRows(), or while the index runs (unfiltered) the
    // estimated line count of the whole file.
    qint64 scrollRows() const;
    // The rows are lines past the index, their numbers estimated (see above).
    bool isEstimate() const { return !m_estimated.empty(); }
    // Moves the window, if `row` (one of its rows) is near an edge with more rows beyond, so that
    // it is in the window's middle.
    void keepRowInWindow(int row);
    // Moves the window, when needed, so that the document's row `documentRow` is in it (clamped to
    // the rows there are), and returns its row; -1 without rows.
    int revealDocumentRow(qint64 documentRow);
    // Moves the window, when needed, to the row of the first shown line at or after the 0-based
    // `line` (else the last row before it), and returns its row; -1 without rows.
    int revealNearestRowOfLine(qint64 line);
    // While the model resets for a move of the window (modelReset): true, and how many rows it
    // moved: the line of row r before the move is at row r - windowShift() after. Any other reset
    // is a new set of rows.
    bool isMovingWindow() const { return m_moving; }
    qint64 windowShift() const { return m_shift; }

    // Filtering: with a set, the rows are the set's lines (0-based, in order) that the index has
    // reached; LineNumberRole stays the file's line number. The set is not owned and must outlive
    // the filter; after it grew call rowFilterGrew() (rows are inserted), after any other change
    // setRowFilter() again (the rows are reset). nullptr: every line (the default).
    void setRowFilter(const LineSet *shown);
    void rowFilterGrew();
    bool isFiltered() const { return m_filter != nullptr; }
    // The 0-based file line a row shows (-1 for a row outside the model), and the row showing a
    // line (nullopt when the line is hidden, outside the window or not a row yet). O(1)
    // unfiltered, O(log) filtered.
    qint64 lineOfRow(int row) const;
    std::optional<int> rowOfLine(qint64 line) const;
    // The row of the first shown line at or after `line`, else the last row before it; -1 without rows.
    int nearestRowOfLine(qint64 line) const;
    // Whether a line is one of the document's rows (shown by the filter, reached by the index),
    // in the window or not.
    bool showsLine(qint64 line) const;

    // A row's whole display text, without the preview's cut (LineColumns): its columns, and the
    // text of any range of them, at the cost of the range wherever it is in the line. A long
    // line's count is that of its part measured so far until `*exact` (columnsMeasured() says when
    // it grew); `atLeast` measures at once until that many columns are known or the line ends.
    qint64 columnCount(int row, bool *exact = nullptr, qint64 atLeast = 0) const;
    QString text(int row, qint64 fromColumn, qint64 toColumn) const;
    LineColumns *lineColumns() const { return m_columns.get(); }

    // Byte within row's line (from its start) under display column `column`, and back, exact at
    // any column. See LineDecoder::byteForColumn(). Out-of-range rows give 0.
    qint64 byteInLineForColumn(int row, qint64 column) const;
    qint64 columnForByteInLine(int row, qint64 byteInLine) const;

    // A row and display column of the view.
    struct Place {
        int row = 0;
        qint64 column = 0;
    };
    // The file's byte offset under a row and display column; nullopt for a row the model lacks.
    std::optional<qint64> byteOffsetAt(Place place) const;
    // Where a file byte offset shows; the end of the file maps to the end of the last line.
    // nullopt until the index (and the model) reach it, or outside the window. revealPlaceOf()
    // first moves the window to the offset's line.
    std::optional<Place> placeOf(qint64 byteOffset) const;
    std::optional<Place> revealPlaceOf(qint64 byteOffset);

    // The bytes of rows [firstRow, lastRow] changed in place (an edit of the same length):
    // drops their cached text and emits dataChanged for them. Out-of-range rows are ignored.
    void invalidateRows(int firstRow, int lastRow);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    // More of a long row's columns are known (columnCount() grew), or all of them.
    void columnsMeasured(int row);

private:
    void resetFromDocument();
    void growTo(qint64 lineCount);
    void refreshLastRow();
    void chooseDecoder();
    // chooseDecoder(), and repaint every row if the display changes.
    void applyDecoder();
    QString displayText(int row) const;
    std::optional<LineSpan> spanOfRow(int row) const;
    // The line the index is in the middle of, from its start to the bytes indexed so far.
    std::optional<LineSpan> partialLine() const;
    // Rows for `lineCount` indexed lines (filtered: the shown ones among them).
    qint64 rowsFor(qint64 lineCount) const;
    // The document's row of a line: its rank among the shown lines when filtered.
    qint64 documentRowOfLine(qint64 line) const;
    void moveWindow(qint64 first);
    // Estimated rows (see above).
    bool canEstimate() const;
    int estimateAt(qint64 documentRow);
    // Shows the lines around `byteOffset` (the one holding it numbered `lineNumber`); a move when
    // `shift` is given. false when no line could be found there.
    bool showEstimate(qint64 byteOffset, qint64 lineNumber, std::optional<qint64> shift);
    void leaveEstimate();
    // Drops the estimated rows' lines (inside a reset).
    void forgetEstimate();
    // To the exact rows once the index has passed the estimated ones.
    void settleEstimate();
    // Sets m_total and m_partial for `lineCount` indexed lines and returns the window's rows.
    int layOutWindow(qint64 lineCount);
    // Sets m_total for `lineCount` indexed lines; returns the line being indexed when it is the
    // next row.
    std::optional<LineSpan> countRows(qint64 lineCount);
    // Inside a reset: no rows, the window at the start.
    void clearRows();

    QPointer<Document> m_document;
    const int m_windowSize;
    qint64 m_first = 0; // the document's row shown as row 0
    int m_rows = 0;
    qint64 m_total = 0; // totalRows()
    bool m_moving = false; // a window move resets the model
    qint64 m_shift = 0;
    LineDecoder::Options m_requested;
    LineDecoder m_decoder;
    mutable QCache<int, QString> m_displayCache;
    std::unique_ptr<LineColumns> m_columns;
    std::optional<LineSpan> m_partial; // shown as the row after the indexed lines (document row lineNumber)
    std::vector<LineSpan> m_estimated; // the rows, while isEstimate()
    const LineSet *m_filter = nullptr;
};
