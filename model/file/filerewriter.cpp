#include "filerewriter.h"

#include "fileeditorio.h"
#include "mappedfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRandomGenerator>
#include <QStorageInfo>

#include <cerrno>

#if defined(Q_OS_WIN)
#include <windows.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kStep = 64 * 1024 * 1024;   // progress and cancel grain
constexpr qint64 kBufferSize = 1024 * 1024;

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes);
}

// Copies [from, from + len) of `in` to `to` in `out`. Kernel copy first, read/write if the
// kernel cannot. Reports progress per step; false with *error (or *cancelled) on failure.
class RangeCopier {
public:
    RangeCopier(int in, int out, qint64 total, const FileRewriter::Progress &progress)
        : m_in(in), m_out(out), m_total(total), m_progress(progress)
    {
    }

    bool copy(qint64 from, qint64 to, qint64 len, QString *error, bool *cancelled)
    {
        while (len > 0) {
            const qint64 step = qMin(len, kStep);
            const qint64 copied = copyStep(from, to, step, error);
            if (copied < 0)
                return false;
            if (copied == 0) {
                *error = u"the file became shorter while it was being rewritten"_s;
                return false;
            }
            from += copied;
            to += copied;
            len -= copied;
            m_done += copied;
            if (m_progress && !m_progress(m_done, m_total)) {
                *cancelled = true;
                return false;
            }
        }
        return true;
    }

    void addDone(qint64 bytes) { m_done += bytes; }

private:
    qint64 copyStep(qint64 from, qint64 to, qint64 len, QString *error)
    {
#if defined(Q_OS_LINUX)
        if (m_kernelCopy) {
            loff_t inOffset = from;
            loff_t outOffset = to;
            qint64 done = 0;
            while (done < len) {
                const ssize_t n = ::copy_file_range(m_in, &inOffset, m_out, &outOffset, size_t(len - done), 0);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0 && done == 0
                    && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP || errno == EBADF)) {
                    m_kernelCopy = false; // not on this pair of file systems: copy by hand
                    break;
                }
                if (n < 0) {
                    *error = FileEditorIo::lastErrorText();
                    return -1;
                }
                if (n == 0)
                    return done;
                done += n;
            }
            if (m_kernelCopy)
                return done;
        }
#endif
        if (m_buffer.isEmpty())
            m_buffer.resize(kBufferSize);
        qint64 done = 0;
        while (done < len) {
            QByteArray &buffer = m_buffer;
            QString why;
            if (!FileEditorIo::readAt(m_in, from + done, qMin(len - done, kBufferSize), &buffer, &why)) {
                *error = why;
                return -1;
            }
            if (buffer.isEmpty())
                break;
            if (!FileEditorIo::writeAt(m_out, to + done, buffer.constData(), buffer.size(), &why)) {
                *error = why;
                return -1;
            }
            done += buffer.size();
            buffer.resize(kBufferSize);
        }
        return done;
    }

    int m_in;
    int m_out;
    qint64 m_total;
    qint64 m_done = 0;
    const FileRewriter::Progress &m_progress;
    bool m_kernelCopy = true;
    QByteArray m_buffer;
};

QString makeTempPath(const QString &path)
{
    return FileRewriter::tempPrefix(path) + QString::number(FileEditorIo::currentProcessId()) + u'-'
        + QString::number(QRandomGenerator::global()->generate64() & 0xffffffffffffULL, 36);
}

#if defined(Q_OS_WIN)
// Where renameOver() moves a replaced file that Windows would not delete because it is mapped.
QString oldAsidePrefix(const QString &path)
{
    const QFileInfo info(path);
    return info.absoluteDir().filePath(u"."_s + info.fileName() + u".tome-old-"_s);
}
#endif

