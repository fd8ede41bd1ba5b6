#include "byteformat.h"

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
constexpr int kBytesPerRow = 16;

bool isPrintableAscii(uchar c) { return c >= 0x20 && c < 0x7f; }
} // namespace

char ByteFormat::pythonBytesQuote(bool hasSingle, bool hasDouble)
{
    return hasSingle && !hasDouble ? '"' : '\'';
}

QByteArray ByteFormat::pythonBytesEscaped(QByteArrayView bytes, char quote)
{
    // At most four characters a byte (\xNN): write into a buffer that large, then trim.
    QByteArray out(bytes.size() * 4, Qt::Uninitialized);
    char *to = out.data();
    for (const char ch : bytes) {
        const auto c = uchar(ch);
        if (isPrintableAscii(c) && c != uchar(quote) && c != '\\') {
            *to++ = char(c);
        } else if (c == uchar(quote) || c == '\\') {
            *to++ = '\\';
            *to++ = char(c);
        } else if (c == '\t' || c == '\n' || c == '\r') {
            *to++ = '\\';
            *to++ = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
        } else {
            *to++ = '\\';
            *to++ = 'x';
            *to++ = kHexDigits[c >> 4];
            *to++ = kHexDigits[c & 0xf];
        }
    }
    out.truncate(to - out.constData());
    return out;
}

QString ByteFormat::pythonBytesLiteral(QByteArrayView bytes)
{
    const char quote = pythonBytesQuote(bytes.contains('\''), bytes.contains('"'));
    QByteArray out;
    out.reserve(bytes.size() + 3);
    out.append('b').append(quote).append(pythonBytesEscaped(bytes, quote)).append(quote);
    return QString::fromLatin1(out);
}

QString ByteFormat::hexDump(QByteArrayView bytes, qint64 baseOffset)
{
    QString out;
    const qint64 rows = (bytes.size() + kBytesPerRow - 1) / kBytesPerRow;
    out.reserve(rows * 80);
    for (qint64 row = 0; row < rows; ++row) {
        const qint64 start = row * kBytesPerRow;
        const qint64 count = std::min<qint64>(kBytesPerRow, bytes.size() - start);
        out += QStringLiteral("%1 ").arg(baseOffset + start, 8, 16, QLatin1Char('0'));
        for (int i = 0; i < kBytesPerRow; ++i) {
            if (i == kBytesPerRow / 2)
                out += QLatin1Char(' ');
            if (i < count) {
                const auto c = uchar(bytes[start + i]);
                out += QLatin1Char(' ');
                out += QLatin1Char(kHexDigits[c >> 4]);
                out += QLatin1Char(kHexDigits[c & 0xf]);
            } else {
                out += QLatin1String("   ");
            }
        }
        out += QLatin1String("  |");
        for (qint64 i = 0; i < count; ++i) {
            const auto c = uchar(bytes[start + i]);
            out += isPrintableAscii(c) ? QLatin1Char(char(c)) : QLatin1Char('.');
        }
        out += QLatin1String("|\n");
    }
    return out;
}
