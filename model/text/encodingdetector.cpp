#include "encodingdetector.h"

#include "linedecoder.h"

#include <QStringDecoder>

#if defined(TOME_HAVE_UCHARDET)
#include <uchardet.h>
#endif

#include <memory>
#include <type_traits>

namespace {

// UTF-16: a sample with well-formed units, few control characters, and NUL bytes on one side.
struct Utf16Counts {
    qint64 units = 0;
    qint64 ascii = 0;      // U+0001..U+007F: a NUL byte beside an ASCII byte
    qint64 lineFeeds = 0;  // U+000A
    qint64 controls = 0;   // U+0000..U+001F but tab, line feed and carriage return
    qint64 badSurrogates = 0;
};

Utf16Counts countUtf16(const QList<QByteArray> &pieces, bool littleEndian)
{
    Utf16Counts counts;
    for (const QByteArray &piece : pieces) {
        const auto *p = reinterpret_cast<const uchar *>(piece.constData());
        const qsizetype n = piece.size() & ~qsizetype(1);
        bool pendingHigh = false;
        for (qsizetype i = 0; i < n; i += 2) {
            const char16_t unit = littleEndian ? char16_t(p[i] | p[i + 1] << 8) : char16_t(p[i] << 8 | p[i + 1]);
            ++counts.units;
            if (QChar::isHighSurrogate(unit)) {
                if (pendingHigh)
                    ++counts.badSurrogates;
                pendingHigh = true;
                continue;
            }
            if (QChar::isLowSurrogate(unit)) {
                if (!pendingHigh && i > 0) // a piece may start inside a pair
                    ++counts.badSurrogates;
                pendingHigh = false;
                continue;
            }
            if (pendingHigh)
                ++counts.badSurrogates;
            pendingHigh = false;
            if (unit == u'\n')
                ++counts.lineFeeds;
            if (unit > 0 && unit < 0x80)
                ++counts.ascii;
            if (unit < 0x20 && unit != u'\t' && unit != u'\n' && unit != u'\r')
                ++counts.controls;
        }
    }
    return counts;
}

bool plausibleUtf16(const Utf16Counts &c)
{
    if (c.units < 2 || c.badSurrogates > 0 || c.controls * 50 > c.units)
        return false;
    return c.lineFeeds > 0 || c.ascii * 10 >= c.units;
}

#if defined(TOME_HAVE_UCHARDET)
constexpr int kFewLatinBytes = 16;

// The piece from its first line start on (a piece from inside the file may start inside a
// character), when it has one.
QByteArrayView fromLineStart(const QByteArray &piece)
{
    const qsizetype newline = piece.indexOf('\n');
    return newline >= 0 ? QByteArrayView(piece).sliced(newline + 1) : QByteArrayView(piece);
}

// The piece up to its last line end (its end may cut a character), when it has one.
QByteArrayView toLineEnd(QByteArrayView piece)
{
    const qsizetype newline = piece.lastIndexOf('\n');
    return newline >= 0 ? piece.first(newline + 1) : piece;
}

// Latin-script single-byte encodings uchardet may name for short Western European text (a
// Spanish line with a "ñ" reads as windows-1250's "ń" as well): measured on translations of
// 60-400 bytes, a third of the Spanish and German ones came out so.
bool isOtherLatin(const QByteArray &upperName)
{
    static const QList<QByteArray> names{"WINDOWS-1250", "ISO-8859-2",  "ISO-8859-3",  "ISO-8859-4",  "ISO-8859-9",
                                         "ISO-8859-10",  "ISO-8859-13", "ISO-8859-14", "ISO-8859-15", "ISO-8859-16",
                                         "IBM852",       "WINDOWS-1254", "WINDOWS-1257", "WINDOWS-1258",
                                         "MAC-CENTRALEUROPE"};
    return names.contains(upperName);
}

// The sample has fewer than `limit` bytes above ASCII, and in windows-1252 none of them is a
// symbol touching a letter ("ma³y" is Polish "mały" in windows-1250, "l’été" is French): text
// windows-1252 reads as Western words. Too few such bytes for uchardet to tell the Latin
// encodings apart, and nothing against windows-1252, the most common of them.
bool readsAsWestern(const QList<QByteArray> &pieces, int limit)
{
    static constexpr QStringView kPunctuation = u"\u2019\u2018\u201C\u201D\u00AB\u00BB\u2013\u2014\u2026\u20AC\u00B0\u00B7\u00B4";
    int high = 0;
    for (const QByteArray &piece : pieces) {
        for (const char c : piece)
            high += uchar(c) >= 0x80 ? 1 : 0;
    }
    if (high >= limit)
        return false;
    for (const QByteArray &piece : pieces) {
        const QString text = QStringDecoder("windows-1252").decode(piece);
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c.unicode() < 0x80 || c.isLetter() || kPunctuation.contains(c))
                continue;
            const bool afterLetter = i > 0 && text.at(i - 1).isLetter();
            const bool beforeLetter = i + 1 < text.size() && text.at(i + 1).isLetter();
            // Spanish opens questions with ¿ and exclamations with ¡; within a word it is a letter.
            if (afterLetter || (beforeLetter && c != u'\u00BF' && c != u'\u00A1'))
                return false;
        }
    }
    return true;
}

