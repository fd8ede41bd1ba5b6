#pragma once

#include <QAbstractScrollArea>
#include <QPointer>

class QAbstractItemModel;

// The results pane: every matching line with its line number (a SearchResultsModel), like
// klogg's filtered view. A virtualised list of its own: it keeps no state per row and asks the
// model only for the rows on screen, so a batch of appended rows costs O(1) however many rows
// there are (QListView lays out every row again). Rows have one height; the vertical scroll bar
// counts rows, so any int row count scrolls exactly, also while rows are being appended.
//
// Up/Down, PgUp/PgDn, Home/End and a click move the current row (currentRowChanged, also for a
// click on the current row); Enter and a double click activate it (resultActivated).
class SearchResultsView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit SearchResultsView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const { return m_model; }
    int currentRow() const { return m_current; }
    // Makes `row` current and scrolls it into view (-1: none). Emits currentRowChanged.
    void setCurrentRow(int row);
    int firstVisibleRow() const;
    int visibleRowCount() const;
    int rowHeight() const { return m_rowHeight; }

signals:
    void currentRowChanged(int row);
    void resultActivated(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    int rowCount() const;
    int rowAt(int y) const;
    void onRowsInserted(int first);
    void onReset();
    void updateScrollBars();
    void ensureVisible(int row);

    QPointer<QAbstractItemModel> m_model;
    int m_current = -1;
    int m_rowHeight = 16;
    int m_widestSeen = 0; // widest row painted so far, for the horizontal scroll bar
};
