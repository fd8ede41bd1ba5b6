#include "searchliteral.h"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__x86_64__) && defined(__GNUC__)
#define TOME_X86_64 1
#include <immintrin.h>
#endif

namespace {

// How common a byte is in text and logs (higher: more common). Rough, but it only steers which
// two needle bytes the filter looks at first.
int commonness(uchar c)
{
    if (c == ' ')
        return 255;
    if (c >= 'a' && c <= 'z') {
        static const char kOrder[] = "etaoinsrhldcumfpgwybvkxjqz"; // most common first
        return 200 - int(std::strchr(kOrder, c) - kOrder) * 3;
    }
    if (c >= '0' && c <= '9')
        return 190;
    if (c == '=' || c == '.' || c == ':' || c == '-' || c == '_' || c == '/' || c == ',')
        return 150;
    if (c >= 'A' && c <= 'Z')
        return 100;
    if (c < 0x80)
        return 60;
    return 40; // non-ASCII: UTF-8 lead bytes of accented letters are common in some texts
}

bool restMatches(const uchar *at, const uchar *needle, qint64 length)
{
    return std::memcmp(at, needle, size_t(length)) == 0;
}

qint64 findPortable(const uchar *data, qint64 len, qint64 from, const uchar *needle, qint64 length,
                    qint64 rare1)
{
    // memchr on the rarest byte, then a full compare.
    qint64 at = from + rare1;
    const qint64 last = len - length + rare1; // last position of the rare byte that fits
    while (at <= last) {
        const void *hit = std::memchr(data + at, needle[rare1], size_t(last - at + 1));
        if (!hit)
            return -1;
        const qint64 pos = static_cast<const uchar *>(hit) - data - rare1;
        if (restMatches(data + pos, needle, length))
            return pos;
        at = pos + rare1 + 1;
    }
    return -1;
}

#if defined(TOME_X86_64)

qint64 findSse2(const uchar *data, qint64 len, qint64 from, const uchar *needle, qint64 length,
                qint64 rare1, qint64 rare2)
{
    const __m128i b1 = _mm_set1_epi8(char(needle[rare1]));
    const __m128i b2 = _mm_set1_epi8(char(needle[rare2]));
    qint64 pos = from;
    // A block of 16 candidate starts needs bytes up to pos + 15 + rare2 < len.
    while (pos + 16 + rare2 <= len) {
        const __m128i c1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + pos + rare1));
        const __m128i c2 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + pos + rare2));
        unsigned mask = unsigned(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(c1, b1), _mm_cmpeq_epi8(c2, b2))));
        while (mask) {
            const qint64 candidate = pos + __builtin_ctz(mask);
            if (candidate + length <= len && restMatches(data + candidate, needle, length))
                return candidate;
            mask &= mask - 1;
        }
        pos += 16;
    }
    return findPortable(data, len, pos, needle, length, rare1);
}

__attribute__((target("avx2"))) qint64 findAvx2(const uchar *data, qint64 len, qint64 from,
                                                const uchar *needle, qint64 length, qint64 rare1,
                                                qint64 rare2)
{
    const __m256i b1 = _mm256_set1_epi8(char(needle[rare1]));
    const __m256i b2 = _mm256_set1_epi8(char(needle[rare2]));
    qint64 pos = from;
    while (pos + 64 + rare2 <= len) { // two blocks of 32 per round
        const auto *p1 = reinterpret_cast<const __m256i *>(data + pos + rare1);
        const auto *p2 = reinterpret_cast<const __m256i *>(data + pos + rare2);
        const __m256i e0 = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_loadu_si256(p1), b1),
                                            _mm256_cmpeq_epi8(_mm256_loadu_si256(p2), b2));
        const __m256i e1 = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_loadu_si256(p1 + 1), b1),
                                            _mm256_cmpeq_epi8(_mm256_loadu_si256(p2 + 1), b2));
        if (_mm256_testz_si256(_mm256_or_si256(e0, e1), _mm256_or_si256(e0, e1))) {
            pos += 64;
            continue;
        }
        quint64 mask = quint64(unsigned(_mm256_movemask_epi8(e0)))
                       | (quint64(unsigned(_mm256_movemask_epi8(e1))) << 32);
        while (mask) {
            const qint64 candidate = pos + __builtin_ctzll(mask);
            if (candidate + length <= len && restMatches(data + candidate, needle, length))
                return candidate;
            mask &= mask - 1;
        }
        pos += 64;
    }
    return findSse2(data, len, pos, needle, length, rare1, rare2);
}

