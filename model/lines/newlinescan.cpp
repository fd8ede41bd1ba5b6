#include "newlinescan.h"

#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#define TOME_X86_64 1
#include <immintrin.h>
#endif

namespace {

qint64 countPortable(const uchar *data, qint64 len)
{
    qint64 total = 0;
    for (qint64 i = 0; i < len; ++i)
        total += data[i] == '\n';
    return total;
}

qint64 findNthPortable(const uchar *data, qint64 len, qint64 n)
{
    const uchar *p = data;
    const uchar *end = data + len;
    while (p < end) {
        const void *hit = std::memchr(p, '\n', static_cast<size_t>(end - p));
        if (!hit)
            return -1;
        p = static_cast<const uchar *>(hit);
        if (--n == 0)
            return p - data;
        ++p;
    }
    return -1;
}

// The U+000A code unit as a 16-bit load of its two bytes gives it on a little-endian CPU.
quint16 unitPattern(NewlineScan::ByteOrder order)
{
    const uchar bytes[2] = {uchar(order == NewlineScan::ByteOrder::LittleEndian ? 0x0A : 0x00),
                            uchar(order == NewlineScan::ByteOrder::LittleEndian ? 0x00 : 0x0A)};
    quint16 unit;
    std::memcpy(&unit, bytes, sizeof unit);
    return unit;
}

bool isNewlineUnit(const uchar *unit, NewlineScan::ByteOrder order)
{
    return order == NewlineScan::ByteOrder::LittleEndian ? unit[0] == 0x0A && unit[1] == 0x00
                                                         : unit[0] == 0x00 && unit[1] == 0x0A;
}

qint64 countUtf16Portable(const uchar *data, qint64 len, NewlineScan::ByteOrder order)
{
    qint64 total = 0;
    for (qint64 i = 0; i + 1 < len; i += 2)
        total += isNewlineUnit(data + i, order);
    return total;
}

qint64 findNthUtf16Portable(const uchar *data, qint64 len, qint64 n, NewlineScan::ByteOrder order)
{
    for (qint64 i = 0; i + 1 < len; i += 2) {
        if (isNewlineUnit(data + i, order) && --n == 0)
            return i;
    }
    return -1;
}

#if defined(TOME_X86_64)

// Each byte lane of an accumulator counts matches (cmpeq gives -1, subtracted) for at most 255
// rounds; then _mm_sad_epu8 folds the lanes into two 64-bit sums.
qint64 countSse2(const uchar *data, qint64 len)
{
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i zero = _mm_setzero_si128();
    __m128i total = zero;
    qint64 i = 0;
    while (len - i >= 64) {
        __m128i acc0 = zero, acc1 = zero, acc2 = zero, acc3 = zero;
        const qint64 rounds = qMin<qint64>((len - i) / 64, 255);
        for (qint64 r = 0; r < rounds; ++r, i += 64) {
            const auto *p = reinterpret_cast<const __m128i *>(data + i);
            acc0 = _mm_sub_epi8(acc0, _mm_cmpeq_epi8(_mm_loadu_si128(p), newline));
            acc1 = _mm_sub_epi8(acc1, _mm_cmpeq_epi8(_mm_loadu_si128(p + 1), newline));
            acc2 = _mm_sub_epi8(acc2, _mm_cmpeq_epi8(_mm_loadu_si128(p + 2), newline));
            acc3 = _mm_sub_epi8(acc3, _mm_cmpeq_epi8(_mm_loadu_si128(p + 3), newline));
        }
        total = _mm_add_epi64(total, _mm_sad_epu8(acc0, zero));
        total = _mm_add_epi64(total, _mm_sad_epu8(acc1, zero));
        total = _mm_add_epi64(total, _mm_sad_epu8(acc2, zero));
        total = _mm_add_epi64(total, _mm_sad_epu8(acc3, zero));
    }
    qint64 lanes[2];
    _mm_storeu_si128(reinterpret_cast<__m128i *>(lanes), total);
    return lanes[0] + lanes[1] + countPortable(data + i, len - i);
}

__attribute__((target("avx2"))) qint64 countAvx2(const uchar *data, qint64 len)
{
    const __m256i newline = _mm256_set1_epi8('\n');
    const __m256i zero = _mm256_setzero_si256();
    __m256i total = zero;
    qint64 i = 0;
    while (len - i >= 128) {
        __m256i acc0 = zero, acc1 = zero, acc2 = zero, acc3 = zero;
        const qint64 rounds = qMin<qint64>((len - i) / 128, 255);
        for (qint64 r = 0; r < rounds; ++r, i += 128) {
            const auto *p = reinterpret_cast<const __m256i *>(data + i);
            acc0 = _mm256_sub_epi8(acc0, _mm256_cmpeq_epi8(_mm256_loadu_si256(p), newline));
            acc1 = _mm256_sub_epi8(acc1, _mm256_cmpeq_epi8(_mm256_loadu_si256(p + 1), newline));
            acc2 = _mm256_sub_epi8(acc2, _mm256_cmpeq_epi8(_mm256_loadu_si256(p + 2), newline));
            acc3 = _mm256_sub_epi8(acc3, _mm256_cmpeq_epi8(_mm256_loadu_si256(p + 3), newline));
        }
        total = _mm256_add_epi64(total, _mm256_sad_epu8(acc0, zero));
        total = _mm256_add_epi64(total, _mm256_sad_epu8(acc1, zero));
        total = _mm256_add_epi64(total, _mm256_sad_epu8(acc2, zero));
        total = _mm256_add_epi64(total, _mm256_sad_epu8(acc3, zero));
    }
    qint64 lanes[4];
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(lanes), total);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] + countSse2(data + i, len - i);
}

