#pragma once

#include "faultguard.h"
#include "fileidentity.h"
#include "mappedregion.h"

#include <QByteArray>
#include <QMutex>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

// Why a file could not be opened. Each has its own human message (MappedFile::errorString()).
enum class OpenError {
    None,
    NotFound,
    IsDirectory,
    NotRegularFile, // FIFO, socket, device
    PermissionDenied,
    MapFailed,
    OtherError,
};

// A read-only mapping of a whole regular file, with 64-bit offsets throughout.
//
// Readers take a region() snapshot and keep it for as long as they read; refresh() maps the
// grown file anew and publishes the new region, while older snapshots stay valid until their
// last holder lets go. An empty file opens fine with an empty region and is mapped once it grows.
//
// Reads of the mapped bytes must go through read() or withBytes(), which are guarded by
// FaultGuard: if the file was truncated under us they fail instead of crashing.
//
// Thread-safety: open() and refresh() from one (owner) thread; region(), size(), read(),
// withBytes() and identity() from any thread.
class MappedFile {
public:
    enum class Change {
        Unchanged,
        Grown,     // same file, larger: the new region covers the new bytes
        Shrunk,    // same file, smaller: the data under the old region changed; reopen
        Replaced,  // the path now names another file; reopen
        Vanished,  // the path no longer names a file
    };

    MappedFile() = default;
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    // Closes any previous file first. On failure isOpen() is false and errorString() explains.
    OpenError open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    OpenError error() const { return m_error; }
    QString errorString() const { return m_errorString; }

    // Re-examines the file; when it has grown, maps it anew (O(1) plus the kernel's work).
    // Shrinking is reported, not followed: the caller decides (Document reopens).
    Change refresh();

    std::shared_ptr<const MappedRegion> region() const;
    qint64 size() const;
    FileIdentity identity() const;
    // Identity of whatever `path` names now (size -1 if it cannot be examined).
    static FileIdentity identityOf(const QString &path);

    // Copies [offset, offset + len) clipped to the mapped size; nullopt when the range faults
    // (the file was truncated). O(len).
    std::optional<QByteArray> read(qint64 byteOffset, qint64 len) const;

    // Gives back the mapped pages this process touched (they stay in the page cache), except
    // kKeptAroundRead bytes around the latest read() / withBytes(), which is where the view is.
    // Random reads (scrolling, jumps, lookups) would otherwise accumulate in the resident set up
    // to the file's size. O(mapped pages); call it now and then, from any thread.
    void releaseResident() const;
    static constexpr qint64 kKeptAroundRead = 4 << 20;

    // Calls fn(const uchar *data, qint64 len) on the raw mapped bytes of [offset, offset + len)
    // clipped to the mapped size, under FaultGuard (see its contract on what fn may hold).
    // Returns false when the range faulted.
    template <typename F>
    bool withBytes(qint64 byteOffset, qint64 len, F &&fn) const
    {
        const std::shared_ptr<const MappedRegion> snapshot = region();
        if (!snapshot || byteOffset < 0 || byteOffset >= snapshot->size())
            return true;
        const qint64 clipped = qMin(len, snapshot->size() - byteOffset);
        const uchar *data = snapshot->data() + byteOffset;
        m_lastRead.store(byteOffset, std::memory_order_relaxed);
        return FaultGuard::run(data, clipped, [&] { fn(data, clipped); });
    }

private:
    OpenError fail(OpenError error, const QString &message);
    std::shared_ptr<const MappedRegion> mapNow(qint64 size, QString *why);
    FileIdentity identityOfHandle() const;

    QString m_path;
    OpenError m_error = OpenError::None;
    QString m_errorString;
#if defined(Q_OS_WIN)
    void *m_handle = nullptr;
#else
    int m_fd = -1;
#endif
    mutable QMutex m_mutex; // guards m_region and m_identity
    std::shared_ptr<const MappedRegion> m_region;
    FileIdentity m_identity;
    mutable std::atomic<qint64> m_lastRead{0};
};
