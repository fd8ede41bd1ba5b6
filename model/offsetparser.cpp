#include "offsetparser.h"

std::optional<qint64> parseOffset(const QString &text)
{
    QString cleaned = text.trimmed();
    cleaned.remove(QLatin1Char(',')).remove(QLatin1Char('_')).remove(QLatin1Char(' '));
    if (cleaned.isEmpty() || cleaned.startsWith(QLatin1Char('-')) || cleaned.startsWith(QLatin1Char('+')))
        return std::nullopt;
    bool ok = false;
    qint64 value = 0;
    if (cleaned.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
        value = cleaned.mid(2).toLongLong(&ok, 16);
    else
        value = cleaned.toLongLong(&ok, 10);
    if (!ok || value < 0)
        return std::nullopt;
    return value;
}
