#pragma once

#include <QListView>

// The results pane: every matching line with its line number (a SearchResultsModel), like
// klogg's filtered view. Rows have one height, so millions of them scroll without measuring;
// a click or Enter on a row emits resultActivated.
class SearchResultsView : public QListView {
    Q_OBJECT
public:
    explicit SearchResultsView(QWidget *parent = nullptr);

signals:
    void resultActivated(int row);
};
