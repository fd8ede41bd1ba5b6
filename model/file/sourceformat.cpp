#include "sourceformat.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace SourceFormat {

Kind fromHeader(const QByteArray &header, qint64 sizeBeforeRead, qint64 sizeAfterRead)
{
    const auto startsWith = [&header](std::initializer_list<uchar> magic) {
        if (header.size() < qsizetype(magic.size()))
            return false;
        qsizetype i = 0;
        for (const uchar byte : magic) {
            if (uchar(header.at(i++)) != byte)
                return false;
        }
        return true;
    };
    if (sizeBeforeRead == 0 && sizeAfterRead == 0)
        return header.isEmpty() ? Kind::Plain : Kind::Unsized;
    if (startsWith({0x1f, 0x8b, 0x08}))
        return Kind::Gzip;
    if (startsWith({'B', 'Z', 'h'}) && header.size() >= 4 && header.at(3) >= '1' && header.at(3) <= '9')
        return Kind::Bzip2;
    if (startsWith({0xfd, '7', 'z', 'X', 'Z', 0x00}))
        return Kind::Xz;
    if (startsWith({0x28, 0xb5, 0x2f, 0xfd}))
        return Kind::Zstd;
    return Kind::Plain;
}

Kind detect(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return Kind::Plain; // folders, devices, pipes: MappedFile explains
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return Kind::Plain;
    // A file reporting size 0 is read with read(), never by size (a FIFO was excluded above).
    const QByteArray header = file.read(8);
    return fromHeader(header, info.size(), file.size());
}

QString name(Kind kind)
{
    switch (kind) {
    case Kind::Gzip:
        return u"gzip"_s;
    case Kind::Bzip2:
        return u"bzip2"_s;
    case Kind::Xz:
        return u"xz"_s;
    case Kind::Zstd:
        return u"zstd"_s;
    case Kind::Plain:
    case Kind::Unsized:
        break;
    }
    return QString();
}

} // namespace SourceFormat
