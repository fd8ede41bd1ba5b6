#include "highlightrulematcher.h"

#include <QRandomGenerator>
#include <QTest>

#include <regex>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;
using Run = HighlightRuleMatcher::Run;
using Runs = QList<Run>;

namespace {

const QString kRed = QStringLiteral("#ff0000");
const QString kBlue = QStringLiteral("#0000ff");

HighlightRule rule(const QString &pattern, const QString &foreground, const QString &background)
{
    HighlightRule r;
    r.pattern = pattern;
    r.foreground = foreground;
    r.background = background;
    return r;
}

// The rule each character's background comes from (-1: none), as the runs say.
std::vector<int> backgroundOf(const Runs &runs, qsizetype length)
{
    std::vector<int> out(size_t(length), -1);
    for (const Run &run : runs)
        for (int i = run.start; i < run.start + run.length; ++i)
            out[size_t(i)] = run.backgroundRule;
    return out;
}

bool isWordChar(QStringView text, qsizetype i)
{
    if (i < 0 || i >= text.size())
        return false;
    return text[i].isLetterOrNumber() || text[i] == u'_';
}

// Leftmost, non-overlapping occurrences, as search defines them, by QString::indexOf.
std::vector<int> referenceLiteral(const QString &text, const QString &pattern, bool caseSensitive, bool wholeWord)
{
    std::vector<int> out(size_t(text.size()), -1);
    qsizetype from = 0;
    while (true) {
        const qsizetype at = text.indexOf(pattern, from, caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive);
        if (at < 0)
            break;
        if (wholeWord && (isWordChar(text, at - 1) || isWordChar(text, at + pattern.size()))) {
            from = at + 1;
            continue;
        }
        std::fill(out.begin() + at, out.begin() + at + pattern.size(), 0);
        from = at + pattern.size();
    }
    return out;
}

std::vector<int> referenceRegex(const QString &text, const QString &pattern, bool caseSensitive)
{
    std::vector<int> out(size_t(text.size()), -1);
    const std::string subject = text.toStdString(); // ASCII: bytes are characters
    const auto flags = caseSensitive ? std::regex::ECMAScript : std::regex::ECMAScript | std::regex::icase;
    const std::regex re(pattern.toStdString(), flags);
    for (auto it = std::sregex_iterator(subject.begin(), subject.end(), re); it != std::sregex_iterator(); ++it) {
        const auto start = it->position();
        std::fill(out.begin() + start, out.begin() + start + it->length(), 0);
    }
    return out;
}

QString randomText(QRandomGenerator &random, const QStringList &alphabet, int maxPieces)
{
    QString text;
    const int pieces = int(random.bounded(maxPieces + 1));
    for (int i = 0; i < pieces; ++i)
        text += alphabet.at(random.bounded(int(alphabet.size())));
    return text;
}

QString describe(const std::vector<int> &coverage)
{
    QString out;
    for (const int r : coverage)
        out += r < 0 ? QLatin1Char('.') : QLatin1Char('#');
    return out;
}

} // namespace

class TestHighlightRuleMatcher : public QObject {
    Q_OBJECT
private slots:
    void randomLiterals_data();
    void randomLiterals();
    void randomRegexes_data();
    void randomRegexes();
    void overlaps_data();
    void overlaps();
    void leftOut();
};

void TestHighlightRuleMatcher::randomLiterals_data()
{
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    QTest::addColumn<quint32>("seed");
    const quint32 base = QRandomGenerator::global()->generate();
    QTest::newRow("case") << true << false << base;
    QTest::newRow("ignore case") << false << false << base + 1;
    QTest::newRow("case, word") << true << true << base + 2;
    QTest::newRow("ignore case, word") << false << true << base + 3;
}

