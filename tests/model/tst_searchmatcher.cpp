#include "chunkedliteral.h"
#include "regexlocality.h"
#include "searchmatcher.h"
#include "testfiles.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <QRandomGenerator>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using Encoding = LineDecoder::Encoding;
using Span = SearchMatcher::Span;

namespace {

// The reference: PCRE2 run on each line alone, the line being the whole subject, as grep -P does.
class Reference {
public:
    explicit Reference(const SearchOptions &options)
    {
        QByteArray pattern;
        if (options.regex) {
            pattern = options.pattern.toUtf8();
        } else {
            for (const char32_t c : options.pattern.toUcs4())
                pattern += "\\x{" + QByteArray::number(quint32(c), 16) + "}";
        }
        if (options.wholeWord)
            pattern = "(?<!\\w)(?:" + pattern + ")(?!\\w)";
        uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
        if (!options.caseSensitive)
            flags |= PCRE2_CASELESS;
        int code = 0;
        PCRE2_SIZE offset = 0;
        pcre2_compile_context *context = pcre2_compile_context_create(nullptr);
        pcre2_set_newline(context, PCRE2_NEWLINE_LF);
        m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.constData()), pattern.size(), flags, &code,
                               &offset, context);
        pcre2_compile_context_free(context);
        if (m_code) {
            // As grep -P and Tome run it. (The interpreter differs from the JIT on empty matches
            // between invalid UTF-8 bytes.)
            pcre2_jit_compile(m_code, PCRE2_JIT_COMPLETE);
            m_data = pcre2_match_data_create_from_pattern(m_code, nullptr);
        }
    }
    ~Reference()
    {
        pcre2_match_data_free(m_data);
        pcre2_code_free(m_code);
    }
    bool isValid() const { return m_code; }

    // Every match of a UTF-8 line, leftmost first, non-overlapping, in bytes of the line.
    QList<Span> spans(QByteArrayView line) const
    {
        QList<Span> out;
        qint64 pos = 0;
        while (pos <= line.size()) {
            if (pcre2_match(m_code, reinterpret_cast<PCRE2_SPTR>(line.data()), line.size(), pos, 0, m_data, nullptr)
                < 0)
                break;
            const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m_data);
            out.append(Span{qint64(ov[0]), qint64(ov[1] - ov[0])});
            pos = qint64(ov[1]) > qint64(ov[0]) ? qint64(ov[1]) : qint64(ov[1]) + 1;
            while (ov[1] == ov[0] && pos < line.size() && (uchar(line[pos]) & 0xc0) == 0x80)
                ++pos;
        }
        return out;
    }

private:
    pcre2_code *m_code = nullptr;
    pcre2_match_data *m_data = nullptr;
};

struct Line {
    qint64 start = 0;  // in the file
    QByteArray utf8;   // the text
    QList<Span> spans; // the reference's matches, in bytes of the file from the line's start
};

// A UTF-8 (or Latin-1 read as bytes) file split into lines like grep.
QList<Line> utf8Lines(const QByteArray &file)
{
    QList<Line> lines;
    qint64 start = 0;
    while (start < file.size()) {
        qsizetype end = file.indexOf('\n', start);
        if (end < 0)
            end = file.size();
        lines.append(Line{start, file.mid(start, end - start), {}});
        start = end + 1;
    }
    return lines;
}

QByteArray utf16Bytes(const QString &text, Encoding encoding)
{
    QByteArray out;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        out += encoding == Encoding::Utf16LE ? char(u & 0xff) : char(u >> 8);
        out += encoding == Encoding::Utf16LE ? char(u >> 8) : char(u & 0xff);
    }
    return out;
}

// What Python finds: the text after the byte order mark, decoded, split at '\n'.
QList<Line> utf16Lines(const QString &text, qint64 bomLength)
{
    QList<Line> lines;
    qint64 unit = 0;
    while (unit < text.size()) {
        qsizetype end = text.indexOf(u'\n', unit);
        if (end < 0)
            end = text.size();
        const qint64 start = bomLength + unit * 2; // line 0 starts after the byte order mark
        lines.append(Line{start, text.mid(unit, end - unit).toUtf8(), {}});
        unit = end + 1;
    }
    return lines;
}

