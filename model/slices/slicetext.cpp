#include "slicetext.h"

#include "codecreader.h"

#include <algorithm>

namespace {

constexpr char32_t kReplacement = 0xfffd;

// The lead byte's sequence length and the allowed range of the byte after it (Unicode table 3-7).
struct Utf8Lead {
    int continuations = -1; // -1: not a lead byte
    uchar secondLow = 0x80;
    uchar secondHigh = 0xbf;
    char32_t bits = 0;
};

Utf8Lead utf8Lead(uchar c)
{
    if (c >= 0xc2 && c <= 0xdf)
        return {1, 0x80, 0xbf, char32_t(c & 0x1f)};
    if (c == 0xe0)
        return {2, 0xa0, 0xbf, char32_t(c & 0x0f)};
    if (c == 0xed)
        return {2, 0x80, 0x9f, char32_t(c & 0x0f)};
    if (c >= 0xe1 && c <= 0xef)
        return {2, 0x80, 0xbf, char32_t(c & 0x0f)};
    if (c == 0xf0)
        return {3, 0x90, 0xbf, char32_t(c & 0x07)};
    if (c == 0xf4)
        return {3, 0x80, 0x8f, char32_t(c & 0x07)};
    if (c >= 0xf1 && c <= 0xf3)
        return {3, 0x80, 0xbf, char32_t(c & 0x07)};
    return {};
}

} // namespace

void SliceText::append(char32_t codePoint, qsizetype byte)
{
    if (codePoint > 0xffff) {
        m_text += QChar(QChar::highSurrogate(codePoint));
        m_text += QChar(QChar::lowSurrogate(codePoint));
        m_unitByte << byte << byte;
    } else {
        m_text += QChar(char16_t(codePoint));
        m_unitByte << byte;
    }
}

void SliceText::appendInvalid(qsizetype byte)
{
    m_invalid << int(m_text.size());
    append(kReplacement, byte);
}

SliceText SliceText::decode(const QByteArray &bytes, LineDecoder::Encoding encoding, bool moreFollows)
{
    SliceText out;
    out.m_encoding = encoding;
    out.m_bytes = bytes;
    const qsizetype n = bytes.size();
    const auto at = [&bytes](qsizetype i) { return uchar(bytes.at(i)); };
    out.m_text.reserve(n);
    out.m_unitByte.reserve(n + 1);

    switch (encoding) {
    case LineDecoder::Encoding::Latin1:
        for (qsizetype i = 0; i < n; ++i)
            out.append(at(i), i);
        break;
    case LineDecoder::Encoding::Utf8:
        for (qsizetype i = 0; i < n;) {
            const uchar c = at(i);
            if (c < 0x80) {
                out.append(c, i++);
                continue;
            }
            const Utf8Lead lead = utf8Lead(c);
            if (lead.continuations < 0) {
                out.appendInvalid(i++);
                continue;
            }
            char32_t codePoint = lead.bits;
            qsizetype next = i + 1;
            bool valid = true;
            for (int k = 0; k < lead.continuations; ++k, ++next) {
                if (next >= n) {
                    if (moreFollows)
                        out.m_droppedTail = int(n - i);
                    else
                        out.appendInvalid(i);
                    i = n;
                    valid = false;
                    break;
                }
                const uchar low = k == 0 ? lead.secondLow : uchar(0x80);
                const uchar high = k == 0 ? lead.secondHigh : uchar(0xbf);
                if (at(next) < low || at(next) > high) {
                    out.appendInvalid(i);
                    i = next; // the offending byte starts afresh
                    valid = false;
                    break;
                }
                codePoint = (codePoint << 6) | (at(next) & 0x3f);
            }
            if (valid) {
                out.append(codePoint, i);
                i = next;
            }
        }
        break;
    case LineDecoder::Encoding::Codec: {
        CodecReader reader(encoding, bytes, !moreFollows);
        qsizetype end = 0;
        while (const std::optional<CodecReader::Char> c = reader.next()) {
            if (c->code == kReplacement)
                out.appendInvalid(c->byte);
            else
                out.append(c->code, c->byte);
            end = c->byte + c->length;
        }
        if (reader.isCut())
            out.m_droppedTail = int(n - end);
        break;
    }
    case LineDecoder::Encoding::Utf16LE:
    case LineDecoder::Encoding::Utf16BE: {
        const bool little = encoding == LineDecoder::Encoding::Utf16LE;
        const auto unit = [&](qsizetype i) {
            return little ? char16_t(at(i) | (at(i + 1) << 8)) : char16_t((at(i) << 8) | at(i + 1));
        };
        qsizetype i = 0;
        while (i + 1 < n) {
            const char16_t u = unit(i);
            if (QChar::isHighSurrogate(u)) {
                if (i + 3 < n && QChar::isLowSurrogate(unit(i + 2))) {
                    out.append(QChar::surrogateToUcs4(u, unit(i + 2)), i);
                    i += 4;
                    continue;
                }
                if (i + 3 >= n && moreFollows) {
                    out.m_droppedTail = int(n - i);
                    i = n;
                    break;
                }
                out.appendInvalid(i);
            } else if (QChar::isLowSurrogate(u)) {
                out.appendInvalid(i);
            } else {
                out.append(u, i);
            }
            i += 2;
        }
        if (i < n) {
            if (moreFollows)
                out.m_droppedTail = int(n - i);
            else
                out.appendInvalid(i);
        }
        break;
    }
    }
    out.m_unitByte << n - out.m_droppedTail;
    return out;
}

QString SliceText::displayText() const
{
    QString out = m_text;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t'))
            c = QChar(char16_t(0x2400 + u));
        else if (u == 0x7f)
            c = QChar(char16_t(0x2421));
    }
    return out;
}

bool SliceText::isInvalidAt(int position) const
{
    return std::binary_search(m_invalid.cbegin(), m_invalid.cend(), position);
}

qsizetype SliceText::byteAt(int position) const
{
    return m_unitByte.value(qBound(0, position, int(m_text.size())));
}

std::optional<SliceCharacter> SliceText::characterAt(int position, qint64 sliceOffset) const
{
    if (position < 0 || position >= m_text.size())
        return std::nullopt;
    if (m_text.at(position).isLowSurrogate() && position > 0 && m_text.at(position - 1).isHighSurrogate())
        --position;
    int units = 1;
    char32_t codePoint = m_text.at(position).unicode();
    if (m_text.at(position).isHighSurrogate() && position + 1 < m_text.size()
        && m_text.at(position + 1).isLowSurrogate()) {
        codePoint = QChar::surrogateToUcs4(m_text.at(position), m_text.at(position + 1));
        units = 2;
    }
    SliceCharacter character;
    character.codePoint = codePoint;
    character.invalid = isInvalidAt(position);
    const qsizetype first = m_unitByte.at(position);
    character.byteOffset = sliceOffset + first;
    character.sourceBytes = m_bytes.mid(first, m_unitByte.at(position + units) - first);
    character.utf8 = m_text.mid(position, units).toUtf8();
    return character;
}
