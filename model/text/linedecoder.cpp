#include "linedecoder.h"

#include "codecreader.h"

#include <QLocale>
#include <QtEndian>

#include <cstring>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr char16_t kControlPictures = 0x2400;
constexpr char16_t kDeletePicture = 0x2421;

constexpr char32_t kReplacement = 0xFFFD;

bool isUtf16(LineDecoder::Encoding encoding)
{
    return encoding == LineDecoder::Encoding::Utf16LE || encoding == LineDecoder::Encoding::Utf16BE;
}

} // namespace

LineDecoder::LineDecoder(const Options &options)
    : m_options(options)
{
}

qint64 LineDecoder::bytesNeeded(qint64 fullLength) const
{
    const qint64 perChar = m_options.encoding.maxCharBytes();
    return qMin(fullLength, qMax(1, m_options.maxDisplayChars) * perChar + 8);
}

QString LineDecoder::cutMarker(qint64 hiddenBytes)
{
    return u" \u2026 [+%1 bytes]"_s.arg(QLocale(QLocale::English, QLocale::UnitedStates).toString(hiddenBytes));
}

LineDecoder::Encoding LineDecoder::detectEncoding(QByteArrayView fileStart, int *bomLength)
{
    Encoding encoding = Encoding::Utf8;
    int length = 0;
    if (fileStart.startsWith("\xEF\xBB\xBF")) {
        length = 3;
    } else if (fileStart.startsWith("\xFF\xFE")) {
        encoding = Encoding::Utf16LE;
        length = 2;
    } else if (fileStart.startsWith("\xFE\xFF")) {
        encoding = Encoding::Utf16BE;
        length = 2;
    }
    if (bomLength)
        *bomLength = length;
    return encoding;
}

LineDecoder::Prepared LineDecoder::prepare(QByteArrayView head, qint64 fullLength, qint64 lineOffset) const
{
    Prepared p;
    p.bytes = head.first(qBound<qsizetype>(0, head.size(), fullLength));
    p.full = qMax<qint64>(0, fullLength);
    const bool utf16 = isUtf16(m_options.encoding);
    if (lineOffset == 0) {
        int bomLength = 0;
        if (detectEncoding(p.bytes, &bomLength) == m_options.encoding && bomLength > 0)
            p.skipped = bomLength;
    } else if (utf16 && lineOffset > 0 && lineOffset % 2 == 1) {
        p.skipped = 1; // the second byte of the previous line's "\n"
    }
    p.skipped = qMin<qint64>(p.skipped, p.bytes.size());
    p.bytes = p.bytes.sliced(p.skipped);
    p.full -= p.skipped;
    p.whole = p.bytes.size() >= p.full;
    return p;
}

