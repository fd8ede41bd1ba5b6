#pragma once

#include <QtGlobal>

// A vectorised substring search over raw bytes (the "generic SIMD" filter: two bytes of the needle,
// chosen for being rare in text, are compared at once against 32 or 16 positions, and only
// candidates that pass are compared in full). The variant (AVX2, SSE2, portable) is chosen once at
// run time; results are identical. Never reads outside [data, data + len); allocates nothing, so
// it may run under FaultGuard.
class SearchLiteral {
public:
    SearchLiteral() = default;
    // `needle` must outlive this object. An empty needle matches at every position. A `sample`
    // of the text to search (its first 64 KiB, say) lets the filter pick the two needle bytes
    // that rarely occur together there; without one, a fixed ranking of bytes decides.
    SearchLiteral(const uchar *needle, qint64 length, const uchar *sample = nullptr, qint64 sampleLength = 0);

    // Offset of the first occurrence in [data + from, data + len), or -1. O(len - from).
    qint64 find(const uchar *data, qint64 len, qint64 from) const;

    qint64 length() const { return m_length; }

    static const char *variantName();

private:
    const uchar *m_needle = nullptr;
    qint64 m_length = 0;
    qint64 m_rare1 = 0; // positions in the needle of its two rarest bytes (m_rare1 < m_rare2)
    qint64 m_rare2 = 0;
};
