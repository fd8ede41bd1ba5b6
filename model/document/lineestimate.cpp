#include "lineestimate.h"

#include "document.h"
#include "newlinescan.h"

#include <algorithm>

namespace LineEstimate {

std::optional<double> bytesPerLine(const Document &document)
{
    const LineIndex *index = document.lineIndex();
    const qint64 lines = document.lineCount();
    if (!index || lines <= 0)
        return std::nullopt;
    return double(std::max<qint64>(1, index->indexedBytes() - index->textStart())) / double(lines);
}

qint64 totalLines(const Document &document)
{
    const qint64 lines = document.lineCount();
    if (document.isIndexComplete())
        return lines;
    const std::optional<double> perLine = bytesPerLine(document);
    const LineIndex *index = document.lineIndex();
    if (!perLine || !index)
        return lines;
    return std::max(lines, qint64(double(document.size() - index->textStart()) / *perLine));
}

std::optional<qint64> byteOfLine(const Document &document, qint64 line)
{
    const std::optional<double> perLine = bytesPerLine(document);
    const LineIndex *index = document.lineIndex();
    if (!perLine || !index || document.size() <= index->textStart())
        return std::nullopt;
    return std::clamp<qint64>(index->textStart() + qint64(double(line) * *perLine), index->textStart(),
                              document.size() - 1);
}

std::optional<Island> linesAround(const Document &document, qint64 byteOffset, qint64 lineNumber, qint64 reach,
                                  int maxLines)
{
    const LineIndex *index = document.lineIndex();
    const qint64 size = document.size();
    if (!index || size <= index->textStart() || maxLines <= 0)
        return std::nullopt;
    const qint64 start = index->textStart();
    const LineIndex::CodeUnit units = index->codeUnit();
    const qint64 unit = units == LineIndex::CodeUnit::Byte ? 1 : 2;
    const NewlineScan::ByteOrder order = units == LineIndex::CodeUnit::Utf16BE ? NewlineScan::ByteOrder::BigEndian
                                                                               : NewlineScan::ByteOrder::LittleEndian;
    byteOffset = std::clamp<qint64>(byteOffset, start, size - 1);
    qint64 from = std::max(start, byteOffset - reach);
    from = start + (from - start) / unit * unit;
    const qint64 to = std::min(size, byteOffset + reach);
    const std::optional<QByteArray> bytes = document.readBytes(from, to - from);
    if (!bytes)
        return std::nullopt;
    const auto *data = reinterpret_cast<const uchar *>(bytes->constData());
    const qint64 length = bytes->size();
    // The code unit at a relative offset is a given character ('\r').
    const auto isUnit = [&](qint64 at, uchar c) {
        if (unit == 1)
            return data[at] == c;
        if (at + 1 >= length)
            return false;
        return units == LineIndex::CodeUnit::Utf16LE ? data[at] == c && data[at + 1] == 0
                                                     : data[at] == 0 && data[at + 1] == c;
    };

    Island island;
    qint64 lineStart = from == start ? 0 : -1; // relative; -1 until a line ends
    qint64 at = 0;
    while (at < length) {
        const qint64 found = unit == 1 ? NewlineScan::findNth(data + at, length - at, 1)
                                       : NewlineScan::findNthUtf16(data + at, length - at, 1, order);
        if (found < 0)
            break;
        const qint64 end = at + found;
        if (lineStart >= 0) {
            const bool cr = end - unit >= lineStart && isUnit(end - unit, '\r');
            LineSpan span;
            span.byteOffset = from + lineStart;
            span.textLength = end - lineStart - (cr ? unit : 0);
            span.endingLength = int(unit + (cr ? unit : 0));
            island.spans.push_back(span);
        }
        lineStart = end + unit;
        at = end + unit;
    }
    if (to == size && lineStart >= 0 && from + lineStart < size)
        island.spans.push_back({0, from + lineStart, size - from - lineStart, 0}); // the last line, unterminated
    if (island.spans.empty())
        return std::nullopt;

    const auto holding = std::find_if(island.spans.begin(), island.spans.end(),
                                      [&](const LineSpan &span) { return byteOffset < span.endOffset(); });
    island.anchor = int(holding == island.spans.end() ? island.spans.size() - 1 : holding - island.spans.begin());
    // At most maxLines, around the anchor.
    const qint64 keepFrom = std::clamp<qint64>(island.anchor - maxLines / 2, 0,
                                               std::max<qint64>(0, qint64(island.spans.size()) - maxLines));
    const qint64 keepTo = std::min<qint64>(qint64(island.spans.size()), keepFrom + maxLines);
    island.spans = std::vector<LineSpan>(island.spans.begin() + keepFrom, island.spans.begin() + keepTo);
    island.anchor -= int(keepFrom);
    const qint64 first = std::max<qint64>(0, lineNumber - island.anchor);
    for (size_t i = 0; i < island.spans.size(); ++i)
        island.spans[i].lineNumber = first + qint64(i);
    return island;
}

} // namespace LineEstimate
