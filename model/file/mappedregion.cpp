#include "mappedregion.h"

#if defined(Q_OS_WIN)
#include <windows.h>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace {

#if !defined(Q_OS_WIN)
enum class Advice { Populate, Prefetch, Release };

// madvise() over [offset, offset + len) rounded out to whole pages and clipped to the region.
void advise(const uchar *data, qint64 size, qint64 offset, qint64 len, Advice advice)
{
    if (!data || len <= 0 || offset >= size || offset + len <= 0)
        return;
    static const qint64 pageSize = sysconf(_SC_PAGESIZE);
    const qint64 begin = qMax<qint64>(offset, 0) / pageSize * pageSize;
    const qint64 end = qMin(offset + len, size);
    void *start = const_cast<uchar *>(data) + begin;
    const auto length = static_cast<size_t>(end - begin);
    switch (advice) {
    case Advice::Populate:
#if defined(MADV_POPULATE_READ)
        if (madvise(start, length, MADV_POPULATE_READ) == 0)
            break;
#endif
        madvise(start, length, MADV_WILLNEED);
        break;
    case Advice::Prefetch:
        madvise(start, length, MADV_WILLNEED);
        break;
    case Advice::Release:
        madvise(start, length, MADV_DONTNEED); // a shared read-only file mapping: the page cache keeps them
        break;
    }
}
#endif

} // namespace

MappedRegion::MappedRegion(const uchar *data, qint64 size, void *nativeHandle)
    : m_data(data)
    , m_size(data ? size : 0)
    , m_nativeHandle(nativeHandle)
{
}

MappedRegion::~MappedRegion()
{
#if defined(Q_OS_WIN)
    if (m_data)
        UnmapViewOfFile(m_data);
    if (m_nativeHandle)
        CloseHandle(m_nativeHandle);
#else
    if (m_data)
        munmap(const_cast<uchar *>(m_data), static_cast<size_t>(m_size));
#endif
}

#if defined(Q_OS_WIN)

namespace {

enum class WindowsAdvice { Prefetch, Release };

qint64 windowsPageSize()
{
    static const qint64 size = [] {
        SYSTEM_INFO info;
        GetSystemInfo(&info);
        return qint64(info.dwPageSize);
    }();
    return size;
}

// [offset, offset + len) rounded out to whole pages and clipped to the region. Prefetching asks
// the memory manager to read the pages in (PrefetchVirtualMemory, asynchronous); releasing takes
// them out of the working set (VirtualUnlock of pages that are not locked does exactly that; a
// shared read-only view's pages stay in the standby list, as the page cache keeps them on Unix).
void adviseWindows(const uchar *data, qint64 size, qint64 offset, qint64 len, WindowsAdvice advice)
{
    if (!data || len <= 0 || offset >= size || offset + len <= 0)
        return;
    const qint64 pageSize = windowsPageSize();
    const qint64 begin = qMax<qint64>(offset, 0) / pageSize * pageSize;
    const qint64 end = qMin(offset + len, size);
    void *start = const_cast<uchar *>(data) + begin;
    const auto length = static_cast<SIZE_T>(end - begin);
    switch (advice) {
    case WindowsAdvice::Prefetch: {
        WIN32_MEMORY_RANGE_ENTRY range{start, length};
        PrefetchVirtualMemory(GetCurrentProcess(), 1, &range, 0);
        break;
    }
    case WindowsAdvice::Release:
        VirtualUnlock(start, length); // "not locked" is its answer, and the pages leave the working set
        break;
    }
}

} // namespace

void MappedRegion::populate(qint64 offset, qint64 len) const
{
    // No synchronous form on Windows: the guarded read that follows faults in what is not there yet.
    adviseWindows(m_data, m_size, offset, len, WindowsAdvice::Prefetch);
}

void MappedRegion::prefetch(qint64 offset, qint64 len) const
{
    adviseWindows(m_data, m_size, offset, len, WindowsAdvice::Prefetch);
}

void MappedRegion::release(qint64 offset, qint64 len) const
{
    adviseWindows(m_data, m_size, offset, len, WindowsAdvice::Release);
}

void MappedRegion::releaseExcept(qint64 keepOffset, qint64 keepLen) const
{
    if (keepLen <= 0) {
        adviseWindows(m_data, m_size, 0, m_size, WindowsAdvice::Release);
        return;
    }
    const qint64 pageSize = windowsPageSize();
    const qint64 keepBegin = qMax<qint64>(keepOffset, 0) / pageSize * pageSize;
    const qint64 keepEnd = qMin(m_size, (keepOffset + keepLen + pageSize - 1) / pageSize * pageSize);
    adviseWindows(m_data, m_size, 0, keepBegin, WindowsAdvice::Release);
    adviseWindows(m_data, m_size, keepEnd, m_size - keepEnd, WindowsAdvice::Release);
}

#else

void MappedRegion::populate(qint64 offset, qint64 len) const
{
    advise(m_data, m_size, offset, len, Advice::Populate);
}

void MappedRegion::prefetch(qint64 offset, qint64 len) const
{
    advise(m_data, m_size, offset, len, Advice::Prefetch);
}

void MappedRegion::release(qint64 offset, qint64 len) const
{
    advise(m_data, m_size, offset, len, Advice::Release);
}

void MappedRegion::releaseExcept(qint64 keepOffset, qint64 keepLen) const
{
    if (keepLen <= 0) {
        advise(m_data, m_size, 0, m_size, Advice::Release);
        return;
    }
    static const qint64 pageSize = sysconf(_SC_PAGESIZE);
    // Whole pages only, so no page of the kept range is released.
    const qint64 keepBegin = qMax<qint64>(keepOffset, 0) / pageSize * pageSize;
    const qint64 keepEnd = qMin(m_size, (keepOffset + keepLen + pageSize - 1) / pageSize * pageSize);
    advise(m_data, m_size, 0, keepBegin, Advice::Release);
    advise(m_data, m_size, keepEnd, m_size - keepEnd, Advice::Release);
}

#endif