void TestHighlightRuleMatcher::randomLiterals()
{
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    // Letters whose case folds one to one, word and non-word characters, a character outside the BMP.
    const QStringList alphabet{u"a"_s, u"b"_s, u"A"_s, u"B"_s, u"\u00e9"_s, u"\u00c9"_s, u" "_s, u"_"_s,
                               u"-"_s, u"1"_s, u"\U0001F600"_s, u"\u4e2d"_s};
    const QStringList patternAlphabet{u"a"_s, u"b"_s, u"A"_s, u"\u00e9"_s, u"1"_s, u"-"_s};
    for (int round = 0; round < 400; ++round) {
        QString pattern = randomText(random, patternAlphabet, 3);
        if (pattern.isEmpty())
            pattern = u"a"_s;
        const QString text = randomText(random, alphabet, 40);
        HighlightRule r = rule(pattern, {}, kRed);
        r.caseSensitive = caseSensitive;
        r.wholeWord = wholeWord;
        const HighlightRuleMatcher matcher({r});
        const std::vector<int> got = backgroundOf(matcher.match(text), text.size());
        const std::vector<int> expected = referenceLiteral(text, pattern, caseSensitive, wholeWord);
        QVERIFY2(got == expected, qPrintable(QStringLiteral("seed %1, pattern \"%2\", text \"%3\": %4, expected %5")
                                                 .arg(seed)
                                                 .arg(pattern, text, describe(got), describe(expected))));
    }
}

void TestHighlightRuleMatcher::randomRegexes_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<quint32>("seed");
    const quint32 base = QRandomGenerator::global()->generate();
    QTest::newRow("class") << u"a[bc]+"_s << true << base;
    QTest::newRow("dot") << u"b.a"_s << true << base + 1;
    QTest::newRow("counted digits") << u"[0-9]{2,3}"_s << true << base + 2;
    QTest::newRow("alternation") << u"(ab|ba)c?"_s << true << base + 3;
    QTest::newRow("ignore case") << u"A[BC]a"_s << false << base + 4;
    QTest::newRow("anchored") << u"^a+"_s << true << base + 5;
    QTest::newRow("line end") << u"c\\d$"_s << true << base + 6;
}

void TestHighlightRuleMatcher::randomRegexes()
{
    QFETCH(QString, pattern);
    QFETCH(bool, caseSensitive);
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const QStringList alphabet{u"a"_s, u"b"_s, u"c"_s, u"A"_s, u"B"_s, u"C"_s, u"1"_s, u"2"_s, u" "_s, u"."_s};
    for (int round = 0; round < 400; ++round) {
        const QString text = randomText(random, alphabet, 40);
        HighlightRule r = rule(pattern, kBlue, kRed);
        r.regex = true;
        r.caseSensitive = caseSensitive;
        const HighlightRuleMatcher matcher({r});
        const std::vector<int> got = backgroundOf(matcher.match(text), text.size());
        const std::vector<int> expected = referenceRegex(text, pattern, caseSensitive);
        QVERIFY2(got == expected, qPrintable(QStringLiteral("seed %1, text \"%2\": %3, expected %4")
                                                 .arg(seed)
                                                 .arg(text, describe(got), describe(expected))));
    }
}

