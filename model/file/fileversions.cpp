#include "fileversions.h"

#include "fileeditorio.h"
#include "filerewriter.h"
#include "mappedfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRandomGenerator>

#include <cerrno>

#if defined(Q_OS_WIN)
#include <windows.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif
#if defined(Q_OS_LINUX)
#include <linux/fs.h>
#include <sys/ioctl.h>
#endif

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kCopyStep = 64 * 1024 * 1024;
constexpr qint64 kBufferSize = 1024 * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("FileVersions", text);
}

QString newVersionPath(const QString &path)
{
    return FileVersions::prefix(path) + QString::number(FileEditorIo::currentProcessId()) + u'-'
        + QString::number(QRandomGenerator::global()->generate64() & 0xffffffffffffULL, 36);
}

// A second name for the file at `path`; false with errno (POSIX) / the last error set.
bool hardLink(const QString &path, const QString &linkPath)
{
#if defined(Q_OS_WIN)
    const std::wstring target = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()).toStdWString();
    const std::wstring name = QDir::toNativeSeparators(QFileInfo(linkPath).absoluteFilePath()).toStdWString();
    return CreateHardLinkW(name.c_str(), target.c_str(), nullptr);
#else
    return ::link(QFile::encodeName(path).constData(), QFile::encodeName(linkPath).constData()) == 0;
#endif
}

// The modification time of `from` onto `to`, so that a clone or a copy looks as old as it is.
void copyTimes(int from, int to)
{
#if defined(Q_OS_WIN)
    Q_UNUSED(from);
    Q_UNUSED(to);
#else
    struct stat st {};
    if (::fstat(from, &st) != 0)
        return;
#if defined(Q_OS_DARWIN)
    const struct timespec times[2] = {st.st_atimespec, st.st_mtimespec};
#else
    const struct timespec times[2] = {st.st_atim, st.st_mtim};
#endif
    ::futimens(to, times);
#endif
}

bool cloneInto(int in, int out)
{
#if defined(Q_OS_LINUX) && defined(FICLONE)
    return ::ioctl(out, FICLONE, in) == 0;
#else
    Q_UNUSED(in);
    Q_UNUSED(out);
    return false;
#endif
}

// Copies all of `in` (`size` bytes) to `out`: in the kernel where it can, else read/write.
bool copyAll(int in, int out, qint64 size, const FileVersions::Progress &progress, QString *error, bool *stopped)
{
    qint64 done = 0;
#if defined(Q_OS_LINUX)
    bool kernel = true;
    while (kernel && done < size) {
        loff_t from = done;
        loff_t to = done;
        const ssize_t n = ::copy_file_range(in, &from, out, &to, size_t(qMin(size - done, kCopyStep)), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && done == 0
            && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP || errno == EBADF)) {
            kernel = false;
            break;
        }
        if (n < 0) {
            *error = FileEditorIo::lastErrorText();
            return false;
        }
        if (n == 0)
            break;
        done += n;
        if (progress && !progress(done, size)) {
            *stopped = true;
            return false;
        }
    }
    if (kernel)
        return done == size || (*error = tr("the file became shorter while it was being copied"), false);
#endif
    QByteArray buffer;
    while (done < size) {
        if (!FileEditorIo::readAt(in, done, qMin(size - done, kBufferSize), &buffer, error))
            return false;
        if (buffer.isEmpty()) {
            *error = tr("the file became shorter while it was being copied");
            return false;
        }
        if (!FileEditorIo::writeAt(out, done, buffer.constData(), buffer.size(), error))
            return false;
        done += buffer.size();
        if (progress && done % kCopyStep < buffer.size() && !progress(done, size)) {
            *stopped = true;
            return false;
        }
    }
    return true;
}

} // namespace

QString FileVersions::prefix(const QString &path)
{
    const QFileInfo info(path);
    return info.dir().filePath(u"."_s + info.fileName() + u".tome-undo-"_s);
}

std::optional<FileVersions::Method> FileVersions::probe(const QString &path, qint64 size, qint64 reservedBytes,
                                                        QString *why)
{
    const QString trial = newVersionPath(path);
    if (hardLink(path, trial)) {
        QFile::remove(trial);
        return Method::Link;
    }
    const qint64 free = FileRewriter::freeBytesFor(path);
    if (free >= 0 && free - reservedBytes < size) {
        if (why)
            *why = tr("keeping the previous version needs a copy of it (%1), and only %2 would be free")
                       .arg(QLocale().formattedDataSize(size), QLocale().formattedDataSize(qMax<qint64>(0, free - reservedBytes)));
        return std::nullopt;
    }
    return Method::Copy;
}

std::optional<FileVersions::Kept> FileVersions::keep(const QString &path, int fd, const FileIdentity &identity,
                                                     bool allowCopy, QString *error, const Progress &progress)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    Kept kept;
    kept.path = newVersionPath(path);
    kept.size = identity.size;
    if (hardLink(path, kept.path)) {
        kept.identity = MappedFile::identityOf(kept.path);
        if (kept.identity != identity) {
            QFile::remove(kept.path);
            return fail(tr("the file changed while its previous version was being kept"));
        }
        kept.method = Method::Link;
        return kept;
    }
    QString why;
    const int out = FileEditorIo::createExclusive(kept.path, &why);
    if (out < 0)
        return fail(why);
    bool ok = false;
    if (cloneInto(fd, out)) {
        kept.method = Method::Clone;
        ok = true;
    } else if (allowCopy) {
        kept.method = Method::Copy;
        bool stopped = false;
        ok = copyAll(fd, out, identity.size, progress, &why, &stopped);
        if (stopped)
            why = tr("cancelled");
    } else {
        why = tr("the file system keeps no second name for it and a copy was not wanted");
    }
    if (ok) {
        FileRewriter::copyPermissions(fd, out);
        copyTimes(fd, out);
        ok = FileEditorIo::flushData(out, &why);
    }
    FileEditorIo::closeFile(out);
    if (!ok) {
        QFile::remove(kept.path);
        return fail(why);
    }
    kept.identity = MappedFile::identityOf(kept.path);
    return kept;
}

bool FileVersions::restore(const Kept &kept, const QString &path, QString *error)
{
    QString why;
    if (MappedFile::identityOf(kept.path) != kept.identity) {
        if (error)
            *error = tr("the kept version %1 is gone or was changed").arg(QFileInfo(kept.path).fileName());
        return false;
    }
    if (!FileRewriter::replaceWith(kept.path, path, &why) || !FileEditorIo::flushFolderOf(path, &why)) {
        if (error)
            *error = why;
        return false;
    }
    return true;
}

void FileVersions::discard(const QString &keptPath)
{
    if (!keptPath.isEmpty())
        QFile::remove(keptPath);
}

int FileVersions::removeStale(const QString &path)
{
    const QFileInfo info(path);
    const QString start = u"."_s + info.fileName() + u".tome-undo-"_s;
    QDir folder = info.dir();
    const QStringList names =
        folder.entryList({start + u'*'}, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    int removed = 0;
    for (const QString &name : names) {
        if (!name.startsWith(start))
            continue;
        bool isNumber = false;
        const qint64 pid = name.mid(start.size()).section(u'-', 0, 0).toLongLong(&isNumber);
        if (isNumber && FileEditorIo::isProcessAlive(pid))
            continue; // the undo history of a running Tome
        if (folder.remove(name))
            ++removed;
    }
    return removed;
}