enum class Variant { Portable, Sse2, Avx2 };

Variant chooseVariant()
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        return Variant::Avx2;
    return Variant::Sse2;
}

const Variant kVariant = chooseVariant();

#endif

} // namespace

SearchLiteral::SearchLiteral(const uchar *needle, qint64 length, const uchar *sample, qint64 sampleLength)
    : m_needle(needle), m_length(length)
{
    if (length < 2)
        return;
    // Candidates: the needle's first and last bytes and its (up to) six rarest by the fixed rank.
    std::vector<qint64> candidates;
    std::vector<qint64> byRank(static_cast<size_t>(length));
    for (qint64 i = 0; i < length; ++i)
        byRank[size_t(i)] = i;
    std::stable_sort(byRank.begin(), byRank.end(),
                     [&](qint64 a, qint64 b) { return commonness(needle[a]) < commonness(needle[b]); });
    candidates.push_back(0);
    candidates.push_back(length - 1);
    for (qint64 i : byRank) {
        if (candidates.size() >= 8)
            break;
        if (std::find(candidates.begin(), candidates.end(), i) == candidates.end())
            candidates.push_back(i);
    }
    // Each pair is scored by how often both of its bytes sit at their distance in the sample
    // (which catches bytes that are rare alone but common together, like "user=").
    qint64 bestScore = -1;
    for (size_t a = 0; a < candidates.size(); ++a) {
        for (size_t b = a + 1; b < candidates.size(); ++b) {
            const qint64 i = qMin(candidates[a], candidates[b]);
            const qint64 j = qMax(candidates[a], candidates[b]);
            if (needle[i] == needle[j] && length > 2)
                continue;
            qint64 score = commonness(needle[i]) * commonness(needle[j]); // < 65536
            if (sample && sampleLength > j) {
                qint64 hits = 0;
                for (qint64 p = 0; p + j < sampleLength; ++p)
                    hits += sample[p + i] == needle[i] && sample[p + j] == needle[j];
                score += hits << 16;
            }
            if (bestScore < 0 || score < bestScore) {
                bestScore = score;
                m_rare1 = i;
                m_rare2 = j;
            }
        }
    }
    if (bestScore < 0) { // a needle of one repeated byte
        m_rare1 = 0;
        m_rare2 = length - 1;
    }
}

qint64 SearchLiteral::find(const uchar *data, qint64 len, qint64 from) const
{
    if (from < 0 || from > len || m_length > len - from)
        return -1;
    if (m_length == 0)
        return from;
    if (m_length == 1) {
        const void *hit = std::memchr(data + from, m_needle[0], size_t(len - from));
        return hit ? static_cast<const uchar *>(hit) - data : -1;
    }
#if defined(TOME_X86_64)
    if (kVariant == Variant::Avx2)
        return findAvx2(data, len, from, m_needle, m_length, m_rare1, m_rare2);
    return findSse2(data, len, from, m_needle, m_length, m_rare1, m_rare2);
#else
    return findPortable(data, len, from, m_needle, m_length, m_rare1);
#endif
}

const char *SearchLiteral::variantName()
{
#if defined(TOME_X86_64)
    return kVariant == Variant::Avx2 ? "avx2" : "sse2";
#else
    return "portable";
#endif
}
