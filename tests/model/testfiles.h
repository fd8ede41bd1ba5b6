#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

// Small helpers shared by the model tests.
namespace TestFiles {

inline bool write(const QString &path, const QByteArray &bytes, QIODevice::OpenMode mode = QIODevice::WriteOnly)
{
    QFile file(path);
    return file.open(mode) && file.write(bytes) == bytes.size();
}

inline bool append(const QString &path, const QByteArray &bytes)
{
    return write(path, bytes, QIODevice::Append);
}

// Iteration counts shrink under the sanitizers, which are several times slower.
constexpr int scaled(int count)
{
#if defined(__SANITIZE_ADDRESS__)
    return count / 8 > 0 ? count / 8 : 1;
#else
    return count;
#endif
}

} // namespace TestFiles
