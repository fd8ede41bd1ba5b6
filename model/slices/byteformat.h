#pragma once

#include <QByteArrayView>
#include <QString>

// Text renderings of raw bytes, for the slice inspector and `tome-bench slice`.
// Pure functions: thread-safe, O(n) in the bytes given.
namespace ByteFormat {

// The bytes as Python's repr() writes a bytes object: b'casta\xc3\xb1a\n'. Single quotes
// unless the bytes hold a ' and no ", as Python chooses.
QString pythonBytesLiteral(QByteArrayView bytes);

// The same literal in pieces, for bytes too large to hold at once: the quote Python picks for
// bytes that contain a ' (hasSingle) and a " (hasDouble) anywhere, and the escaped text of a run
// of bytes between the quotes. 'b' + quote + escaped(all runs) + quote == pythonBytesLiteral().
char pythonBytesQuote(bool hasSingle, bool hasDouble);
QByteArray pythonBytesEscaped(QByteArrayView bytes, char quote);

// A classic hex dump, 16 bytes a row: the offset of the row's first byte (baseOffset counts
// for bytes[0]), the bytes in hex, and their printable ASCII ('.' for the rest).
// 00000000  56 4f 43 41 42 55 4c 41  52 59 0a 63 61 73 74 61  |VOCABULARY.casta|
QString hexDump(QByteArrayView bytes, qint64 baseOffset = 0);

} // namespace ByteFormat
