#include "searchmatcher.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#if defined(TOME_HAVE_HYPERSCAN)
#include <hs.h>
#endif

#include <cctype>
#include <climits>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

pcre2_code *asCode(void *code) { return static_cast<pcre2_code *>(code); }

// Escapes a literal so that PCRE2 and Hyperscan read it as the same bytes.
QByteArray escapedLiteral(const QByteArray &utf8)
{
    QByteArray out;
    out.reserve(utf8.size() * 2);
    for (const char c : utf8) {
        const auto u = uchar(c);
        if (u < 0x20 || u == 0x7f) {
            out += "\\x{" + QByteArray::number(u, 16) + '}';
        } else if (u < 0x80 && !std::isalnum(u)) {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

bool isAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (uchar(c) >= 0x80)
            return false;
    }
    return true;
}

qint64 lineStartBefore(const uchar *data, qint64 floor, qint64 at)
{
    for (qint64 i = at; i > floor; --i) {
        if (data[i - 1] == '\n')
            return i;
    }
    return floor;
}

qint64 lineEndFrom(const uchar *data, qint64 at, qint64 to)
{
    if (at >= to)
        return to;
    const void *hit = std::memchr(data + at, '\n', size_t(to - at));
    return hit ? static_cast<const uchar *>(hit) - data : to;
}

} // namespace

class SearchMatcher::Scratch {
public:
    explicit Scratch(const SearchMatcher &matcher)
    {
        if (matcher.m_pcre2) {
            m_matchData = pcre2_match_data_create_from_pattern(asCode(matcher.m_pcre2), nullptr);
            m_context = pcre2_match_context_create(nullptr);
            m_jitStack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
            if (m_context && m_jitStack)
                pcre2_jit_stack_assign(m_context, nullptr, m_jitStack);
        }
#if defined(TOME_HAVE_HYPERSCAN)
        if (matcher.m_hsScratch)
            hs_clone_scratch(static_cast<hs_scratch_t *>(matcher.m_hsScratch), &m_hs);
#endif
    }
    ~Scratch()
    {
        pcre2_match_data_free(m_matchData);
        pcre2_match_context_free(m_context);
        pcre2_jit_stack_free(m_jitStack);
#if defined(TOME_HAVE_HYPERSCAN)
        hs_free_scratch(m_hs);
#endif
    }
    Scratch(const Scratch &) = delete;
    Scratch &operator=(const Scratch &) = delete;

    pcre2_match_data *m_matchData = nullptr;
    pcre2_match_context *m_context = nullptr;
    pcre2_jit_stack *m_jitStack = nullptr;
#if defined(TOME_HAVE_HYPERSCAN)
    hs_scratch_t *m_hs = nullptr;
#endif
};

std::shared_ptr<const SearchMatcher> SearchMatcher::compile(const SearchOptions &options, QString *error,
                                                             QByteArrayView sample, Engine preferred)
{
    std::shared_ptr<SearchMatcher> matcher(new SearchMatcher);
    matcher->m_options = options;
    matcher->m_needle = options.pattern.toUtf8();
    if (!matcher->compilePcre2(error))
        return nullptr;
    if (!options.regex && matcher->m_needle.contains('\n'))
        matcher->m_never = true;

    const bool literalFits = !options.regex && options.caseSensitive;
    if (literalFits && (preferred == Engine::Auto || preferred == Engine::Literal)) {
        matcher->m_engine = Engine::Literal;
        matcher->m_literal = SearchLiteral(reinterpret_cast<const uchar *>(matcher->m_needle.constData()),
                                           matcher->m_needle.size(),
                                           reinterpret_cast<const uchar *>(sample.data()),
                                           qMin<qint64>(sample.size(), kSampleBytes));
        matcher->m_verify = options.wholeWord;
    } else if ((preferred == Engine::Hyperscan || (preferred == Engine::Auto && !options.regex))
               && matcher->compileHyperscan()) {
        matcher->m_engine = Engine::Hyperscan;
        matcher->m_verify = options.regex || options.wholeWord;
    } else {
        matcher->m_engine = Engine::Pcre2;
    }
    return matcher;
}

SearchMatcher::~SearchMatcher()
{
    pcre2_code_free(asCode(m_pcre2));
#if defined(TOME_HAVE_HYPERSCAN)
    hs_free_scratch(static_cast<hs_scratch_t *>(m_hsScratch));
    hs_free_database(static_cast<hs_database_t *>(m_hsDatabase));
#endif
}