// Fills in the reference's spans, mapped to file bytes by `toFile` (UTF-8 byte -> file byte).
template <typename ToFile>
void addSpans(QList<Line> &lines, const Reference &reference, ToFile toFile)
{
    for (Line &line : lines) {
        for (const Span &span : reference.spans(line.utf8)) {
            const qint64 start = toFile(line, span.start);
            line.spans.append(Span{start, toFile(line, span.start + span.length) - start});
        }
    }
}

// Runs scanLines over [0, size) in random ranges (cut at line starts) with random capacities.
QList<qint64> scan(const SearchMatcher &matcher, const QByteArray &file, const QList<Line> &lines,
                   QRandomGenerator &random)
{
    const auto *data = reinterpret_cast<const uchar *>(file.constData());
    QList<qint64> cuts{0};
    for (const Line &line : lines) {
        if (line.start > 0 && random.bounded(3) == 0)
            cuts.append(line.start);
    }
    cuts.append(file.size());
    const SearchMatcher::ScratchPtr scratch = matcher.makeScratch();
    QList<qint64> found;
    qint64 out[3];
    for (qsizetype i = 0; i + 1 < cuts.size(); ++i) {
        qint64 pos = cuts[i];
        int guard = 0;
        while (pos < cuts[i + 1] && guard++ < 100000) {
            qint64 resume = -1;
            const int n = matcher.scanLines(data, pos, cuts[i + 1], *scratch, out, 1 + int(random.bounded(3)), &resume);
            for (int k = 0; k < n; ++k)
                found.append(out[k]);
            if (resume <= pos && n == 0)
                break; // no progress: reported by the comparison
            pos = resume;
        }
    }
    return found;
}

const QList<const char *> kTextTokens{
    "a", "b", "c", "x", "-", " ", "_", "\n", "\n", "\n", "\r\n", "\r", "ab", "abc", "cat", "CAT", "Cat",
    "\xc3\xb1", "\xc3\x91", "\xc5\xbf" /* ſ */, "s", "S", "\xe2\x84\xaa" /* Kelvin */, "k", "K", "1", "\t",
    "\xcf\x83" /* σ */, "\xce\xa3" /* Σ */, "\xcf\x82" /* ς */, "e\xcc\x81" /* e + acute */, "\xc3\xa9",
};
const QList<const char *> kBadTokens{"\x00", "\xff", "\xc3", "\xe2\x84", "\x80"};

QByteArray randomText(QRandomGenerator &random, bool invalid)
{
    QByteArray text;
    const int count = int(random.bounded(40));
    for (int i = 0; i < count; ++i) {
        if (invalid && random.bounded(8) == 0) {
            const char *bad = kBadTokens.at(random.bounded(kBadTokens.size()));
            text += bad[0] ? QByteArray(bad) : QByteArray(1, '\0');
        } else {
            text += kTextTokens.at(random.bounded(kTextTokens.size()));
        }
    }
    if (random.bounded(3) == 0)
        text += '\n';
    return text;
}

