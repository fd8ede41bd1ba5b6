#pragma once

#include <QByteArrayView>
#include <QString>

// Turns the bytes of one line into the text a view shows:
//  - decoded as UTF-8 (invalid bytes become U+FFFD), Latin-1, or UTF-16 LE/BE;
//  - tabs expanded to the next multiple of tabWidth columns;
//  - NUL and the other C0 control characters shown as their Control Pictures (U+2400 + byte),
//    DEL as U+2421, so nothing invisible hides in the text;
//  - cut after maxDisplayChars characters, with a marker saying how many bytes were left out.
//
// Only the bytes passed in are read: callers pass the first bytesNeeded() bytes of a long line
// and its full length, so a 1 GB line costs what its first screen costs.
//
// UTF-16: the line index splits lines on the byte 0x0A, so a UTF-16 line handed over may start
// with the second byte of the previous "\n" or end with the first byte of its own; decode()
// realigns using the line's byte offset (relative to the start of the file, whose BOM sits at
// offset 0). A 0x0A byte inside another character (U+0A00..U+0AFF, U+xx0A) splits a line wrongly;
// that limitation is accepted.
//
// Thread-safety: a const LineDecoder may be used from any thread. decode() is O(bytes read).
class LineDecoder {
public:
    enum class Encoding { Utf8, Latin1, Utf16LE, Utf16BE };

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
    // character maps to that character's column. O(bytes read).
    qint64 byteForColumn(QByteArrayView head, qint64 fullLength, qint64 lineOffset, int column) const;
    int columnForByte(QByteArrayView head, qint64 fullLength, qint64 lineOffset, qint64 byteInLine) const;

    // The encoding a file's first bytes announce by their byte order mark (UTF-8 otherwise), and
    // how many bytes the mark takes.
    static Encoding detectEncoding(QByteArrayView fileStart, int *bomLength = nullptr);

    // " … [+123,456 bytes]"
    static QString cutMarker(qint64 hiddenBytes);

private:
    struct Prepared {
        QByteArrayView bytes; // realigned, without BOM
        qint64 skipped = 0;   // bytes dropped at the start
        qint64 full = 0;      // text length after realignment
    };
    Prepared prepare(QByteArrayView head, qint64 fullLength, qint64 lineOffset) const;
    QString decodeUnits(const Prepared &prepared) const;
    qint64 bytesForUnits(const Prepared &prepared, qsizetype units) const;
    // Appends unit `c` as displayed at column out.size() (tab expansion, control pictures).
    void appendDisplayed(QString &out, char16_t c) const;

    Options m_options;
};