int popcount32(unsigned v)
{
    return __builtin_popcount(v);
}

// Counts 64-byte blocks with movemask; locates the bit inside the block that holds the n-th.
qint64 findNthSse2(const uchar *data, qint64 len, qint64 n)
{
    const __m128i newline = _mm_set1_epi8('\n');
    qint64 i = 0;
    for (; len - i >= 16; i += 16) {
        unsigned mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i)), newline)));
        const int hits = popcount32(mask);
        if (hits < n) {
            n -= hits;
            continue;
        }
        while (--n > 0)
            mask &= mask - 1;
        return i + __builtin_ctz(mask);
    }
    const qint64 rest = findNthPortable(data + i, len - i, n);
    return rest < 0 ? -1 : i + rest;
}

__attribute__((target("avx2,popcnt"))) qint64 findNthAvx2(const uchar *data, qint64 len, qint64 n)
{
    const __m256i newline = _mm256_set1_epi8('\n');
    qint64 i = 0;
    for (; len - i >= 32; i += 32) {
        unsigned mask = static_cast<unsigned>(_mm256_movemask_epi8(
            _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(data + i)), newline)));
        const int hits = __builtin_popcount(mask);
        if (hits < n) {
            n -= hits;
            continue;
        }
        while (--n > 0)
            mask &= mask - 1;
        return i + __builtin_ctz(mask);
    }
    const qint64 rest = findNthSse2(data + i, len - i, n);
    return rest < 0 ? -1 : i + rest;
}

// UTF-16: 16-bit lanes count matches for at most 32767 rounds, then _mm_madd_epi16 folds them.
qint64 countUtf16Sse2(const uchar *data, qint64 len, NewlineScan::ByteOrder order)
{
    const __m128i newline = _mm_set1_epi16(static_cast<short>(unitPattern(order)));
    const __m128i ones = _mm_set1_epi16(1);
    qint64 total = 0;
    qint64 i = 0;
    while (len - i >= 32) {
        __m128i acc0 = _mm_setzero_si128(), acc1 = _mm_setzero_si128();
        const qint64 rounds = qMin<qint64>((len - i) / 32, 32767);
        for (qint64 r = 0; r < rounds; ++r, i += 32) {
            const auto *p = reinterpret_cast<const __m128i *>(data + i);
            acc0 = _mm_sub_epi16(acc0, _mm_cmpeq_epi16(_mm_loadu_si128(p), newline));
            acc1 = _mm_sub_epi16(acc1, _mm_cmpeq_epi16(_mm_loadu_si128(p + 1), newline));
        }
        qint32 lanes[4];
        _mm_storeu_si128(reinterpret_cast<__m128i *>(lanes),
                         _mm_add_epi32(_mm_madd_epi16(acc0, ones), _mm_madd_epi16(acc1, ones)));
        total += qint64(lanes[0]) + lanes[1] + lanes[2] + lanes[3];
    }
    return total + countUtf16Portable(data + i, len - i, order);
}