// A random pattern from a small grammar: literals, classes, anchors, \b, lookarounds, groups.
QString randomRegex(QRandomGenerator &random, int depth = 0)
{
    static const QStringList singles{u"a"_s, u"b"_s, u"c"_s, u"x"_s, u"-"_s, u" "_s, u"ñ"_s, u"Ñ"_s, u"ſ"_s,
                                     u"s"_s, u"k"_s, u"σ"_s, u"."_s, u"\\w"_s, u"\\W"_s, u"\\s"_s, u"\\d"_s,
                                     u"[abc]"_s, u"[^a]"_s, u"\\r"_s, u"\\n"_s, u"\\x{0}"_s, u"\\p{L}"_s};
    static const QStringList anchors{u"^"_s, u"$"_s, u"\\b"_s, u"\\B"_s, u"\\A"_s, u"\\z"_s, u"\\Z"_s, u"\\G"_s};
    static const QStringList quantifiers{u""_s, u""_s, u""_s, u"*"_s, u"+"_s, u"?"_s, u"{1,2}"_s, u"*?"_s,
                                         u"*+"_s, u"++"_s};
    QString out;
    const int atoms = 1 + int(random.bounded(depth > 0 ? 2 : 4));
    for (int i = 0; i < atoms; ++i) {
        const int kind = int(random.bounded(depth > 1 ? 6 : 12));
        if (kind < 4) {
            out += singles.at(random.bounded(singles.size())) + quantifiers.at(random.bounded(quantifiers.size()));
        } else if (kind < 6) {
            out += anchors.at(random.bounded(anchors.size()));
        } else if (kind == 6) {
            out += (random.bounded(2) ? u"(?<="_s : u"(?<!"_s) + singles.at(random.bounded(singles.size())) + u')';
        } else if (kind == 7) {
            out += (random.bounded(2) ? u"(?="_s : u"(?!"_s) + randomRegex(random, depth + 1) + u')';
        } else if (kind == 8) {
            out += u'(' + randomRegex(random, depth + 1) + u'|' + randomRegex(random, depth + 1) + u')'
                   + quantifiers.at(random.bounded(quantifiers.size()));
        } else if (kind == 9) {
            out += u"(?>"_s + randomRegex(random, depth + 1) + u')';
        } else {
            out += singles.at(random.bounded(singles.size()));
        }
    }
    return out;
}

QString randomLiteral(QRandomGenerator &random)
{
    static const QStringList pieces{u"a"_s, u"b"_s, u"c"_s, u"x"_s, u"-"_s, u" "_s, u"ab"_s, u"cat"_s, u"CAT"_s,
                                    u"ñ"_s, u"Ñ"_s, u"ſ"_s, u"s"_s, u"S"_s, u"k"_s, u"K"_s, u"σ"_s, u"ς"_s,
                                    u"\r"_s, u"."_s, u"("_s, u"é"_s, u"\t"_s};
    QString out;
    const int count = int(random.bounded(4));
    for (int i = 0; i < count; ++i)
        out += pieces.at(random.bounded(pieces.size()));
    return out;
}

SearchMatcher::Engine randomEngine(QRandomGenerator &random)
{
    static const QList<SearchMatcher::Engine> engines{SearchMatcher::Engine::Auto, SearchMatcher::Engine::Literal,
                                                      SearchMatcher::Engine::Hyperscan, SearchMatcher::Engine::Pcre2};
    return engines.at(random.bounded(engines.size()));
}

QString describe(const SearchOptions &options, const char *engine)
{
    return u"pattern \"%1\" regex %2 case %3 word %4 engine %5"_s.arg(options.pattern)
        .arg(options.regex)
        .arg(options.caseSensitive)
        .arg(options.wholeWord)
        .arg(QString::fromLatin1(engine));
}

// Compares one matcher with the reference on one file: the matching lines (scanLines, in random
// ranges) and every line's matches (matchesInLine). Returns an error message or an empty string.
QString compare(const SearchMatcher &matcher, const QByteArray &file, const QList<Line> &lines,
                QRandomGenerator &random)
{
    QList<qint64> expected;
    for (const Line &line : lines) {
        if (!line.spans.isEmpty())
            expected.append(line.start);
    }
    const QList<qint64> found = scan(matcher, file, lines, random);
    if (found != expected) {
        QStringList a;
        QStringList b;
        for (qint64 v : found)
            a.append(QString::number(v));
        for (qint64 v : expected)
            b.append(QString::number(v));
        return u"lines [%1], expected [%2]"_s.arg(a.join(u','), b.join(u','));
    }
    for (const Line &line : lines) {
        const QList<Span> spans = matcher.matchesInLine(QByteArrayView(file).sliced(line.start), 1000, line.start);
        if (spans != line.spans)
            return u"line at %1: %2 matches, expected %3 (first at %4, expected %5)"_s.arg(line.start)
                .arg(spans.size())
                .arg(line.spans.size())
                .arg(spans.isEmpty() ? -1 : spans.first().start)
                .arg(line.spans.isEmpty() ? -1 : line.spans.first().start);
    }
    return {};
}

