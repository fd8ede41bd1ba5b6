#include "document.h"

#include "decompressor.h"
#include "editjournal.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>

namespace {

constexpr int kReleaseIntervalMs = 2000;
constexpr qint64 kFirstScreenBytes = 1 << 20; // decoded before open() returns

} // namespace

Document::Document(QObject *parent)
    : QObject(parent)
{
    m_releaseTimer.setInterval(kReleaseIntervalMs);
    connect(&m_releaseTimer, &QTimer::timeout, this, [this] { m_file.releaseResident(); });
}

Document::~Document()
{
    m_index.reset();
    discardDecoded();
}

bool Document::open(const QString &path)
{
    close();
    m_path = path;
    m_errorString.clear();
    m_recoveryMessage = EditJournal::recoverAtOpen(path);
    m_format = SourceFormat::detect(path);
    const OpenError error = m_format == SourceFormat::Kind::Plain ? m_file.open(path) : openDecoded(m_format);
    if (error != OpenError::None) {
        if (m_errorString.isEmpty())
            m_errorString = m_file.errorString();
        discardDecoded();
        m_state = State::Failed;
        emit failed(error, m_errorString);
        return false;
    }
    if (m_automaticEncoding)
        detectEncoding();
    m_encoding = encodingFor(m_file.read(0, 2).value_or(QByteArray()));
    m_index = std::make_unique<LineIndex>();
    connect(m_index.get(), &LineIndex::progress, this, &Document::onIndexProgress);
    connect(m_index.get(), &LineIndex::finished, this, &Document::onIndexFinished);
    m_index->start(m_file.region(), codeUnitOf(m_encoding));
    m_state = State::Open;
    m_releaseTimer.start();
    m_announcedLines = m_index->lineCount();
    emit opened();
    return true;
}

OpenError Document::openDecoded(SourceFormat::Kind format)
{
    const QString cacheDir = m_cacheDirectory.isEmpty() ? QDir::tempPath() : m_cacheDirectory;
    m_decoder = std::make_unique<Decompressor>();
    if (!m_decoder->start(m_path, format, Decompressor::cacheFileFor(cacheDir, m_path))) {
        m_errorString = m_decoder->errorString();
        return OpenError::OtherError;
    }
    m_decoding = true;
    connect(m_decoder.get(), &Decompressor::progress, this, [this](qint64 in, qint64 total, qint64 out) {
        refresh();
        emit decodeProgress(in, total, out);
    });
    connect(m_decoder.get(), &Decompressor::finished, this, &Document::onDecodeFinished);
    m_decoder->waitForOutput(kFirstScreenBytes);
    return m_file.open(m_decoder->target());
}

void Document::onDecodeFinished()
{
    if (!m_decoding || !m_decoder || m_decoder->isRunning())
        return;
    m_decoding = false;
    const MappedFile::Change change = refresh();
    const Decompressor::Status status = m_decoder->status();
    emit decodeFinished(status == Decompressor::Status::Complete, m_decoder->errorString());
    if (change != MappedFile::Change::Grown && m_index && m_index->status() != LineIndex::Status::Running)
        onIndexFinished(m_index->status());
}

void Document::discardDecoded()
{
    if (!m_decoder)
        return;
    m_decoder.reset(); // cancels and joins
    m_decoding = false;
    const QString cacheFile = m_file.path();
    m_file.close();
    QFile::remove(cacheFile);
}

QString Document::decodeError() const
{
    return m_decoder ? m_decoder->errorString() : QString();
}

QString Document::writeRefusal() const
{
    if (const QString refusal = editRefusal(); !refusal.isEmpty())
        return refusal;
    const QFileInfo info(m_path);
    if (!info.exists())
        return tr("%1 was deleted; what is shown is the last content read, and it cannot be edited.")
            .arg(info.fileName());
    if (QStorageInfo(info.absolutePath()).isReadOnly())
        return tr("%1 is on a read-only medium.").arg(info.fileName());
    if (!info.isWritable())
        return tr("%1 is read-only (no permission to write it).").arg(info.fileName());
    return QString();
}

