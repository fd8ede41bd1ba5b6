#include "offsetcheck.h"

#include "offsetparser.h"

#include <QRegularExpression>

#include <limits>

using namespace Qt::StringLiterals;

QString checkOffsetParser(const QString &text)
{
    static const QRegularExpression accepted(
        u"\\A[ \\t]*(?:0[xX]([0-9A-Fa-f]+)|([0-9]+(?:[,_ ][0-9]+)*))[ \\t]*\\z"_s);
    std::optional<qint64> expected;
    const QRegularExpressionMatch match = accepted.match(text);
    if (match.hasMatch()) {
        bool ok = false;
        const qulonglong value = match.hasCaptured(1)
            ? match.captured(1).toULongLong(&ok, 16)
            : match.captured(2).remove(QRegularExpression(u"[,_ ]"_s)).toULongLong(&ok, 10);
        if (ok && value <= qulonglong(std::numeric_limits<qint64>::max()))
            expected = qint64(value);
    }
    const std::optional<qint64> parsed = parseOffset(text);
    if (parsed == expected)
        return {};
    const auto show = [](std::optional<qint64> v) { return v ? QString::number(*v) : u"rejected"_s; };
    QString escaped;
    for (const QChar c : text)
        escaped += c.unicode() >= 0x20 && c.unicode() < 0x7f ? QString(c) : u"\\u%1"_s.arg(c.unicode(), 4, 16, QChar(u'0'));
    return u"parseOffset(\"%1\") = %2, reference %3"_s.arg(escaped, show(parsed), show(expected));
}