bool hasC1Bytes(const QList<QByteArray> &pieces)
{
    for (const QByteArray &piece : pieces) {
        for (const char c : piece) {
            if (uchar(c) >= 0x80 && uchar(c) < 0xA0)
                return true;
        }
    }
    return false;
}

bool decodesCleanly(const char *name, const QList<QByteArray> &pieces)
{
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        const QByteArrayView text = toLineEnd(i == 0 ? QByteArrayView(pieces.at(i)) : fromLineStart(pieces.at(i)));
        QStringDecoder decoder(name, QStringDecoder::Flag::Stateless);
        const QString decoded = decoder.decode(text);
        if (decoder.hasError())
            return false;
    }
    return true;
}
#endif

} // namespace

QList<std::pair<qint64, qint64>> EncodingDetector::samplePieces(qint64 size)
{
    QList<std::pair<qint64, qint64>> pieces;
    if (size <= 0)
        return pieces;
    const qint64 head = qMin(size, kHeadBytes);
    pieces.append({0, head});
    const qint64 rest = size - head;
    if (rest <= 0)
        return pieces;
    const int blocks = int(qMin<qint64>(kBlocks, (rest + kBlockBytes - 1) / kBlockBytes));
    for (int i = 0; i < blocks; ++i) {
        // Evenly spread over the rest, the last one ending at the file's end; even offsets.
        qint64 offset = head + (rest - kBlockBytes) * (i + 1) / blocks;
        offset = qBound<qint64>(head, offset, size) & ~qint64(1);
        const qint64 length = qMin(kBlockBytes, size - offset);
        if (length > 0)
            pieces.append({offset, length});
    }
    return pieces;
}

EncodingDetector::Result EncodingDetector::detect(qint64 size, const Reader &read)
{
    QList<QByteArray> pieces;
    const QList<std::pair<qint64, qint64>> ranges = samplePieces(size);
    for (qsizetype i = 0; i < ranges.size(); ++i) {
        std::optional<QByteArray> bytes = read(ranges.at(i).first, ranges.at(i).second);
        if (bytes)
            pieces.append(std::move(*bytes));
        else if (i == 0)
            pieces.append(QByteArray()); // the start stays first
    }
    return detectPieces(pieces);
}

EncodingDetector::Result EncodingDetector::detectPieces(const QList<QByteArray> &pieces)
{
    Result result;
    const QByteArray head = pieces.value(0);
    int bomLength = 0;
    const TextEncoding marked = LineDecoder::detectEncoding(head, &bomLength);
    if (bomLength > 0) {
        result.encoding = marked;
        result.reason = Reason::ByteOrderMark;
        result.bomLength = bomLength;
        return result;
    }
    if (const std::optional<TextEncoding> utf16 = utf16Pattern(pieces)) {
        result.encoding = *utf16;
        result.reason = Reason::Utf16Pattern;
        return result;
    }
    if (looksUtf8(pieces)) {
        result.encoding = TextEncoding::Utf8;
        result.reason = Reason::Utf8;
        return result;
    }
    if (const std::optional<TextEncoding> found = charset(pieces)) {
        result.encoding = *found;
        result.reason = Reason::Charset;
        return result;
    }
    result.encoding = TextEncoding::fromName("windows-1252").value_or(TextEncoding::Latin1);
    result.reason = Reason::Fallback;
    return result;
}