// Calls visit(byte, length, codePoint) for each character of p.bytes in order (byte counted
// within p.bytes), until it returns false. Invalid input gives U+FFFD: in UTF-8 one per maximal
// subpart of an ill-formed sequence (the Unicode / WHATWG rule, as QStringDecoder does), in
// UTF-16 one per unpaired surrogate. A character cut by the end of a head that is not the whole
// line is not visited. Returns whether every byte was visited.
template <typename Visit> bool LineDecoder::walk(const Prepared &p, Visit &&visit) const
{
    const auto *bytes = reinterpret_cast<const uchar *>(p.bytes.data());
    const qsizetype n = p.bytes.size();
    switch (m_options.encoding) {
    case Encoding::Latin1:
        for (qsizetype i = 0; i < n; ++i) {
            if (!visit(i, 1, char32_t(bytes[i])))
                return false;
        }
        return true;
    case Encoding::Utf16LE:
    case Encoding::Utf16BE: {
        const bool le = m_options.encoding == Encoding::Utf16LE;
        const auto unitAt = [&](qsizetype i) {
            return le ? char16_t(bytes[i] | bytes[i + 1] << 8) : char16_t(bytes[i] << 8 | bytes[i + 1]);
        };
        qsizetype i = 0;
        for (; i + 1 < n; i += 2) {
            const char16_t unit = unitAt(i);
            if (QChar::isHighSurrogate(unit)) {
                if (i + 3 >= n && !p.whole)
                    return false; // its pair may lie past the head
                if (i + 3 < n && QChar::isLowSurrogate(unitAt(i + 2))) {
                    if (!visit(i, 4, QChar::surrogateToUcs4(unit, unitAt(i + 2))))
                        return false;
                    i += 2;
                    continue;
                }
            }
            if (!visit(i, 2, QChar::isSurrogate(unit) ? kReplacement : char32_t(unit)))
                return false;
        }
        if (i < n && p.whole)
            return visit(i, 1, kReplacement); // an odd last byte: the file ends inside a unit
        return i >= n;
    }
    case Encoding::Codec: {
        CodecReader reader(m_options.encoding, p.bytes, p.whole);
        while (const std::optional<CodecReader::Char> c = reader.next()) {
            if (!visit(c->byte, c->length, c->code))
                return false;
        }
        return !reader.isCut();
    }
    case Encoding::Utf8:
        break;
    }
    qsizetype i = 0;
    while (i < n) {
        const uchar lead = bytes[i];
        if (lead < 0x80) {
            if (!visit(i, 1, char32_t(lead)))
                return false;
            ++i;
            continue;
        }
        int trail = 0;
        char32_t code = 0;
        uchar low = 0x80, high = 0xBF; // the range of the next byte
        if (lead >= 0xC2 && lead <= 0xDF) {
            trail = 1;
            code = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            trail = 2;
            code = lead & 0x0F;
            low = lead == 0xE0 ? 0xA0 : 0x80; // no overlong forms
            high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            trail = 3;
            code = lead & 0x07;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
        }
        qsizetype j = i + 1;
        bool valid = trail > 0;
        for (; valid && trail > 0; --trail, ++j) {
            if (j >= n) {
                if (!p.whole)
                    return false; // cut by the end of the head
                valid = false;
            } else if (bytes[j] < low || bytes[j] > high) {
                valid = false;
            } else {
                code = code << 6 | (bytes[j] & 0x3F);
                low = 0x80;
                high = 0xBF;
            }
            if (!valid)
                break;
        }
        if (!visit(i, j - i, valid ? code : kReplacement))
            return false;
        i = j;
    }
    return true;
}

int LineDecoder::displayWidth(char32_t c, qsizetype column) const
{
    if (c == U'\t') {
        const int tabWidth = qMax(1, m_options.tabWidth);
        return int(tabWidth - column % tabWidth);
    }
    return c > 0xFFFF ? 2 : 1;
}

void LineDecoder::appendDisplayed(QString &out, char32_t c) const
{
    if (c == U'\t') {
        out.append(QString(displayWidth(c, out.size()), u' '));
    } else if (c < 0x20) {
        out.append(QChar(char16_t(kControlPictures + c)));
    } else if (c == 0x7f) {
        out.append(QChar(kDeletePicture));
    } else if (c > 0xFFFF) {
        out.append(QChar(QChar::highSurrogate(c)));
        out.append(QChar(QChar::lowSurrogate(c)));
    } else {
        out.append(QChar(char16_t(c)));
    }
}

QString LineDecoder::decode(QByteArrayView head, qint64 fullLength, qint64 lineOffset) const
{
    const Prepared prepared = prepare(head, fullLength, lineOffset);
    const qsizetype limit = qMax(1, m_options.maxDisplayChars);
    QString out;
    out.reserve(qMin<qsizetype>(prepared.bytes.size(), limit) + 32);
    qint64 shownEnd = 0;
    const bool all = walk(prepared, [&](qsizetype byte, qsizetype length, char32_t c) {
        if (out.size() + (c > 0xFFFF ? 2 : 1) > limit)
            return false;
        appendDisplayed(out, c);
        shownEnd = byte + length;
        return true;
    });
    out.truncate(limit); // a tab may have run past it
    if (all && prepared.whole)
        return out;
    const qint64 hidden = prepared.full - shownEnd;
    if (hidden > 0)
        out.append(cutMarker(hidden));
    return out;
}

qint64 LineDecoder::byteForColumn(QByteArrayView head, qint64 fullLength, qint64 lineOffset, int column) const
{
    const Prepared prepared = prepare(head, fullLength, lineOffset);
    qsizetype at = 0;
    qint64 end = 0;
    std::optional<qint64> found;
    walk(prepared, [&](qsizetype byte, qsizetype length, char32_t c) {
        at += displayWidth(c, at);
        if (column < at) {
            found = byte;
            return false;
        }
        end = byte + length;
        return true;
    });
    if (found)
        return prepared.skipped + *found;
    return prepared.skipped + (prepared.whole ? prepared.full : end);
}