bool renameOver(const QString &from, const QString &to, QString *error)
{
#if defined(Q_OS_WIN)
    const std::wstring source = QDir::toNativeSeparators(QFileInfo(from).absoluteFilePath()).toStdWString();
    const std::wstring target = QDir::toNativeSeparators(QFileInfo(to).absoluteFilePath()).toStdWString();
    // One atomic, durable rename over the old file.
    if (MoveFileExW(source.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return true;
    DWORD code = GetLastError();
    if (code == ERROR_ACCESS_DENIED || code == ERROR_SHARING_VIOLATION || code == ERROR_USER_MAPPED_FILE) {
        // Windows will not delete or supersede a file while a view of it is mapped (Tome's own, to
        // show it), but it renames one: the old file moves aside (oldAsidePrefix(); removeStrayTemps()
        // deletes it once nobody maps it any more), the new one takes its place.
        const std::wstring aside = QDir::toNativeSeparators(
                                       oldAsidePrefix(to)
                                       + QString::number(QRandomGenerator::global()->generate64(), 36))
                                       .toStdWString();
        if (MoveFileExW(target.c_str(), aside.c_str(), MOVEFILE_WRITE_THROUGH)) {
            if (MoveFileExW(source.c_str(), target.c_str(), MOVEFILE_WRITE_THROUGH)) {
                DeleteFileW(aside.c_str()); // fails while the old file is still mapped; removed later
                return true;
            }
            code = GetLastError();
            MoveFileExW(aside.c_str(), target.c_str(), MOVEFILE_WRITE_THROUGH); // put the old one back
        }
    }
    SetLastError(code);
    wchar_t *text = nullptr;
    const DWORD len = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM
                                         | FORMAT_MESSAGE_IGNORE_INSERTS,
                                     nullptr, code, 0, reinterpret_cast<wchar_t *>(&text), 0, nullptr);
    const QString why = len ? QString::fromWCharArray(text, int(len)).trimmed() : u"error %1"_s.arg(code);
    LocalFree(text);
    *error = u"cannot replace the file: "_s + why;
    return false;
#else
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0)
        return true;
    *error = u"cannot replace the file: "_s + FileEditorIo::lastErrorText();
    return false;
#endif
}

// Gives the temporary file the original's mode, and its owner where we may.
void keepPermissions(int original, int temp)
{
#if defined(Q_OS_WIN)
    Q_UNUSED(original);
    Q_UNUSED(temp);
#else
    struct stat st {};
    if (::fstat(original, &st) != 0)
        return;
    if (::fchown(temp, st.st_uid, st.st_gid) != 0) {
        // Not permitted to give it away: keep our owner, but try the group alone.
        [[maybe_unused]] const int ignored = ::fchown(temp, uid_t(-1), st.st_gid);
    }
    ::fchmod(temp, st.st_mode & 07777);
#endif
}

bool sameContentIdentity(const FileIdentity &a, const FileIdentity &b)
{
    return a.isSameFile(b) && a.size == b.size && a.modifiedNs == b.modifiedNs;
}

} // namespace

QString FileRewriter::tempPrefix(const QString &path)
{
    const QFileInfo info(path);
    return info.dir().filePath(u"."_s + info.fileName() + u".tome-tmp-"_s);
}

qint64 FileRewriter::requiredFreeBytes(qint64 newSize)
{
    return newSize; // the old file stays until the new one replaces it
}

qint64 FileRewriter::freeBytesFor(const QString &path)
{
    const QStorageInfo storage(QFileInfo(path).absolutePath());
    return storage.isValid() ? storage.bytesAvailable() : -1;
}

