#include "englishplurals.h"

#include <QRegularExpression>

QString EnglishPlurals::translate(const char *context, const char *sourceText, const char *disambiguation,
                                  int n) const
{
    Q_UNUSED(context);
    Q_UNUSED(disambiguation);
    if (n < 0 || !sourceText)
        return {};
    const QString text = QString::fromUtf8(sourceText);
    const QString form = pluralForm(text, n);
    return form == text ? QString() : form;
}

QString EnglishPlurals::pluralForm(const QString &text, int n)
{
    const bool one = n == 1;
    static const QRegularExpression ending(QStringLiteral("\\((e?s)\\)"));
    static const QRegularExpression choice(QStringLiteral("(\\w+)\\|(\\w+)"));
    QString result = text;
    result.replace(ending, one ? QString() : QStringLiteral("\\1"));
    result.replace(choice, one ? QStringLiteral("\\1") : QStringLiteral("\\2"));
    return result;
}
