#pragma once

#include <QtGlobal>

// Vectorised scans for '\n' (byte 0x0A) over raw bytes. The best variant for the CPU is chosen
// once, at run time (AVX2 or SSE2 on x86-64, portable elsewhere); results are identical.
// Neither reads outside [data, data + len). Callers reading mapped memory wrap these in FaultGuard.
namespace NewlineScan {

// Number of '\n' bytes in [data, data + len). O(len).
qint64 count(const uchar *data, qint64 len);

// Offset of the n-th '\n' (n >= 1) in [data, data + len), or -1 if there are fewer. O(offset).
qint64 findNth(const uchar *data, qint64 len, qint64 n);

// Name of the variant in use ("avx2", "sse2", "portable"), for benchmarks.
const char *variantName();

} // namespace NewlineScan