int LineDecoder::columnForByte(QByteArrayView head, qint64 fullLength, qint64 lineOffset, qint64 byteInLine) const
{
    const Prepared prepared = prepare(head, fullLength, lineOffset);
    const qint64 byte = byteInLine - prepared.skipped;
    qsizetype at = 0;
    walk(prepared, [&](qsizetype start, qsizetype length, char32_t c) {
        if (byte < start + length)
            return false;
        at += displayWidth(c, at);
        return true;
    });
    return int(qMin<qsizetype>(at, qMax(1, m_options.maxDisplayChars)));
}

LineDecoder::Position LineDecoder::lineStart(QByteArrayView head, qint64 fullLength, qint64 lineOffset) const
{
    return Position{prepare(head, fullLength, lineOffset).skipped, 0};
}

bool LineDecoder::canResume() const
{
    return m_options.encoding.hasStableBytes();
}

LineDecoder::Position LineDecoder::advance(QByteArrayView bytes, Position from, bool lineEnds, qint64 stopColumn,
                                           qint64 stopByte, bool *stopped) const
{
    const auto *data = reinterpret_cast<const uchar *>(bytes.data());
    const qsizetype n = bytes.size();
    const Encoding::Kind kind = m_options.encoding.kind();
    const bool utf8 = kind == Encoding::Kind::Utf8;
    const bool latin1 = kind == Encoding::Kind::Latin1;
    const bool utf16 = m_options.encoding.isUtf16();
    // The fast part reads whole characters inline: ASCII (and every Latin-1 byte), tabs, valid
    // UTF-8 sequences, UTF-16 units and pairs; the rest (invalid input, a character cut by the end
    // of the bytes, a codec's characters) goes through walk(), one character at a time. A codec
    // with stable bytes reads its ASCII bytes here too: at a boundary they are characters.
    const bool asciiRuns = !utf16 && m_options.encoding.hasStableBytes();
    const qint64 tabWidth = qMax(1, m_options.tabWidth);
    const bool tabPowerOfTwo = (tabWidth & (tabWidth - 1)) == 0;
    const auto tabColumns = [&](qint64 column) {
        return tabWidth - (tabPowerOfTwo ? (column & (tabWidth - 1)) : column % tabWidth);
    };
    constexpr quint64 kHigh = 0x8080808080808080ULL;
    constexpr quint64 kOnes = 0x0101010101010101ULL;
    const auto tabFlags = [](quint64 w) {
        const quint64 x = w ^ (kOnes * '\t');
        return (x - kOnes) & ~x & kHigh;
    };
    const auto unitAt = [&](qsizetype i) {
        return kind == Encoding::Kind::Utf16LE ? char16_t(data[i] | data[i + 1] << 8) : char16_t(data[i] << 8 | data[i + 1]);
    };
    const auto isTrail = [&](qsizetype i) { return (data[i] & 0xC0) == 0x80; };

    qsizetype i = 0;
    qint64 column = from.column;
    bool halted = false;
    // Takes a character of `length` bytes and `width` columns at i, unless a stop holds.
    const auto take = [&](qsizetype length, qint64 width) {
        if (column + width > stopColumn || from.byte + i + length > stopByte) {
            halted = true;
            return false;
        }
        column += width;
        i += length;
        return true;
    };
    while (!halted && i < n) {
        if (asciiRuns) {
            while (i < n) {
                // Plain ASCII bytes a word at a time, up to the first other byte (the lowest
                // flagged byte of a word is exact: only flags above a tab can be false).
                if (!latin1 && data[i] < 0x80 && data[i] != '\t') {
                    const qsizetype runStart = i;
                    const qsizetype limit =
                        i + qsizetype(qMin<qint64>(n - i, qMin(stopColumn - column, stopByte - (from.byte + i))));
                    bool special = false;
                    while (i + 8 <= limit) {
                        const quint64 w = qFromLittleEndian<quint64>(data + i);
                        const quint64 flags = (w & kHigh) | tabFlags(w);
                        if (flags != 0) {
                            i += qCountTrailingZeroBits(flags) / 8;
                            special = true;
                            break;
                        }
                        i += 8;
                    }
                    while (!special && i < limit && data[i] < 0x80 && data[i] != '\t')
                        ++i;
                    column += i - runStart;
                }
                if (i >= n)
                    break;
                const uchar b = data[i];
                qsizetype length = 0;
                qint64 width = 1;
                if (b == '\t') {
                    length = 1;
                    width = tabColumns(column);
                } else if (b < 0x80 || latin1) {
                    length = 1;
                } else if (utf8) {
                    if (b >= 0xC2 && b <= 0xDF) {
                        if (i + 1 < n && isTrail(i + 1))
                            length = 2;
                    } else if (b >= 0xE0 && b <= 0xEF) {
                        const uchar low = b == 0xE0 ? 0xA0 : 0x80, high = b == 0xED ? 0x9F : 0xBF;
                        if (i + 2 < n && data[i + 1] >= low && data[i + 1] <= high && isTrail(i + 2))
                            length = 3;
                    } else if (b >= 0xF0 && b <= 0xF4) {
                        const uchar low = b == 0xF0 ? 0x90 : 0x80, high = b == 0xF4 ? 0x8F : 0xBF;
                        if (i + 3 < n && data[i + 1] >= low && data[i + 1] <= high && isTrail(i + 2) && isTrail(i + 3)) {
                            length = 4;
                            width = 2;
                        }
                    }
                }
                if (length == 0)
                    break; // for the slow part
                if (!take(length, width))
                    break;
            }
        } else if (utf16) {
            while (i + 1 < n) {
                const char16_t unit = unitAt(i);
                if (unit == u'\t') {
                    if (!take(2, tabColumns(column)))
                        break;
                } else if (!QChar::isSurrogate(unit)) {
                    if (!take(2, 1))
                        break;
                } else if (QChar::isHighSurrogate(unit) && i + 3 < n && QChar::isLowSurrogate(unitAt(i + 2))) {
                    if (!take(4, 2))
                        break;
                } else {
                    break; // for the slow part
                }
            }
        }
        if (halted || i >= n)
            break;
        // The slow part: one character through walk() (with any a codec made from the same bytes).
        const Prepared rest{bytes.sliced(i), 0, n - i, lineEnds};
        qsizetype length = 0;
        bool took = false;
        walk(rest, [&](qsizetype byte, qsizetype charLength, char32_t c) {
            if (took && charLength > 0)
                return false;
            const qint64 width = displayWidth(c, column);
            if (column + width > stopColumn || from.byte + i + byte + charLength > stopByte) {
                halted = true;
                return false;
            }
            column += width;
            length = byte + charLength;
            took = true;
            return true;
        });
        if (!took)
            break; // halted, or a character cut by the end of the bytes
        i += length;
    }
    if (stopped)
        *stopped = halted;
    return Position{from.byte + i, column};
}

