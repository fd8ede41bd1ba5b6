#include "appender.h"

#include "document.h"
#include "mappedfile.h"

#include <QFileInfo>
#include <QRegularExpression>

#if defined(Q_OS_WIN)
#include <QDir>

#include <fcntl.h>
#include <io.h>
#include <windows.h>
#else
#include <sys/stat.h>
#endif

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kStyleWindow = 64 * 1024;

// Device and inode of the open file itself (not of whatever its path names now).
FileIdentity identityOfOpenFile(const QFile &file)
{
#if defined(Q_OS_WIN)
    // The CRT descriptor QFile keeps for its handle; the volume and file index name the file.
    const int fd = file.handle();
    const HANDLE handle = fd >= 0 ? reinterpret_cast<HANDLE>(_get_osfhandle(fd)) : INVALID_HANDLE_VALUE;
    BY_HANDLE_FILE_INFORMATION info;
    if (handle == INVALID_HANDLE_VALUE || !GetFileInformationByHandle(handle, &info))
        return MappedFile::identityOf(file.fileName());
    FileIdentity id;
    id.device = info.dwVolumeSerialNumber;
    id.inode = (quint64(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
    id.size = qint64((quint64(info.nFileSizeHigh) << 32) | info.nFileSizeLow);
    return id;
#else
    FileIdentity id;
    struct stat st {};
    if (::fstat(file.handle(), &st) != 0) {
        id.size = -1;
        return id;
    }
    id.device = static_cast<quint64>(st.st_dev);
    id.inode = static_cast<quint64>(st.st_ino);
    id.size = static_cast<qint64>(st.st_size);
    return id;
#endif
}

#if defined(Q_OS_WIN)
// QFile opens without FILE_SHARE_DELETE, which would stop other programs from renaming (rotating)
// or deleting the file while Tome holds it for appending: it is opened as the mapping is, with
// every sharing flag, and handed to QFile as a CRT descriptor in append mode (each write at the end).
bool openShared(QFile &file, const QString &path)
{
    const std::wstring name = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()).toStdWString();
    HANDLE handle = CreateFileW(name.c_str(), GENERIC_READ | GENERIC_WRITE,
                                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE)
        return false;
    const int fd = _open_osfhandle(reinterpret_cast<intptr_t>(handle), _O_RDWR | _O_APPEND | _O_BINARY);
    if (fd < 0) {
        CloseHandle(handle);
        return false;
    }
    if (!file.open(fd, QIODevice::ReadWrite | QIODevice::Append | QIODevice::Unbuffered,
                   QFileDevice::AutoCloseHandle)) {
        _close(fd);
        return false;
    }
    return true;
}
#endif

QString shownPath(const QString &path)
{
    return QFileInfo(path).absoluteFilePath();
}

} // namespace

Appender::Appender(Document *document)
    : m_document(document)
{
}

Appender::~Appender() = default;

QStringList Appender::split(const QString &text, Splitting splitting)
{
    QStringList entries;
    if (splitting == Splitting::OnWhitespace) {
        static const QRegularExpression whitespace(u"\\s+"_s);
        entries = text.split(whitespace, Qt::SkipEmptyParts);
        return entries;
    }
    const QStringList lines = text.split(u'\n');
    for (QString line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        // A lone '\r' inside a line would start a new line to some readers: drop it.
        line.remove(u'\r');
        if (!line.trimmed().isEmpty())
            entries.append(line);
    }
    return entries;
}

QByteArray Appender::encode(const QStringList &entries, const QByteArray &newline, bool endLineFirst)
{
    QByteArray bytes;
    if (endLineFirst)
        bytes += newline;
    for (const QString &entry : entries) {
        bytes += entry.toUtf8();
        bytes += newline;
    }
    return bytes;
}

