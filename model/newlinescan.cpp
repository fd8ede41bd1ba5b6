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

#endif

struct Variant {
    qint64 (*count)(const uchar *, qint64);
    qint64 (*findNth)(const uchar *, qint64, qint64);
    const char *name;
};

Variant chooseVariant()
{
#if defined(TOME_X86_64)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
        return {countAvx2, findNthAvx2, "avx2"};
    return {countSse2, findNthSse2, "sse2"};
#else
    return {countPortable, findNthPortable, "portable"};
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

const char *variantName()
{
    return variant().name;
}

} // namespace NewlineScan
