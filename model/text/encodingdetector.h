#pragma once

#include "textencoding.h"

#include <QByteArray>
#include <QList>

#include <functional>
#include <optional>

// Tells the encoding of a text file from a bounded sample: its first kHeadBytes and kBlocks
// blocks of kBlockBytes spread evenly over the rest, whatever the file's size.
//
// In order: a byte order mark (UTF-8, UTF-16LE/BE); UTF-16 without a mark, from where the NUL
// bytes fall (ASCII text in UTF-16 has one in every unit, on the same side) or, for text with
// few ASCII characters, from its line-feed units, as long as the sample is well-formed UTF-16
// with few control characters; UTF-8 when the sample is valid UTF-8 (ASCII included), or when
// it has valid multi-byte sequences at least half as often as invalid ones (damaged UTF-8);
// otherwise uchardet's answer (windows-1252, ISO-8859-1, Shift_JIS, EUC-JP, GB18030, Big5,
// EUC-KR, KOI8-R, windows-1251, ...), named as ICU names it, with three corrections where short
// samples mislead it: another Latin encoding (windows-1250, ISO-8859-2, ...) for a sample with
// fewer than 16 bytes above ASCII that windows-1252 reads as Western words is windows-1252;
// ISO-8859-1 with bytes 0x80-0x9F (punctuation in windows-1252, controls in ISO-8859-1) is
// windows-1252; MAC-CYRILLIC without bytes 0x80-0x9F (its capitals) is windows-1251. Where
// uchardet has no answer (or the build has no uchardet) the fallback is windows-1252, which gives
// every byte a character.
//
// Thread-safety: stateless; any thread. Cost: reading the sample (~200 KB) plus ~1-5 ms of
// work, independent of the file's size.
class EncodingDetector {
public:
    static constexpr qint64 kHeadBytes = 64 * 1024;
    static constexpr qint64 kBlockBytes = 16 * 1024;
    static constexpr int kBlocks = 8;

    enum class Reason { ByteOrderMark, Utf16Pattern, Utf8, Charset, Fallback };

    struct Result {
        TextEncoding encoding;
        Reason reason = Reason::Fallback;
        int bomLength = 0; // bytes of the byte order mark, for Reason::ByteOrderMark
    };

    // Reads the sample of `size` bytes through read(offset, length) (nullopt: that piece could
    // not be read and is left out).
    using Reader = std::function<std::optional<QByteArray>(qint64 offset, qint64 length)>;
    static Result detect(qint64 size, const Reader &read);
    // The (offset, length) pieces detect() reads from a file of `size` bytes, in order: to start
    // reading them all ahead at once (one disk wait instead of one per piece).
    static QList<std::pair<qint64, qint64>> samplePieces(qint64 size);
    // The same on pieces already read: the file's start first, then pieces from further on,
    // each starting at an even offset of the file.
    static Result detectPieces(const QList<QByteArray> &pieces);

private:
    static std::optional<TextEncoding> utf16Pattern(const QList<QByteArray> &pieces);
    static bool looksUtf8(const QList<QByteArray> &pieces);
    static std::optional<TextEncoding> charset(const QList<QByteArray> &pieces);
};
