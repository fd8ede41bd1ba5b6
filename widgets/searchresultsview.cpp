#include "searchresultsview.h"

#include <QFontDatabase>

SearchResultsView::SearchResultsView(QWidget *parent) : QListView(parent)
{
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(200);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextElideMode(Qt::ElideRight);
    connect(this, &QListView::clicked, this, [this](const QModelIndex &index) { emit resultActivated(index.row()); });
    connect(this, &QListView::activated, this, [this](const QModelIndex &index) { emit resultActivated(index.row()); });
}