QString LineDecoder::displayColumns(QByteArrayView bytes, Position from, bool lineEnds, qint64 fromColumn,
                                    qint64 toColumn) const
{
    QString out;
    if (toColumn <= fromColumn)
        return out;
    const Position start = advance(bytes, from, lineEnds, fromColumn, std::numeric_limits<qint64>::max());
    if (start.column > fromColumn)
        return out;
    out.reserve(qsizetype(qMin<qint64>(toColumn - fromColumn, bytes.size() * qint64(qMax(1, m_options.tabWidth)))) + 1);
    qint64 column = start.column;
    const qsizetype offset = qsizetype(start.byte - from.byte);
    const Prepared rest{bytes.sliced(offset), 0, bytes.size() - offset, lineEnds};
    walk(rest, [&](qsizetype, qsizetype, char32_t c) {
        if (column >= toColumn)
            return false;
        const int width = displayWidth(c, column);
        if (c == U'\t') {
            const qint64 cells = qMin(column + width, toColumn) - qMax(column, fromColumn);
            out.append(QString(qsizetype(qMax<qint64>(0, cells)), u' '));
        } else if (column >= fromColumn) {
            appendDisplayed(out, c);
        } else {
            out.append(u' '); // the second column of a pair that starts before fromColumn
        }
        column += width;
        return true;
    });
    return out;
}
