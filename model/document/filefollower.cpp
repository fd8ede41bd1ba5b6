#include "filefollower.h"

#include "document.h"
#include "mappedfile.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QFileSystemWatcher>

using namespace Qt::StringLiterals;

namespace {
constexpr int kHintDelayMs = 15; // coalesces a burst of watcher events into one check
}

FileFollower::FileFollower(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    m_poll.setInterval(kDefaultPollMs);
    connect(&m_poll, &QTimer::timeout, this, [this] { checkNow(); });
    m_hint.setSingleShot(true);
    m_hint.setInterval(kHintDelayMs);
    connect(&m_hint, &QTimer::timeout, this, [this] { checkNow(); });
    connect(document, &Document::opened, this, [this] {
        if (m_checking)
            return; // our own reload; handled where it was called
        m_gone = false;
        takeBaseline();
        if (m_active)
            watchPath();
    });
}

FileFollower::~FileFollower() = default;

QString FileFollower::eventName(Event event)
{
    switch (event) {
    case Event::Grew:
        return u"grew"_s;
    case Event::Truncated:
        return u"truncated"_s;
    case Event::Replaced:
        return u"replaced"_s;
    case Event::Rewritten:
        return u"rewritten"_s;
    case Event::Deleted:
        return u"deleted"_s;
    }
    return QString();
}

void FileFollower::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active) {
        m_watcher = new QFileSystemWatcher(this);
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &FileFollower::scheduleCheck);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &FileFollower::scheduleCheck);
        takeBaseline();
        watchPath();
        m_poll.start();
    } else {
        m_poll.stop();
        m_hint.stop();
        delete m_watcher;
        m_watcher = nullptr;
        m_watchedPath.clear();
    }
    emit activeChanged(active);
}

void FileFollower::setPollInterval(int ms)
{
    m_poll.setInterval(qMax(1, ms));
}

void FileFollower::scheduleCheck()
{
    if (!m_hint.isActive())
        m_hint.start();
}

void FileFollower::watchPath()
{
    if (!m_watcher || !m_document)
        return;
    const QString path = m_document->path();
    // The watcher drops a file that was renamed or deleted, and a recreated file is a new one:
    // watch again after every event. The folder's watch sees the path come back.
    const QStringList files = m_watcher->files();
    if (!files.isEmpty())
        m_watcher->removePaths(files);
    const QStringList folders = m_watcher->directories();
    if (!folders.isEmpty())
        m_watcher->removePaths(folders);
    m_watchedPath = path;
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path))
        m_watcher->addPath(path);
    const QString folder = QFileInfo(path).absolutePath();
    if (QFileInfo(folder).isDir())
        m_watcher->addPath(folder);
}

QByteArray FileFollower::digestOfMapped(qint64 size) const
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    const qint64 headLength = qMin(size, kDigestBytes);
    const qint64 tailStart = qMax<qint64>(0, size - kDigestBytes);
    const std::optional<QByteArray> head = m_document->readBytes(0, headLength);
    const std::optional<QByteArray> tail = m_document->readBytes(tailStart, size - tailStart);
    if (!head || !tail)
        return "unreadable"_ba; // the mapped bytes faulted: they are no longer in the file
    hash.addData(*head);
    hash.addData(*tail);
    return hash.result();
}

void FileFollower::takeBaseline()
{
    m_baseline = {};
    if (!m_document || m_document->state() != Document::State::Open)
        return;
    m_baseline.identity = m_document->file().identity();
    m_baseline.identity.size = m_document->size();
    m_baseline.digest = digestOfMapped(m_baseline.identity.size);
    m_baseline.valid = true;
}

std::optional<FileFollower::Event> FileFollower::classify(const FileIdentity &atPath)
{
    if (atPath.size < 0) {
        if (m_gone || m_document->state() != Document::State::Open)
            return std::nullopt;
        return Event::Deleted;
    }
    if (m_gone || m_document->state() != Document::State::Open) {
        if (!m_gone && m_unopenable && *m_unopenable == atPath)
            return std::nullopt; // still what could not be opened
        return Event::Replaced; // the path came back, or the document lost its file: open it anew
    }
    m_unopenable.reset();

    const FileIdentity mapped = m_document->file().identity();
    const qint64 mappedSize = m_document->size();
    if (m_ownWrite) {
        if (atPath == *m_ownWrite) {
            if (atPath.isSameFile(mapped) && atPath.size == mappedSize && m_baseline.identity != atPath)
                takeBaseline(); // ours, and the document already shows it
            return std::nullopt;
        }
        m_ownWrite.reset(); // changed again since: not by us
    }
    if (!m_baseline.valid || !m_baseline.identity.isSameFile(mapped) || m_baseline.identity.size != mappedSize)
        takeBaseline(); // the document changed since we looked (our own append, a reload)
    if (!atPath.isSameFile(mapped))
        return Event::Replaced;
    if (atPath.size < mappedSize)
        return Event::Truncated;
    const bool indexFailed =
        m_document->lineIndex() && m_document->lineIndex()->status() == LineIndex::Status::Failed;
    if (indexFailed)
        return Event::Rewritten; // it shrank under the indexer and is at least as large again
    if (atPath.size > mappedSize)
        return digestOfMapped(mappedSize) == m_baseline.digest ? Event::Grew : Event::Rewritten;
    if (atPath.modifiedNs != m_baseline.identity.modifiedNs) {
        if (digestOfMapped(mappedSize) != m_baseline.digest)
            return Event::Rewritten;
        m_baseline.identity.modifiedNs = atPath.modifiedNs; // touched, same bytes
    }
    return std::nullopt;
}

void FileFollower::handle(Event event)
{
    switch (event) {
    case Event::Deleted:
        m_gone = true;
        break;
    case Event::Grew:
        switch (m_document->refresh()) {
        case MappedFile::Change::Grown:
            break;
        case MappedFile::Change::Unchanged:
            return; // could not map the larger file yet; the next check tries again
        case MappedFile::Change::Shrunk:
            event = Event::Truncated; // changed again since our stat (refresh reloaded it)
            break;
        case MappedFile::Change::Replaced:
            event = Event::Replaced;
            break;
        case MappedFile::Change::Vanished:
            event = Event::Deleted;
            m_gone = true;
            break;
        }
        break;
    case Event::Truncated:
    case Event::Replaced:
    case Event::Rewritten:
        emit aboutToReload(event);
        m_gone = false;
        m_document->reload();
        if (m_document->state() != Document::State::Open && !QFileInfo::exists(m_document->path())) {
            event = Event::Deleted;
            m_gone = true;
        } else if (m_document->state() != Document::State::Open) {
            m_unopenable = MappedFile::identityOf(m_document->path());
        }
        break;
    }
    takeBaseline();
    if (event != Event::Deleted)
        watchPath();
    emit changed(event);
}

std::optional<FileFollower::Event> FileFollower::checkNow()
{
    if (m_checking || m_ownWriteRunning || !m_document || m_document->path().isEmpty())
        return std::nullopt;
    // A decoded copy (a compressed or unsized file) is not followed: its path names the source,
    // never the mapped copy, which would read as a replacement and reload it at every check.
    if (!m_document->decodedPath().isEmpty())
        return std::nullopt;
    m_checking = true;
    const FileIdentity atPath = MappedFile::identityOf(m_document->path());
    std::optional<Event> event = classify(atPath);
    if (event)
        handle(*event);
    m_checking = false;
    return event;
}
