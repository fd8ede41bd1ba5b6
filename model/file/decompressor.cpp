#include "decompressor.h"

#include "streamdecoder.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>

#include <vector>

#if defined(Q_OS_UNIX)
#include <cerrno>
#include <csignal>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kProgressIntervalMs = 100;

QString sizeText(qint64 bytes)
{
    return QCoreApplication::translate("Decompressor", "%L1 bytes").arg(bytes);
}

qint64 currentProcessId()
{
    return QCoreApplication::applicationPid();
}

// Whether the process `pid` may still run (and so may still use its cache files).
bool processMayRun(qint64 pid)
{
    if (pid == currentProcessId())
        return true;
#if defined(Q_OS_UNIX)
    return !(::kill(pid_t(pid), 0) != 0 && errno == ESRCH);
#else
    return false; // Windows: a file still open by its process refuses to be removed
#endif
}

} // namespace

Decompressor::Decompressor(QObject *parent)
    : QObject(parent)
{
}

Decompressor::~Decompressor()
{
    m_cancel = true;
    if (m_worker.joinable())
        m_worker.join();
}

QString Decompressor::cacheFileFor(const QString &cacheDir, const QString &sourcePath)
{
    static std::atomic<int> counter{0};
    QDir().mkpath(cacheDir);
    QString name = QFileInfo(sourcePath).fileName();
    static const QRegularExpression suffix(u"\\.(gz|tgz|bz2|xz|zst|zstd)$"_s, QRegularExpression::CaseInsensitiveOption);
    name.remove(suffix);
    if (name.isEmpty())
        name = u"text"_s;
    return QDir(cacheDir).filePath(u"tome-%1-%2-%3"_s.arg(currentProcessId()).arg(++counter).arg(name));
}

void Decompressor::removeStaleCacheFiles(const QString &cacheDir)
{
    static const QRegularExpression pattern(u"^tome-(\\d+)-\\d+-"_s);
    const QDir dir(cacheDir);
    const QStringList names = dir.entryList({u"tome-*"_s}, QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        const QRegularExpressionMatch match = pattern.match(name);
        if (match.hasMatch() && !processMayRun(match.captured(1).toLongLong()))
            QFile::remove(dir.filePath(name));
    }
}

bool Decompressor::start(const QString &source, SourceFormat::Kind kind, const QString &target)
{
    m_source = source;
    m_target = target;
    m_kind = kind;
    m_in.setFileName(source);
    if (!m_in.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        m_error = tr("Cannot read %1: %2").arg(QFileInfo(source).absoluteFilePath(), m_in.errorString());
        m_status = Status::Failed;
        return false;
    }
    m_out.setFileName(target);
    if (!m_out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        m_error = tr("Cannot create the decompressed copy %1: %2").arg(target, m_out.errorString());
        m_in.close();
        m_status = Status::Failed;
        return false;
    }
    m_inputSize = m_in.size();
    m_status = Status::Running;
    m_worker = std::thread([this] { work(); });
    return true;
}

void Decompressor::cancel()
{
    m_cancel = true;
}

qint64 Decompressor::waitForOutput(qint64 bytes)
{
    QMutexLocker lock(&m_mutex);
    while (m_status.load() == Status::Running && m_outputBytes.load() < bytes)
        m_outputChanged.wait(&m_mutex);
    return m_outputBytes.load();
}

Decompressor::Status Decompressor::waitForFinished()
{
    if (m_worker.joinable())
        m_worker.join();
    return status();
}

QString Decompressor::errorString() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

bool Decompressor::writeOut(const uchar *data, qint64 len)
{
    while (len > 0) {
        const qint64 written = m_out.write(reinterpret_cast<const char *>(data), len);
        if (written <= 0)
            return false;
        data += written;
        len -= written;
        {
            QMutexLocker lock(&m_mutex);
            m_outputBytes += written;
        }
        m_outputChanged.wakeAll();
    }
    return true;
}

void Decompressor::work()
{
    const std::unique_ptr<StreamDecoder> decoder = StreamDecoder::create(m_kind);
    std::vector<uchar> input(static_cast<size_t>(kBufferSize));
    std::vector<uchar> output(static_cast<size_t>(kBufferSize));
    StreamDecoder::Buffers b;
    b.out = output.data();
    b.outLeft = kBufferSize;
    bool inputEnded = false;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    const auto flush = [&] {
        const qint64 produced = kBufferSize - b.outLeft;
        b.out = output.data();
        b.outLeft = kBufferSize;
        return writeOut(output.data(), produced);
    };
    const auto stoppedAt = [&] { return m_inputBytes.load() - b.inLeft; };
    for (;;) {
        if (m_cancel) {
            end(Status::Cancelled, QString());
            return;
        }
        if (b.inLeft == 0 && !inputEnded) {
            const qint64 n = m_in.read(reinterpret_cast<char *>(input.data()), kBufferSize);
            if (n < 0) {
                flush();
                end(Status::Failed, tr("Reading %1 failed after %2: %3")
                                        .arg(QFileInfo(m_source).fileName(), sizeText(m_inputBytes.load()),
                                             m_in.errorString()));
                return;
            }
            inputEnded = n == 0;
            b.in = input.data();
            b.inLeft = n;
            m_inputBytes += n;
        }
        const StreamDecoder::Step step = decoder->decode(b, inputEnded);
        const bool ends = step == StreamDecoder::Step::End || step == StreamDecoder::Step::Truncated
                          || step == StreamDecoder::Step::Corrupt;
        if (b.outLeft == 0 || ends) {
            if (!flush()) {
                end(Status::Failed, tr("Writing the decompressed copy of %1 failed after %2 (is the disk full?): %3")
                                        .arg(QFileInfo(m_source).fileName(), sizeText(m_outputBytes.load()),
                                             m_out.errorString()));
                return;
            }
        }
        if (step == StreamDecoder::Step::End) {
            end(Status::Complete, QString());
            return;
        }
        if (step == StreamDecoder::Step::Truncated) {
            end(Status::Truncated,
                tr("%1 ends in the middle of its %2 data (truncated after %3 of compressed data): "
                   "the first %4 of text are shown.")
                    .arg(QFileInfo(m_source).fileName(), SourceFormat::name(m_kind), sizeText(stoppedAt()),
                         sizeText(m_outputBytes.load())));
            return;
        }
        if (step == StreamDecoder::Step::Corrupt) {
            end(Status::Corrupt,
                tr("%1 is damaged at compressed byte %L2 (%3): the first %4 of text, decompressed before that "
                   "point, are shown.")
                    .arg(QFileInfo(m_source).fileName())
                    .arg(stoppedAt())
                    .arg(decoder->errorString(), sizeText(m_outputBytes.load())));
            return;
        }
        if (sinceProgress.elapsed() >= kProgressIntervalMs) {
            sinceProgress.restart();
            postProgress();
        }
    }
}

void Decompressor::postProgress()
{
    QMetaObject::invokeMethod(
        this, [this] { emit progress(m_inputBytes.load(), m_inputSize, m_outputBytes.load()); }, Qt::QueuedConnection);
}

void Decompressor::end(Status status, const QString &message)
{
    m_out.close();
    m_in.close();
    {
        QMutexLocker lock(&m_mutex);
        m_error = message;
        m_status = status;
    }
    m_outputChanged.wakeAll();
    postProgress();
    QMetaObject::invokeMethod(this, [this, status, message] { emit finished(status, message); }, Qt::QueuedConnection);
}