void TestHighlightRuleMatcher::overlaps_data()
{
    QTest::addColumn<QList<HighlightRule>>("rules");
    QTest::addColumn<QString>("text");
    QTest::addColumn<Runs>("expected");

    QTest::newRow("later background wins")
        << QList{rule(u"ERROR"_s, {}, kRed), rule(u"ROR"_s, {}, kBlue)} << u"xERRORx"_s
        << Runs{{1, 2, -1, 0}, {3, 3, -1, 1}};
    QTest::newRow("earlier background under a later one") // the later covers it all
        << QList{rule(u"RR"_s, {}, kRed), rule(u"ERROR"_s, {}, kBlue)} << u"ERROR"_s << Runs{{0, 5, -1, 1}};
    QTest::newRow("colours layer separately")
        << QList{rule(u"ERROR"_s, {}, kRed), rule(u"RR"_s, kBlue, {})} << u"ERROR"_s
        << Runs{{0, 1, -1, 0}, {1, 2, 1, 0}, {3, 2, -1, 0}};
    QTest::newRow("foreground of the later")
        << QList{rule(u"ERR"_s, kRed, kRed), rule(u"ROR"_s, kBlue, {})} << u"ERROR"_s
        << Runs{{0, 2, 0, 0}, {2, 1, 1, 0}, {3, 2, 1, -1}};
    QTest::newRow("adjacent matches make one run") << QList{rule(u"ab"_s, {}, kRed)} << u"ababx"_s
                                                   << Runs{{0, 4, -1, 0}};
    QTest::newRow("outside the BMP counts UTF-16 units")
        << QList{rule(u"ERROR"_s, {}, kRed)} << u"\U0001F600ERROR\U0001F600"_s << Runs{{2, 5, -1, 0}};
    HighlightRule anyChar = rule(u"."_s, kRed, {});
    anyChar.regex = true;
    QTest::newRow("one character, two units") << QList{anyChar} << u"\U0001F600"_s << Runs{{0, 2, 0, -1}};
    HighlightRule empty = rule(u"x*"_s, {}, kRed);
    empty.regex = true;
    QTest::newRow("empty matches colour nothing") << QList{empty} << u"axxb"_s << Runs{{1, 2, -1, 0}};
    HighlightRule word = rule(u"ERR"_s, {}, kRed);
    word.wholeWord = true;
    QTest::newRow("whole word") << QList{word} << u"ERROR ERR"_s << Runs{{6, 3, -1, 0}};
    HighlightRule caseless = rule(u"error"_s, {}, kRed);
    caseless.caseSensitive = false;
    QTest::newRow("ignore case") << QList{caseless} << u"Error"_s << Runs{{0, 5, -1, 0}};
    HighlightRule off = rule(u"ERROR"_s, {}, kBlue);
    off.enabled = false;
    QTest::newRow("a rule that is off") << QList{rule(u"RR"_s, {}, kRed), off} << u"ERROR"_s
                                        << Runs{{1, 2, -1, 0}};
    QTest::newRow("a rule without colours") << QList{rule(u"RR"_s, {}, kRed), rule(u"ERROR"_s, {}, {})}
                                            << u"ERROR"_s << Runs{{1, 2, -1, 0}};
    HighlightRule bad = rule(u"(ERROR"_s, {}, kBlue);
    bad.regex = true;
    QTest::newRow("an invalid pattern") << QList{rule(u"RR"_s, {}, kRed), bad} << u"ERROR"_s
                                        << Runs{{1, 2, -1, 0}};
    QTest::newRow("regex characters in a literal") << QList{rule(u"a.b"_s, {}, kRed)} << u"axb a.b"_s
                                                   << Runs{{4, 3, -1, 0}};
    QTest::newRow("empty text") << QList{rule(u"a"_s, {}, kRed)} << QString() << Runs{};
}

void TestHighlightRuleMatcher::overlaps()
{
    QFETCH(QList<HighlightRule>, rules);
    QFETCH(QString, text);
    QFETCH(Runs, expected);
    const HighlightRuleMatcher matcher(rules);
    const Runs got = matcher.match(text);
    if (got != expected) {
        for (const Run &run : got)
            qWarning("run %d+%d fg %d bg %d", run.start, run.length, run.foregroundRule, run.backgroundRule);
    }
    QCOMPARE(got, expected);
}

void TestHighlightRuleMatcher::leftOut()
{
    HighlightRule bad = rule(u"(ERROR"_s, {}, kBlue);
    bad.regex = true;
    const HighlightRuleMatcher matcher({rule(u"ok"_s, {}, kRed), bad});
    QVERIFY(matcher.error(0).isEmpty());
    QVERIFY2(matcher.error(1).contains(u"Invalid regular expression"_s), qPrintable(matcher.error(1)));
    QVERIFY(matcher.error(7).isEmpty());
    QVERIFY(!matcher.isEmpty());
    QVERIFY(HighlightRuleMatcher({bad}).isEmpty());
    QVERIFY(HighlightRuleMatcher().isEmpty());
    QVERIFY(HighlightRuleMatcher().match(u"anything"_s).isEmpty());
}

QTEST_GUILESS_MAIN(TestHighlightRuleMatcher)
#include "tst_highlightrulematcher.moc"