int FileRewriter::removeStrayTemps(const QString &path)
{
    const QFileInfo info(path);
    const QString prefix = u"."_s + info.fileName() + u".tome-tmp-"_s;
    QDir folder = info.dir();
    const QStringList names =
        folder.entryList({prefix + u'*'}, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    int removed = 0;
    for (const QString &name : names) {
        if (!name.startsWith(prefix))
            continue; // the name filter is a wildcard; be exact
        bool isNumber = false;
        const qint64 pid = name.mid(prefix.size()).section(u'-', 0, 0).toLongLong(&isNumber);
        if (isNumber && FileEditorIo::isProcessAlive(pid))
            continue; // a rewrite in progress (ours or another process's)
        if (folder.remove(name))
            ++removed;
    }
#if defined(Q_OS_WIN)
    // Old files a rewrite moved aside (renameOver()): removable once nobody maps them. Only while
    // the file itself exists: should a rewrite have died between its two renames, the one moved
    // aside is the only copy.
    if (info.exists()) {
        const QString oldPrefix = u"."_s + info.fileName() + u".tome-old-"_s;
        const QStringList olds =
            folder.entryList({oldPrefix + u'*'}, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
        for (const QString &name : olds) {
            if (name.startsWith(oldPrefix) && folder.remove(name))
                ++removed;
        }
    }
#endif
    return removed;
}

FileRewriter::Result FileRewriter::run(const Plan &plan, const Progress &progress)
{
    Result result;
    const QString name = QFileInfo(plan.path).fileName();
    const auto fail = [&](const QString &why) {
        result.error = why;
        return result;
    };
    const FileIdentity before = MappedFile::identityOf(plan.path);
    if (before.size < 0) {
        result.changed = true;
        return fail(u"%1 was deleted since Tome read it; nothing was written."_s.arg(name));
    }
    if (plan.expected.size >= 0 && !sameContentIdentity(before, plan.expected)) {
        result.changed = true;
        return fail(u"%1 has changed on disk since Tome last read it; nothing was written."_s.arg(name));
    }
    if (plan.byteOffset < 0 || plan.oldLength < 0 || plan.byteOffset + plan.oldLength > before.size)
        return fail(u"The edited range lies outside %1."_s.arg(name));
    const qint64 newSize = before.size - plan.oldLength + plan.newBytes.size();
    if (plan.checkFreeSpace) {
        const qint64 free = freeBytesFor(plan.path);
        if (free >= 0 && free < requiredFreeBytes(newSize))
            return fail(u"Not enough free disk space to rewrite %1: it needs %2, and %3 are free."_s.arg(
                name, sizeText(requiredFreeBytes(newSize)), sizeText(free)));
    }

    QString why;
    const int in = FileEditorIo::openForRead(plan.path, &why);
    if (in < 0)
        return fail(u"Cannot rewrite %1: %2."_s.arg(name, why));
    if (plan.checkOldBytes) {
        QByteArray current;
        const bool read = FileEditorIo::readAt(in, plan.byteOffset, plan.oldLength, &current, &why);
        if (!read || current != plan.expectedOldBytes
            || !sameContentIdentity(MappedFile::identityOf(plan.path), before)) {
            FileEditorIo::closeFile(in);
            result.changed = read;
            return fail(read ? u"The bytes at offset %1 of %2 are no longer the ones shown; nothing was written."_s.arg(
                                   QLocale().toString(plan.byteOffset), name)
                             : u"Cannot rewrite %1: %2."_s.arg(name, why));
        }
    }
    const QString tempPath = makeTempPath(plan.path);
    const int out = FileEditorIo::createExclusive(tempPath, &why);
    if (out < 0) {
        FileEditorIo::closeFile(in);
        return fail(u"Cannot rewrite %1: %2 (in its folder)."_s.arg(name, why));
    }

    RangeCopier copier(in, out, newSize, progress);
    const qint64 tailFrom = plan.byteOffset + plan.oldLength;
    const qint64 tailTo = plan.byteOffset + plan.newBytes.size();
    bool ok = copier.copy(0, 0, plan.byteOffset, &why, &result.cancelled);
    if (ok) {
        ok = FileEditorIo::writeAt(out, plan.byteOffset, plan.newBytes.constData(), plan.newBytes.size(), &why);
        copier.addDone(plan.newBytes.size());
    }
    ok = ok && copier.copy(tailFrom, tailTo, before.size - tailFrom, &why, &result.cancelled);
    if (ok)
        keepPermissions(in, out);
    ok = ok && FileEditorIo::flushData(out, &why);
    FileEditorIo::closeFile(out);
    FileEditorIo::closeFile(in);
    if (ok && !sameContentIdentity(MappedFile::identityOf(plan.path), before)) {
        ok = false;
        why = u"another program changed the file during the rewrite; nothing was replaced"_s;
    }
    ok = ok && renameOver(tempPath, plan.path, &why);
    if (!ok) {
        QFile::remove(tempPath);
        if (!result.cancelled)
            result.error = u"Could not rewrite %1 (%2). The file is unchanged."_s.arg(name, why);
        return result;
    }
    if (!FileEditorIo::flushFolderOf(plan.path, &why)) {
        result.error = u"%1 was rewritten, but the folder could not be flushed to disk (%2)."_s.arg(name, why);
        return result;
    }
    result.ok = true;
    result.written = MappedFile::identityOf(plan.path);
    return result;
}

bool FileRewriter::createFile(const QString &path, const QByteArray &bytes, QString *error)
{
    const QString name = QFileInfo(path).fileName();
    const QString tempPath = makeTempPath(path);
    QString why;
    const int out = FileEditorIo::createExclusive(tempPath, &why, 0666);
    bool ok = out >= 0 && FileEditorIo::writeAt(out, 0, bytes.constData(), bytes.size(), &why)
        && FileEditorIo::flushData(out, &why);
    FileEditorIo::closeFile(out);
    ok = ok && renameOver(tempPath, path, &why) && FileEditorIo::flushFolderOf(path, &why);
    if (!ok) {
        QFile::remove(tempPath);
        if (error)
            *error = u"Could not create %1: %2."_s.arg(name, why);
    }
    return ok;
}

QString FileRewriter::newTempPath(const QString &path)
{
    return makeTempPath(path);
}

void FileRewriter::copyPermissions(int original, int temp)
{
    keepPermissions(original, temp);
}

bool FileRewriter::replaceWith(const QString &tempPath, const QString &path, QString *error)
{
    return renameOver(tempPath, path, error);
}
