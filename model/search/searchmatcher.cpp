#include "searchmatcher.h"

#include "chunkedliteral.h"
#include "regexlocality.h"
#include "searchtranscoder.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#if defined(TOME_HAVE_HYPERSCAN)
#include <hs.h>
#endif

#include <algorithm>
#include <climits>
#include <vector>

using namespace Qt::StringLiterals;
using Encoding = LineDecoder::Encoding;

namespace {

// Text made from another encoding is matched in batches of about this many UTF-8 bytes.
constexpr qint64 kBatchBytes = 1 << 20;

pcre2_code *asCode(void *code) { return static_cast<pcre2_code *>(code); }
const pcre2_code *asCode(const void *code) { return static_cast<const pcre2_code *>(code); }

[[maybe_unused]] bool isAscii(const QByteArray &bytes) // Hyperscan only
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
}

qint64 utf8LineStart(const uchar *data, qint64 floor, qint64 at)
{
    return SearchTranscoder::lineStart(Encoding::Utf8, data, floor, at);
}

qint64 utf8LineEnd(const uchar *data, qint64 at, qint64 to)
{
    return SearchTranscoder::lineEnd(Encoding::Utf8, data, at, to);
}

} // namespace

class SearchMatcher::Scratch {
public:
    explicit Scratch(const SearchMatcher &matcher)
    {
        m_matchData = matcher.m_pcre2 ? pcre2_match_data_create_from_pattern(asCode(matcher.m_pcre2), nullptr)
                                      : pcre2_match_data_create(1, nullptr);
        m_context = pcre2_match_context_create(nullptr);
        m_jitStack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
        if (m_context && m_jitStack)
            pcre2_jit_stack_assign(m_context, nullptr, m_jitStack);
#if defined(TOME_HAVE_HYPERSCAN)
        if (matcher.m_hsScratch)
            hs_clone_scratch(static_cast<hs_scratch_t *>(matcher.m_hsScratch), &m_hs);
#endif
        if (!matcher.isUtf8())
            m_text.reserve(size_t(kBatchBytes + (kBatchBytes >> 2)));
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
    // A batch of lines of another encoding as UTF-8 ('\n' after each but an unterminated last),
    // where each line starts there and in the file.
    std::vector<char> m_text;
    std::vector<qint64> m_textLines;
    std::vector<qint64> m_fileLines;
    std::vector<char> m_line; // one line, to confirm a hit
};

SearchMatcher::SearchMatcher() = default;

std::shared_ptr<const SearchMatcher> SearchMatcher::compile(const SearchOptions &options, QString *error,
                                                             QByteArrayView sample, Engine preferred)
{
    std::shared_ptr<SearchMatcher> matcher(new SearchMatcher);
    matcher->m_options = options;
    matcher->m_needle = options.pattern.toUtf8();
    if (!options.regex && options.pattern.contains(u'\n'))
        matcher->m_never = true;
    // A long literal never meets a regular expression's size limit; a short one that PCRE2
    // refuses all the same goes the same way.
    const bool longLiteral = !options.regex && matcher->m_needle.size() > ChunkedLiteral::kChunkBytes;
    if (longLiteral || !matcher->compilePcre2(options.regex ? error : nullptr)) {
        if (options.regex)
            return nullptr;
        matcher->m_chunked = std::make_unique<ChunkedLiteral>(matcher->m_needle, options.caseSensitive,
                                                              options.wholeWord);
        if (!matcher->m_chunked->isValid()) {
            if (error)
                *error = u"The text cannot be searched for"_s;
            return nullptr;
        }
        matcher->m_scanCode = matcher->m_chunked->firstChunk();
    } else {
        matcher->m_scanCode = matcher->m_pcre2;
    }
    matcher->m_lineLocal = !options.regex || RegexLocality::isLineLocal(matcher->m_needle);
    // A pattern that can match empty text may match at an invalid UTF-8 byte that starts a
    // line and not at the same byte after a '\n' (PCRE2 tries a subject's first position but
    // skips invalid ones later): line by line too.
    uint32_t minLength = 1;
    if (matcher->m_pcre2 && pcre2_pattern_info(asCode(matcher->m_pcre2), PCRE2_INFO_MINLENGTH, &minLength) == 0
        && minLength == 0)
        matcher->m_lineLocal = false;

    // A codec with shift states (ISO-2022-JP) writes the same text as different bytes.
    const bool literalFits = !options.regex && options.caseSensitive && options.encoding.hasStableBytes();
    if (literalFits && (preferred == Engine::Auto || preferred == Engine::Literal)) {
        matcher->m_engine = Engine::Literal;
        if (!SearchTranscoder::encode(options.encoding, options.pattern, &matcher->m_scanNeedle))
            matcher->m_never = true; // a character the file's encoding cannot hold
        matcher->m_literal = SearchLiteral(reinterpret_cast<const uchar *>(matcher->m_scanNeedle.constData()),
                                           matcher->m_scanNeedle.size(),
                                           reinterpret_cast<const uchar *>(sample.data()),
                                           qMin<qint64>(sample.size(), kSampleBytes));
        // A multi-byte codec's bytes may hold the pattern's across characters: confirm each hit.
        matcher->m_verify = options.wholeWord || (options.encoding.isCodec() && !options.encoding.isSingleByte());
    } else if ((preferred == Engine::Hyperscan || preferred == Engine::Auto) && !options.regex && !matcher->m_chunked
               && matcher->m_lineLocal && matcher->compileHyperscan()) {
        // Literals only: Hyperscan's Unicode classes are not PCRE2's (\w lacks the marks), so a
        // regex could lose lines no confirmation brings back.
        matcher->m_engine = Engine::Hyperscan;
        matcher->m_verify = options.wholeWord;
    } else {
        matcher->m_engine = Engine::Pcre2;
        matcher->m_verify = matcher->m_chunked != nullptr; // the scan looks for the first chunk only
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

bool SearchMatcher::isUtf8() const
{
    return m_options.encoding == Encoding::Utf8;
}

bool SearchMatcher::compilePcre2(QString *error)
{
    QByteArray pattern = m_options.regex ? m_needle : ChunkedLiteral::escape(m_needle);
    if (m_options.wholeWord)
        pattern = "(?<![\\w])(?:" + pattern + ")(?![\\w])";
    uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE;
    if (!m_options.caseSensitive)
        flags |= PCRE2_CASELESS;
    int code = 0;
    PCRE2_SIZE offset = 0;
    // Lines end at '\n' whatever PCRE2 was built with: "\r" is text, as grep has it.
    pcre2_compile_context *context = pcre2_compile_context_create(nullptr);
    pcre2_set_newline(context, PCRE2_NEWLINE_LF);
    pcre2_code *compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.constData()),
                                         PCRE2_SIZE(pattern.size()), flags, &code, &offset, context);
    pcre2_compile_context_free(context);
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
    const QByteArray expression = ChunkedLiteral::escape(m_needle);
    if (expression.contains('\0'))
        return false;
    unsigned int flags = HS_FLAG_MULTILINE;
    // Without case, ASCII letters have non-ASCII partners too (k and the Kelvin sign, s and ſ).
    if (!isAscii(m_needle) || !m_options.caseSensitive)
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
    if (m_chunked)
        return "chunked-literal";
    return m_lineLocal ? "pcre2" : "pcre2-lines";
}

void SearchMatcher::ScratchDeleter::operator()(Scratch *scratch) const
{
    delete scratch;
}

SearchMatcher::ScratchPtr SearchMatcher::makeScratch() const
{
    return ScratchPtr(new Scratch(*this));
}

qint64 SearchMatcher::lineStartAtOrAfter(const uchar *data, qint64 size, qint64 at) const
{
    return SearchTranscoder::lineStartAtOrAfter(m_options.encoding, data, size, at);
}

qint64 SearchMatcher::lineTextLength(QByteArrayView bytes) const
{
    return SearchTranscoder::lineEnd(m_options.encoding, reinterpret_cast<const uchar *>(bytes.data()), 0,
                                     bytes.size());
}

int SearchMatcher::scanLines(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                             int capacity, qint64 *resume) const
{
    if (m_never || from >= to) {
        *resume = to;
        return 0;
    }
    if (!isUtf8()) {
        if (from == 0) { // a UTF-16 byte order mark is not text: the first line starts after it
            from = SearchTranscoder::textStart(m_options.encoding, data, to, 0);
            if (from >= to) {
                *resume = to;
                return 0;
            }
        }
        if (m_engine == Engine::Literal)
            return scanEncodedLiteral(data, from, to, scratch, out, capacity, resume);
        return scanTranscoded(data, from, to, scratch, out, capacity, resume);
    }
    return scanUtf8(data, from, to, scratch, out, capacity, resume);
}

int SearchMatcher::scanUtf8(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                            int capacity, qint64 *resume) const
{
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
    if (m_lineLocal)
        return scanBuffer(data, from, to, scratch, out, capacity, resume);
    return scanEachLine(data, from, to, scratch, out, capacity, resume);
}

bool SearchMatcher::lineMatches(const uchar *line, qint64 length, Scratch &scratch) const
{
    // The subject is the line alone, so anchors and lookarounds see its ends as a grep line's.
    if (m_pcre2)
        return pcre2_match(asCode(m_pcre2), line, PCRE2_SIZE(length), 0, 0, scratch.m_matchData, scratch.m_context)
               >= 0;
    qint64 start = 0;
    qint64 end = 0;
    return m_chunked->find(line, length, 0, scratch.m_matchData, scratch.m_context, &start, &end);
}

bool SearchMatcher::fileLineMatches(const uchar *data, qint64 lineStart, qint64 lineEnd, Scratch &scratch) const
{
    if (isUtf8())
        return lineMatches(data + lineStart, lineEnd - lineStart, scratch);
    const Encoding encoding = m_options.encoding;
    scratch.m_line.clear();
    SearchTranscoder::appendUtf8(encoding, data + lineStart, lineEnd - lineStart, scratch.m_line);
    return lineMatches(reinterpret_cast<const uchar *>(scratch.m_line.data()), qint64(scratch.m_line.size()),
                       scratch);
}

bool SearchMatcher::nextMatch(const uchar *line, qint64 length, qint64 from, Scratch &scratch, qint64 *start,
                              qint64 *end) const
{
    if (!m_pcre2)
        return m_chunked->find(line, length, from, scratch.m_matchData, scratch.m_context, start, end);
    if (pcre2_match(asCode(m_pcre2), line, PCRE2_SIZE(length), PCRE2_SIZE(from), 0, scratch.m_matchData,
                    scratch.m_context)
        < 0)
        return false;
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(scratch.m_matchData);
    *start = qint64(ovector[0]);
    *end = qMax(*start, qint64(ovector[1]));
    return true;
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
        const qint64 lineStart = utf8LineStart(data, pos, hit);
        const qint64 lineEnd = utf8LineEnd(data, hit, to);
        if (!m_verify || lineMatches(data + lineStart, lineEnd - lineStart, scratch))
            out[count++] = lineStart;
        pos = lineEnd + 1;
    }
    *resume = qMin(pos, to);
    return count;
}

