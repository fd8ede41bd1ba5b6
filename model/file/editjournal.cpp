#include "editjournal.h"

#include "fileeditorio.h"
#include "filerewriter.h"
#include "fileversions.h"
#include "mappedfile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>

#include <cstring>

using namespace Qt::StringLiterals;

namespace {

constexpr char kMagic[] = "TOMEJNL1";
constexpr qsizetype kMagicSize = 8;
constexpr qsizetype kHeaderSize = kMagicSize + 6 * 8;
constexpr qsizetype kDigestSize = 8;

void appendU64(QByteArray &out, quint64 value)
{
    char bytes[8];
    qToLittleEndian(value, bytes);
    out.append(bytes, 8);
}

quint64 u64At(const QByteArray &in, qsizetype at)
{
    return qFromLittleEndian<quint64>(in.constData() + at);
}

QByteArray digestOf(QByteArrayView bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).left(kDigestSize);
}

// Restores `entry.oldBytes`, flushed. The journal stays until this succeeds.
bool rollBack(const QString &filePath, const EditJournal::Entry &entry, QString *error)
{
    const int fd = FileEditorIo::openForWrite(filePath, error);
    if (fd < 0)
        return false;
    const bool ok = FileEditorIo::writeAt(fd, entry.byteOffset, entry.oldBytes.constData(), entry.oldBytes.size(), error)
        && FileEditorIo::flushData(fd, error);
    FileEditorIo::closeFile(fd);
    return ok;
}

} // namespace

QString EditJournal::journalPath(const QString &filePath)
{
    const QFileInfo info(filePath);
    return info.dir().filePath(u"."_s + info.fileName() + u".tome-journal"_s);
}

namespace {

QByteArray encode(const EditJournal::Entry &entry)
{
    QByteArray bytes;
    bytes.reserve(kHeaderSize + entry.oldBytes.size() + entry.newBytes.size() + kDigestSize);
    bytes.append(kMagic, kMagicSize);
    appendU64(bytes, quint64(entry.byteOffset));
    appendU64(bytes, quint64(entry.oldBytes.size()));
    appendU64(bytes, quint64(entry.newBytes.size()));
    appendU64(bytes, entry.device);
    appendU64(bytes, entry.inode);
    appendU64(bytes, quint64(FileEditorIo::currentProcessId()));
    bytes += entry.oldBytes;
    bytes += entry.newBytes;
    bytes += digestOf(bytes);
    return bytes;
}

} // namespace

EditJournal::~EditJournal()
{
    close();
}

bool EditJournal::begin(const QString &filePath, const Entry &entry, QString *error)
{
    const QString path = journalPath(filePath);
    QString why;
    if (m_fd >= 0 && (m_filePath != filePath || !MappedFile::identityOf(path).isSameFile(m_journalId)))
        close(); // another file, or our journal was taken away (another process settled it)
    if (m_fd < 0) {
        if (QFileInfo::exists(path)) {
            const Report settled = recover(filePath);
            if (settled.outcome == Outcome::InProgress || settled.outcome == Outcome::Failed) {
                if (error)
                    *error = settled.message;
                return false;
            }
        }
        m_fd = FileEditorIo::openOrCreate(path, &why);
        if (m_fd < 0 || !FileEditorIo::flushFolderOf(path, &why)) {
            close();
            if (error)
                *error = u"Cannot write the edit journal next to the file (%1)."_s.arg(why);
            return false;
        }
        m_filePath = filePath;
        m_journalId = MappedFile::identityOf(path);
    }
    const QByteArray bytes = encode(entry);
    if (FileEditorIo::truncate(m_fd, 0, &why) && FileEditorIo::writeAt(m_fd, 0, bytes.constData(), bytes.size(), &why)
        && FileEditorIo::flushData(m_fd, &why))
        return true;
    FileEditorIo::truncate(m_fd, 0, nullptr);
    if (error)
        *error = u"Cannot write the edit journal next to the file (%1)."_s.arg(why);
    return false;
}

void EditJournal::commit()
{
    if (m_fd >= 0)
        FileEditorIo::truncate(m_fd, 0, nullptr);
}

void EditJournal::close()
{
    if (m_fd < 0)
        return;
    FileEditorIo::truncate(m_fd, 0, nullptr);
    FileEditorIo::closeFile(m_fd);
    m_fd = -1;
    const QString path = journalPath(m_filePath);
    if (MappedFile::identityOf(path).isSameFile(m_journalId))
        QFile::remove(path);
    m_filePath.clear();
}

void EditJournal::abandon()
{
    FileEditorIo::closeFile(m_fd);
    m_fd = -1;
    m_filePath.clear();
}

bool EditJournal::write(const QString &filePath, const Entry &entry, QString *error)
{
    const QByteArray bytes = encode(entry);
    const QString path = journalPath(filePath);
    QString why;
    int fd = FileEditorIo::createExclusive(path, &why);
    if (fd < 0 && QFileInfo::exists(path)) {
        // A journal left over from an interrupted write of this file: settle it first.
        const Report settled = recover(filePath);
        if (settled.outcome == Outcome::InProgress || settled.outcome == Outcome::Failed) {
            if (error)
                *error = settled.message;
            return false;
        }
        fd = FileEditorIo::createExclusive(path, &why);
    }
    if (fd < 0) {
        if (error)
            *error = u"Cannot write the edit journal next to the file (%1)."_s.arg(why);
        return false;
    }
    const bool ok = FileEditorIo::writeAt(fd, 0, bytes.constData(), bytes.size(), &why)
        && FileEditorIo::flushData(fd, &why) && FileEditorIo::flushFolderOf(path, &why);
    FileEditorIo::closeFile(fd);
    if (!ok) {
        QFile::remove(path);
        if (error)
            *error = u"Cannot write the edit journal next to the file (%1)."_s.arg(why);
    }
    return ok;
}

