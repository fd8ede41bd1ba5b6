#pragma once

#include <QByteArray>
#include <QString>

// One character of a decoded slice, as the inspector describes it: its code point, Unicode
// general category and UTF-8 bytes, and the bytes it was decoded from. For an invalid sequence
// the code point is U+FFFD and `invalid` is set.
struct SliceCharacter {
    char32_t codePoint = 0;
    bool invalid = false;
    qint64 byteOffset = 0; // in the file
    QByteArray sourceBytes; // as found in the file
    QByteArray utf8; // the code point's UTF-8 encoding

    // "U+00F1"
    QString codePointText() const;
    // "Ll (letter, lowercase)"
    QString categoryText() const;
    // "c3 b1"
    static QString hexBytes(const QByteArray &bytes);
    // "U+00F1 'ñ' · Ll (letter, lowercase) · UTF-8 c3 b1 · byte 16", or for an invalid
    // sequence "invalid sequence ff fe · byte 16 (shown as U+FFFD)".
    QString describe() const;
};
