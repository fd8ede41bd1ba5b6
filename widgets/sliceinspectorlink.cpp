#include "sliceinspectorlink.h"

#include "document.h"
#include "linemodel.h"
#include "lineview.h"
#include "sliceinspector.h"

#include <QScopedValueRollback>

namespace {
// Columns are cut at LineDecoder::Options::maxDisplayChars, far fewer than a mebibyte of bytes
// gives, so a byte further into a line maps to the same (last) column as this one.
constexpr qint64 kColumnProbeLimit = LineModel::kRawBytesLimit;
} // namespace

SliceInspectorLink::SliceInspectorLink(
    SliceInspector *inspector, LineView *view, LineModel *model, Document *document, QObject *parent)
    : QObject(parent)
    , m_inspector(inspector)
    , m_view(view)
    , m_model(model)
    , m_document(document)
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
    if (!m_model || position.row < 0 || position.row >= m_model->rowCount())
        return std::nullopt;
    const QVariant lineStart = m_model->data(m_model->index(position.row, 0), LineModel::ByteOffsetRole);
    if (!lineStart.isValid())
        return std::nullopt;
    return lineStart.toLongLong() + m_model->byteInLineForColumn(position.row, position.column);
}

std::optional<TextPosition> SliceInspectorLink::positionOf(qint64 byteOffset) const
{
    if (!m_model || !m_document || m_model->rowCount() == 0 || byteOffset < 0)
        return std::nullopt;
    std::optional<qint64> line;
    if (byteOffset >= m_document->size()) {
        if (!m_document->isIndexComplete())
            return std::nullopt;
        line = m_document->lineCount() - 1;
    } else {
        line = m_document->lineNumberAt(byteOffset);
    }
    if (!line || *line >= m_model->rowCount())
        return std::nullopt;
    const int row = int(*line);
    const qint64 lineStart = m_model->data(m_model->index(row, 0), LineModel::ByteOffsetRole).toLongLong();
    const qint64 inLine = qBound<qint64>(0, qMin(byteOffset, m_document->size()) - lineStart, kColumnProbeLimit);
    return TextPosition{row, m_model->columnForByteInLine(row, inLine)};
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
