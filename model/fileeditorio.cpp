#include "fileeditorio.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#if defined(Q_OS_WIN)
#include <io.h>
#include <process.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace FileEditorIo {

QString lastErrorText()
{
    const int code = errno;
    switch (code) {
    case ENOSPC:
        return u"the disk is full"_s;
#if defined(EDQUOT)
    case EDQUOT:
        return u"the disk quota is exceeded"_s;
#endif
    case EROFS:
        return u"the file is on a read-only medium"_s;
    case EACCES:
    case EPERM:
        return u"permission denied"_s;
    case EIO:
        return u"an input/output error (the device may be failing or gone)"_s;
    default:
        return QString::fromLocal8Bit(std::strerror(code));
    }
}

namespace {

QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

bool failWith(QString *error, const QString &what)
{
    if (error)
        *error = what + u": "_s + lastErrorText();
    return false;
}

} // namespace

#if defined(Q_OS_WIN)

int openForWrite(const QString &path, QString *error)
{
    const int fd = _wopen(reinterpret_cast<const wchar_t *>(path.utf16()), _O_RDWR | _O_BINARY);
    if (fd < 0)
        failWith(error, u"Cannot open %1 for writing"_s.arg(path));
    return fd;
}

int openForRead(const QString &path, QString *error)
{
    const int fd = _wopen(reinterpret_cast<const wchar_t *>(path.utf16()), _O_RDONLY | _O_BINARY);
    if (fd < 0)
        failWith(error, u"Cannot open %1"_s.arg(path));
    return fd;
}

int createExclusive(const QString &path, QString *error, int mode)
{
    const int fd = _wopen(reinterpret_cast<const wchar_t *>(path.utf16()), _O_RDWR | _O_BINARY | _O_CREAT | _O_EXCL,
                          (mode & 0200) ? _S_IREAD | _S_IWRITE : _S_IREAD);
    if (fd < 0)
        failWith(error, u"Cannot create %1"_s.arg(path));
    return fd;
}

void closeFile(int fd)
{
    if (fd >= 0)
        _close(fd);
}

bool writeAt(int fd, qint64 byteOffset, const char *bytes, qint64 len, QString *error)
{
    if (_lseeki64(fd, byteOffset, SEEK_SET) < 0)
        return failWith(error, u"Cannot seek"_s);
    while (len > 0) {
        const int chunk = int(qMin<qint64>(len, 1 << 30));
        const int written = _write(fd, bytes, unsigned(chunk));
        if (written <= 0)
            return failWith(error, u"Cannot write"_s);
        bytes += written;
        len -= written;
    }
    return true;
}

bool readAt(int fd, qint64 byteOffset, qint64 len, QByteArray *out, QString *error)
{
    out->resize(len);
    if (_lseeki64(fd, byteOffset, SEEK_SET) < 0)
        return failWith(error, u"Cannot seek"_s);
    qint64 got = 0;
    while (got < len) {
        const int n = _read(fd, out->data() + got, unsigned(qMin<qint64>(len - got, 1 << 30)));
        if (n < 0)
            return failWith(error, u"Cannot read"_s);
        if (n == 0)
            break;
        got += n;
    }
    out->resize(got);
    return true;
}

bool truncate(int fd, qint64 size, QString *error)
{
    if (_chsize_s(fd, size) != 0)
        return failWith(error, u"Cannot resize"_s);
    return true;
}

int openOrCreate(const QString &path, QString *error)
{
    const int fd = _wopen(reinterpret_cast<const wchar_t *>(path.utf16()), _O_RDWR | _O_BINARY | _O_CREAT,
                          _S_IREAD | _S_IWRITE);
    if (fd < 0)
        failWith(error, u"Cannot create %1"_s.arg(path));
    return fd;
}

bool flushData(int fd, QString *error)
{
    if (!FlushFileBuffers(reinterpret_cast<HANDLE>(_get_osfhandle(fd))))
        return failWith(error, u"Cannot flush the file to disk"_s);
    return true;
}

bool flushFolderOf(const QString &, QString *)
{
    return true; // NTFS journals its metadata; MoveFileEx(MOVEFILE_WRITE_THROUGH) covers renames
}

bool isProcessAlive(qint64 pid)
{
    return pid == currentProcessId();
}

qint64 currentProcessId()
{
    return _getpid();
}

#else

int openForWrite(const QString &path, QString *error)
{
    int fd;
    do
        fd = ::open(native(path).constData(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        failWith(error, u"Cannot open %1 for writing"_s.arg(QFileInfo(path).fileName()));
    return fd;
}

int openForRead(const QString &path, QString *error)
{
    int fd;
    do
        fd = ::open(native(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        failWith(error, u"Cannot open %1"_s.arg(QFileInfo(path).fileName()));
    return fd;
}

int createExclusive(const QString &path, QString *error, int mode)
{
    int fd;
    do
        fd = ::open(native(path).constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode));
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        failWith(error, u"Cannot create %1"_s.arg(QFileInfo(path).fileName()));
    return fd;
}

void closeFile(int fd)
{
    if (fd >= 0)
        ::close(fd);
}

bool writeAt(int fd, qint64 byteOffset, const char *bytes, qint64 len, QString *error)
{
    while (len > 0) {
        const ssize_t written = ::pwrite(fd, bytes, size_t(qMin<qint64>(len, 1 << 30)), off_t(byteOffset));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            if (written == 0)
                errno = ENOSPC;
            return failWith(error, u"Cannot write"_s);
        }
        bytes += written;
        len -= written;
        byteOffset += written;
    }
    return true;
}

bool readAt(int fd, qint64 byteOffset, qint64 len, QByteArray *out, QString *error)
{
    out->resize(len);
    qint64 got = 0;
    while (got < len) {
        const ssize_t n = ::pread(fd, out->data() + got, size_t(qMin<qint64>(len - got, 1 << 30)),
                                  off_t(byteOffset + got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return failWith(error, u"Cannot read"_s);
        if (n == 0)
            break;
        got += n;
    }
    out->resize(got);
    return true;
}

bool truncate(int fd, qint64 size, QString *error)
{
    int result;
    do
        result = ::ftruncate(fd, off_t(size));
    while (result != 0 && errno == EINTR);
    return result == 0 || failWith(error, u"Cannot resize"_s);
}

int openOrCreate(const QString &path, QString *error)
{
    int fd;
    do
        fd = ::open(native(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        failWith(error, u"Cannot create %1"_s.arg(QFileInfo(path).fileName()));
    return fd;
}

bool flushData(int fd, QString *error)
{
#if defined(Q_OS_DARWIN)
    if (::fcntl(fd, F_FULLFSYNC) == 0)
        return true;
    if (::fsync(fd) == 0) // F_FULLFSYNC is not supported by every file system
        return true;
#else
    if (::fdatasync(fd) == 0)
        return true;
#endif
    return failWith(error, u"Cannot flush the file to disk"_s);
}

bool flushFolderOf(const QString &path, QString *error)
{
    const QString folder = QFileInfo(path).absolutePath();
    const int fd = ::open(native(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return failWith(error, u"Cannot open the folder %1"_s.arg(folder));
    const bool ok = ::fsync(fd) == 0 || errno == EINVAL; // some file systems cannot sync folders
    const int code = errno;
    ::close(fd);
    errno = code;
    return ok || failWith(error, u"Cannot flush the folder %1"_s.arg(folder));
}

bool isProcessAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (pid == currentProcessId())
        return true;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

qint64 currentProcessId()
{
    return ::getpid();
}

#endif

} // namespace FileEditorIo
