#pragma once

#include <QString>

#include <optional>

class Document;

// Where a byte lies as line:column, both 1-based; the column counts bytes from the line's first
// byte (so it is exact whatever the encoding and however long the line). A line ends after its
// '\n', so a '\r' or '\n' of a line ending belongs to the line it ends; in UTF-16 lines end at
// the code unit U+000A (see LineIndex), both of whose bytes belong to the line it ends. A UTF-16
// byte order mark is not text: line 1 starts after it, and its own bytes are at 1:1.
struct SliceLocation {
    qint64 line = 1;
    qint64 column = 1;

    // nullopt when the byte is outside the file or the index has not reached it yet.
    // O(log chunks + 64 KiB), like Document::lineNumberAt().
    static std::optional<SliceLocation> of(const Document &document, qint64 byteOffset);

    QString toString() const; // "2:6"
    friend bool operator==(const SliceLocation &, const SliceLocation &) = default;
};
