#pragma once

#include "linespan.h"

#include <QtGlobal>

#include <optional>
#include <vector>

class Document;

// Lines past the indexed prefix of a Document, shown before the index gets there: where line N
// probably is, from the bytes per line indexed so far, and the whole lines around a byte offset,
// found by scanning the bytes there and numbered from that estimate (a view marks them "≈").
namespace LineEstimate {

// Bytes per line of the indexed prefix; nullopt before a line has ended.
std::optional<double> bytesPerLine(const Document &document);
// The lines the whole file probably has: at least those indexed so far.
qint64 totalLines(const Document &document);
// Where the 0-based line `line` probably starts; nullopt without an estimate.
std::optional<qint64> byteOfLine(const Document &document, qint64 line);

struct Island {
    std::vector<LineSpan> spans; // consecutive whole lines, numbered spans[0].lineNumber + i
    int anchor = 0;              // the line holding the byte asked for
};
// The whole lines within `reach` bytes of `byteOffset` (at most `maxLines`, around it), the one
// holding it numbered `lineNumber`. nullopt when no line ends within reach (a longer line) or the
// bytes cannot be read.
std::optional<Island> linesAround(const Document &document, qint64 byteOffset, qint64 lineNumber, qint64 reach,
                                  int maxLines);

} // namespace LineEstimate
