#include "linedecoder.h"

#include <QLocale>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace {

constexpr char16_t kControlPictures = 0x2400;
constexpr char16_t kDeletePicture = 0x2421;

QStringConverter::Encoding converterFor(LineDecoder::Encoding encoding)
{
    switch (encoding) {
    case LineDecoder::Encoding::Latin1:
        return QStringConverter::Latin1;
    case LineDecoder::Encoding::Utf16LE:
        return QStringConverter::Utf16LE;
    case LineDecoder::Encoding::Utf16BE:
        return QStringConverter::Utf16BE;
    case LineDecoder::Encoding::Utf8:
        break;
    }
    return QStringConverter::Utf8;
}

// Bytes of UTF-8 that produced the first `units` UTF-16 units (never splitting a character).
qint64 utf8BytesFor(QByteArrayView bytes, qsizetype units)
{
    QStringDecoder decoder(QStringConverter::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    qsizetype produced = 0;
    qsizetype fed = 0;
    // Each byte yields at most one unit, plus up to three held back from before: a step this
    // size cannot reach `units`, so the byte-by-byte tail below finds the exact boundary.
    while (units - produced > 8) {
        const qsizetype step = units - produced - 4;
        produced += QString(decoder.decode(bytes.sliced(fed, step))).size();
        fed += step;
    }
    while (produced < units && fed < bytes.size()) {
        produced += QString(decoder.decode(bytes.sliced(fed, 1))).size();
        ++fed;
        if (produced > units)
            return fed - 1; // this byte's own unit lies past the cut
    }
    return fed;
}

} // namespace

LineDecoder::LineDecoder(const Options &options)
    : m_options(options)
{
}

qint64 LineDecoder::bytesNeeded(qint64 fullLength) const
{
    qint64 perChar = 4;
    if (m_options.encoding == Encoding::Latin1)
        perChar = 1;
    else if (m_options.encoding != Encoding::Utf8)
        perChar = 2;
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
    p.bytes = head.first(qMin<qsizetype>(head.size(), fullLength));
    p.full = fullLength;
    const bool utf16 = m_options.encoding == Encoding::Utf16LE || m_options.encoding == Encoding::Utf16BE;
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
    if (utf16 && p.full % 2 == 1 && p.bytes.size() == p.full) {
        p.bytes.chop(1); // the first byte of this line's own "\n"
        --p.full;
    }
    return p;
}

QString LineDecoder::decodeUnits(const Prepared &p) const
{
    const bool whole = p.bytes.size() >= p.full;
    QStringDecoder decoder(converterFor(m_options.encoding),
                           whole ? QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom
                                 : QStringDecoder::Flag::ConvertInitialBom);
    QString units = decoder.decode(p.bytes);
    const bool utf16 = m_options.encoding == Encoding::Utf16LE || m_options.encoding == Encoding::Utf16BE;
    if (utf16 && whole && units.endsWith(u'\r'))
        units.chop(1); // "\r\n" in UTF-16 is not seen by the byte-level line index
    return units;
}

qint64 LineDecoder::bytesForUnits(const Prepared &p, qsizetype units) const
{
    switch (m_options.encoding) {
    case Encoding::Latin1:
        return units;
    case Encoding::Utf16LE:
    case Encoding::Utf16BE:
        return 2 * qint64(units);
    case Encoding::Utf8:
        break;
    }
    return utf8BytesFor(p.bytes, units);
}

void LineDecoder::appendDisplayed(QString &out, char16_t c) const
{
    if (c == u'\t') {
        const int tabWidth = qMax(1, m_options.tabWidth);
        out.append(QString(tabWidth - out.size() % tabWidth, u' '));
    } else if (c < 0x20) {
        out.append(QChar(char16_t(kControlPictures + c)));
    } else if (c == 0x7f) {
        out.append(QChar(kDeletePicture));
    } else {
        out.append(QChar(c));
    }
}

QString LineDecoder::decode(QByteArrayView head, qint64 fullLength, qint64 lineOffset) const
{
    const Prepared prepared = prepare(head, fullLength, lineOffset);
    const QString units = decodeUnits(prepared);
    const bool whole = prepared.bytes.size() >= prepared.full;
    const qsizetype limit = qMax(1, m_options.maxDisplayChars);
    QString out;
    out.reserve(qMin(units.size(), limit) + 32);
    qsizetype shown = 0;
    for (; shown < units.size() && out.size() < limit; ++shown) {
        const char16_t c = units.at(shown).unicode();
        if (QChar::isHighSurrogate(c) && shown + 1 < units.size()) {
            if (out.size() + 2 > limit)
                break;
            out.append(units.at(shown));
            out.append(units.at(++shown));
            continue;
        }
        appendDisplayed(out, c);
    }
    out.truncate(limit); // a tab may have run past it
    if (shown == units.size() && whole)
        return out;
    const qint64 hidden = prepared.full - bytesForUnits(prepared, shown);
    if (hidden > 0)
        out.append(cutMarker(hidden));
    return out;
}

qint64 LineDecoder::byteForColumn(QByteArrayView head, qint64 fullLength, qint64 lineOffset, int column) const
{
    const Prepared prepared = prepare(head, fullLength, lineOffset);
    const QString units = decodeUnits(prepared);
    QString out;
    qsizetype unit = 0;
    for (; unit < units.size(); ++unit) {
        appendDisplayed(out, units.at(unit).unicode());
        if (out.size() > column)
            break;
    }
    if (unit >= units.size())
        return prepared.skipped + (prepared.bytes.size() >= prepared.full ? prepared.full : bytesForUnits(prepared, unit));
    if (QChar::isLowSurrogate(units.at(unit).unicode()) && unit > 0)
        --unit;
    return prepared.skipped + bytesForUnits(prepared, unit);
}

int LineDecoder::columnForByte(QByteArrayView head, qint64 fullLength, qint64 lineOffset, qint64 byteInLine) const
{
    const Prepared prepared = prepare(head, fullLength, lineOffset);
    const qint64 byte = qBound<qint64>(0, byteInLine - prepared.skipped, prepared.bytes.size());
    Prepared before = prepared;
    before.bytes = prepared.bytes.first(byte);
    before.full = prepared.full; // stateful: a partly read character yields nothing
    const QString units = decodeUnits(before);
    QString out;
    for (const QChar c : units)
        appendDisplayed(out, c.unicode());
    return int(qMin<qsizetype>(out.size(), qMax(1, m_options.maxDisplayChars)));
}
