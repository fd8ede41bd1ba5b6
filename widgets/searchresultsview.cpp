#include "searchresultsview.h"

#include "fixedfont.h"

#include <QAbstractItemModel>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

namespace {
constexpr int kPadding = 4;
}

SearchResultsView::SearchResultsView(QWidget *parent) : QAbstractScrollArea(parent)
{
    setFont(fixedFont());
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    m_rowHeight = fontMetrics().height() + 2;
    verticalScrollBar()->setSingleStep(1);
    updateScrollBars();
}

void SearchResultsView::setModel(QAbstractItemModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &parent, int first) {
                    if (!parent.isValid())
                        onRowsInserted(first);
                });
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &SearchResultsView::onReset);
        connect(m_model, &QAbstractItemModel::modelReset, this, &SearchResultsView::onReset);
        connect(m_model, &QAbstractItemModel::layoutChanged, this, &SearchResultsView::onReset);
        connect(m_model, &QAbstractItemModel::dataChanged, viewport(), qOverload<>(&QWidget::update));
    }
    onReset();
}

int SearchResultsView::rowCount() const
{
    return m_model ? m_model->rowCount() : 0;
}

int SearchResultsView::firstVisibleRow() const
{
    return verticalScrollBar()->value();
}

int SearchResultsView::visibleRowCount() const
{
    return qMax(1, viewport()->height() / m_rowHeight);
}

int SearchResultsView::rowAt(int y) const
{
    const qint64 row = qint64(firstVisibleRow()) + y / m_rowHeight;
    return y >= 0 && row < rowCount() ? int(row) : -1;
}

void SearchResultsView::setCurrentRow(int row)
{
    row = row < 0 ? -1 : qMin(row, rowCount() - 1);
    if (row >= 0)
        ensureVisible(row);
    if (row == m_current)
        return;
    m_current = row;
    viewport()->update();
    emit currentRowChanged(row);
}

void SearchResultsView::ensureVisible(int row)
{
    QScrollBar *bar = verticalScrollBar();
    const int page = visibleRowCount();
    if (row < bar->value())
        bar->setValue(row);
    else if (row >= bar->value() + page)
        bar->setValue(row - page + 1);
}

void SearchResultsView::onRowsInserted(int first)
{
    // Only the scroll range changes; rows on screen are repainted only when the new ones show.
    updateScrollBars();
    if (first <= firstVisibleRow() + visibleRowCount())
        viewport()->update();
}

void SearchResultsView::onReset()
{
    m_current = -1;
    m_widestSeen = 0;
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

void SearchResultsView::updateScrollBars()
{
    const int page = visibleRowCount();
    verticalScrollBar()->setPageStep(page);
    verticalScrollBar()->setRange(0, qMax(0, rowCount() - page));
    const int width = viewport()->width();
    horizontalScrollBar()->setPageStep(width);
    horizontalScrollBar()->setSingleStep(fontMetrics().averageCharWidth() * 4);
    horizontalScrollBar()->setRange(0, qMax(0, m_widestSeen + 2 * kPadding - width));
}

void SearchResultsView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const int count = rowCount();
    const int first = firstVisibleRow();
    const int last = qMin<qint64>(qint64(count) - 1, qint64(first) + viewport()->height() / m_rowHeight);
    const int x = kPadding - horizontalScrollBar()->value();
    const QFontMetrics metrics = fontMetrics();
    const bool focused = hasFocus();
    int widest = m_widestSeen;
    for (int row = first; row <= last; ++row) {
        const int y = (row - first) * m_rowHeight;
        const QRect rect(0, y, viewport()->width(), m_rowHeight);
        const QString text = m_model->index(row, 0).data(Qt::DisplayRole).toString();
        if (row == m_current) {
            painter.fillRect(rect, palette().brush(focused ? QPalette::Active : QPalette::Inactive,
                                                   QPalette::Highlight));
            painter.setPen(palette().color(focused ? QPalette::Active : QPalette::Inactive,
                                           QPalette::HighlightedText));
        } else {
            painter.setPen(palette().color(QPalette::Text));
        }
        painter.drawText(QRect(x, y, qMax(viewport()->width() - x, metrics.horizontalAdvance(text) + 1), m_rowHeight),
                         Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, text);
        widest = qMax(widest, metrics.horizontalAdvance(text));
    }
    if (widest != m_widestSeen) {
        m_widestSeen = widest;
        updateScrollBars();
    }
}

void SearchResultsView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void SearchResultsView::scrollContentsBy(int, int)
{
    viewport()->update();
}

void SearchResultsView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        m_rowHeight = fontMetrics().height() + 2;
        updateScrollBars();
        viewport()->update();
    }
}

void SearchResultsView::keyPressEvent(QKeyEvent *event)
{
    const int count = rowCount();
    const int page = visibleRowCount();
    const int current = m_current;
    switch (event->key()) {
    case Qt::Key_Down:
        setCurrentRow(current < 0 ? firstVisibleRow() : qMin(count - 1, current + 1));
        break;
    case Qt::Key_Up:
        setCurrentRow(current < 0 ? firstVisibleRow() : qMax(0, current - 1));
        break;
    case Qt::Key_PageDown:
        setCurrentRow(int(qMin<qint64>(count - 1, qint64(qMax(current, 0)) + page)));
        break;
    case Qt::Key_PageUp:
        setCurrentRow(qMax(0, current - page));
        break;
    case Qt::Key_Home:
        setCurrentRow(0);
        break;
    case Qt::Key_End:
        setCurrentRow(count - 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_current >= 0)
            emit resultActivated(m_current);
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void SearchResultsView::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint().y());
    if (event->button() == Qt::LeftButton && row >= 0) {
        if (row == m_current)
            emit currentRowChanged(row); // go there again
        else
            setCurrentRow(row);
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void SearchResultsView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint().y());
    if (event->button() == Qt::LeftButton && row >= 0)
        emit resultActivated(row);
}