QString hexOf(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex(' '));
}

} // namespace

class TestSearchMatcher : public QObject {
    Q_OBJECT
private slots:
    void grepLines_data();
    void grepLines();
    void lineLocality_data();
    void lineLocality();
    void randomUtf8();
    void randomUtf16();
    void utf16Literal_data();
    void utf16Literal();
    void latin1();
    void longLiteral_data();
    void longLiteral();
    void chunkedAgainstWhole();
};

void TestSearchMatcher::grepLines_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    QTest::addColumn<QList<qint64>>("lines");

    const QByteArray lastLine("abc\nx-");
    QTest::newRow("$ unterminated") << lastLine << u"$"_s << true << true << false << QList<qint64>{0, 4};
    QTest::newRow("lookbehind unterminated") << lastLine << u"(?<=-)"_s << true << true << false << QList<qint64>{4};
    QTest::newRow("(?!.) unterminated") << lastLine << u"(?!.)"_s << true << true << false << QList<qint64>{0, 4};
    QTest::newRow("no word around") << lastLine << u"(?<!\\w)(?!\\w)"_s << true << true << false
                                    << QList<qint64>{4};
    QTest::newRow("\\A per line") << QByteArray("abc\nx-\n") << u"\\Ax"_s << true << true << false
                                  << QList<qint64>{4};
    QTest::newRow("\\z per line") << QByteArray("abc\nx-\n") << u"c\\z"_s << true << true << false
                                  << QList<qint64>{0};
    QTest::newRow("\\Z per line") << QByteArray("abc\nx-\n") << u"-\\Z"_s << true << true << false
                                  << QList<qint64>{4};
    QTest::newRow("empty word literal") << QByteArray("Ylp-") << u""_s << false << true << true << QList<qint64>{0};
    QTest::newRow("empty word caseless") << QByteArray("Ylp-") << u""_s << false << false << true
                                         << QList<qint64>{0};
    QTest::newRow("empty word regex") << QByteArray("Ylp-") << u""_s << true << true << true << QList<qint64>{0};
    QTest::newRow("$ word empty lines")
        << QByteArray::fromHex("0000002775404e339461610a0a6100680000000000000027000000610a62650a0a") << u"$"_s
        << true << true << true << QList<qint64>{12, 32};
    QTest::newRow("lookbehind across lines") << QByteArray("c\nx\n") << u"(?<=c\\n)x"_s << true << true << false
                                             << QList<qint64>{};
    QTest::newRow("negative lookbehind at start") << QByteArray("a\nb\n") << u"(?<![\\s\\S])b"_s << true << true
                                                  << false << QList<qint64>{2};
    QTest::newRow("possessive") << QByteArray("a  \nb\n") << u"a\\s*+$"_s << true << true << false
                                << QList<qint64>{0};
    QTest::newRow("atomic") << QByteArray("a  \nb\n") << u"a(?>\\s*)$"_s << true << true << false
                            << QList<qint64>{0};
    QTest::newRow("options off") << QByteArray("a\nb\n") << u"(?-m)^b"_s << true << true << false
                                 << QList<qint64>{2};
    QTest::newRow("cr is text") << QByteArray("cat\r\ncat\n") << u"cat$"_s << true << true << false
                                << QList<qint64>{5};
    QTest::newRow("dot takes cr") << QByteArray("a\rb\n") << u"a.b"_s << true << true << false << QList<qint64>{0};
    QTest::newRow("empty line at end") << QByteArray("a\n\n") << u"^$"_s << true << true << false
                                       << QList<qint64>{2};
    QTest::newRow("no line after final newline") << QByteArray("a\n") << u"^"_s << true << true << false
                                                 << QList<qint64>{0};
    QTest::newRow("\\K across lines") << QByteArray("a\nb\n") << u"a\\n\\Kb"_s << true << true << false
                                      << QList<qint64>{};
    QTest::newRow("caseless long s") << QByteArray("\xc5\xbf\n") << u"S"_s << false << false << false
                                     << QList<qint64>{0};
    QTest::newRow("caseless kelvin") << QByteArray("x\n\xe2\x84\xaa\n") << u"k"_s << false << false << false
                                     << QList<qint64>{2};
}

