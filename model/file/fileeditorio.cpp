#include "fileeditorio.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#if defined(Q_OS_WIN)
#include <QDir>

#include <fcntl.h>
#include <io.h>
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

[[maybe_unused]] QByteArray native(const QString &path) // POSIX only
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

// Files are opened with CreateFileW and every sharing flag, like the mapping (MappedFile), so that
// other programs may go on reading, appending to, renaming and deleting the file while Tome writes
// it; the handle is wrapped in a CRT descriptor for the int-based interface. Reads and writes are
// positional (OVERLAPPED offsets), like pread/pwrite.

namespace {

// The last Win32 error as a sentence, in the words lastErrorText() uses for errno.
QString lastWindowsErrorText()
{
    const DWORD code = GetLastError();
    switch (code) {
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return u"the disk is full"_s;
    case ERROR_DISK_QUOTA_EXCEEDED:
        return u"the disk quota is exceeded"_s;
    case ERROR_WRITE_PROTECT:
        return u"the file is on a read-only medium"_s;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        return u"permission denied"_s;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        return u"no such file"_s;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
        return u"the file exists"_s;
    case ERROR_CRC:
    case ERROR_SECTOR_NOT_FOUND:
    case ERROR_DEVICE_NOT_CONNECTED:
    case ERROR_IO_DEVICE:
        return u"an input/output error (the device may be failing or gone)"_s;
    default: {
        wchar_t *text = nullptr;
        const DWORD len = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM
                                             | FORMAT_MESSAGE_IGNORE_INSERTS,
                                         nullptr, code, 0, reinterpret_cast<wchar_t *>(&text), 0, nullptr);
        QString message = len ? QString::fromWCharArray(text, int(len)).trimmed() : QString();
        LocalFree(text);
        return message.isEmpty() ? u"error %1"_s.arg(code) : message;
    }
    }
}

bool failWithWindowsError(QString *error, const QString &what)
{
    if (error)
        *error = what + u": "_s + lastWindowsErrorText();
    return false;
}

int openNative(const QString &path, DWORD access, DWORD disposition, DWORD attributes, QString *error,
               const QString &what)
{
    const std::wstring name = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()).toStdWString();
    HANDLE handle = CreateFileW(name.c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                nullptr, disposition, attributes, nullptr);
    if (handle == INVALID_HANDLE_VALUE) {
        failWithWindowsError(error, what);
        return -1;
    }
    const int fd = _open_osfhandle(reinterpret_cast<intptr_t>(handle),
                                   _O_BINARY | ((access & GENERIC_WRITE) ? _O_RDWR : _O_RDONLY));
    if (fd < 0) {
        CloseHandle(handle);
        failWith(error, what);
    }
    return fd;
}

HANDLE handleOf(int fd)
{
    return reinterpret_cast<HANDLE>(_get_osfhandle(fd));
}

OVERLAPPED at(qint64 byteOffset)
{
    OVERLAPPED where{};
    where.Offset = DWORD(quint64(byteOffset) & 0xffffffffu);
    where.OffsetHigh = DWORD(quint64(byteOffset) >> 32);
    return where;
}

} // namespace

int openForWrite(const QString &path, QString *error)
{
    return openNative(path, GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, error,
                      u"Cannot open %1 for writing"_s.arg(QFileInfo(path).fileName()));
}

int openForRead(const QString &path, QString *error)
{
    return openNative(path, GENERIC_READ, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, error,
                      u"Cannot open %1"_s.arg(QFileInfo(path).fileName()));
}

int createExclusive(const QString &path, QString *error, int mode)
{
    // Windows has no mode bits: a file nobody may write is read-only, anything else is normal.
    return openNative(path, GENERIC_READ | GENERIC_WRITE, CREATE_NEW,
                      (mode & 0222) ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_READONLY, error,
                      u"Cannot create %1"_s.arg(QFileInfo(path).fileName()));
}

void closeFile(int fd)
{
    if (fd >= 0)
        _close(fd); // closes the handle too
}

bool writeAt(int fd, qint64 byteOffset, const char *bytes, qint64 len, QString *error)
{
    while (len > 0) {
        OVERLAPPED where = at(byteOffset);
        DWORD written = 0;
        if (!WriteFile(handleOf(fd), bytes, DWORD(qMin<qint64>(len, 1 << 30)), &written, &where))
            return failWithWindowsError(error, u"Cannot write"_s);
        if (written == 0) {
            SetLastError(ERROR_DISK_FULL);
            return failWithWindowsError(error, u"Cannot write"_s);
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
        OVERLAPPED where = at(byteOffset + got);
        DWORD n = 0;
        if (!ReadFile(handleOf(fd), out->data() + got, DWORD(qMin<qint64>(len - got, 1 << 30)), &n, &where)) {
            if (GetLastError() == ERROR_HANDLE_EOF)
                break;
            return failWithWindowsError(error, u"Cannot read"_s);
        }
        if (n == 0)
            break;
        got += n;
    }
    out->resize(got);
    return true;
}

bool truncate(int fd, qint64 size, QString *error)
{
    FILE_END_OF_FILE_INFO end{};
    end.EndOfFile.QuadPart = size;
    if (!SetFileInformationByHandle(handleOf(fd), FileEndOfFileInfo, &end, sizeof end))
        return failWithWindowsError(error, u"Cannot resize"_s);
    return true;
}

int openOrCreate(const QString &path, QString *error)
{
    return openNative(path, GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, error,
                      u"Cannot create %1"_s.arg(QFileInfo(path).fileName()));
}

bool flushData(int fd, QString *error)
{
    if (!FlushFileBuffers(handleOf(fd)))
        return failWithWindowsError(error, u"Cannot flush the file to disk"_s);
    return true;
}

bool flushFolderOf(const QString &, QString *)
{
    // NTFS journals its metadata, and renames are made with MOVEFILE_WRITE_THROUGH (FileRewriter);
    // a folder cannot be opened for flushing without write access to it.
    return true;
}

bool isProcessAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (pid == currentProcessId())
        return true;
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return GetLastError() == ERROR_ACCESS_DENIED; // exists, but is not ours to examine
    DWORD code = 0;
    const bool running = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
    CloseHandle(process);
    return running;
}

qint64 currentProcessId()
{
    return qint64(GetCurrentProcessId());
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
