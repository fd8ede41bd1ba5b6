#include "mappedfile.h"

#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <limits>

#if defined(Q_OS_WIN)
#include <windows.h>
#else
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

QString displayPath(const QString &path)
{
    return QFileInfo(path).absoluteFilePath();
}

#if !defined(Q_OS_WIN)
FileIdentity identityFromStat(const struct stat &st)
{
    FileIdentity id;
    id.device = static_cast<quint64>(st.st_dev);
    id.inode = static_cast<quint64>(st.st_ino);
    id.size = static_cast<qint64>(st.st_size);
#if defined(Q_OS_DARWIN)
    id.modifiedNs = qint64(st.st_mtimespec.tv_sec) * 1000000000 + st.st_mtimespec.tv_nsec;
#else
    id.modifiedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
#endif
    return id;
}
#endif

} // namespace

MappedFile::~MappedFile()
{
    close();
}

OpenError MappedFile::fail(OpenError error, const QString &message)
{
    close();
    m_error = error;
    m_errorString = message;
    return error;
}

bool MappedFile::isOpen() const
{
#if defined(Q_OS_WIN)
    return m_handle != nullptr;
#else
    return m_fd >= 0;
#endif
}

std::shared_ptr<const MappedRegion> MappedFile::region() const
{
    QMutexLocker lock(&m_mutex);
    return m_region;
}

qint64 MappedFile::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_region ? m_region->size() : 0;
}

FileIdentity MappedFile::identity() const
{
    QMutexLocker lock(&m_mutex);
    return m_identity;
}

std::optional<QByteArray> MappedFile::read(qint64 byteOffset, qint64 len) const
{
    const std::shared_ptr<const MappedRegion> snapshot = region();
    if (!snapshot || byteOffset < 0 || len <= 0 || byteOffset >= snapshot->size())
        return QByteArray();
    const qint64 clipped = qMin(len, snapshot->size() - byteOffset);
    m_lastRead.store(byteOffset, std::memory_order_relaxed);
    QByteArray out(clipped, Qt::Uninitialized);
    char *target = out.data();
    const uchar *source = snapshot->data() + byteOffset;
    if (!FaultGuard::run(source, clipped, [=] { std::memcpy(target, source, static_cast<size_t>(clipped)); }))
        return std::nullopt;
    return out;
}

void MappedFile::releaseResident() const
{
    const std::shared_ptr<const MappedRegion> snapshot = region();
    if (!snapshot)
        return;
    const qint64 around = m_lastRead.load(std::memory_order_relaxed);
    snapshot->releaseExcept(around - kKeptAroundRead / 2, kKeptAroundRead);
}

#if defined(Q_OS_WIN)

