#include "document.h"

#include "editjournal.h"

Document::Document(QObject *parent)
    : QObject(parent)
{
}

Document::~Document() = default;

bool Document::open(const QString &path)
{
    close();
    m_recoveryMessage = EditJournal::recoverAtOpen(path);
    const OpenError error = m_file.open(path);
    if (error != OpenError::None) {
        m_state = State::Failed;
        emit failed(error, m_file.errorString());
        return false;
    }
    m_index = std::make_unique<LineIndex>();
    connect(m_index.get(), &LineIndex::progress, this, &Document::onIndexProgress);
    connect(m_index.get(), &LineIndex::finished, this, &Document::onIndexFinished);
    m_index->start(m_file.region());
    m_state = State::Open;
    m_announcedLines = m_index->lineCount();
    emit opened();
    return true;
}

bool Document::reload()
{
    const QString path = m_file.path();
    if (path.isEmpty())
        return false;
    return open(path);
}

MappedFile::Change Document::refresh()
{
    if (m_state != State::Open)
        return MappedFile::Change::Unchanged;
    const MappedFile::Change change = m_file.refresh();
    switch (change) {
    case MappedFile::Change::Grown:
        m_index->extend(m_file.region());
        break;
    case MappedFile::Change::Shrunk:
    case MappedFile::Change::Replaced:
    case MappedFile::Change::Vanished:
        reload();
        break;
    case MappedFile::Change::Unchanged:
        break;
    }
    return change;
}

void Document::close()
{
    const bool wasClosed = m_state == State::Closed;
    m_index.reset(); // cancels and joins its workers before the mapping goes
    m_file.close();
    m_state = State::Closed;
    m_announcedLines = -1;
    if (!wasClosed)
        emit closed();
}

LineIndex::Status Document::waitForIndex()
{
    return m_index ? m_index->waitForFinished() : LineIndex::Status::Idle;
}

qint64 Document::lineCount() const
{
    return m_index ? m_index->lineCount() : 0;
}

bool Document::isIndexComplete() const
{
    return m_index && m_index->isComplete();
}

std::optional<LineSpan> Document::lineSpan(qint64 lineNumber) const
{
    return m_index ? m_index->lineSpan(lineNumber) : std::nullopt;
}

std::optional<qint64> Document::lineNumberAt(qint64 byteOffset) const
{
    return m_index ? m_index->lineNumberAt(byteOffset) : std::nullopt;
}

std::optional<QByteArray> Document::readBytes(qint64 byteOffset, qint64 len) const
{
    return m_file.read(byteOffset, len);
}

void Document::onIndexProgress(qint64 indexedBytes, qint64 totalBytes, qint64 lines)
{
    Q_UNUSED(lines);
    emit indexProgress(indexedBytes, totalBytes);
    announceLineCount();
}

void Document::onIndexFinished(LineIndex::Status status)
{
    announceLineCount();
    emit indexFinished(status);
}

void Document::announceLineCount()
{
    const qint64 lines = lineCount();
    if (lines != m_announcedLines) {
        m_announcedLines = lines;
        emit lineCountChanged(lines);
    }
}
