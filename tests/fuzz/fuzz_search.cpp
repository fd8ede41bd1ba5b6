// Fuzz harness: every search engine against PCRE2 run on each line alone, as grep runs it.
// Byte 0: regex (bit 0), case-insensitive (bit 1), whole word (bit 2); byte 1: the pattern's
// length (mod 32); then the pattern (UTF-8), then the text. The reference is compiled here from
// SearchOptions' contract (UTF + UCP, caseless folding, words of \w, literals quoted code point by
// code point), never through SearchMatcher, and matches each line as the whole subject.
#include "fuzzcheck.h"
#include "searchmatcher.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Reference {
    pcre2_code *code = nullptr;
    pcre2_match_data *data = nullptr;
    pcre2_match_context *context = nullptr;
    ~Reference()
    {
        pcre2_match_context_free(context);
        pcre2_match_data_free(data);
        pcre2_code_free(code);
    }
};

QByteArray referencePattern(const SearchOptions &options)
{
    QByteArray pattern;
    if (options.regex) {
        pattern = options.pattern.toUtf8();
    } else {
        for (const char32_t c : options.pattern.toUcs4()) {
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                pattern += char(c);
            else
                pattern += "\\x{" + QByteArray::number(uint(c), 16) + '}';
        }
    }
    if (options.wholeWord)
        pattern = "(?<!\\w)(?:" + pattern + ")(?!\\w)";
    return pattern;
}

QString show(const QList<qint64> &starts)
{
    QStringList parts;
    for (const qint64 s : starts)
        parts.append(QString::number(s));
    return u"["_s + parts.join(u',') + u"]"_s;
}

} // namespace

QString fuzzCheck(QByteArrayView input)
{
    if (input.size() < 2)
        return {};
    const uchar flags = uchar(input.at(0));
    const qsizetype patternLength = qMin<qsizetype>(uchar(input.at(1)) % 32, input.size() - 2);
    SearchOptions options;
    options.regex = flags & 1;
    options.caseSensitive = !(flags & 2);
    options.wholeWord = flags & 4;
    options.pattern = QString::fromUtf8(input.sliced(2, patternLength));
    const QByteArrayView text = input.sliced(2 + patternLength);

    Reference reference;
    const QByteArray pattern = referencePattern(options);
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    uint32_t compileFlags = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    if (!options.caseSensitive)
        compileFlags |= PCRE2_CASELESS;
    reference.code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.constData()), PCRE2_SIZE(pattern.size()),
                                   compileFlags, &errorCode, &errorOffset, nullptr);
    if (!reference.code)
        return {}; // not a pattern PCRE2 takes: nothing to compare
    // JIT, as grep -P and Tome run it: PCRE2's interpreter differs from its JIT on empty matches
    // next to invalid UTF-8.
    pcre2_jit_compile(reference.code, PCRE2_JIT_COMPLETE);
    reference.data = pcre2_match_data_create_from_pattern(reference.code, nullptr);
    reference.context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(reference.context, 200000);
    pcre2_set_depth_limit(reference.context, 2000);

    // grep's lines: split at '\n'; a last line without one counts when it is not empty.
    QList<qint64> expected;
    for (qint64 start = 0; start < text.size();) {
        qint64 end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        const int rc = pcre2_match(reference.code, reinterpret_cast<PCRE2_SPTR>(text.data() + start),
                                   PCRE2_SIZE(end - start), 0, 0, reference.data, reference.context);
        if (rc >= 0)
            expected.append(start);
        else if (rc != PCRE2_ERROR_NOMATCH)
            return {}; // a match or depth limit: too costly to compare
        start = end + 1;
    }

    const std::unique_ptr<uchar[]> data(new uchar[size_t(qMax<qsizetype>(1, text.size()))]);
    std::copy(text.begin(), text.end(), data.get());
    for (const SearchMatcher::Engine engine : {SearchMatcher::Engine::Auto, SearchMatcher::Engine::Literal,
                                               SearchMatcher::Engine::Hyperscan, SearchMatcher::Engine::Pcre2}) {
        QString error;
        const std::shared_ptr<const SearchMatcher> matcher = SearchMatcher::compile(options, &error, text, engine);
        const QString where = u"pattern \"%1\" (%2%3%4) engine %5 on %6: "_s.arg(options.pattern)
                                  .arg(options.regex ? u"regex"_s : u"literal"_s)
                                  .arg(options.caseSensitive ? u""_s : u", caseless"_s)
                                  .arg(options.wholeWord ? u", whole word"_s : u""_s)
                                  .arg(matcher ? QString::fromLatin1(matcher->engineName()) : u"-"_s)
                                  .arg(QString::fromLatin1(text.first(qMin<qsizetype>(text.size(), 80)).toByteArray().toHex()));
        if (!matcher) {
            if (!options.regex)
                return where + u"a literal was refused: "_s + error;
            continue; // SearchMatcher may refuse what it cannot run (a size limit, say)
        }
        QList<qint64> found;
        if (!text.isEmpty()) {
            const SearchMatcher::ScratchPtr scratch = matcher->makeScratch();
            qint64 out[5];
            qint64 from = 0;
            for (int rounds = 0; from < text.size(); ++rounds) {
                if (rounds > text.size() + 2)
                    return where + u"scanLines makes no progress at %1"_s.arg(from);
                qint64 resume = -1;
                const int n = matcher->scanLines(data.get(), from, text.size(), *scratch, out, 5, &resume);
                for (int i = 0; i < n; ++i)
                    found.append(out[i]);
                if (resume < from || resume > text.size() || (resume == from && n == 0))
                    return where + u"scanLines from %1 resumes at %2"_s.arg(from).arg(resume);
                from = resume;
            }
        }
        if (found != expected)
            return where + u"lines %1, per-line PCRE2 %2"_s.arg(show(found), show(expected));
    }
    return {};
}