bool Appender::ensureOpen(QString *error)
{
    const QString path = m_document->path();
    const FileIdentity atPath = MappedFile::identityOf(path);
    if (atPath.size < 0) {
        m_file.close();
        *error = u"%1 no longer exists; nothing was appended."_s.arg(shownPath(path));
        return false;
    }
    if (m_file.isOpen() && m_openPath == path && atPath.isSameFile(m_openIdentity))
        return true;
    m_file.close();
    m_file.setFileName(path);
    // ReadWrite for the newline-style probe; Append makes every write land at the end (O_APPEND);
    // ExistingOnly: a file deleted meanwhile is not silently created anew.
#if defined(Q_OS_WIN)
    // When the shared open fails, QFile's own says why.
    const bool opened = openShared(m_file, path)
        || m_file.open(QIODevice::ReadWrite | QIODevice::Append | QIODevice::Unbuffered | QIODevice::ExistingOnly);
#else
    const bool opened =
        m_file.open(QIODevice::ReadWrite | QIODevice::Append | QIODevice::Unbuffered | QIODevice::ExistingOnly);
#endif
    if (!opened) {
        const bool readOnly = QFileInfo::exists(path) && !QFileInfo(path).isWritable();
        *error = readOnly ? u"%1 is read-only; nothing was appended."_s.arg(shownPath(path))
                          : u"Cannot open %1 for appending: %2. Nothing was appended."_s.arg(shownPath(path),
                                                                                              m_file.errorString());
        return false;
    }
    m_openIdentity = identityOfOpenFile(m_file);
    m_openPath = path; // a QFile opened from a descriptor (Windows) has no name
    ++m_opens;
    return true;
}

QByteArray Appender::newlineStyle(qint64 size, bool *endsWithNewline)
{
    *endsWithNewline = size == 0;
    if (size == 0)
        return "\n"_ba;
    const qint64 from = qMax<qint64>(0, size - kStyleWindow);
    QByteArray tail;
    if (m_file.seek(from))
        tail = m_file.read(size - from);
    *endsWithNewline = tail.endsWith('\n');
    const qsizetype lastNewline = tail.lastIndexOf('\n');
    if (lastNewline >= 0)
        return lastNewline > 0 && tail.at(lastNewline - 1) == '\r' ? "\r\n"_ba : "\n"_ba;
    if (tail.isEmpty() && size > 0)
        *endsWithNewline = false;
    const std::optional<LineSpan> first = m_document->lineSpan(0);
    if (first && first->endingLength == 2)
        return "\r\n"_ba;
    return "\n"_ba;
}

Appender::Result Appender::append(const QStringList &entries)
{
    Result result;
    if (!m_document || m_document->state() != Document::State::Open) {
        result.error = u"No file is open."_s;
        return result;
    }
    if (const QString refusal = m_document->editRefusal(); !refusal.isEmpty()) {
        result.error = refusal;
        return result;
    }
    if (entries.isEmpty()) {
        result.error = u"Nothing to append: type a word or a line first."_s;
        return result;
    }
    if (!ensureOpen(&result.error))
        return result;
    // Append only to the file the user sees: not to another file that took its name (rotation),
    // nor to one that became shorter than what is shown (truncated or rewritten under us).
    const FileIdentity shown = m_document->file().identity();
    if (!m_openIdentity.isSameFile(shown)) {
        m_file.close();
        result.error = u"%1 was replaced by another file (rotated or recreated) since Tome read it; nothing was "
                       u"appended. Reload it to append to the new file."_s.arg(shownPath(m_document->path()));
        return result;
    }
    if (m_file.size() < m_document->size()) {
        result.error = u"%1 became shorter than what is shown (truncated by another program); nothing was "
                       u"appended. Reload it first."_s.arg(shownPath(m_document->path()));
        return result;
    }

    const qint64 sizeBefore = m_file.size();
    bool endsWithNewline = true;
    const QByteArray newline = newlineStyle(sizeBefore, &endsWithNewline);
    const QByteArray bytes = encode(entries, newline, !endsWithNewline);
    const bool indexWasComplete = m_document->isIndexComplete() && m_document->size() == sizeBefore;
    const qint64 linesBefore = m_document->lineCount();

    const qint64 written = m_file.write(bytes);
    if (written != bytes.size()) {
        const QString why = m_file.errorString();
        // Cut off a partial write, unless someone else has appended since (then their bytes follow ours).
        if (written > 0 && m_file.size() == sizeBefore + written)
            m_file.resize(sizeBefore);
        m_file.close();
        result.error = u"Could not append to %1: %2. Nothing was appended."_s.arg(shownPath(m_document->path()), why);
        return result;
    }

    ++m_appends;
    result.ok = true;
    result.entries = entries.size();
    result.bytesWritten = written;
    m_document->refresh();
    result.lineCount = indexWasComplete ? linesBefore + entries.size() : -1;
    return result;
}
