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
// Qt models count rows in int: a document with more lines than the row limit (INT_MAX unless a
// test injects a smaller one) shows its first rowLimit() lines and isCapped() says so.
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
    };
    static constexpr qint64 kRawBytesLimit = 1 << 20;

    explicit LineModel(Document *document, QObject *parent = nullptr, int rowLimit = INT_MAX);
    ~LineModel() override;

    // Encoding, tab width and display cut. The encoding goes to the Document, which reads a file
    // with a UTF-16 byte order mark as UTF-16 whatever the option says, and re-indexes when the
    // encoding changes where lines end (the rows are then reset).
    void setDecoderOptions(const LineDecoder::Options &options);
    LineDecoder::Options decoderOptions() const { return m_requested; }
    LineDecoder::Encoding encoding() const { return m_decoder.options().encoding; }

    int rowLimit() const { return m_rowLimit; }
    bool isCapped() const { return m_capped; }

    // Filtering: with a set, the rows are the set's lines (0-based, in order) that the index has
    // reached; LineNumberRole stays the file's line number. The set is not owned and must outlive
    // the filter; after it grew call rowFilterGrew() (rows are inserted), after any other change
    // setRowFilter() again (the rows are reset). nullptr: every line (the default).
    void setRowFilter(const LineSet *shown);
    void rowFilterGrew();
    bool isFiltered() const { return m_filter != nullptr; }
    // The 0-based file line a row shows (-1 for a row outside the model), and the row showing a
    // line (nullopt when the line is hidden or not a row yet). O(1) unfiltered, O(log) filtered.
    qint64 lineOfRow(int row) const;
    std::optional<int> rowOfLine(qint64 line) const;
    // The row of the first shown line at or after `line`, else the last row before it; -1 without rows.
    int nearestRowOfLine(qint64 line) const;

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
    // nullopt until the index (and the model) reach it.
    std::optional<Place> placeOf(qint64 byteOffset) const;

    // The bytes of rows [firstRow, lastRow] changed in place (an edit of the same length):
    // drops their cached text and emits dataChanged for them. Out-of-range rows are ignored.
    void invalidateRows(int firstRow, int lastRow);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void cappedChanged(bool capped);
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

    QPointer<Document> m_document;
    const int m_rowLimit;
    int m_rows = 0;
    bool m_capped = false;
    LineDecoder::Options m_requested;
    LineDecoder m_decoder;
    mutable QCache<int, QString> m_displayCache;
    std::unique_ptr<LineColumns> m_columns;
    std::optional<LineSpan> m_partial; // shown as the row after the indexed lines
    const LineSet *m_filter = nullptr;
};
