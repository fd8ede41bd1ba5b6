#pragma once

#include "searchoptions.h"
#include "searchliteral.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <memory>

// A compiled search pattern (see SearchOptions for the semantics), able to find the matching lines
// of a large buffer fast and the matches within one line exactly.
//
// Engines (chosen by measurement, see the README's search section): a case-sensitive literal is
// found by SearchLiteral (vectorised substring search); a case-insensitive literal by
// Hyperscan/Vectorscan; a regex by PCRE2-JIT over whole blocks (faster than Hyperscan in UTF-8
// mode on typical log patterns such as ERROR.*timeout). Candidate lines are verified with PCRE2
// on the line alone where a buffer-wide match could differ from a per-line one (whole words,
// matches that cross a '\n'). PCRE2 also scans when Hyperscan is absent or refuses a pattern. PCRE2 decides
// what a valid pattern is and defines the exact matches (leftmost, non-overlapping).
//
// Thread-safety: a compiled matcher is immutable; any number of threads may scan with it, each
// with its own Scratch.
class SearchMatcher {
public:
    enum class Engine { Auto, Literal, Hyperscan, Pcre2 };

    struct Span {
        qint64 start = 0; // byte within the line
        qint64 length = 0;
        friend bool operator==(const Span &, const Span &) = default;
    };

    // Per-thread scanning state (Hyperscan scratch, PCRE2 match data and JIT stack).
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

    // Finds the matching lines among the whole lines of [data + from, data + to): `from` is a line
    // start and `to` a line start or the end of the data. Writes the start offset of each matching
    // line to out[] in order, at most `capacity` (>= 1) of them, and returns how many; *resume is
    // where to go on (== to when the range is done). Reads only [data, data + to) (lookbehind may
    // look before `from`); allocates nothing and owns nothing, so it may run under FaultGuard.
    // The file's bytes are read as they are: invalid UTF-8 never matches a non-ASCII pattern.
    int scanLines(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                  int capacity, qint64 *resume) const;

    // Every match in one line's text (no '\n' in it), leftmost first, non-overlapping; at most
    // `limit`. O(line).
    QList<Span> matchesInLine(QByteArrayView line, int limit = 100000) const;

private:
    struct HsContext;
    SearchMatcher() = default;
    bool compilePcre2(QString *error);
    bool compileHyperscan();
    static int onHyperscanMatch(unsigned int id, unsigned long long from, unsigned long long to,
                                unsigned int flags, void *context);
    int scanLiteral(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                    int capacity, qint64 *resume) const;
    int scanHyperscan(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                      int capacity, qint64 *resume) const;
    int scanPcre2(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                  int capacity, qint64 *resume) const;
    // Whether the line [data + start, data + end) holds a match (PCRE2, exact).
    bool lineMatches(const uchar *data, qint64 start, qint64 end, Scratch &scratch) const;

    SearchOptions m_options;
    Engine m_engine = Engine::Pcre2;
    bool m_verify = false;   // Hyperscan / literal hits need PCRE2 to confirm the line
    bool m_never = false;    // the literal holds a '\n': no line can match
    QByteArray m_needle;     // UTF-8 literal
    SearchLiteral m_literal;
    void *m_pcre2 = nullptr; // pcre2_code_8 *
    void *m_hsDatabase = nullptr;   // hs_database_t *
    void *m_hsScratch = nullptr;    // hs_scratch_t *: prototype cloned per Scratch
};
