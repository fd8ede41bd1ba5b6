#pragma once

#include <QByteArrayView>
#include <QString>

// Checks LineDecoder on one input: byte 0 picks the encoding (bits 0-1), the tab width (bits 2-4)
// and the line's offset in the file (bits 5-6: 0, an even one, an odd one, 7), byte 1 the display
// limit (1 + byte), the rest is the line. Compared with a reference decoder written from the
// definitions (UTF-8: one U+FFFD per maximal subpart of an ill-formed sequence; UTF-16: one per
// unpaired surrogate): the decoded text, the cut marker (the same whether given the whole line or
// only bytesNeeded() of it), and the column/byte mapping (exact, monotonic, round trip).
// Returns what went wrong, or "".
QString checkLineDecoder(QByteArrayView input);
