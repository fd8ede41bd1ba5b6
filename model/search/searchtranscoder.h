#pragma once

#include "linedecoder.h"

#include <QByteArray>
#include <QString>

#include <vector>

// The line structure and the text of a file's bytes in the encodings search knows, for matching
// text that is not UTF-8 with the UTF-8 matchers.
//
// UTF-8, Latin-1 and codec lines (see TextEncoding) end at the byte '\n'. UTF-16 lines end at the code unit U+000A, which
// sits at an even offset of the file (a byte order mark takes two bytes); a 0x0A byte inside
// another unit (U+010A, U+0A05) ends nothing. A byte order mark at the file's start is not text:
// the first line starts after it (see textStart()), and a file of only the mark has no lines.
//
// All functions read only the bytes they are given, allocate only in the vectors passed in, and
// may run under FaultGuard. Thread-safety: stateless.
class SearchTranscoder {
public:
    using Encoding = LineDecoder::Encoding;

    static bool isUtf16(Encoding encoding) { return encoding == Encoding::Utf16LE || encoding == Encoding::Utf16BE; }
    // Bytes of a line ending: 2 for UTF-16, 1 otherwise.
    static int endingLength(Encoding encoding) { return isUtf16(encoding) ? 2 : 1; }

    // Where the first line ending at or after `at` starts in [data, data + to), or `to`.
    // `at` is a line start or inside a line (for UTF-16: at an even offset).
    static qint64 lineEnd(Encoding encoding, const uchar *data, qint64 at, qint64 to);
    // The start of the line holding `at` (at an even offset for UTF-16), searching no further
    // back than `floor`, itself a line start.
    static qint64 lineStart(Encoding encoding, const uchar *data, qint64 floor, qint64 at);
    // The smallest line start >= at (0 < at <= size), or size when none.
    static qint64 lineStartAtOrAfter(Encoding encoding, const uchar *data, qint64 size, qint64 at);
    // Where the text of a line that starts at `lineStart` begins: past the byte order mark when
    // lineStart is 0 in a UTF-16 file that has one. `size` bytes are readable from data.
    static qint64 textStart(Encoding encoding, const uchar *data, qint64 size, qint64 lineStart);

    // Appends the text of `len` bytes (no line ending inside) as UTF-8. Unpaired surrogates and
    // a dangling odd byte become bytes that are not UTF-8 (so they match nothing, as invalid
    // UTF-8 does in UTF-8 files). With `map`, also appends, for each byte appended, the offset
    // (from `src`) of the unit it came from. O(len). A codec's text is read by CodecReader
    // (its invalid sequences become U+FFFD).
    static void appendUtf8(Encoding encoding, const uchar *src, qint64 len, std::vector<char> &out,
                           std::vector<qint64> *map = nullptr);

    // The pattern's text in the file's encoding (for a byte scan); false when a character cannot
    // be written in it (Latin-1, a codec; for a codec also when it would not read back as the
    // same text).
    static bool encode(Encoding encoding, const QString &text, QByteArray *out);

private:
    static void appendCodecUtf8(Encoding encoding, const uchar *src, qint64 len, std::vector<char> &out,
                                std::vector<qint64> *map);
};