bool SearchMatcher::compilePcre2(QString *error)
{
    QByteArray pattern = m_options.regex ? m_needle : escapedLiteral(m_needle);
    if (m_options.wholeWord)
        pattern = "(?<![\\w])(?:" + pattern + ")(?![\\w])";
    uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE;
    if (!m_options.caseSensitive)
        flags |= PCRE2_CASELESS;
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.constData()),
                                         PCRE2_SIZE(pattern.size()), flags, &code, &offset, nullptr);
    if (!compiled) {
        if (error) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(code, message, sizeof message);
            // The offset counts bytes of the UTF-8 pattern; show it in characters.
            const qsizetype column = QString::fromUtf8(m_needle.left(qsizetype(offset))).size();
            *error = u"Invalid regular expression: %1 (at character %2)"_s
                         .arg(QString::fromUtf8(reinterpret_cast<const char *>(message)))
                         .arg(m_options.regex ? column + 1 : 1);
        }
        return false;
    }
    pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE); // without JIT, pcre2_match interprets
    m_pcre2 = compiled;
    return true;
}

bool SearchMatcher::compileHyperscan()
{
#if defined(TOME_HAVE_HYPERSCAN)
    QByteArray expression = m_options.regex ? m_needle : escapedLiteral(m_needle);
    if (expression.contains('\0'))
        return false;
    unsigned int flags = HS_FLAG_MULTILINE;
    if (m_options.regex || !isAscii(m_needle))
        flags |= HS_FLAG_UTF8 | HS_FLAG_UCP;
    if (!m_options.caseSensitive)
        flags |= HS_FLAG_CASELESS;
    hs_database_t *database = nullptr;
    hs_compile_error_t *compileError = nullptr;
    if (hs_compile(expression.constData(), flags, HS_MODE_BLOCK, nullptr, &database, &compileError)
        != HS_SUCCESS) {
        hs_free_compile_error(compileError);
        return false;
    }
    hs_scratch_t *scratch = nullptr;
    if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
        hs_free_database(database);
        return false;
    }
    m_hsDatabase = database;
    m_hsScratch = scratch;
    return true;
#else
    return false;
#endif
}

const char *SearchMatcher::engineName() const
{
    switch (m_engine) {
    case Engine::Literal:
        return m_verify ? "literal+pcre2" : "literal";
    case Engine::Hyperscan:
        return m_verify ? "hyperscan+pcre2" : "hyperscan";
    case Engine::Auto:
    case Engine::Pcre2:
        break;
    }
    return "pcre2";
}

void SearchMatcher::ScratchDeleter::operator()(Scratch *scratch) const
{
    delete scratch;
}

SearchMatcher::ScratchPtr SearchMatcher::makeScratch() const
{
    return ScratchPtr(new Scratch(*this));
}

int SearchMatcher::scanLines(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                             int capacity, qint64 *resume) const
{
    if (m_never || from >= to) {
        *resume = to;
        return 0;
    }
    switch (m_engine) {
    case Engine::Literal:
        return scanLiteral(data, from, to, scratch, out, capacity, resume);
    case Engine::Hyperscan:
        // Hyperscan takes lengths in unsigned int: a range beyond that (one line of gigabytes)
        // goes to PCRE2.
        if (to - from < qint64(UINT_MAX / 2))
            return scanHyperscan(data, from, to, scratch, out, capacity, resume);
        break;
    case Engine::Auto:
    case Engine::Pcre2:
        break;
    }
    return scanPcre2(data, from, to, scratch, out, capacity, resume);
}

bool SearchMatcher::lineMatches(const uchar *data, qint64 start, qint64 end, Scratch &scratch) const
{
    // The subject is the line alone, so lookarounds see its ends as a grep line's ends.
    return pcre2_match(asCode(m_pcre2), data + start, PCRE2_SIZE(end - start), 0, 0, scratch.m_matchData,
                       scratch.m_context)
           >= 0;
}

int SearchMatcher::scanLiteral(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                               int capacity, qint64 *resume) const
{
    int count = 0;
    qint64 pos = from;
    while (pos < to && count < capacity) {
        const qint64 hit = m_literal.find(data, to, pos);
        if (hit < 0) {
            pos = to;
            break;
        }
        const qint64 lineStart = lineStartBefore(data, pos, hit);
        const qint64 lineEnd = lineEndFrom(data, hit, to);
        if (!m_verify || lineMatches(data, lineStart, lineEnd, scratch))
            out[count++] = lineStart;
        pos = lineEnd + 1;
    }
    *resume = qMin(pos, to);
    return count;
}

