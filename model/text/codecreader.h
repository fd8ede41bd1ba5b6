#pragma once

#include "textencoding.h"

#include <QByteArrayView>
#include <QString>
#include <QStringDecoder>

#include <array>
#include <optional>

// Reads the characters of a line in a TextEncoding::Codec one at a time, with the bytes each one
// came from: what column <-> byte mapping and search offsets need.
//
// Single-byte codecs read from a table (one byte, one character). Other codecs go through a
// stateful QStringDecoder fed one byte at a time, so a character is known to end at the byte that
// makes it appear; the ASCII bytes that start a character of a codec with stable bytes are read
// directly. Valid text maps exactly. Invalid sequences become U+FFFD (also where ICU gives its
// substitute U+001A) and take the bytes consumed since the previous character: exact when ICU
// reports each bad sequence at once, which it does for the common codecs. A sequence left
// unfinished by the end of a whole line is one U+FFFD; escape sequences that only switch state
// (ISO-2022-JP) belong to the next character. TextEncoding::overrides() apply.
//
// Thread-safety: one reader per thread; decodeLine() may be called from any thread.
// Complexity: O(bytes); single-byte codecs and ASCII ~1 ns a byte, other bytes ~100 ns.
class CodecReader {
public:
    struct Char {
        qsizetype byte = 0;   // from the start of the bytes given
        qsizetype length = 0; // bytes it came from (0 only for a second character from one byte)
        char32_t code = 0;
    };

    // `bytes` must stay valid while reading. `whole`: they end the line (an unfinished sequence
    // at the end is U+FFFD); otherwise a character cut by their end is not read (see isCut()).
    CodecReader(TextEncoding encoding, QByteArrayView bytes, bool whole);

    // The next character; nullopt at the end.
    std::optional<Char> next();
    // next() stopped at a character cut by the end of bytes that are not the whole line.
    bool isCut() const { return m_cut; }

    // The text of a whole line at once (faster than next(), without byte positions). Uses one
    // decoder per thread and codec.
    static QString decodeLine(TextEncoding encoding, QByteArrayView bytes);
    // The text's bytes in the codec, if every character can be written in it and the bytes read
    // back (decodeLine()) as the same text.
    static std::optional<QByteArray> encode(TextEncoding encoding, const QString &text);

private:
    bool readMore();

    TextEncoding m_encoding;
    QByteArrayView m_bytes;
    bool m_whole = false;
    bool m_cut = false;
    bool m_tailRead = false;
    bool m_overrides = false;
    qsizetype m_pos = 0;   // next byte to feed
    qsizetype m_start = 0; // first byte not yet given to a character
    std::optional<QStringDecoder> m_decoder; // multi-byte codecs
    std::array<Char, 16> m_queue{};
    int m_queued = 0;
    int m_taken = 0;
};