QString Document::editRefusal() const
{
    const QString name = QFileInfo(m_path).fileName();
    switch (m_format) {
    case SourceFormat::Kind::Plain:
        return QString();
    case SourceFormat::Kind::Unsized:
        return tr("%1 is not a regular file on disk (it reports a size of 0 but has content, like the files in "
                  "/proc): Tome shows a copy read when it was opened, which cannot be edited.")
            .arg(name);
    default:
        return tr("%1 is compressed (%2): Tome shows its decompressed text, which cannot be edited in place. "
                  "To edit it, use File > Save Decompressed Copy As… and open the copy.")
            .arg(name, SourceFormat::name(m_format));
    }
}

bool Document::reload()
{
    const QString path = m_path;
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
        // A file that was too short to hold a byte order mark may have one now.
        if (m_index->totalBytes() >= 2 || !settleEncoding())
            m_index->extend(m_file.region());
        emit sizeChanged(m_file.size());
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

void Document::setAutomaticEncoding()
{
    m_automaticEncoding = true;
    if (m_state != State::Open)
        return;
    detectEncoding();
    settleEncoding();
}

void Document::detectEncoding()
{
    if (const std::shared_ptr<const MappedRegion> region = m_file.region()) {
        for (const auto &[offset, length] : EncodingDetector::samplePieces(m_file.size()))
            region->prefetch(offset, length);
    }
    m_detection = EncodingDetector::detect(m_file.size(), [this](qint64 offset, qint64 length) {
        return m_file.read(offset, length);
    });
}

void Document::setEncoding(LineDecoder::Encoding encoding)
{
    m_automaticEncoding = false;
    m_requestedEncoding = encoding;
    if (m_state != State::Open) {
        m_encoding = encoding;
        return;
    }
    settleEncoding();
}

bool Document::settleEncoding()
{
    const LineDecoder::Encoding effective = encodingFor(m_file.read(0, 2).value_or(QByteArray()));
    if (effective == m_encoding)
        return false;
    const bool reindex = codeUnitOf(effective) != codeUnitOf(m_encoding);
    m_encoding = effective;
    if (reindex) {
        m_index->start(m_file.region(), codeUnitOf(m_encoding));
        m_announcedLines = m_index->lineCount();
        emit linesReset();
    }
    emit encodingChanged(m_encoding);
    return reindex;
}

LineDecoder::Encoding Document::encodingFor(QByteArrayView fileStart) const
{
    const LineDecoder::Encoding marked = LineDecoder::detectEncoding(fileStart);
    if (marked == LineDecoder::Encoding::Utf16LE || marked == LineDecoder::Encoding::Utf16BE)
        return marked;
    if (m_automaticEncoding && m_detection)
        return m_detection->encoding;
    return m_requestedEncoding;
}

LineIndex::CodeUnit Document::codeUnitOf(LineDecoder::Encoding encoding)
{
    switch (encoding) {
    case LineDecoder::Encoding::Utf16LE:
        return LineIndex::CodeUnit::Utf16LE;
    case LineDecoder::Encoding::Utf16BE:
        return LineIndex::CodeUnit::Utf16BE;
    case LineDecoder::Encoding::Utf8:
    case LineDecoder::Encoding::Latin1:
    case LineDecoder::Encoding::Codec:
        break;
    }
    return LineIndex::CodeUnit::Byte;
}

void Document::close()
{
    const bool wasClosed = m_state == State::Closed;
    m_releaseTimer.stop();
    m_index.reset(); // cancels and joins its workers before the mapping goes
    discardDecoded();
    m_file.close();
    m_format = SourceFormat::Kind::Plain;
    m_state = State::Closed;
    m_encoding = m_requestedEncoding;
    m_detection.reset();
    m_announcedLines = -1;
    if (!wasClosed)
        emit closed();
}

LineIndex::Status Document::waitForIndex()
{
    if (m_decoder && m_decoding) {
        m_decoder->waitForFinished();
        onDecodeFinished();
    }
    return m_index ? m_index->waitForFinished() : LineIndex::Status::Idle;
}

qint64 Document::lineCount() const
{
    return m_index ? m_index->lineCount() : 0;
}

bool Document::isIndexComplete() const
{
    return m_index && m_index->isComplete() && !m_decoding;
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
    if (m_decoding && status == LineIndex::Status::Complete)
        return; // caught up with the decoder, which goes on
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