struct SearchMatcher::HsContext {
    const SearchMatcher *matcher;
    Scratch *scratch;
    const uchar *data;
    qint64 from;
    qint64 to;
    qint64 decidedEnd; // the lines before this offset are decided
    qint64 *out;
    int capacity;
    int count;
};

int SearchMatcher::onHyperscanMatch(unsigned int, unsigned long long, unsigned long long to, unsigned int,
                                    void *context)
{
    auto *c = static_cast<HsContext *>(context);
    const qint64 end = c->from + qint64(to);
    const qint64 last = end > c->from ? end - 1 : end; // the match's last byte
    if (last < c->decidedEnd)
        return 0;
    // A '\n' as the last byte belongs to the line it ends.
    const qint64 lineStart = lineStartBefore(c->data, c->decidedEnd, last);
    const qint64 lineEnd = c->data[last] == '\n' ? last : lineEndFrom(c->data, last, c->to);
    c->decidedEnd = lineEnd + 1;
    if (c->matcher->m_verify && !c->matcher->lineMatches(c->data, lineStart, lineEnd, *c->scratch))
        return 0;
    c->out[c->count++] = lineStart;
    return c->count == c->capacity ? 1 : 0; // non-zero stops the scan
}

int SearchMatcher::scanHyperscan(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                                 int capacity, qint64 *resume) const
{
#if defined(TOME_HAVE_HYPERSCAN)
    HsContext context{this, &scratch, data, from, to, from, out, capacity, 0};
    const hs_error_t result = hs_scan(static_cast<const hs_database_t *>(m_hsDatabase),
                                      reinterpret_cast<const char *>(data + from), unsigned(to - from), 0,
                                      scratch.m_hs, &SearchMatcher::onHyperscanMatch, &context);
    *resume = result == HS_SCAN_TERMINATED ? qMin(context.decidedEnd, to) : to;
    return context.count;
#else
    return scanPcre2(data, from, to, scratch, out, capacity, resume);
#endif
}

int SearchMatcher::scanPcre2(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                             int capacity, qint64 *resume) const
{
    // The leftmost buffer-wide match starts in the first line that can match; a match that
    // stays within its line is a line match, one that crosses a '\n' is checked on its line alone.
    int count = 0;
    qint64 pos = from;
    while (pos < to && count < capacity) {
        const int rc = pcre2_match(asCode(m_pcre2), data, PCRE2_SIZE(to), PCRE2_SIZE(pos), 0,
                                   scratch.m_matchData, scratch.m_context);
        if (rc < 0) {
            pos = to;
            break;
        }
        const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(scratch.m_matchData);
        const auto start = qint64(ovector[0]);
        const auto end = qint64(ovector[1]);
        const qint64 lineStart = lineStartBefore(data, pos, start);
        const qint64 lineEnd = lineEndFrom(data, start, to);
        if (start < to && (end <= lineEnd || lineMatches(data, lineStart, lineEnd, scratch)))
            out[count++] = lineStart;
        pos = lineEnd + 1;
    }
    *resume = qMin(pos, to);
    return count;
}

QList<SearchMatcher::Span> SearchMatcher::matchesInLine(QByteArrayView line, int limit) const
{
    QList<Span> spans;
    if (m_never)
        return spans;
    Scratch scratch(*this);
    const auto *subject = reinterpret_cast<PCRE2_SPTR>(line.data());
    PCRE2_SIZE pos = 0;
    const auto length = PCRE2_SIZE(line.size());
    while (pos <= length && spans.size() < limit) {
        const int rc = pcre2_match(asCode(m_pcre2), subject, length, pos, 0, scratch.m_matchData,
                                   scratch.m_context);
        if (rc < 0)
            break;
        const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(scratch.m_matchData);
        spans.append(Span{qint64(ovector[0]), qint64(ovector[1] - ovector[0])});
        if (ovector[1] > ovector[0]) {
            pos = ovector[1];
        } else { // an empty match: step over one character
            pos = ovector[1] + 1;
            while (pos < length && (subject[pos] & 0xc0) == 0x80)
                ++pos;
        }
    }
    return spans;
}