bool EditJournal::remove(const QString &filePath, QString *error)
{
    const QString path = journalPath(filePath);
    if (!QFile::remove(path) && QFileInfo::exists(path)) {
        if (error)
            *error = u"Cannot remove the edit journal %1."_s.arg(path);
        return false;
    }
    return FileEditorIo::flushFolderOf(path, error);
}

std::optional<EditJournal::Entry> EditJournal::read(const QString &filePath)
{
    QFile file(journalPath(filePath));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.readAll();
    if (bytes.size() < kHeaderSize + kDigestSize || std::memcmp(bytes.constData(), kMagic, kMagicSize) != 0)
        return std::nullopt;
    const quint64 oldLength = u64At(bytes, kMagicSize + 8);
    const quint64 newLength = u64At(bytes, kMagicSize + 16);
    const quint64 body = quint64(bytes.size() - kHeaderSize - kDigestSize);
    if (oldLength > body || newLength > body || oldLength + newLength != body)
        return std::nullopt;
    const qsizetype payload = bytes.size() - kDigestSize;
    if (digestOf(QByteArrayView(bytes).first(payload)) != bytes.sliced(payload))
        return std::nullopt;
    Entry entry;
    entry.byteOffset = qint64(u64At(bytes, kMagicSize));
    entry.device = u64At(bytes, kMagicSize + 24);
    entry.inode = u64At(bytes, kMagicSize + 32);
    entry.pid = qint64(u64At(bytes, kMagicSize + 40));
    entry.oldBytes = bytes.sliced(kHeaderSize, qsizetype(oldLength));
    entry.newBytes = bytes.sliced(kHeaderSize + qsizetype(oldLength), qsizetype(newLength));
    return entry;
}

EditJournal::Report EditJournal::recover(const QString &filePath)
{
    const QString path = journalPath(filePath);
    if (!QFileInfo::exists(path))
        return {};
    const QString name = QFileInfo(filePath).fileName();
    const std::optional<Entry> entry = read(filePath);
    if (!entry) {
        remove(filePath);
        return {Outcome::Discarded, QString()};
    }
    if (entry->pid != FileEditorIo::currentProcessId() && FileEditorIo::isProcessAlive(entry->pid))
        return {Outcome::InProgress, u"Another program (process %1) is writing to %2 right now."_s.arg(entry->pid).arg(name)};

    const FileIdentity id = MappedFile::identityOf(filePath);
    const qint64 length = entry->oldBytes.size();
    QString why;
    QByteArray current;
    bool readable = false;
    if (id.size >= 0 && id.device == entry->device && id.inode == entry->inode) {
        const int fd = FileEditorIo::openForRead(filePath, &why);
        if (fd >= 0) {
            readable = FileEditorIo::readAt(fd, entry->byteOffset, length, &current, &why);
            FileEditorIo::closeFile(fd);
        }
    }
    bool eachByteOldOrNew = readable && current.size() == length && entry->newBytes.size() == length;
    for (qsizetype i = 0; eachByteOldOrNew && i < length; ++i)
        eachByteOldOrNew = current[i] == entry->oldBytes[i] || current[i] == entry->newBytes[i];
    if (!eachByteOldOrNew) {
        remove(filePath);
        return {Outcome::Stale, u"An interrupted edit of %1 was not undone: the file has been changed since."_s.arg(name)};
    }
    if (current == entry->oldBytes) {
        remove(filePath);
        return {Outcome::Discarded, QString()};
    }
    if (current == entry->newBytes) {
#if defined(Q_OS_WIN)
        const int fd = FileEditorIo::openForWrite(filePath, &why); // FlushFileBuffers needs write access
#else
        const int fd = FileEditorIo::openForRead(filePath, &why);
#endif
        const bool flushed = fd >= 0 && FileEditorIo::flushData(fd, &why);
        FileEditorIo::closeFile(fd);
        if (!flushed)
            return {Outcome::Failed, u"An edit of %1 could not be settled (%2)."_s.arg(name, why)};
        remove(filePath);
        return {Outcome::Completed, QString()};
    }
    if (!rollBack(filePath, *entry, &why))
        return {Outcome::Failed, u"An interrupted edit of %1 could not be undone (%2)."_s.arg(name, why)};
    remove(filePath);
    return {Outcome::RolledBack,
            u"An edit of %1 was interrupted; the %2 bytes at offset %3 were restored."_s.arg(name).arg(length).arg(
                entry->byteOffset)};
}

QString EditJournal::recoverAtOpen(const QString &filePath)
{
    const Report report = recover(filePath);
    FileRewriter::removeStrayTemps(filePath);
    FileVersions::removeStale(filePath); // undo versions a crashed Tome kept
    return report.message;
}