std::optional<TextEncoding> EncodingDetector::utf16Pattern(const QList<QByteArray> &pieces)
{
    const Utf16Counts le = countUtf16(pieces, true);
    const Utf16Counts be = countUtf16(pieces, false);
    const bool leFits = plausibleUtf16(le);
    const bool beFits = plausibleUtf16(be);
    if (leFits && (!beFits || le.ascii + le.lineFeeds > be.ascii + be.lineFeeds))
        return TextEncoding::Utf16LE;
    if (beFits)
        return TextEncoding::Utf16BE;
    return std::nullopt;
}

bool EncodingDetector::looksUtf8(const QList<QByteArray> &pieces)
{
    qint64 multiByte = 0;
    qint64 invalid = 0;
    for (qsizetype k = 0; k < pieces.size(); ++k) {
        const auto *p = reinterpret_cast<const uchar *>(pieces.at(k).constData());
        const qsizetype n = pieces.at(k).size();
        qsizetype i = 0;
        if (k > 0) {
            while (i < n && i < 3 && (p[i] & 0xC0) == 0x80)
                ++i; // the rest of a character that started before the piece
        }
        while (i < n) {
            const uchar lead = p[i];
            if (lead < 0x80) {
                ++i;
                continue;
            }
            int trail = 0;
            uchar low = 0x80, high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                trail = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                trail = 2;
                low = lead == 0xE0 ? 0xA0 : 0x80;
                high = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                trail = 3;
                low = lead == 0xF0 ? 0x90 : 0x80;
                high = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                ++invalid;
                ++i;
                continue;
            }
            qsizetype j = i + 1;
            bool valid = true;
            for (int t = 0; t < trail; ++t, ++j) {
                if (j >= n)
                    break; // cut by the piece's end: neither proof nor disproof
                if (p[j] < low || p[j] > high) {
                    valid = false;
                    break;
                }
                low = 0x80;
                high = 0xBF;
            }
            if (valid) {
                if (j <= n && j - i == trail + 1)
                    ++multiByte;
                i = j;
            } else {
                ++invalid;
                i = j;
            }
        }
    }
    // Valid UTF-8 (ASCII too), or UTF-8 with stray or cut sequences: valid multi-byte sequences
    // are rare by chance in the other encodings (about one in five of their invalid ones in
    // GBK or EUC-KR text, far fewer in single-byte text), common in damaged UTF-8.
    return invalid == 0 || (multiByte >= 8 && multiByte * 2 >= invalid);
}

std::optional<TextEncoding> EncodingDetector::charset(const QList<QByteArray> &pieces)
{
#if defined(TOME_HAVE_UCHARDET)
    const std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> detector(uchardet_new(),
                                                                                                  &uchardet_delete);
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        const QByteArrayView text = i == 0 ? QByteArrayView(pieces.at(i)) : fromLineStart(pieces.at(i));
        if (uchardet_handle_data(detector.get(), text.data(), size_t(text.size())) != 0)
            break;
    }
    uchardet_data_end(detector.get());
    QByteArray name(uchardet_get_charset(detector.get()));
    if (name.isEmpty())
        return std::nullopt;
    if (name == "ASCII")
        return TextEncoding::Utf8;
    name = name.toUpper();
    // Only text that looksUtf8() turned down gets here: uchardet's UTF-8 for it (which it gives
    // now and then for random bytes) is no answer.
    if (name == "UTF-8")
        return std::nullopt;
    if (isOtherLatin(name) && readsAsWestern(pieces, kFewLatinBytes))
        name = "windows-1252";
    // Bytes 0x80-0x9F are C1 controls in ISO-8859-1 and punctuation in windows-1252 (’ “ ” – €).
    if (name == "ISO-8859-1" && hasC1Bytes(pieces))
        name = "windows-1252";
    // Short Russian text is sometimes named MAC-CYRILLIC; its capitals are bytes 0x80-0x9F,
    // windows-1251's are 0xC0-0xDF, where both have the same small letters.
    if (name == "MAC-CYRILLIC" && !hasC1Bytes(pieces))
        name = "windows-1251";
    // uchardet names Korean text UHC (CP949); most of it is EUC-KR, which CP949 extends.
    if (name == "UHC")
        name = decodesCleanly("EUC-KR", pieces) ? QByteArray("EUC-KR") : QByteArray("windows-949");
    return TextEncoding::fromName(name);
#else
    Q_UNUSED(pieces);
    return std::nullopt;
#endif
}
