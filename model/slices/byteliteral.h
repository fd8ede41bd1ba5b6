#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

// The inverse of the forms the slice inspector shows bytes in (ByteFormat): a Python bytes
// literal and hex. Pure functions; O(length of the text). Bad input gives nullopt and a sentence
// for the user in *error that says what is accepted.
namespace ByteLiteral {

// A Python bytes literal, as Python reads it: prefix b or B (rb / br: raw, backslashes kept),
// then '...' or "..." (also tripled). Escapes: \\ \' \" \a \b \f \n \r \t \v, \x + two hex
// digits, \ + 1-3 octal digits (at most \377), backslash-newline (nothing); any other backslash
// stays a backslash, as in Python. Only ASCII characters may appear unescaped, no line break
// inside single quotes, nothing after the closing quote but spaces.
// parse(pythonBytesLiteral(bytes)) == bytes for any bytes.
std::optional<QByteArray> parsePython(QStringView text, QString *error = nullptr);

// Hex bytes: pairs of hex digits, spaces (and commas) between bytes optional, an optional 0x
// before each byte or the whole run ("58 58 58", "585858", "0x585858", "0x58 0x58").
std::optional<QByteArray> parseHex(QStringView text, QString *error = nullptr);

// Whether text looks like a Python bytes literal (b' b" rb' …): the start alone decides.
bool looksLikePython(QStringView text);

} // namespace ByteLiteral
