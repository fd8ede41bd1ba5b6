#include "byteliteral.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace ByteLiteral {

namespace {

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

bool isOctal(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'7';
}

struct Prefix {
    bool raw = false;
    qsizetype length = 0; // characters before the quote; 0: no valid prefix
};

Prefix prefixOf(QStringView text)
{
    const auto lower = [&](qsizetype i) { return i < text.size() ? text[i].toLower().unicode() : u'\0'; };
    const auto isQuote = [&](qsizetype i) { return i < text.size() && (text[i] == u'\'' || text[i] == u'"'); };
    if (lower(0) == u'b' && isQuote(1))
        return {false, 1};
    if (((lower(0) == u'b' && lower(1) == u'r') || (lower(0) == u'r' && lower(1) == u'b')) && isQuote(2))
        return {true, 2};
    return {};
}

} // namespace

bool looksLikePython(QStringView text)
{
    return prefixOf(text.trimmed()).length > 0;
}

std::optional<QByteArray> parsePython(QStringView text, QString *error)
{
    const auto tr = [](const char *s) { return QCoreApplication::translate("ByteLiteral", s); };
    text = text.trimmed();
    const Prefix prefix = prefixOf(text);
    if (prefix.length == 0) {
        fail(error, tr("A Python bytes literal starts with b' or b\" (for example b'XXX' or b'casta\\xc3\\xb1a\\n')."));
        return std::nullopt;
    }
    const QChar quote = text[prefix.length];
    const bool triple = text.size() >= prefix.length + 6 && text[prefix.length + 1] == quote
        && text[prefix.length + 2] == quote;
    const qsizetype quoteLength = triple ? 3 : 1;
    const auto closesAt = [&](qsizetype i) {
        for (qsizetype k = 0; k < quoteLength; ++k) {
            if (i + k >= text.size() || text[i + k] != quote)
                return false;
        }
        return true;
    };
    QByteArray out;
    qsizetype i = prefix.length + quoteLength;
    while (true) {
        if (i >= text.size()) {
            fail(error, tr("The literal has no closing quote."));
            return std::nullopt;
        }
        const QChar c = text[i];
        if (closesAt(i)) {
            i += quoteLength;
            break;
        }
        if (c.unicode() > 0x7f) {
            fail(error, tr("\"%1\" at position %2: a bytes literal holds only ASCII characters; write other bytes "
                           "as \\xhh.")
                            .arg(c)
                            .arg(i + 1));
            return std::nullopt;
        }
        if (c == u'\n' && !triple) {
            fail(error, tr("A line break inside the quotes must be written \\n."));
            return std::nullopt;
        }
        if (c != u'\\' || prefix.raw) {
            if (c == u'\\' && i + 1 < text.size() && (text[i + 1] == quote || text[i + 1] == u'\\')) {
                out += char(c.unicode()); // raw: the backslash stays and the next character is taken too
                out += char(text[i + 1].unicode());
                i += 2;
                continue;
            }
            out += char(c.unicode());
            ++i;
            continue;
        }
        if (i + 1 >= text.size()) {
            fail(error, tr("The literal has no closing quote."));
            return std::nullopt;
        }
        const QChar e = text[i + 1];
        i += 2;
        switch (e.unicode()) {
        case u'\n':
            break;
        case u'\\':
        case u'\'':
        case u'"':
            out += char(e.unicode());
            break;
        case u'a':
            out += '\a';
            break;
        case u'b':
            out += '\b';
            break;
        case u'f':
            out += '\f';
            break;
        case u'n':
            out += '\n';
            break;
        case u'r':
            out += '\r';
            break;
        case u't':
            out += '\t';
            break;
        case u'v':
            out += '\v';
            break;
        case u'x': {
            const int high = i < text.size() ? hexValue(text[i]) : -1;
            const int low = i + 1 < text.size() ? hexValue(text[i + 1]) : -1;
            if (high < 0 || low < 0) {
                fail(error, tr("\\x at position %1 must be followed by two hex digits (\\x00 to \\xff).").arg(i - 1));
                return std::nullopt;
            }
            out += char(high * 16 + low);
            i += 2;
            break;
        }
        default:
            if (isOctal(e)) {
                int value = e.unicode() - u'0';
                for (int k = 0; k < 2 && i < text.size() && isOctal(text[i]); ++k, ++i)
                    value = value * 8 + (text[i].unicode() - u'0');
                if (value > 0377) {
                    fail(error, tr("The octal escape at position %1 is above \\377 (255).").arg(i));
                    return std::nullopt;
                }
                out += char(value);
            } else {
                if (e.unicode() > 0x7f) {
                    fail(error, tr("\"%1\": a bytes literal holds only ASCII characters.").arg(e));
                    return std::nullopt;
                }
                out += '\\'; // an unknown escape keeps its backslash, as in Python
                out += char(e.unicode());
            }
            break;
        }
    }
    if (!text.sliced(i).trimmed().isEmpty()) {
        fail(error, tr("Only spaces may follow the closing quote."));
        return std::nullopt;
    }
    return out;
}

std::optional<QByteArray> parseHex(QStringView text, QString *error)
{
    const auto tr = [](const char *s) { return QCoreApplication::translate("ByteLiteral", s); };
    QByteArray out;
    int pending = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isSpace() || c == u',') {
            if (pending >= 0) {
                fail(error, tr("Hex bytes are pairs of digits: \"%1\" at position %2 is a lone digit.")
                                .arg(text[i - 1])
                                .arg(i));
                return std::nullopt;
            }
            continue;
        }
        if (pending < 0 && c == u'0' && i + 1 < text.size() && (text[i + 1] == u'x' || text[i + 1] == u'X')
            && i + 2 < text.size() && hexValue(text[i + 2]) >= 0) {
            ++i; // a 0x before a byte (or a run of bytes)
            continue;
        }
        const int value = hexValue(c);
        if (value < 0) {
            fail(error, tr("\"%1\" at position %2 is not a hex digit. Hex is written as pairs of 0-9 and a-f, "
                           "spaces optional (58 58 58).")
                            .arg(c)
                            .arg(i + 1));
            return std::nullopt;
        }
        if (pending < 0) {
            pending = value;
        } else {
            out += char(pending * 16 + value);
            pending = -1;
        }
    }
    if (pending >= 0) {
        fail(error, tr("Hex bytes are pairs of digits: the last digit has no pair."));
        return std::nullopt;
    }
    return out;
}

} // namespace ByteLiteral