__attribute__((target("avx2"))) qint64 countUtf16Avx2(const uchar *data, qint64 len, NewlineScan::ByteOrder order)
{
    const __m256i newline = _mm256_set1_epi16(static_cast<short>(unitPattern(order)));
    const __m256i ones = _mm256_set1_epi16(1);
    qint64 total = 0;
    qint64 i = 0;
    while (len - i >= 64) {
        __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
        const qint64 rounds = qMin<qint64>((len - i) / 64, 32767);
        for (qint64 r = 0; r < rounds; ++r, i += 64) {
            const auto *p = reinterpret_cast<const __m256i *>(data + i);
            acc0 = _mm256_sub_epi16(acc0, _mm256_cmpeq_epi16(_mm256_loadu_si256(p), newline));
            acc1 = _mm256_sub_epi16(acc1, _mm256_cmpeq_epi16(_mm256_loadu_si256(p + 1), newline));
        }
        qint32 lanes[8];
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(lanes),
                            _mm256_add_epi32(_mm256_madd_epi16(acc0, ones), _mm256_madd_epi16(acc1, ones)));
        for (const qint32 lane : lanes)
            total += lane;
    }
    return total + countUtf16Sse2(data + i, len - i, order);
}

// A matching unit sets two adjacent mask bits; only the low one of each pair is kept.
qint64 findNthUtf16Sse2(const uchar *data, qint64 len, qint64 n, NewlineScan::ByteOrder order)
{
    const __m128i newline = _mm_set1_epi16(static_cast<short>(unitPattern(order)));
    qint64 i = 0;
    for (; len - i >= 16; i += 16) {
        unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
                            _mm_cmpeq_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i)), newline)))
            & 0x5555u;
        const int hits = popcount32(mask);
        if (hits < n) {
            n -= hits;
            continue;
        }
        while (--n > 0)
            mask &= mask - 1;
        return i + __builtin_ctz(mask);
    }
    const qint64 rest = findNthUtf16Portable(data + i, len - i, n, order);
    return rest < 0 ? -1 : i + rest;
}

#endif

struct Variant {
    qint64 (*count)(const uchar *, qint64);
    qint64 (*findNth)(const uchar *, qint64, qint64);
    qint64 (*countUtf16)(const uchar *, qint64, NewlineScan::ByteOrder);
    qint64 (*findNthUtf16)(const uchar *, qint64, qint64, NewlineScan::ByteOrder);
    const char *name;
};

Variant chooseVariant()
{
#if defined(TOME_X86_64)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
        return {countAvx2, findNthAvx2, countUtf16Avx2, findNthUtf16Sse2, "avx2"};
    return {countSse2, findNthSse2, countUtf16Sse2, findNthUtf16Sse2, "sse2"};
#else
    return {countPortable, findNthPortable, countUtf16Portable, findNthUtf16Portable, "portable"};
#endif
}

const Variant &variant()
{
    static const Variant chosen = chooseVariant();
    return chosen;
}

} // namespace

namespace NewlineScan {

qint64 count(const uchar *data, qint64 len)
{
    return len > 0 ? variant().count(data, len) : 0;
}

qint64 findNth(const uchar *data, qint64 len, qint64 n)
{
    if (len <= 0 || n <= 0)
        return -1;
    return variant().findNth(data, len, n);
}

qint64 countUtf16(const uchar *data, qint64 len, ByteOrder order)
{
    return len > 1 ? variant().countUtf16(data, len, order) : 0;
}

qint64 findNthUtf16(const uchar *data, qint64 len, qint64 n, ByteOrder order)
{
    if (len <= 1 || n <= 0)
        return -1;
    return variant().findNthUtf16(data, len, n, order);
}

const char *variantName()
{
    return variant().name;
}

} // namespace NewlineScan
