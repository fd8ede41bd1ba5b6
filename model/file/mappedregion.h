#pragma once

#include <QtGlobal>

// One read-only mapping of a file's first size() bytes. Immutable; shared as
// std::shared_ptr<const MappedRegion> snapshots, and unmapped when the last snapshot goes.
// The bytes may vanish under you if another program truncates the file: read them only through
// FaultGuard (MappedFile::read / withBytes do). An empty region has data() == nullptr.
// Thread-safety: immutable, so any thread may read it.
class MappedRegion {
public:
    // Takes ownership of a mapping made by MappedFile (unmapped in the destructor).
    MappedRegion(const uchar *data, qint64 size, void *nativeHandle = nullptr);
    ~MappedRegion();
    MappedRegion(const MappedRegion &) = delete;
    MappedRegion &operator=(const MappedRegion &) = delete;

    const uchar *data() const { return m_data; }
    qint64 size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    // Hints about how the bytes of [offset, offset + len) will be used, rounded out to whole
    // pages and clipped to the region. They never change what the bytes read, never fault (a
    // truncated file surfaces in the guarded read that follows) and may be called from any
    // thread, also while others read the same range. Scans populate() what they are about to
    // read and release() what they have passed, which keeps the process's resident set bounded
    // whatever the file size: a released page leaves this process's resident set but stays in
    // the page cache, so touching it again costs a minor fault, not a disk read. On platforms
    // without these calls they do nothing.
    void populate(qint64 offset, qint64 len) const; // maps the pages now (blocks until read)
    void prefetch(qint64 offset, qint64 len) const; // starts reading them ahead, returns at once
    void release(qint64 offset, qint64 len) const;
    // Releases the whole region except [keepOffset, keepOffset + keepLen) (keepLen may be 0).
    void releaseExcept(qint64 keepOffset, qint64 keepLen) const;

private:
    const uchar *m_data;
    qint64 m_size;
    void *m_nativeHandle; // Windows: the file-mapping object.
};
