#pragma once

#include "sourceformat.h"

#include <QFile>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QWaitCondition>

#include <atomic>
#include <memory>
#include <thread>

// Decompresses a compressed file (or copies a file that reports no size, see SourceFormat) into
// a cache file, in the background, so that the cache file can be mapped and indexed while it
// grows. Output goes out a megabyte at a time.
//
// A corrupt or truncated input keeps what was decompressed before the damage; errorString() says
// where it stopped. The cache file is the caller's to remove (see removeStaleCacheFiles for what
// a crash left).
//
// Signals are emitted on the owner thread (queued from the worker), progress at most every
// ~100 ms. Thread-safety: start(), cancel(), waitForFinished() and the destructor from the owner
// thread; the queries and waitForOutput() from any thread.
class Decompressor : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Idle,
        Running,
        Complete,
        Truncated, // the input ended in the middle of the stream
        Corrupt,   // the input is damaged, or is not of its format past some point
        Failed,    // reading the input or writing the cache file failed
        Cancelled,
    };
    Q_ENUM(Status)

    static constexpr qint64 kBufferSize = 1 << 20;

    explicit Decompressor(QObject *parent = nullptr);
    ~Decompressor() override; // cancels and joins

    // A new cache file name in `cacheDir` for `sourcePath` (the folder is made if needed; the
    // file is not). Names carry this process's id, for removeStaleCacheFiles().
    static QString cacheFileFor(const QString &cacheDir, const QString &sourcePath);
    // Removes the cache files in `cacheDir` left by processes that no longer run. Call at start.
    static void removeStaleCacheFiles(const QString &cacheDir);

    // Creates `target` and starts writing the decoded bytes of `source` into it. False (with
    // errorString()) if either cannot be opened; nothing runs then.
    bool start(const QString &source, SourceFormat::Kind kind, const QString &target);
    void cancel();
    // Blocks until `bytes` are in the cache file or the run has ended; returns the bytes out.
    // Bounded by the time to decode `bytes`, not by the file's size.
    qint64 waitForOutput(qint64 bytes);
    // Blocks until the run has ended. For tools and tests, never the GUI thread.
    Status waitForFinished();

    Status status() const { return m_status.load(); }
    bool isRunning() const { return status() == Status::Running; }
    qint64 inputBytes() const { return m_inputBytes.load(); }
    qint64 inputSize() const { return m_inputSize; }
    qint64 outputBytes() const { return m_outputBytes.load(); }
    QString target() const { return m_target; }
    // Empty while running and after Complete; otherwise what went wrong and where, for the user.
    QString errorString() const;

signals:
    void progress(qint64 inputBytes, qint64 inputSize, qint64 outputBytes);
    void finished(Decompressor::Status status, const QString &message);

private:
    void work();
    void end(Status status, const QString &message);
    bool writeOut(const uchar *data, qint64 len);
    void postProgress();

    QString m_source;
    QString m_target;
    SourceFormat::Kind m_kind = SourceFormat::Kind::Plain;
    QFile m_in;  // worker thread only, once started
    QFile m_out; // worker thread only, once started
    qint64 m_inputSize = 0;
    std::atomic<Status> m_status{Status::Idle};
    std::atomic<qint64> m_inputBytes{0};
    std::atomic<qint64> m_outputBytes{0};
    std::atomic<bool> m_cancel{false};
    mutable QMutex m_mutex; // guards m_error; with m_outputChanged for waitForOutput()
    QWaitCondition m_outputChanged;
    QString m_error;
    std::thread m_worker;
};
