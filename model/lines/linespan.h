#pragma once

#include <QtGlobal>

// Where one line lies in the file. The text is [byteOffset, byteOffset + textLength); the line
// ending ("\n" or "\r\n", none for a last line without one) follows it. All in bytes: in UTF-16
// an ending is 2 or 4 bytes long.
struct LineSpan {
    qint64 lineNumber = 0; // 0-based
    qint64 byteOffset = 0;
    qint64 textLength = 0;
    int endingLength = 0; // 0, 1 or 2; in UTF-16 0, 2 or 4

    qint64 endOffset() const { return byteOffset + textLength + endingLength; }
    friend bool operator==(const LineSpan &, const LineSpan &) = default;
};