int SearchMatcher::scanEncodedLiteral(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                                      int capacity, qint64 *resume) const
{
    // The pattern's bytes in the file's encoding; a UTF-16 hit at an odd offset is not the text.
    const Encoding encoding = m_options.encoding;
    const bool utf16 = SearchTranscoder::isUtf16(encoding);
    int count = 0;
    qint64 pos = from; // the lines before it are decided
    qint64 at = from;  // where to look for the next hit
    while (pos < to && count < capacity) {
        const qint64 hit = m_literal.find(data, to, at);
        if (hit < 0) {
            pos = to;
            break;
        }
        if (utf16 && (hit & 1)) {
            at = hit + 1;
            continue;
        }
        const qint64 lineStart = SearchTranscoder::lineStart(encoding, data, pos, hit);
        const qint64 lineEnd = SearchTranscoder::lineEnd(encoding, data, hit, to);
        if (!m_verify || fileLineMatches(data, lineStart, lineEnd, scratch))
            out[count++] = lineStart;
        pos = lineEnd >= to ? to : lineEnd + SearchTranscoder::endingLength(encoding);
        at = pos;
    }
    *resume = qMin(pos, to);
    return count;
}

int SearchMatcher::scanTranscoded(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                                  int capacity, qint64 *resume) const
{
    const Encoding encoding = m_options.encoding;
    int count = 0;
    qint64 pos = from;
    while (pos < to && count < capacity) {
        scratch.m_text.clear();
        scratch.m_textLines.clear();
        scratch.m_fileLines.clear();
        while (pos < to && qint64(scratch.m_text.size()) < kBatchBytes) {
            const qint64 lineEnd = SearchTranscoder::lineEnd(encoding, data, pos, to);
            scratch.m_textLines.push_back(qint64(scratch.m_text.size()));
            scratch.m_fileLines.push_back(pos);
            SearchTranscoder::appendUtf8(encoding, data + pos, lineEnd - pos, scratch.m_text);
            if (lineEnd < to) {
                scratch.m_text.push_back('\n');
                pos = lineEnd + SearchTranscoder::endingLength(encoding);
            } else {
                pos = to;
            }
        }
        const auto *text = reinterpret_cast<const uchar *>(scratch.m_text.data());
        const auto textSize = qint64(scratch.m_text.size());
        qint64 textResume = textSize;
        const int found = scanUtf8(text, 0, textSize, scratch, out + count, capacity - count, &textResume);
        size_t line = 0;
        for (int i = 0; i < found; ++i) { // both ascending
            while (scratch.m_textLines[line] != out[count + i])
                ++line;
            out[count + i] = scratch.m_fileLines[line];
        }
        count += found;
        if (textResume < textSize) { // out is full: go on at that line next time
            const auto it = std::lower_bound(scratch.m_textLines.begin(), scratch.m_textLines.end(), textResume);
            pos = scratch.m_fileLines[size_t(it - scratch.m_textLines.begin())];
            break;
        }
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
    // Only the end of a match is known. A match of a line alone ends inside that line or at its
    // end, so the line holding the end offset is the one to decide (a hit that ends past a '\n'
    // names the next line, which confirmation then judges on its own).
    auto *c = static_cast<HsContext *>(context);
    const qint64 end = c->from + qint64(to);
    if (end < c->decidedEnd)
        return 0;
    if (end >= c->to && c->data[c->to - 1] == '\n')
        return 0; // the start of the next range's first line
    const qint64 lineStart = utf8LineStart(c->data, c->decidedEnd, end);
    const qint64 lineEnd = utf8LineEnd(c->data, end, c->to);
    c->decidedEnd = lineEnd + 1;
    if (c->matcher->m_verify && !c->matcher->lineMatches(c->data + lineStart, lineEnd - lineStart, *c->scratch))
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
    return scanBuffer(data, from, to, scratch, out, capacity, resume);
#endif
}

int SearchMatcher::scanBuffer(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                              int capacity, qint64 *resume) const
{
    // The pattern is line-local (see RegexLocality): the leftmost buffer-wide match starts in the
    // first line that matches alone, if not before. A match that stays within its line proves
    // it; one that crosses a '\n' (or a chunked literal's first chunk) is checked on the line.
    int count = 0;
    qint64 pos = from;
    while (pos < to && count < capacity) {
        const int rc = pcre2_match(asCode(m_scanCode), data, PCRE2_SIZE(to), PCRE2_SIZE(pos), 0,
                                   scratch.m_matchData, scratch.m_context);
        if (rc == PCRE2_ERROR_NOMATCH) {
            pos = to;
            break;
        }
        if (rc < 0) { // a resource limit on the long subject: the rest line by line
            qint64 rest = to;
            const int more = scanEachLine(data, pos, to, scratch, out + count, capacity - count, &rest);
            *resume = rest;
            return count + more;
        }
        const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(scratch.m_matchData);
        const auto start = qint64(ovector[0]);
        const auto end = qint64(ovector[1]);
        if (start >= to && data[to - 1] == '\n') {
            pos = to; // an empty match where the next range's first line starts
            break;
        }
        const qint64 lineStart = utf8LineStart(data, pos, start);
        const qint64 lineEnd = utf8LineEnd(data, start, to);
        if ((!m_verify && end <= lineEnd) || lineMatches(data + lineStart, lineEnd - lineStart, scratch))
            out[count++] = lineStart;
        pos = lineEnd + 1;
    }
    *resume = qMin(pos, to);
    return count;
}

int SearchMatcher::scanEachLine(const uchar *data, qint64 from, qint64 to, Scratch &scratch, qint64 *out,
                                int capacity, qint64 *resume) const
{
    int count = 0;
    qint64 pos = from;
    while (pos < to && count < capacity) {
        const qint64 lineEnd = utf8LineEnd(data, pos, to);
        if (lineMatches(data + pos, lineEnd - pos, scratch))
            out[count++] = pos;
        pos = lineEnd + 1;
    }
    *resume = qMin(pos, to);
    return count;
}

QList<SearchMatcher::Span> SearchMatcher::matchesInLine(QByteArrayView line, int limit, qint64 lineStart) const
{
    if (m_never)
        return {};
    Scratch scratch(*this);
    return matchesInLine(line, scratch, limit, lineStart);
}

QList<SearchMatcher::Span> SearchMatcher::matchesInLine(QByteArrayView line, Scratch &scratch, int limit,
                                                        qint64 lineStart) const
{
    QList<Span> spans;
    if (m_never)
        return spans;
    const Encoding encoding = m_options.encoding;
    const auto *bytes = reinterpret_cast<const uchar *>(line.data());
    const qint64 length = SearchTranscoder::lineEnd(encoding, bytes, 0, line.size());
    // The text as UTF-8, and for other encodings where each of its bytes came from.
    const uchar *text = bytes;
    qint64 textLength = length;
    qint64 textStart = 0;
    std::vector<char> converted;
    std::vector<qint64> origin;
    if (!isUtf8()) {
        textStart = lineStart == 0 ? SearchTranscoder::textStart(encoding, bytes, length, 0) : 0;
        SearchTranscoder::appendUtf8(encoding, bytes + textStart, length - textStart, converted, &origin);
        origin.push_back(length - textStart);
        text = reinterpret_cast<const uchar *>(converted.data());
        textLength = qint64(converted.size());
    }
    const auto fileByte = [&](qint64 at) { return origin.empty() ? at : textStart + origin[size_t(at)]; };
    qint64 pos = 0;
    while (pos <= textLength && spans.size() < limit) {
        qint64 start = 0;
        qint64 end = 0;
        if (!nextMatch(text, textLength, pos, scratch, &start, &end))
            break;
        spans.append(Span{fileByte(start), fileByte(end) - fileByte(start)});
        if (end > start) {
            pos = end;
        } else { // an empty match: step over one character
            pos = end + 1;
            while (pos < textLength && (text[pos] & 0xc0) == 0x80)
                ++pos;
        }
    }
    return spans;
}
