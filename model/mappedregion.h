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

private:
    const uchar *m_data;
    qint64 m_size;
    void *m_nativeHandle; // Windows: the file-mapping object.
};
