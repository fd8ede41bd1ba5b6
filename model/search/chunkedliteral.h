#pragma once

#include <QByteArray>

#include <vector>

// A literal too long to be one compiled regular expression (PCRE2 refuses a compiled pattern
// past 64 KiB), matched exactly as the whole literal would be: as a chain of PCRE2 literals of
// at most kChunkBytes, each anchored where the previous one ended. A literal character always
// matches exactly one character (also without case), so the chain has the same matches as the
// whole literal, leftmost first, with Unicode case folding and whole-word checks as the regex
// path has them. Nothing limits the length.
//
// Thread-safety: immutable after construction; find() may run on any thread with its own PCRE2
// match data. Allocates nothing in find(), so it may run under FaultGuard.
class ChunkedLiteral {
public:
    static constexpr qsizetype kChunkBytes = 4096;

    // `utf8`: the literal (valid UTF-8, at least one character).
    ChunkedLiteral(const QByteArray &utf8, bool caseSensitive, bool wholeWord);
    ~ChunkedLiteral();
    ChunkedLiteral(const ChunkedLiteral &) = delete;
    ChunkedLiteral &operator=(const ChunkedLiteral &) = delete;

    // `utf8` as an expression that PCRE2 and Hyperscan read as exactly those bytes.
    static QByteArray escape(QByteArrayView utf8);

    bool isValid() const { return m_valid; }
    // The first chunk (a pcre2_code *): a buffer-wide search for it finds every line that can
    // hold the literal.
    const void *firstChunk() const { return m_chunks.empty() ? nullptr : m_chunks.front(); }

    // The leftmost match in subject[0, len) that starts at or after `from`: true with
    // [*start, *end). `matchData` / `matchContext`: pcre2_match_data * / pcre2_match_context *.
    bool find(const unsigned char *subject, qint64 len, qint64 from, void *matchData, void *matchContext,
              qint64 *start, qint64 *end) const;

private:
    std::vector<void *> m_chunks; // pcre2_code *
    void *m_noWordBefore = nullptr;
    void *m_noWordAfter = nullptr;
    bool m_valid = false;
};
