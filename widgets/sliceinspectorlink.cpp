#include "sliceinspectorlink.h"

#include "linemodel.h"
#include "lineview.h"
#include "sliceinspector.h"

#include <QScopedValueRollback>

SliceInspectorLink::SliceInspectorLink(
    SliceInspector *inspector, LineView *view, LineModel *model, QObject *parent)
    : QObject(parent)
    , m_inspector(inspector)
    , m_view(view)
    , m_model(model)
{
    connect(view, &LineView::selectionChanged, this, [this] {
        if (!m_selecting && m_inspector && m_inspector->isVisible() && m_inspector->followsSelection())
            pullSelection();
    });
    connect(inspector, &SliceInspector::rangeEdited, this, &SliceInspectorLink::selectInView);
    connect(inspector, &SliceInspector::selectionRequested, this, &SliceInspectorLink::pullSelection);
}

std::optional<qint64> SliceInspectorLink::byteAt(TextPosition position) const
{
    if (!m_model)
        return std::nullopt;
    return m_model->byteOffsetAt({position.row, position.column});
}

std::optional<TextPosition> SliceInspectorLink::positionOf(qint64 byteOffset) const
{
    const std::optional<LineModel::Place> place = m_model ? m_model->revealPlaceOf(byteOffset) : std::nullopt;
    if (!place)
        return std::nullopt;
    return TextPosition{place->row, place->column};
}

void SliceInspectorLink::pullSelection()
{
    if (!m_view || !m_inspector || !m_view->hasSelection())
        return;
    const std::optional<qint64> start = byteAt(m_view->selectionStart());
    const std::optional<qint64> end = byteAt(m_view->selectionEnd());
    if (start && end)
        m_inspector->setRange(*start, *end);
}

bool SliceInspectorLink::selectInView(qint64 start, qint64 end)
{
    if (!m_view)
        return false;
    const std::optional<TextPosition> from = positionOf(start);
    const std::optional<TextPosition> to = positionOf(end);
    if (!from || !to)
        return false;
    const QScopedValueRollback guard(m_selecting, true);
    m_view->select(*from, *to);
    return true;
}