void TestSearchMatcher::grepLines()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    QFETCH(QList<qint64>, lines);
    const SearchOptions options{pattern, regex, caseSensitive, wholeWord};
    QRandomGenerator random(1);
    QList<Line> reference = utf8Lines(file);
    addSpans(reference, Reference(options), [](const Line &, qint64 at) { return at; });
    for (const SearchMatcher::Engine engine : {SearchMatcher::Engine::Auto, SearchMatcher::Engine::Literal,
                                               SearchMatcher::Engine::Hyperscan, SearchMatcher::Engine::Pcre2}) {
        QString error;
        const auto matcher = SearchMatcher::compile(options, &error, {}, engine);
        QVERIFY2(matcher, qPrintable(error));
        const auto *data = reinterpret_cast<const uchar *>(file.constData());
        const SearchMatcher::ScratchPtr scratch = matcher->makeScratch();
        qint64 out[64];
        qint64 resume = -1;
        const int n = matcher->scanLines(data, 0, file.size(), *scratch, out, 64, &resume);
        QCOMPARE(QList<qint64>(out, out + n), lines);
        QCOMPARE(resume, qint64(file.size()));
        const QString mismatch = compare(*matcher, file, reference, random);
        QVERIFY2(mismatch.isEmpty(), qPrintable(QString::fromLatin1(matcher->engineName()) + u": "_s + mismatch));
    }
}

void TestSearchMatcher::lineLocality_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("local");
    QTest::newRow("literal") << u"ERROR.*timeout"_s << true;
    QTest::newRow("anchors") << u"^a|b$"_s << true;
    QTest::newRow("word") << u"\\bcat\\b"_s << true;
    QTest::newRow("named group") << u"(?<x>a)\\k<x>"_s << true;
    QTest::newRow("option on") << u"(?i)abc"_s << true;
    QTest::newRow("lazy") << u"a+?b"_s << true;
    QTest::newRow("\\A") << u"\\Aa"_s << false;
    QTest::newRow("\\z") << u"a\\z"_s << false;
    QTest::newRow("\\K") << u"a\\Kb"_s << false;
    QTest::newRow("lookbehind") << u"(?<=a)b"_s << false;
    QTest::newRow("negative lookahead") << u"a(?!b)"_s << false;
    QTest::newRow("atomic") << u"(?>a+)b"_s << false;
    QTest::newRow("possessive") << u"a++b"_s << false;
    QTest::newRow("verb") << u"(*CR)a"_s << false;
    QTest::newRow("option off") << u"(?-m)^a"_s << false;
    QTest::newRow("conditional") << u"(a)?(?(1)b|c)"_s << false;
    QTest::newRow("callout") << u"a(?C1)b"_s << false;
}

void TestSearchMatcher::lineLocality()
{
    QFETCH(QString, pattern);
    QFETCH(bool, local);
    QCOMPARE(RegexLocality::isLineLocal(pattern.toUtf8()), local);
}

