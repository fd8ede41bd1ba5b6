// Fuzz harness: the Python bytes literal of ByteFormat, written the way Python's repr() writes it
// (checked against the definition, byte by byte), the same when written in pieces, and read back
// to the same bytes by ByteLiteral::parsePython() when the build has it. Also SliceText's
// invariants on the same bytes, and its UTF-8 / Latin-1 text against LineDecoder's.
#include "byteformat.h"
#include "fuzzcheck.h"
#include "linedecoder.h"
#include "slicetext.h"

#if __has_include("byteliteral.h")
#include "byteliteral.h"
#define TOME_FUZZ_HAVE_BYTELITERAL 1
#endif

using namespace Qt::StringLiterals;
using Encoding = LineDecoder::Encoding;

namespace {

// repr(bytes) from its definition.
QString pythonRepr(QByteArrayView bytes)
{
    const char quote = bytes.contains('\'') && !bytes.contains('"') ? '"' : '\'';
    QString out = u"b"_s + QLatin1Char(quote);
    for (const char c : bytes) {
        const uchar b = uchar(c);
        if (b == uchar(quote) || b == '\\')
            out += QLatin1Char('\\') + QLatin1Char(c);
        else if (b == '\t')
            out += u"\\t"_s;
        else if (b == '\n')
            out += u"\\n"_s;
        else if (b == '\r')
            out += u"\\r"_s;
        else if (b < 0x20 || b >= 0x7f)
            out += u"\\x%1"_s.arg(b, 2, 16, QLatin1Char('0'));
        else
            out += QLatin1Char(c);
    }
    return out + QLatin1Char(quote);
}

QString checkSliceText(QByteArrayView bytes)
{
    for (const Encoding encoding : {Encoding::Utf8, Encoding::Latin1, Encoding::Utf16LE, Encoding::Utf16BE}) {
        for (const bool moreFollows : {false, true}) {
            const SliceText slice = SliceText::decode(bytes.toByteArray(), encoding, moreFollows);
            const QString where = u"SliceText(encoding %1, moreFollows %2): "_s.arg(QString::fromLatin1(encoding.name())).arg(moreFollows);
            const QString &text = slice.text();
            if (slice.displayText().size() != text.size())
                return where + u"displayText() has %1 units, text() %2"_s.arg(slice.displayText().size()).arg(text.size());
            if (slice.byteAt(int(text.size())) + slice.droppedTailBytes() != bytes.size())
                return where + u"the end (%1) and the dropped tail (%2) miss %3 bytes"_s.arg(slice.byteAt(int(text.size())))
                                   .arg(slice.droppedTailBytes()).arg(bytes.size());
            if (!moreFollows && slice.droppedTailBytes() != 0)
                return where + u"dropped %1 bytes though nothing follows"_s.arg(slice.droppedTailBytes());
            for (int i = 1; i <= text.size(); ++i) {
                if (slice.byteAt(i) < slice.byteAt(i - 1))
                    return where + u"byteAt(%1) = %2 < byteAt(%3) = %4"_s.arg(i).arg(slice.byteAt(i)).arg(i - 1)
                                       .arg(slice.byteAt(i - 1));
            }
            int previous = -1;
            for (const int position : slice.invalidPositions()) {
                if (position <= previous || position >= text.size() || text.at(position) != QChar(0xFFFD))
                    return where + u"invalid position %1 is not an ascending U+FFFD"_s.arg(position);
                previous = position;
            }
            if (encoding == Encoding::Latin1 && slice.invalidCount() != 0)
                return where + u"Latin-1 has invalid bytes"_s;
            // The view's decoder (tab width 1: a tab is one space) shows the same characters.
            if (!moreFollows && (encoding == Encoding::Utf8 || encoding == Encoding::Latin1)) {
                QString expected = slice.displayText();
                expected.replace(u'\t', u' ').replace(u'\n', QChar(0x240A));
                const QString shown = LineDecoder({encoding, 1, 1 << 24}).decode(bytes, bytes.size(), 100);
                if (shown != expected)
                    return where + u"LineDecoder shows \"%1\", SliceText \"%2\""_s.arg(shown, expected);
            }
        }
    }
    return {};
}

} // namespace

QString fuzzCheck(QByteArrayView input)
{
    const QString literal = ByteFormat::pythonBytesLiteral(input);
    const QString expected = pythonRepr(input);
    if (literal != expected)
        return u"pythonBytesLiteral gives %1, repr() %2"_s.arg(literal, expected);
    const char quote = ByteFormat::pythonBytesQuote(input.contains('\''), input.contains('"'));
    for (const qsizetype cut : {qsizetype(0), input.size() / 3, input.size() / 2, input.size() - 1}) {
        if (cut < 0 || cut > input.size())
            continue;
        const QByteArray pieces = QByteArray("b") + quote + ByteFormat::pythonBytesEscaped(input.first(cut), quote)
            + ByteFormat::pythonBytesEscaped(input.sliced(cut), quote) + quote;
        if (QString::fromLatin1(pieces) != literal)
            return u"written in pieces cut at %1: %2, whole: %3"_s.arg(cut).arg(QString::fromLatin1(pieces), literal);
    }
#ifdef TOME_FUZZ_HAVE_BYTELITERAL
    QString error;
    const std::optional<QByteArray> back = ByteLiteral::parsePython(literal, &error);
    if (!back)
        return u"parsePython(%1) refuses: %2"_s.arg(literal, error);
    if (*back != input)
        return u"parsePython(%1) gives other bytes: %2"_s.arg(literal, QString::fromLatin1(back->toHex(' ')));
    // The input read as a literal itself must not crash, and what it accepts must print back as
    // a literal that reads the same.
    const std::optional<QByteArray> read = ByteLiteral::parsePython(QString::fromUtf8(input), &error);
    if (read && ByteLiteral::parsePython(ByteFormat::pythonBytesLiteral(*read)) != read)
        return u"parsePython(pythonBytesLiteral(parsePython(input))) differs"_s;
#endif
    return checkSliceText(input);
}
