#include "mappedregion.h"

#if defined(Q_OS_WIN)
#include <windows.h>
#else
#include <sys/mman.h>
#endif

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
