#include "searchtranscoder.h"

#include "codecreader.h"

#include <cstring>

namespace {

using Encoding = SearchTranscoder::Encoding;

char16_t unitAt(Encoding encoding, const uchar *p)
{
    return encoding == Encoding::Utf16LE ? char16_t(p[0] | (p[1] << 8)) : char16_t((p[0] << 8) | p[1]);
}

bool isLineEndUnit(Encoding encoding, const uchar *p)
{
    return encoding == Encoding::Utf16LE ? p[0] == 0x0a && p[1] == 0 : p[0] == 0 && p[1] == 0x0a;
}

void putUtf8(char32_t c, std::vector<char> &out)
{
    if (c < 0x80) {
        out.push_back(char(c));
    } else if (c < 0x800) {
        out.push_back(char(0xc0 | (c >> 6)));
        out.push_back(char(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) { // surrogates too: ED A0..BF xx is not UTF-8
        out.push_back(char(0xe0 | (c >> 12)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3f)));
        out.push_back(char(0x80 | (c & 0x3f)));
    } else {
        out.push_back(char(0xf0 | (c >> 18)));
        out.push_back(char(0x80 | ((c >> 12) & 0x3f)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3f)));
        out.push_back(char(0x80 | (c & 0x3f)));
    }
}

} // namespace

qint64 SearchTranscoder::lineEnd(Encoding encoding, const uchar *data, qint64 at, qint64 to)
{
    if (!isUtf16(encoding)) {
        if (at >= to)
            return to;
        const void *hit = std::memchr(data + at, '\n', size_t(to - at));
        return hit ? static_cast<const uchar *>(hit) - data : to;
    }
    // The 0x0A byte of U+000A: the first byte in LE, the second in BE.
    const qint64 shift = encoding == Encoding::Utf16LE ? 0 : 1;
    qint64 p = at + shift;
    while (p < to) {
        const void *hit = std::memchr(data + p, 0x0a, size_t(to - p));
        if (!hit)
            return to;
        const qint64 unit = static_cast<const uchar *>(hit) - data - shift;
        if (unit >= at && (unit & 1) == 0 && unit + 2 <= to && isLineEndUnit(encoding, data + unit))
            return unit;
        p = unit + shift + 1;
    }
    return to;
}

qint64 SearchTranscoder::lineStart(Encoding encoding, const uchar *data, qint64 floor, qint64 at)
{
    if (!isUtf16(encoding)) {
        for (qint64 i = at; i > floor; --i) {
            if (data[i - 1] == '\n')
                return i;
        }
        return floor;
    }
    for (qint64 unit = (at & ~qint64(1)) - 2; unit >= floor; unit -= 2) {
        if (isLineEndUnit(encoding, data + unit))
            return unit + 2;
    }
    return floor;
}

qint64 SearchTranscoder::lineStartAtOrAfter(Encoding encoding, const uchar *data, qint64 size, qint64 at)
{
    if (at <= 0)
        return 0;
    if (at >= size)
        return size;
    const qint64 from = isUtf16(encoding) ? qMax<qint64>(0, (at - 1) & ~qint64(1)) : at - 1;
    const qint64 end = lineEnd(encoding, data, from, size);
    return end >= size ? size : end + endingLength(encoding);
}

qint64 SearchTranscoder::textStart(Encoding encoding, const uchar *data, qint64 size, qint64 lineStart)
{
    if (lineStart != 0 || size < 2 || !isUtf16(encoding))
        return lineStart;
    return unitAt(encoding, data) == 0xfeff ? 2 : 0;
}

void SearchTranscoder::appendUtf8(Encoding encoding, const uchar *src, qint64 len, std::vector<char> &out,
                                  std::vector<qint64> *map)
{
    const auto mapTo = [&](size_t before, qint64 from) {
        if (map)
            map->insert(map->end(), out.size() - before, from);
    };
    if (encoding == Encoding::Utf8) {
        const size_t before = out.size();
        out.insert(out.end(), src, src + len);
        if (map) {
            for (qint64 i = 0; i < len; ++i)
                map->push_back(i);
        }
        (void)before;
        return;
    }
    if (encoding.isCodec()) {
        appendCodecUtf8(encoding, src, len, out, map);
        return;
    }
    if (encoding == Encoding::Latin1) {
        for (qint64 i = 0; i < len; ++i) {
            const size_t before = out.size();
            putUtf8(src[i], out);
            mapTo(before, i);
        }
        return;
    }
    qint64 i = 0;
    for (; i + 2 <= len; i += 2) {
        const size_t before = out.size();
        const char16_t unit = unitAt(encoding, src + i);
        char32_t c = unit;
        if (unit >= 0xd800 && unit < 0xdc00 && i + 4 <= len) {
            const char16_t low = unitAt(encoding, src + i + 2);
            if (low >= 0xdc00 && low < 0xe000) {
                c = 0x10000 + ((char32_t(unit) - 0xd800) << 10) + (low - 0xdc00);
                putUtf8(c, out);
                mapTo(before, i);
                i += 2;
                continue;
            }
        }
        putUtf8(c, out);
        mapTo(before, i);
    }
    if (i < len) { // a dangling byte at the end of an odd-sized file
        const size_t before = out.size();
        out.push_back(char(0xff));
        mapTo(before, i);
    }
}

void SearchTranscoder::appendCodecUtf8(Encoding encoding, const uchar *src, qint64 len, std::vector<char> &out,
                                       std::vector<qint64> *map)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(src), len);
    if (!map) {
        const QString text = CodecReader::decodeLine(encoding, bytes);
        for (qsizetype i = 0; i < text.size(); ++i) {
            char32_t c = text.at(i).unicode();
            if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
                c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
                ++i;
            }
            putUtf8(c, out);
        }
        return;
    }
    CodecReader reader(encoding, bytes, true);
    while (const std::optional<CodecReader::Char> c = reader.next()) {
        const size_t before = out.size();
        putUtf8(c->code, out);
        map->insert(map->end(), out.size() - before, c->byte);
    }
}

bool SearchTranscoder::encode(Encoding encoding, const QString &text, QByteArray *out)
{
    out->clear();
    switch (encoding) {
    case Encoding::Codec: {
        // Only what reads back as the same text: a codec's fallback mappings are not its bytes.
        const std::optional<QByteArray> bytes = CodecReader::encode(encoding, text);
        *out = bytes.value_or(QByteArray());
        return bytes.has_value();
    }
    case Encoding::Utf8:
        *out = text.toUtf8();
        return true;
    case Encoding::Latin1:
        for (const QChar c : text) {
            if (c.unicode() > 0xff)
                return false;
            out->append(char(c.unicode()));
        }
        return true;
    case Encoding::Utf16LE:
    case Encoding::Utf16BE:
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            const char hi = char(u >> 8);
            const char lo = char(u & 0xff);
            out->append(encoding == Encoding::Utf16LE ? lo : hi);
            out->append(encoding == Encoding::Utf16LE ? hi : lo);
        }
        return true;
    }
    return false;
}
