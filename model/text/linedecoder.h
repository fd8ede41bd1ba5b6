#pragma once

#include "textencoding.h"

#include <QByteArrayView>
#include <QString>

// Turns the bytes of one line into the text a view shows:
//  - decoded as UTF-8, Latin-1, UTF-16 LE/BE or another TextEncoding (a codec, read by
//    CodecReader); invalid input becomes U+FFFD, in UTF-8 one per maximal subpart of an
//    ill-formed sequence (the Unicode / WHATWG rule QStringDecoder follows: e8 e7 61 gives
//    U+FFFD U+FFFD 'a'), in UTF-16 one per unpaired surrogate;
//  - tabs expanded to the next multiple of tabWidth columns;
//  - NUL and the other C0 control characters shown as their Control Pictures (U+2400 + byte),
//    DEL as U+2421, so nothing invisible hides in the text;
//  - cut after maxDisplayChars characters, with a marker saying how many bytes were left out.
//
// Only the bytes passed in are read: callers pass the first bytesNeeded() bytes of a long line
// and its full length, so a 1 GB line costs what its first screen costs.
//
// UTF-16: lines come from a LineIndex that reads code units, so a line starts at a unit and its
// text holds no part of its ending; an odd last byte (a file that ends inside a unit) shows as
// U+FFFD. A line at an odd offset (split at a 0x0A byte) is realigned by dropping its first byte.
//
// Thread-safety: a const LineDecoder may be used from any thread. decode() is O(bytes read).
class LineDecoder {
public:
    using Encoding = TextEncoding;

    struct Options {
        Encoding encoding = Encoding::Utf8;
        int tabWidth = 8;
        int maxDisplayChars = 10000;
        friend bool operator==(const Options &, const Options &) = default;
    };

    LineDecoder() = default;
    explicit LineDecoder(const Options &options);

    const Options &options() const { return m_options; }

    // How many leading bytes of a line decode() needs to produce its display text.
    qint64 bytesNeeded(qint64 fullLength) const;

    // `head` holds the first bytes of a line whose text (without its ending) is fullLength bytes
    // long and starts at lineOffset in the file.
    QString decode(QByteArrayView head, qint64 fullLength, qint64 lineOffset = 1) const;

    // Maps between a display column of decode()'s text and a byte within the line (both counted
    // from the line's start, in the same `head` / fullLength / lineOffset terms as decode()).
    // A column inside an expanded tab maps to the tab's byte; a byte inside a multi-byte
    // character maps to that character's column, an invalid sequence to its U+FFFD. Both are
    // monotonic, and columnForByte(byteForColumn(c)) is the first column of the character under c.
    // A column past the text maps to the end of the line (of the head when only a head was
    // passed). O(bytes read).
    qint64 byteForColumn(QByteArrayView head, qint64 fullLength, qint64 lineOffset, int column) const;
    int columnForByte(QByteArrayView head, qint64 fullLength, qint64 lineOffset, qint64 byteInLine) const;

    // decode()'s cut marker counts the same bytes whether it was given the whole line or only its
    // first bytesNeeded() bytes.

    // Walking a line from a known place, without the cut (ColumnIndex, LineColumns): a line of any
    // length is read a window at a time, from a character boundary whose column is known.

    // A character boundary of a line (the byte counted from the line's start, in the same terms as
    // byteForColumn()) and the display column that character starts at.
    struct Position {
        qint64 byte = 0;
        qint64 column = 0;
        friend bool operator==(const Position &, const Position &) = default;
    };
    // Where the line's first character starts: after the byte order mark of line 0, or the
    // realignment byte of a UTF-16 line at an odd offset. `head`: the line's first bytes (4 do).
    Position lineStart(QByteArrayView head, qint64 fullLength, qint64 lineOffset) const;
    // A walk may start at any character boundary, not only at a line's start: false for codecs
    // with shift states (ISO-2022-JP), whose characters depend on everything before them.
    bool canResume() const;
    // Walks the characters of `bytes` (the line's bytes from the boundary `from` on; to the line's
    // end when `lineEnds`) and returns the boundary where it stopped: before the first character
    // that covers column `stopColumn` (its columns reach past it) or holds byte `stopByte`; else
    // before a character cut by the end of bytes that do not end the line; else at their end.
    // *stopped tells whether stopColumn or stopByte stopped it. Same characters, columns and
    // bytes as byteForColumn() and columnForByte(); runs of ASCII go a word at a time.
    Position advance(QByteArrayView bytes, Position from, bool lineEnds, qint64 stopColumn, qint64 stopByte,
                     bool *stopped = nullptr) const;
    // The display text (as decode() shows it, without any cut) of columns [fromColumn, toColumn)
    // of the characters in `bytes`, read from the boundary `from` (from.column <= fromColumn).
    // One QChar per column, but: a tab partly inside shows the spaces inside; a character of two
    // columns (a surrogate pair) starting at toColumn - 1 is given whole (one QChar more), one
    // starting at fromColumn - 1 shows its second column as a space. Stops early where the bytes
    // run out.
    QString displayColumns(QByteArrayView bytes, Position from, bool lineEnds, qint64 fromColumn,
                           qint64 toColumn) const;

    // The encoding a file's first bytes announce by their byte order mark (UTF-8 otherwise), and
    // how many bytes the mark takes.
    static Encoding detectEncoding(QByteArrayView fileStart, int *bomLength = nullptr);

    // " … [+123,456 bytes]"
    static QString cutMarker(qint64 hiddenBytes);

private:
    struct Prepared {
        QByteArrayView bytes; // realigned, without BOM (nor a UTF-16 "\r" ending the line)
        qint64 skipped = 0;   // bytes dropped at the start
        qint64 full = 0;      // text length after realignment
        bool whole = false;   // bytes hold the whole line
    };
    Prepared prepare(QByteArrayView head, qint64 fullLength, qint64 lineOffset) const;
    template <typename Visit> bool walk(const Prepared &prepared, Visit &&visit) const;
    // Columns character c takes when shown at `column` (tab expansion, surrogate pairs).
    int displayWidth(char32_t c, qsizetype column) const;
    // Appends c as displayed at column out.size() (tab expansion, control pictures).
    void appendDisplayed(QString &out, char32_t c) const;

    Options m_options;
};
