#include "decodercheck.h"

#include "linedecoder.h"

#include <QList>
#include <QSet>
#include <QStringDecoder>

using Encoding = LineDecoder::Encoding;
using namespace Qt::StringLiterals;

namespace {

struct RefChar {
    qsizetype byte = 0; // within the line
    qsizetype length = 0;
    char32_t code = 0;
};

constexpr char32_t kReplacement = 0xFFFD;

// Every proper prefix of the UTF-8 form of every scalar value. A proper prefix does not depend on
// the last 6 bits, so one value in 64 is enough.
const QSet<QByteArray> &utf8Prefixes()
{
    static const QSet<QByteArray> prefixes = [] {
        QSet<QByteArray> set;
        for (char32_t c = 0x80; c <= 0x10FFFF; c += 64) {
            if (c >= 0xD800 && c <= 0xDFFF)
                continue;
            const QByteArray form = QString::fromUcs4(&c, 1).toUtf8();
            for (qsizetype k = 1; k < form.size(); ++k)
                set.insert(form.first(k));
        }
        return set;
    }();
    return prefixes;
}

// Whether `bytes` is the UTF-8 form of exactly one scalar value (Qt decides).
bool isOneCharacter(QByteArrayView bytes, char32_t *code)
{
    QStringDecoder decoder(QStringConverter::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    const QList<uint> ucs4 = QString(decoder.decode(bytes)).toUcs4();
    if (ucs4.size() != 1 || (ucs4.at(0) == kReplacement && bytes != "\xEF\xBF\xBD"))
        return false;
    *code = ucs4.at(0);
    return true;
}

// UTF-8 from the definitions: at each position the one complete sequence that starts there, or
// else U+FFFD for the longest prefix of some valid sequence (at least one byte).
QList<RefChar> referenceUtf8(QByteArrayView bytes, qsizetype base)
{
    QList<RefChar> chars;
    for (qsizetype i = 0; i < bytes.size();) {
        RefChar c{base + i, 0, kReplacement};
        for (qsizetype k = 1; k <= 4 && i + k <= bytes.size() && c.length == 0; ++k) {
            if (isOneCharacter(bytes.sliced(i, k), &c.code))
                c.length = k;
        }
        if (c.length == 0) {
            c.code = kReplacement;
            c.length = 1;
            for (qsizetype k = 3; k >= 1; --k) {
                if (i + k <= bytes.size() && utf8Prefixes().contains(bytes.sliced(i, k).toByteArray())) {
                    c.length = k;
                    break;
                }
            }
        }
        chars.append(c);
        i += c.length;
    }
    return chars;
}

QList<RefChar> referenceUtf16(QByteArrayView bytes, qsizetype base, bool littleEndian)
{
    QList<char16_t> units;
    for (qsizetype i = 0; i + 1 < bytes.size(); i += 2) {
        const uchar a = uchar(bytes.at(i)), b = uchar(bytes.at(i + 1));
        units.append(littleEndian ? char16_t(a | b << 8) : char16_t(a << 8 | b));
    }
    QList<RefChar> chars;
    for (qsizetype u = 0; u < units.size(); ++u) {
        if (QChar::isHighSurrogate(units.at(u)) && u + 1 < units.size() && QChar::isLowSurrogate(units.at(u + 1))) {
            chars.append({base + 2 * u, 4, QChar::surrogateToUcs4(units.at(u), units.at(u + 1))});
            ++u;
        } else {
            chars.append({base + 2 * u, 2, QChar::isSurrogate(units.at(u)) ? kReplacement : char32_t(units.at(u))});
        }
    }
    if (bytes.size() % 2 == 1) // the file ends inside a unit
        chars.append({base + bytes.size() - 1, 1, kReplacement});
    return chars;
}

QString displayed(char32_t c, qsizetype column, int tabWidth)
{
    if (c == U'\t')
        return QString(tabWidth - column % tabWidth, u' ');
    if (c < 0x20)
        return QString(QChar(char16_t(0x2400 + c)));
    if (c == 0x7F)
        return QString(QChar(char16_t(0x2421)));
    if (c > 0xFFFF)
        return QString(QChar(QChar::highSurrogate(c))) + QChar(QChar::lowSurrogate(c));
    return QString(QChar(char16_t(c))); // not fromUcs4(), which drops a leading U+FEFF
}

QString hex(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex(' '));
}

} // namespace

