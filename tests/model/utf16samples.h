#pragma once

#include "lineindex.h"

#include <QRandomGenerator>
#include <QString>
#include <QStringEncoder>
#include <QStringList>

// UTF-16 test material shared by the model tests: random text that stresses where lines end,
// its bytes, and a reference reading of those bytes written by hand.
namespace Utf16Samples {

using namespace Qt::StringLiterals;

// Line endings as code units (LF, CR LF, lone CR), characters with a 0x0A byte in a unit (U+010A,
// U+0A05, U+0A0A, U+0A00, U+0D0A, the low surrogate of U+1000A), surrogate pairs, and random
// characters from the whole range (never a lone surrogate). `longLines` adds lines longer than an
// index chunk.
inline QString randomText(QRandomGenerator &random, int approxUnits, bool longLines = true)
{
    static const QString kPieces[] = {u"\n"_s, u"\r\n"_s, u"\r"_s, u"\n\n"_s, u"abc"_s, u"\u010A"_s,
                                      u"\u0A05"_s, u"\u0A0A"_s, u"\u0A00"_s, u"\u0D0A"_s, u"\u0A0D"_s,
                                      u"caf\u00e9"_s, u"\U0001F600"_s, u"\U0001000A"_s, u"\U00010A0A"_s};
    QString out;
    while (out.size() < approxUnits) {
        const quint32 pick = random.bounded(100u);
        if (pick < 1 && longLines) {
            out.append(QString(int(LineIndex::kChunkSize / 2 + random.bounded(40000)), u'\u0A0A'));
        } else if (pick < 20) {
            const auto code = char32_t(random.bounded(0x20, 0x110000));
            if (code < 0xD800 || code > 0xDFFF)
                out.append(QString::fromUcs4(&code, 1));
        } else {
            out.append(kPieces[random.bounded(int(std::size(kPieces)))]);
        }
    }
    return out;
}

// `text` in that UTF-16 flavour, with or without its byte order mark.
inline QByteArray encode(const QString &text, bool bigEndian, bool byteOrderMark)
{
    QStringEncoder encoder(bigEndian ? QStringConverter::Utf16BE : QStringConverter::Utf16LE,
                           byteOrderMark ? QStringConverter::Flag::WriteBom : QStringConverter::Flag::Default);
    return encoder.encode(text);
}

// The text of UTF-16 bytes, read by hand: a byte order mark of that order at the start is
// dropped (unless `keepMark`: the bytes of a line, not of a file), an unpaired surrogate and an
// odd last byte each become U+FFFD.
inline QString decode(const QByteArray &bytes, bool bigEndian, bool keepMark = false)
{
    const auto unit = [&](qsizetype i) {
        const auto a = uchar(bytes[i]), b = uchar(bytes[i + 1]);
        return char16_t(bigEndian ? a << 8 | b : a | b << 8);
    };
    QString text;
    qsizetype i = !keepMark && bytes.size() >= 2 && unit(0) == 0xFEFF ? 2 : 0;
    for (; i + 1 < bytes.size(); i += 2) {
        const char16_t u = unit(i);
        if (QChar::isHighSurrogate(u) && i + 3 < bytes.size() && QChar::isLowSurrogate(unit(i + 2))) {
            text.append(QChar(u));
            text.append(QChar(unit(i + 2)));
            i += 2;
        } else {
            text.append(QChar::isSurrogate(u) ? QChar(QChar::ReplacementCharacter) : QChar(u));
        }
    }
    if (i < bytes.size())
        text.append(QChar(QChar::ReplacementCharacter));
    return text;
}

// The lines of a text: split on '\n', a '\r' before it dropped, no line after a final '\n'.
inline QStringList lines(const QString &text)
{
    if (text.isEmpty())
        return {};
    QStringList out = text.split(u'\n');
    if (text.endsWith(u'\n'))
        out.removeLast();
    for (qsizetype i = 0; i < out.size(); ++i) {
        const bool terminated = i + 1 < out.size() || text.endsWith(u'\n');
        if (terminated && out[i].endsWith(u'\r'))
            out[i].chop(1);
    }
    return out;
}

} // namespace Utf16Samples
