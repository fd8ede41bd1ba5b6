#pragma once

#include "searchoptions.h"
#include "searchliteral.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <memory>

class ChunkedLiteral;

// A compiled search pattern (see SearchOptions for the semantics), able to find the matching lines
// of a large buffer fast and the matches within one line exactly.
//
// The truth is PCRE2 run on each line alone (the line is the whole subject). The fast paths scan
// a whole buffer and then decide per line, with the line as the subject, whenever the buffer-wide
// hit alone does not prove the line matches:
//  - a case-sensitive literal: SearchLiteral (vectorised substring search) over the file's bytes
//    (the pattern encoded in the file's encoding; UTF-16 hits count at even offsets only);
//  - a case-insensitive literal: Hyperscan/Vectorscan (literals only: its Unicode classes are not
//    PCRE2's);
//  - a regex: PCRE2-JIT over whole blocks when RegexLocality says no line can be lost that way
//    (faster than Hyperscan in UTF-8 mode on typical log patterns such as ERROR.*timeout),
//    otherwise PCRE2 line by line. PCRE2 also scans when Hyperscan is absent or refuses a pattern.
// Whole words, matches that cross a '\n' and chunked literals' first chunks are confirmed on
// their line.
// A literal longer than ChunkedLiteral::kChunkBytes never goes through one regular expression
// (no size limit). Text that is not UTF-8 (UTF-16, Latin-1, codecs) is turned into UTF-8 a batch of lines
// at a time for every engine but the case-sensitive literal; offsets stay bytes of the file.
// PCRE2 decides what a valid pattern is and defines the exact matches (leftmost, non-overlapping).
//
// Thread-safety: a compiled matcher is immutable; any number of threads may scan with it, each
// with its own Scratch.
class SearchMatcher {
public:
    enum class Engine { Auto, Literal, Hyperscan, Pcre2 };

    struct Span {
        qint64 start = 0; // byte within the line (of the file, from the line's start)
        qint64 length = 0; // bytes of the file
        friend bool operator==(const Span &, const Span &) = default;
    };

    // Per-thread scanning state (Hyperscan scratch, PCRE2 match data and JIT stack, the buffer
    // that text in other encodings is turned into).
    class Scratch;
    struct ScratchDeleter {
        void operator()(Scratch *scratch) const;
    };
    using ScratchPtr = std::unique_ptr<Scratch, ScratchDeleter>;

    // nullptr and a human message in *error when the pattern is invalid. `sample`: the first
    // bytes of the text to search, to tune the literal filter (see SearchLiteral). `preferred`
    // forces an engine for measurements (falling back when it cannot run the pattern).
    static std::shared_ptr<const SearchMatcher> compile(const SearchOptions &options, QString *error,
                                                        QByteArrayView sample = {},
                                                        Engine preferred = Engine::Auto);
    // How much of the file compile() wants as its sample.
    static constexpr qint64 kSampleBytes = 64 * 1024;
    ~SearchMatcher();
    SearchMatcher(const SearchMatcher &) = delete;
    SearchMatcher &operator=(const SearchMatcher &) = delete;

    const SearchOptions &options() const { return m_options; }
    Engine engine() const { return m_engine; }
    const char *engineName() const;

    ScratchPtr makeScratch() const;

    // Finds the matching lines among the whole lines of [data + from, data + to): `data` is the
    // file's first byte, `from` a line start and `to` a line start or the end of the data. Writes
    // the start offset of each matching line to out[] in order, at most `capacity` (>= 1) of them,
    // and returns how many; *resume is where to go on (== to when the range is done). Reads only
    // [data, data + to) (a buffer-wide scan may look before `from`, never to a different result);
    // owns nothing, so it may run under FaultGuard; allocates only to grow the scratch's buffers
    // (between reads of the data). The file's bytes are read as they are: invalid UTF-8 never
    // matches a non-ASCII pattern.
    int scanLines(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                  int capacity, qint64 *resume) const;

    // The smallest line start >= at in a file of `size` bytes (size when none), in the options'
    // encoding: where a search may split a file. Reads from data + at - 2 on; may run under
    // FaultGuard. O(distance).
    qint64 lineStartAtOrAfter(const uchar *data, qint64 size, qint64 at) const;
    // Bytes of the line's text at the start of `bytes` (up to its first line end).
    qint64 lineTextLength(QByteArrayView bytes) const;

    // Every match in one line, leftmost first, non-overlapping; at most `limit`. `line` holds the
    // line's bytes from its start (more may follow: the line is cut at its first line end, so pass
    // the bytes uncut) and `lineStart` is its offset in the file (bytes at offset 0 may begin with
    // a UTF-16 byte order mark, which is skipped; -1: unknown, not 0). O(line).
    QList<Span> matchesInLine(QByteArrayView line, int limit = 100000, qint64 lineStart = -1) const;
    // The same with the caller's scratch (from makeScratch()): no scratch is made per call, for
    // callers that match many short lines.
    QList<Span> matchesInLine(QByteArrayView line, Scratch &scratch, int limit = 100000, qint64 lineStart = -1) const;

private:
    struct HsContext;
    SearchMatcher();
    bool compilePcre2(QString *error);
    bool compileHyperscan();
    bool isUtf8() const;
    static int onHyperscanMatch(unsigned int id, unsigned long long from, unsigned long long to,
                                unsigned int flags, void *context);
    // The scans of UTF-8 text (the file's own or made from another encoding).
    int scanUtf8(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out, int capacity,
                 qint64 *resume) const;
    int scanLiteral(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                    int capacity, qint64 *resume) const;
    int scanHyperscan(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                      int capacity, qint64 *resume) const;
    int scanBuffer(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                   int capacity, qint64 *resume) const;
    int scanEachLine(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                     int capacity, qint64 *resume) const;
    // The scans of text in another encoding.
    int scanTranscoded(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                       int capacity, qint64 *resume) const;
    int scanEncodedLiteral(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                           int capacity, qint64 *resume) const;
    // Whether the UTF-8 line [line, line + length) holds a match (exact).
    bool lineMatches(const uchar *line, qint64 length, Scratch &scratch) const;
    // The same for a line of the file in its encoding.
    bool fileLineMatches(const uchar *data, qint64 lineStart, qint64 lineEnd, Scratch &scratch) const;
    // The leftmost match in a UTF-8 line at or after `from`.
    bool nextMatch(const uchar *line, qint64 length, qint64 from, Scratch &scratch, qint64 *start,
                   qint64 *end) const;

    SearchOptions m_options;
    Engine m_engine = Engine::Pcre2;
    bool m_verify = false;      // a hit needs its line confirmed
    bool m_never = false;       // the literal holds a line end, or cannot be written in the encoding
    bool m_lineLocal = true;    // see RegexLocality
    QByteArray m_needle;        // UTF-8 pattern
    QByteArray m_scanNeedle;    // the literal in the file's encoding, for SearchLiteral
    SearchLiteral m_literal;
    std::unique_ptr<ChunkedLiteral> m_chunked; // a long literal
    void *m_pcre2 = nullptr;      // pcre2_code *: the whole pattern (null for a chunked literal)
    const void *m_scanCode = nullptr; // pcre2_code * a buffer-wide scan looks for
    void *m_hsDatabase = nullptr; // hs_database_t *
    void *m_hsScratch = nullptr;  // hs_scratch_t *: prototype cloned per Scratch
};
