#pragma once

#include <QtGlobal>

// Vectorised scans for '\n' (byte 0x0A, or the UTF-16 code unit U+000A) over raw bytes. The best
// variant for the CPU is chosen once, at run time (AVX2 or SSE2 on x86-64, portable elsewhere);
// results are identical. None reads outside [data, data + len). Callers reading mapped memory wrap these in FaultGuard.
namespace NewlineScan {

// Number of '\n' bytes in [data, data + len). O(len).
qint64 count(const uchar *data, qint64 len);

// Offset of the n-th '\n' (n >= 1) in [data, data + len), or -1 if there are fewer. O(offset).
qint64 findNth(const uchar *data, qint64 len, qint64 n);

// The same for UTF-16 text, where a line ends at the code unit U+000A, not at any 0x0A byte:
// `data` starts at a code unit's first byte; an odd last byte is not a unit and never matches.
// Offsets are in bytes (the first byte of the unit). Separate and simpler than the byte scans
// (SSE2, or AVX2 for count); the byte scans keep their speed.
enum class ByteOrder { LittleEndian, BigEndian };
qint64 countUtf16(const uchar *data, qint64 len, ByteOrder order);
qint64 findNthUtf16(const uchar *data, qint64 len, qint64 n, ByteOrder order);

// Name of the variant in use ("avx2", "sse2", "portable"), for benchmarks.
const char *variantName();

} // namespace NewlineScan