namespace {

FileIdentity identityFromHandle(HANDLE handle)
{
    FileIdentity id;
    BY_HANDLE_FILE_INFORMATION info;
    if (!GetFileInformationByHandle(handle, &info)) {
        id.size = -1;
        return id;
    }
    id.device = info.dwVolumeSerialNumber;
    id.inode = (quint64(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
    id.size = qint64((quint64(info.nFileSizeHigh) << 32) | info.nFileSizeLow);
    const quint64 ticks = (quint64(info.ftLastWriteTime.dwHighDateTime) << 32) | info.ftLastWriteTime.dwLowDateTime;
    id.modifiedNs = qint64((ticks - 116444736000000000ULL) * 100); // 100 ns ticks since 1601
    return id;
}

} // namespace

OpenError MappedFile::open(const QString &path)
{
    close();
    m_path = path;
    const std::wstring native = QFileInfo(path).absoluteFilePath().replace(u'/', u'\\').toStdWString();
    const DWORD attributes = GetFileAttributesW(native.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES) {
        const DWORD code = GetLastError();
        if (code == ERROR_ACCESS_DENIED)
            return fail(OpenError::PermissionDenied, u"No permission to read %1"_s.arg(displayPath(path)));
        return fail(OpenError::NotFound, u"No such file: %1"_s.arg(displayPath(path)));
    }
    if (attributes & FILE_ATTRIBUTE_DIRECTORY)
        return fail(OpenError::IsDirectory, u"%1 is a folder, not a file"_s.arg(displayPath(path)));
    HANDLE handle = CreateFileW(native.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE) {
        if (GetLastError() == ERROR_ACCESS_DENIED)
            return fail(OpenError::PermissionDenied, u"No permission to read %1"_s.arg(displayPath(path)));
        return fail(OpenError::OtherError, u"Cannot open %1"_s.arg(displayPath(path)));
    }
    if (GetFileType(handle) != FILE_TYPE_DISK) {
        CloseHandle(handle);
        return fail(OpenError::NotRegularFile,
                    u"%1 is not a regular file (a pipe or device) and cannot be opened"_s.arg(displayPath(path)));
    }
    m_handle = handle;
    const FileIdentity id = identityFromHandle(handle);
    QString why;
    std::shared_ptr<const MappedRegion> mapped = mapNow(id.size, &why);
    if (!mapped)
        return fail(OpenError::MapFailed, u"Cannot map %1 into memory: %2"_s.arg(displayPath(path), why));
    QMutexLocker lock(&m_mutex);
    m_region = std::move(mapped);
    m_identity = id;
    m_error = OpenError::None;
    return OpenError::None;
}

void MappedFile::close()
{
    {
        QMutexLocker lock(&m_mutex);
        m_region.reset();
        m_identity = {};
    }
    if (m_handle)
        CloseHandle(m_handle);
    m_handle = nullptr;
    m_error = OpenError::None;
    m_errorString.clear();
}

std::shared_ptr<const MappedRegion> MappedFile::mapNow(qint64 size, QString *why)
{
    if (size <= 0)
        return std::make_shared<const MappedRegion>(nullptr, 0);
    if (quint64(size) > std::numeric_limits<SIZE_T>::max()) {
        *why = u"the file is larger than the address space"_s;
        return nullptr;
    }
    HANDLE mapping = CreateFileMappingW(m_handle, nullptr, PAGE_READONLY, DWORD(quint64(size) >> 32),
                                        DWORD(quint64(size) & 0xffffffffu), nullptr);
    if (!mapping) {
        *why = u"CreateFileMapping failed (error %1)"_s.arg(GetLastError());
        return nullptr;
    }
    void *view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, SIZE_T(size));
    if (!view) {
        *why = u"MapViewOfFile failed (error %1)"_s.arg(GetLastError());
        CloseHandle(mapping);
        return nullptr;
    }
    return std::make_shared<const MappedRegion>(static_cast<const uchar *>(view), size, mapping);
}

FileIdentity MappedFile::identityOf(const QString &path)
{
    const std::wstring native = QFileInfo(path).absoluteFilePath().replace(u'/', u'\\').toStdWString();
    HANDLE handle = CreateFileW(native.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if (handle == INVALID_HANDLE_VALUE) {
        FileIdentity none;
        none.size = -1;
        return none;
    }
    const FileIdentity id = identityFromHandle(handle);
    CloseHandle(handle);
    return id;
}

FileIdentity MappedFile::identityOfHandle() const
{
    return identityFromHandle(m_handle);
}

#else

OpenError MappedFile::open(const QString &path)
{
    close();
    m_path = path;
    const QByteArray native = QFile::encodeName(path);
    struct stat st {};
    if (::stat(native.constData(), &st) != 0) {
        const int code = errno;
        if (code == EACCES)
            return fail(OpenError::PermissionDenied, u"No permission to read %1"_s.arg(displayPath(path)));
        if (code == ENOENT || code == ENOTDIR || code == ENAMETOOLONG)
            return fail(OpenError::NotFound, u"No such file: %1"_s.arg(displayPath(path)));
        return fail(OpenError::OtherError,
                    u"Cannot examine %1: %2"_s.arg(displayPath(path), QString::fromLocal8Bit(strerror(code))));
    }
    if (S_ISDIR(st.st_mode))
        return fail(OpenError::IsDirectory, u"%1 is a folder, not a file"_s.arg(displayPath(path)));
    if (!S_ISREG(st.st_mode))
        return fail(OpenError::NotRegularFile,
                    u"%1 is not a regular file (a pipe, socket or device) and cannot be opened"_s.arg(
                        displayPath(path)));
    // O_NONBLOCK: should the path have become a FIFO since stat(), open() must not hang.
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int code = errno;
        if (code == EACCES || code == EPERM)
            return fail(OpenError::PermissionDenied, u"No permission to read %1"_s.arg(displayPath(path)));
        if (code == ENOENT)
            return fail(OpenError::NotFound, u"No such file: %1"_s.arg(displayPath(path)));
        return fail(OpenError::OtherError,
                    u"Cannot open %1: %2"_s.arg(displayPath(path), QString::fromLocal8Bit(strerror(code))));
    }
    m_fd = fd;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return fail(OpenError::NotRegularFile,
                    u"%1 is not a regular file (a pipe, socket or device) and cannot be opened"_s.arg(
                        displayPath(path)));
    QString why;
    std::shared_ptr<const MappedRegion> mapped = mapNow(st.st_size, &why);
    if (!mapped)
        return fail(OpenError::MapFailed, u"Cannot map %1 into memory: %2"_s.arg(displayPath(path), why));
    QMutexLocker lock(&m_mutex);
    m_region = std::move(mapped);
    m_identity = identityFromStat(st);
    m_error = OpenError::None;
    m_errorString.clear();
    return OpenError::None;
}

void MappedFile::close()
{
    {
        QMutexLocker lock(&m_mutex);
        m_region.reset();
        m_identity = {};
    }
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_error = OpenError::None;
    m_errorString.clear();
}

std::shared_ptr<const MappedRegion> MappedFile::mapNow(qint64 size, QString *why)
{
    if (size <= 0)
        return std::make_shared<const MappedRegion>(nullptr, 0);
    if (quint64(size) > std::numeric_limits<size_t>::max()) {
        *why = u"the file is larger than the address space"_s;
        return nullptr;
    }
    void *data = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED, m_fd, 0);
    if (data == MAP_FAILED) {
        *why = QString::fromLocal8Bit(strerror(errno));
        return nullptr;
    }
    return std::make_shared<const MappedRegion>(static_cast<const uchar *>(data), size);
}

FileIdentity MappedFile::identityOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        FileIdentity none;
        none.size = -1;
        return none;
    }
    return identityFromStat(st);
}

FileIdentity MappedFile::identityOfHandle() const
{
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        FileIdentity none;
        none.size = -1;
        return none;
    }
    return identityFromStat(st);
}

#endif

MappedFile::Change MappedFile::refresh()
{
    if (!isOpen())
        return Change::Unchanged;
    const FileIdentity atPath = identityOf(m_path);
    const FileIdentity current = identityOfHandle();
    if (atPath.size < 0)
        return Change::Vanished;
    const FileIdentity before = identity();
    if (!atPath.isSameFile(before))
        return Change::Replaced;
    const qint64 mapped = size();
    if (current.size < mapped)
        return Change::Shrunk;
    if (current.size == mapped) {
        QMutexLocker lock(&m_mutex);
        m_identity = current;
        return Change::Unchanged;
    }
    QString why;
    std::shared_ptr<const MappedRegion> grown = mapNow(current.size, &why);
    if (!grown)
        return Change::Unchanged; // keep serving the old mapping; try again next time
    QMutexLocker lock(&m_mutex);
    m_region = std::move(grown);
    m_identity = current;
    return Change::Grown;
}
