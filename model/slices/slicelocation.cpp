#include "slicelocation.h"

#include "document.h"

std::optional<SliceLocation> SliceLocation::of(const Document &document, qint64 byteOffset)
{
    const std::optional<qint64> line = document.lineNumberAt(byteOffset);
    if (!line)
        return std::nullopt;
    const std::optional<LineSpan> span = document.lineSpan(*line);
    if (!span || (byteOffset < span->byteOffset && *line > 0))
        return std::nullopt;
    return SliceLocation{*line + 1, qMax<qint64>(0, byteOffset - span->byteOffset) + 1};
}

QString SliceLocation::toString() const
{
    return QStringLiteral("%1:%2").arg(line).arg(column);
}