void TestSearchMatcher::randomUtf8()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    qInfo("seed %u", seed);
    int compared = 0;
    for (int round = 0; round < TestFiles::scaled(3000); ++round) {
        SearchOptions options;
        options.regex = random.bounded(3) != 0;
        options.pattern = options.regex ? randomRegex(random) : randomLiteral(random);
        options.caseSensitive = random.bounded(2);
        options.wholeWord = random.bounded(3) == 0;
        const QByteArray file = randomText(random, random.bounded(2));
        const Reference reference(options);
        const SearchMatcher::Engine engine = randomEngine(random);
        QString error;
        const auto matcher = SearchMatcher::compile(options, &error, {}, engine);
        QVERIFY2(bool(matcher) == reference.isValid(),
                 qPrintable(u"seed %1 round %2: %3 compiles differently: %4"_s.arg(seed).arg(round).arg(
                     describe(options, "?"), error)));
        if (!matcher)
            continue;
        QList<Line> lines = utf8Lines(file);
        addSpans(lines, reference, [](const Line &, qint64 at) { return at; });
        const QString mismatch = compare(*matcher, file, lines, random);
        QVERIFY2(mismatch.isEmpty(), qPrintable(u"seed %1 round %2: %3 on %4: %5"_s.arg(seed).arg(round).arg(
                                         describe(options, matcher->engineName()), hexOf(file), mismatch)));
        ++compared;
    }
    QVERIFY(compared > 0);
}

void TestSearchMatcher::randomUtf16()
{
    // Characters whose units hold a 0x0A byte (U+010A, U+0A05, U+0A0A), surrogate pairs, folding.
    static const QStringList characters{u"a"_s, u"b"_s, u"c"_s, u"x"_s, u"-"_s, u" "_s, u"_"_s, u"\r"_s, u"\n"_s,
                                        u"\n"_s, u"ñ"_s, u"Ñ"_s, u"ſ"_s, u"s"_s, u"K"_s, u"k"_s, u"Ċ"_s, u"ċ"_s,
                                        u"ਅ"_s, u"\u0a0a"_s, u"𝔘"_s, u"😀"_s, u"σ"_s, u"Σ"_s, u"cat"_s, u"CAT"_s,
                                        QString(QChar(u'\0'))};
    static const QStringList literals{u"a"_s, u"Ċ"_s, u"ċ"_s, u"ਅ"_s, u"𝔘"_s, u"😀"_s, u"cat"_s, u"ñ"_s,
                                      u"a b"_s, u"\u0a0a"_s, u"Ċa"_s, u""_s, u"s"_s, u"k"_s, u"\r"_s};
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    qInfo("seed %u", seed);
    for (int round = 0; round < TestFiles::scaled(1500); ++round) {
        QString text;
        const int count = int(random.bounded(30));
        for (int i = 0; i < count; ++i)
            text += characters.at(random.bounded(characters.size()));
        if (random.bounded(3) == 0)
            text += u'\n';
        const Encoding encoding = random.bounded(2) ? Encoding::Utf16LE : Encoding::Utf16BE;
        const bool bom = random.bounded(2);
        const QByteArray file = (bom ? utf16Bytes(QString(QChar(0xfeff)), encoding) : QByteArray())
                                + utf16Bytes(text, encoding);
        SearchOptions options;
        options.regex = random.bounded(3) == 0;
        options.pattern = options.regex ? randomRegex(random) : literals.at(random.bounded(literals.size()));
        options.caseSensitive = random.bounded(2);
        options.wholeWord = random.bounded(3) == 0;
        options.encoding = encoding;
        const Reference reference(options);
        QString error;
        const auto matcher = SearchMatcher::compile(options, &error, file, randomEngine(random));
        QCOMPARE(bool(matcher), reference.isValid());
        if (!matcher)
            continue;
        QList<Line> lines = utf16Lines(text, bom ? 2 : 0);
        addSpans(lines, reference,
                 [](const Line &line, qint64 at) { return QString::fromUtf8(line.utf8.left(at)).size() * 2; });
        const QString mismatch = compare(*matcher, file, lines, random);
        QVERIFY2(mismatch.isEmpty(), qPrintable(u"seed %1 round %2: %3 %4 on %5: %6"_s.arg(seed).arg(round).arg(
                                         describe(options, matcher->engineName()),
                                         encoding == Encoding::Utf16LE ? u"LE"_s : u"BE"_s, hexOf(file), mismatch)));
    }
}

