#include "offsetparser.h"

#include <QCoreApplication>

#include <limits>

namespace {

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t';
}

bool isGroupSeparator(QChar c)
{
    return c == u',' || c == u'_' || c == u' ';
}

int digitValue(QChar c, int base)
{
    const char16_t u = c.unicode();
    int value = 99;
    if (u >= u'0' && u <= u'9')
        value = u - u'0';
    else if (u >= u'a' && u <= u'f')
        value = u - u'a' + 10;
    else if (u >= u'A' && u <= u'F')
        value = u - u'A' + 10;
    return value < base ? value : -1;
}

} // namespace

std::optional<qint64> parseOffset(const QString &text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isSpace(text.at(begin)))
        ++begin;
    while (end > begin && isSpace(text.at(end - 1)))
        --end;
    const QStringView digits = QStringView(text).sliced(begin, end - begin);
    const bool hex = digits.size() > 2 && digits.at(0) == u'0' && (digits.at(1) == u'x' || digits.at(1) == u'X');
    const int base = hex ? 16 : 10;
    qint64 value = 0;
    bool digitBefore = false; // a separator must stand between two digits
    for (qsizetype i = hex ? 2 : 0; i < digits.size(); ++i) {
        const QChar c = digits.at(i);
        const int digit = digitValue(c, base);
        if (digit < 0) {
            if (hex || !digitBefore || !isGroupSeparator(c))
                return std::nullopt;
            digitBefore = false;
            continue;
        }
        if (value > (std::numeric_limits<qint64>::max() - digit) / base)
            return std::nullopt;
        value = value * base + digit;
        digitBefore = true;
    }
    if (!digitBefore)
        return std::nullopt; // empty, or ending in a separator
    return value;
}

QString offsetSyntaxHint()
{
    return QCoreApplication::translate("OffsetParser",
                                       "use decimal (1234) or hex (0x4d2)");
}