QString checkLineDecoder(QByteArrayView input)
{
    if (input.size() < 2)
        return {};
    const uchar setup = uchar(input.at(0));
    const Encoding builtIn[] = {Encoding::Utf8, Encoding::Latin1, Encoding::Utf16LE, Encoding::Utf16BE};
    const Encoding encoding = builtIn[setup & 3];
    const int tabWidth = 1 + ((setup >> 2) & 7);
    const qint64 offsets[] = {0, 100, 101, 7};
    const qint64 lineOffset = offsets[(setup >> 5) & 3];
    const int limit = 1 + uchar(input.at(1));
    const QByteArrayView line = input.sliced(2);
    const qint64 length = line.size();
    const QString where = u"[%1, tab %2, offset %3, limit %4, line %5] "_s.arg(QString::fromLatin1(encoding.name()))
                              .arg(tabWidth)
                              .arg(lineOffset)
                              .arg(limit)
                              .arg(hex(line.first(qMin<qsizetype>(line.size(), 64))));
    const auto fail = [&](const QString &what) { return where + what; };

    // The reference's realignment (see LineDecoder's header).
    const bool utf16 = encoding == Encoding::Utf16LE || encoding == Encoding::Utf16BE;
    const bool littleEndian = encoding == Encoding::Utf16LE;
    qsizetype skip = 0;
    if (lineOffset == 0) {
        const QByteArrayView bom = encoding == Encoding::Utf8 ? "\xEF\xBB\xBF"
            : encoding == Encoding::Utf16LE                   ? "\xFF\xFE"
            : encoding == Encoding::Utf16BE                   ? "\xFE\xFF"
                                                              : "";
        if (!bom.isEmpty() && line.startsWith(bom))
            skip = bom.size();
    } else if (utf16 && lineOffset % 2 == 1) {
        skip = qMin<qsizetype>(1, line.size());
    }
    QByteArrayView body = line.sliced(skip);
    const qint64 textEnd = skip + body.size(); // where the text ends for the mapping
    QList<RefChar> chars;
    if (encoding == Encoding::Utf8) {
        chars = referenceUtf8(body, skip);
    } else if (utf16) {
        chars = referenceUtf16(body, skip, littleEndian);
    } else {
        for (qsizetype i = 0; i < body.size(); ++i)
            chars.append({skip + i, 1, char32_t(uchar(body.at(i)))});
    }
    QString text;
    QList<qsizetype> columns; // where each character starts
    for (const RefChar &c : chars) {
        columns.append(text.size());
        text += displayed(c.code, text.size(), tabWidth);
    }

    // Decoded text, whole line, no cut.
    const LineDecoder big({encoding, tabWidth, 1 << 24});
    const QString decoded = big.decode(line, length, lineOffset);
    if (decoded != text)
        return fail(u"decoded \"%1\", reference \"%2\""_s.arg(decoded, text));

    // Cut text and marker, from the whole line and from its head.
    const LineDecoder small({encoding, tabWidth, limit});
    QString cut;
    qint64 shownEnd = skip;
    bool all = true;
    for (const RefChar &c : chars) {
        if (cut.size() + (c.code > 0xFFFF ? 2 : 1) > limit) {
            all = false;
            break;
        }
        cut += displayed(c.code, cut.size(), tabWidth);
        shownEnd = c.byte + c.length;
    }
    cut.truncate(limit);
    const qsizetype shownColumns = cut.size();
    if (!all && textEnd - shownEnd > 0)
        cut += LineDecoder::cutMarker(textEnd - shownEnd);
    const QString wholeCut = small.decode(line, length, lineOffset);
    if (wholeCut != cut)
        return fail(u"cut to %1: \"%2\", reference \"%3\""_s.arg(limit).arg(wholeCut, cut));
    const QByteArrayView head = line.first(small.bytesNeeded(length));
    const QString headCut = small.decode(head, length, lineOffset);
    if (headCut != wholeCut)
        return fail(u"from bytesNeeded() bytes: \"%1\", from the whole line: \"%2\""_s.arg(headCut, wholeCut));

    if (length > 512)
        return {}; // the mapping checks below are quadratic

    // Exact mapping.
    for (qsizetype k = 0; k < chars.size(); ++k) {
        const RefChar &c = chars.at(k);
        const qsizetype width = (k + 1 < chars.size() ? columns.at(k + 1) : text.size()) - columns.at(k);
        for (qsizetype j = 0; j < c.length; ++j) {
            const int column = big.columnForByte(line, length, lineOffset, c.byte + j);
            if (column != columns.at(k))
                return fail(u"columnForByte(%1) = %2, reference %3"_s.arg(c.byte + j).arg(column).arg(columns.at(k)));
        }
        for (qsizetype col = columns.at(k); col < columns.at(k) + width; ++col) {
            const qint64 byte = big.byteForColumn(line, length, lineOffset, int(col));
            if (byte != c.byte)
                return fail(u"byteForColumn(%1) = %2, reference %3"_s.arg(col).arg(byte).arg(c.byte));
        }
    }
    for (int col = int(text.size()); col < text.size() + 3; ++col) {
        const qint64 byte = big.byteForColumn(line, length, lineOffset, col);
        if (byte != textEnd)
            return fail(u"byteForColumn(%1) past the text = %2, expected %3"_s.arg(col).arg(byte).arg(textEnd));
    }
    const qint64 lastEnd = chars.isEmpty() ? skip : chars.last().byte + chars.last().length;
    for (qint64 byte = 0; byte <= length + 1; ++byte) {
        if (byte >= skip && byte < lastEnd)
            continue;
        const int column = big.columnForByte(line, length, lineOffset, byte);
        const qsizetype expected = byte < skip ? 0 : text.size();
        if (column != expected)
            return fail(u"columnForByte(%1) outside the characters = %2, expected %3"_s.arg(byte).arg(column).arg(expected));
    }

    // Monotonic, round trip, and the head agreeing with the whole line where it is shown.
    qint64 previousByte = 0;
    for (int col = 0; col <= text.size() + 1; ++col) {
        const qint64 byte = big.byteForColumn(line, length, lineOffset, col);
        if (byte < previousByte)
            return fail(u"byteForColumn goes back at column %1: %2 after %3"_s.arg(col).arg(byte).arg(previousByte));
        previousByte = byte;
        const int back = big.columnForByte(line, length, lineOffset, byte);
        if (back > col)
            return fail(u"columnForByte(byteForColumn(%1) = %2) = %3"_s.arg(col).arg(byte).arg(back));
        if (col < shownColumns) {
            const qint64 fromHead = small.byteForColumn(head, length, lineOffset, col);
            if (fromHead != byte)
                return fail(u"byteForColumn(%1) from the head = %2, from the whole line %3"_s.arg(col).arg(fromHead).arg(byte));
        }
    }
    int previousColumn = 0;
    for (qint64 byte = 0; byte <= length + 1; ++byte) {
        const int column = big.columnForByte(line, length, lineOffset, byte);
        if (column < previousColumn)
            return fail(u"columnForByte goes back at byte %1: %2 after %3"_s.arg(byte).arg(column).arg(previousColumn));
        previousColumn = column;
        if (column < shownColumns) {
            const int fromHead = small.columnForByte(head, length, lineOffset, byte);
            if (fromHead != column)
                return fail(u"columnForByte(%1) from the head = %2, from the whole line %3"_s.arg(byte).arg(fromHead).arg(column));
        }
    }
    return {};
}