void TestSearchMatcher::utf16Literal_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<QList<int>>("lines"); // matching line numbers
    QTest::newRow("three lines") << u"one\ntwo\nthree\n"_s << u"t"_s << true << QList<int>{1, 2};
    QTest::newRow("U+010A is no line end") << u"aĊb\nc\n"_s << u"b"_s << true << QList<int>{0};
    QTest::newRow("U+0A05 is no line end") << u"ਅx\nਅ\n"_s << u"ਅ"_s << true << QList<int>{0, 1};
    QTest::newRow("not the UTF-8 bytes") << u"castaña\n"_s << u"Ã±"_s << true << QList<int>{};
    QTest::newRow("odd offset") << u"\u6100\u0062\n"_s << u"ab"_s << true << QList<int>{};
    QTest::newRow("caseless") << u"x\nCASTAÑA\n"_s << u"castaña"_s << false << QList<int>{1};
    QTest::newRow("surrogates") << u"a😀b\n😀\n"_s << u"😀"_s << true << QList<int>{0, 1};
}

void TestSearchMatcher::utf16Literal()
{
    QFETCH(QString, text);
    QFETCH(QString, pattern);
    QFETCH(bool, caseSensitive);
    QFETCH(QList<int>, lines);
    for (const Encoding encoding : {Encoding::Utf16LE, Encoding::Utf16BE}) {
        for (const bool bom : {false, true}) {
            const QByteArray file = (bom ? utf16Bytes(QString(QChar(0xfeff)), encoding) : QByteArray())
                                    + utf16Bytes(text, encoding);
            SearchOptions options{pattern, false, caseSensitive, false, encoding};
            QString error;
            const auto matcher = SearchMatcher::compile(options, &error, file);
            QVERIFY(matcher);
            const QList<Line> all = utf16Lines(text, bom ? 2 : 0);
            QList<qint64> expected;
            for (int line : lines)
                expected.append(all.at(line).start);
            const SearchMatcher::ScratchPtr scratch = matcher->makeScratch();
            qint64 out[16];
            qint64 resume = 0;
            const int n = matcher->scanLines(reinterpret_cast<const uchar *>(file.constData()), 0, file.size(),
                                             *scratch, out, 16, &resume);
            QCOMPARE(QList<qint64>(out, out + n), expected);
        }
    }
}

void TestSearchMatcher::latin1()
{
    const QByteArray file("caf\xe9\nCAF\xc9\ncaf\xc3\xa9\n");
    for (const bool caseSensitive : {true, false}) {
        QString error;
        const auto matcher =
            SearchMatcher::compile(SearchOptions{u"café"_s, false, caseSensitive, true, Encoding::Latin1}, &error);
        QVERIFY(matcher);
        const SearchMatcher::ScratchPtr scratch = matcher->makeScratch();
        qint64 out[8];
        qint64 resume = 0;
        const int n = matcher->scanLines(reinterpret_cast<const uchar *>(file.constData()), 0, file.size(), *scratch,
                                         out, 8, &resume);
        const QList<qint64> expected = caseSensitive ? QList<qint64>{0} : QList<qint64>{0, 5};
        QCOMPARE(QList<qint64>(out, out + n), expected);
        const QList<Span> spans = caseSensitive ? QList<Span>{} : QList<Span>{{0, 4}};
        QCOMPARE(matcher->matchesInLine(QByteArrayView(file).sliced(5), 10, 5), spans);
    }
}

void TestSearchMatcher::longLiteral_data()
{
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    QTest::addColumn<int>("engine");
    for (const bool caseSensitive : {true, false}) {
        for (const bool word : {false, true}) {
            for (const auto engine : {SearchMatcher::Engine::Auto, SearchMatcher::Engine::Hyperscan,
                                      SearchMatcher::Engine::Pcre2}) {
                QTest::addRow("case %d word %d engine %d", caseSensitive, word, int(engine))
                    << caseSensitive << word << int(engine);
            }
        }
    }
}

