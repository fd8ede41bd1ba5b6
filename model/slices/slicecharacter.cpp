#include "slicecharacter.h"

#include <QCoreApplication>
#include <QLocale>

namespace {

struct CategoryName {
    const char *code;
    const char *words;
};

// Indexed by QChar::Category.
constexpr CategoryName kCategories[] = {
    {"Mn", "mark, nonspacing"},
    {"Mc", "mark, spacing combining"},
    {"Me", "mark, enclosing"},
    {"Nd", "number, decimal digit"},
    {"Nl", "number, letter"},
    {"No", "number, other"},
    {"Zs", "separator, space"},
    {"Zl", "separator, line"},
    {"Zp", "separator, paragraph"},
    {"Cc", "other, control"},
    {"Cf", "other, format"},
    {"Cs", "other, surrogate"},
    {"Co", "other, private use"},
    {"Cn", "other, not assigned"},
    {"Lu", "letter, uppercase"},
    {"Ll", "letter, lowercase"},
    {"Lt", "letter, titlecase"},
    {"Lm", "letter, modifier"},
    {"Lo", "letter, other"},
    {"Pc", "punctuation, connector"},
    {"Pd", "punctuation, dash"},
    {"Ps", "punctuation, open"},
    {"Pe", "punctuation, close"},
    {"Pi", "punctuation, initial quote"},
    {"Pf", "punctuation, final quote"},
    {"Po", "punctuation, other"},
    {"Sm", "symbol, math"},
    {"Sc", "symbol, currency"},
    {"Sk", "symbol, modifier"},
    {"So", "symbol, other"},
};
static_assert(std::size(kCategories) == QChar::Symbol_Other + 1);

} // namespace

QString SliceCharacter::codePointText() const
{
    return QStringLiteral("U+%1").arg(uint(codePoint), codePoint > 0xffff ? 5 : 4, 16, QLatin1Char('0')).toUpper();
}

QString SliceCharacter::categoryText() const
{
    const CategoryName &name = kCategories[QChar::category(codePoint)];
    return QStringLiteral("%1 (%2)").arg(QLatin1String(name.code), QLatin1String(name.words));
}

QString SliceCharacter::hexBytes(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex(' '));
}

QString SliceCharacter::describe() const
{
    if (invalid) {
        return QCoreApplication::translate("SliceCharacter", "invalid sequence %1 · byte %2 (shown as U+FFFD)")
            .arg(hexBytes(sourceBytes), QLocale().toString(byteOffset));
    }
    const bool printable = QChar::isPrint(codePoint) && !QChar::isSpace(codePoint);
    const QString glyph = printable ? QStringLiteral(" '%1'").arg(QString::fromUcs4(&codePoint, 1)) : QString();
    QString text = QCoreApplication::translate("SliceCharacter", "%1%2 · %3 · UTF-8 %4 · byte %5")
                       .arg(codePointText(), glyph, categoryText(), hexBytes(utf8), QLocale().toString(byteOffset));
    if (sourceBytes != utf8)
        text += QCoreApplication::translate("SliceCharacter", " · in the file %1").arg(hexBytes(sourceBytes));
    return text;
}
