#include "fixedfont.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QStringList>

QFont fixedFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (QFontInfo(font).fixedPitch())
        return font;
    for (const QString &family : QFontDatabase::families()) {
        if (QFontDatabase::isFixedPitch(family) && !QFontDatabase::isPrivateFamily(family)) {
            font.setFamily(family);
            break;
        }
    }
    return font;
}