void TestSearchMatcher::longLiteral()
{
    // A 100 KB literal is searched for as text: no regular expression size limit.
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    QFETCH(int, engine);
    QByteArray needle;
    for (int i = 0; needle.size() < 100 * 1024; ++i)
        needle += "word" + QByteArray::number(i) + (i % 7 ? " " : " casta\xc3\xb1" "a ");
    needle += "end";
    const QByteArray upper = QString::fromUtf8(needle).toUpper().toUtf8();
    QByteArray file = "before\n" + needle + "\n" + "x" + needle + "\n" + upper + " tail\n" + needle.left(needle.size() - 1)
                      + "\n" + needle;
    QList<qint64> starts;
    for (const Line &line : utf8Lines(file))
        starts.append(line.start);
    QList<qint64> expected;
    expected.append(starts[1]);
    if (!wholeWord)
        expected.append(starts[2]);
    if (!caseSensitive)
        expected.append(starts[3]);
    expected.append(starts[5]);
    QString error;
    const auto matcher = SearchMatcher::compile(SearchOptions{QString::fromUtf8(needle), false, caseSensitive, wholeWord},
                                                &error, {}, SearchMatcher::Engine(engine));
    QVERIFY2(matcher, qPrintable(error));
    const SearchMatcher::ScratchPtr scratch = matcher->makeScratch();
    qint64 out[16];
    qint64 resume = 0;
    const int n = matcher->scanLines(reinterpret_cast<const uchar *>(file.constData()), 0, file.size(), *scratch, out,
                                     16, &resume);
    QCOMPARE(QList<qint64>(out, out + n), expected);
    const QList<Span> spans = matcher->matchesInLine(QByteArrayView(file).sliced(starts[2]), 10, starts[2]);
    const QList<Span> expectedSpans = wholeWord ? QList<Span>{} : QList<Span>{{1, needle.size()}};
    QCOMPARE(spans, expectedSpans);
}

void TestSearchMatcher::chunkedAgainstWhole()
{
    // Literals just past the chunk size, where one regular expression still works as the reference.
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    qInfo("seed %u", seed);
    static const QList<const char *> pieces{"a", "b", "A", "\xc3\xb1", "\xc3\x91", "\xc5\xbf", "s", "S", " ", "-",
                                            "\xcf\x83", "\xcf\x82", "\xce\xa3", "k", "\xe2\x84\xaa"};
    for (int round = 0; round < TestFiles::scaled(30); ++round) {
        QByteArray needle;
        while (needle.size() <= ChunkedLiteral::kChunkBytes + qsizetype(random.bounded(3000)))
            needle += pieces.at(random.bounded(pieces.size()));
        // Lines: the needle, with one character changed, with case changed, inside words.
        QString variant = QString::fromUtf8(needle);
        QByteArray file;
        for (int line = 0; line < 8; ++line) {
            QString text = variant;
            const int kind = int(random.bounded(4));
            if (kind == 1)
                text[random.bounded(text.size())] = u'z';
            else if (kind == 2)
                text = text.toUpper();
            else if (kind == 3)
                text = u"x"_s + text.toLower() + u"y"_s;
            file += text.toUtf8() + (random.bounded(2) ? " tail\n" : "\n");
        }
        const SearchOptions options{QString::fromUtf8(needle), false, bool(random.bounded(2)), bool(random.bounded(2))};
        const Reference reference(options);
        QVERIFY(reference.isValid());
        QList<Line> lines = utf8Lines(file);
        addSpans(lines, reference, [](const Line &, qint64 at) { return at; });
        const auto matcher = SearchMatcher::compile(options, nullptr, {}, randomEngine(random));
        QVERIFY(matcher);
        const QString mismatch = compare(*matcher, file, lines, random);
        QVERIFY2(mismatch.isEmpty(), qPrintable(u"seed %1 round %2: %3"_s.arg(seed).arg(round).arg(mismatch)));
    }
}

QTEST_GUILESS_MAIN(TestSearchMatcher)
#include "tst_searchmatcher.moc"
