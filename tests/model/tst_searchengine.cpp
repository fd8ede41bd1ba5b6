#include "mappedfile.h"
#include "searchengine.h"
#include "searchliteral.h"
#include "searchmatcher.h"
#include "testfiles.h"

#include <QEventLoop>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

struct Outcome {
    qint64 matchingLines = -1;
    qint64 firstOffset = -1;
    QList<qint64> lineStarts;
};

// The reference: split into lines like grep, test each line on its own.
Outcome reference(const QByteArray &file, const SearchOptions &options)
{
    Outcome outcome;
    outcome.matchingLines = 0;
    QList<QByteArray> lines = file.split('\n');
    if (file.endsWith('\n') || file.isEmpty())
        lines.removeLast();
    QString pattern = options.regex ? options.pattern : QRegularExpression::escape(options.pattern);
    if (options.wholeWord)
        pattern = u"(?<!\\w)(?:"_s + pattern + u")(?!\\w)"_s;
    const QRegularExpression re(pattern, QRegularExpression::UseUnicodePropertiesOption
                                             | (options.caseSensitive ? QRegularExpression::NoPatternOption
                                                                      : QRegularExpression::CaseInsensitiveOption));
    qint64 start = 0;
    for (const QByteArray &line : lines) {
        const QString text = QString::fromUtf8(line);
        const QRegularExpressionMatch match = re.match(text);
        if (match.hasMatch()) {
            ++outcome.matchingLines;
            outcome.lineStarts.append(start);
            if (outcome.firstOffset < 0)
                outcome.firstOffset = start + text.left(match.capturedStart()).toUtf8().size();
        }
        start += line.size() + 1;
    }
    return outcome;
}

Outcome search(const QString &path, const SearchOptions &options, int threads = 2,
               SearchMatcher::Engine engine = SearchMatcher::Engine::Auto)
{
    Outcome outcome;
    MappedFile file;
    if (file.open(path) != OpenError::None)
        return outcome;
    QString error;
    const QByteArray sample = file.read(0, SearchMatcher::kSampleBytes).value_or(QByteArray());
    const std::shared_ptr<const SearchMatcher> matcher = SearchMatcher::compile(options, &error, sample, engine);
    if (!matcher)
        return outcome;
    SearchEngine engineObject;
    engineObject.setThreadCount(threads);
    QEventLoop loop;
    QObject::connect(&engineObject, &SearchEngine::matchesFound, &loop,
                     [&](const QList<qint64> &starts) { outcome.lineStarts.append(starts); });
    QObject::connect(&engineObject, &SearchEngine::finished, &loop, [&](SearchEngine::Status status, qint64 lines) {
        outcome.matchingLines = status == SearchEngine::Status::Finished ? lines : -2;
        loop.quit();
    });
    engineObject.start(file.region(), matcher);
    loop.exec();
    if (!outcome.lineStarts.isEmpty()) {
        const qint64 first = outcome.lineStarts.first();
        QByteArray line = file.read(first, 1 << 20).value_or(QByteArray());
        line.truncate(line.indexOf('\n') < 0 ? line.size() : line.indexOf('\n'));
        const QList<SearchMatcher::Span> spans = matcher->matchesInLine(line, 1);
        outcome.firstOffset = spans.isEmpty() ? -3 : first + spans.first().start;
    }
    return outcome;
}

} // namespace

class TestSearchEngine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void matches_data();
    void matches();
    void literalFinder_data();
    void literalFinder();
    void blockAndPartBoundaries();
    void randomFiles_data();
    void randomFiles();
    void invalidRegex();
    void matchesInLine();
    void cancelStopsSignals();

private:
    QString write(const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(u"f%1.txt"_s.arg(++m_files));
        return TestFiles::write(path, bytes) ? path : QString();
    }
    QTemporaryDir m_dir;
    int m_files = 0;
};

void TestSearchEngine::matches_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    QTest::addColumn<qint64>("lines");
    QTest::addColumn<qint64>("firstOffset");

    const QByteArray vocabulary = "VOCABULARY\ncasta\xc3\xb1" "a\nthe\ncat\nwas\nnot\na\ncaterpilar\n";
    QTest::newRow("tutorial cat") << vocabulary << u"cat"_s << false << true << false << 2LL << 24LL;
    QTest::newRow("tutorial word") << vocabulary << u"cat"_s << false << true << true << 1LL << 24LL;
    QTest::newRow("non-ascii") << vocabulary << u"castaña"_s << false << true << false << 1LL << 11LL;
    QTest::newRow("fold non-ascii") << vocabulary << u"CASTAÑA"_s << false << false << false << 1LL << 11LL;
    QTest::newRow("case sensitive") << vocabulary << u"CAT"_s << false << true << false << 0LL << -1LL;
    QTest::newRow("ignore case") << vocabulary << u"CAT"_s << false << false << false << 2LL << 24LL;
    QTest::newRow("regex anchors") << vocabulary << u"^ca.*r$"_s << true << true << false << 1LL << 38LL;
    QTest::newRow("regex word") << vocabulary << u"ca\\w*"_s << true << true << true << 3LL << 11LL;
    QTest::newRow("no match") << vocabulary << u"dog"_s << false << true << false << 0LL << -1LL;
    QTest::newRow("empty file") << QByteArray() << u"cat"_s << false << true << false << 0LL << -1LL;
    QTest::newRow("no final newline") << QByteArray("a\ncat") << u"cat"_s << false << true << false << 1LL << 2LL;
    QTest::newRow("crlf dollar") << QByteArray("cat\r\ncat\n") << u"cat$"_s << true << true << false << 1LL << 5LL;
    QTest::newRow("crlf literal") << QByteArray("x\r\ncat\r\n") << u"cat"_s << false << true << false << 1LL << 3LL;
    QTest::newRow("never spans newline") << QByteArray("ca\nt\n") << u"ca\\st"_s << true << true << false << 0LL << -1LL;
    QTest::newRow("class spans newline") << QByteArray("ca\nt ca t\n") << u"ca[^x]t"_s << true << true << false << 1LL << 5LL;
    QTest::newRow("many per line") << QByteArray("cat cat cat\ncat\n") << u"cat"_s << false << true << false << 2LL << 0LL;
    QTest::newRow("word inside word") << QByteArray("concatenate cat_\ncats cat.\n") << u"cat"_s << false << true << true << 1LL << 22LL;
    QTest::newRow("word next to ñ") << QByteArray("\xc3\xb1" "cat\n") << u"cat"_s << false << true << true << 0LL << -1LL;
    QTest::newRow("empty regex line") << QByteArray("a\n\nb\n") << u"^$"_s << true << true << false << 1LL << 2LL;
    QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe cat\n\xc3(\n") << u"cat"_s << false << false << false << 1LL << 3LL;
    QTest::newRow("conjuración") << QByteArray("la conjuraci\xc3\xb3n\n") << u"CONJURACIÓN"_s << false << false << true << 1LL << 3LL;
}

void TestSearchEngine::matches()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    QFETCH(qint64, lines);
    QFETCH(qint64, firstOffset);
    const QString path = write(file);
    const SearchOptions options{pattern, regex, caseSensitive, wholeWord};
    for (const SearchMatcher::Engine engine : {SearchMatcher::Engine::Auto, SearchMatcher::Engine::Hyperscan,
                                               SearchMatcher::Engine::Pcre2}) {
        const Outcome outcome = search(path, options, 2, engine);
        QCOMPARE(outcome.matchingLines, lines);
        QCOMPARE(outcome.firstOffset, firstOffset);
        const Outcome expected = reference(file, options);
        QCOMPARE(outcome.lineStarts, expected.lineStarts);
    }
}

void TestSearchEngine::literalFinder_data()
{
    QTest::addColumn<QByteArray>("haystack");
    QTest::addColumn<QByteArray>("needle");
    QTest::newRow("start") << QByteArray("abcdef") << QByteArray("ab");
    QTest::newRow("end") << QByteArray(200, 'x') + "needle" << QByteArray("needle");
    QTest::newRow("cut at end") << QByteArray(100, 'x') + "needl" << QByteArray("needle");
    QTest::newRow("repeated") << QByteArray(300, 'a') << QByteArray("aaab");
    QTest::newRow("one byte") << QByteArray(70, 'z') + 'q' << QByteArray("q");
    QTest::newRow("long needle") << QByteArray(500, 'k') + QByteArray(90, 'm') << QByteArray(90, 'm');
}

void TestSearchEngine::literalFinder()
{
    QFETCH(QByteArray, haystack);
    QFETCH(QByteArray, needle);
    const auto *h = reinterpret_cast<const uchar *>(haystack.constData());
    const SearchLiteral literal(reinterpret_cast<const uchar *>(needle.constData()), needle.size(), h,
                                haystack.size());
    for (qint64 from = 0; from <= haystack.size(); ++from)
        QCOMPARE(literal.find(h, haystack.size(), from), qint64(haystack.indexOf(needle, from)));
}

void TestSearchEngine::blockAndPartBoundaries()
{
    // Matches right before, on and after the 1 MiB block boundaries and the part splits.
    QByteArray file;
    QList<qint64> expected;
    const QByteArray filler(99, 'x');
    while (file.size() < 3 * SearchEngine::kBlockSize + 500) {
        const qint64 block = SearchEngine::kBlockSize;
        const qint64 distance = file.size() % block;
        if (distance < 200 || distance > block - 200) {
            expected.append(file.size());
            file += "needle\n";
        } else {
            file += filler + '\n';
        }
    }
    const QString path = write(file);
    for (int threads : {1, 2, 3, 7}) {
        const Outcome outcome = search(path, SearchOptions{u"needle"_s, false, true, false}, threads);
        QCOMPARE(outcome.lineStarts, expected);
        const Outcome regex = search(path, SearchOptions{u"ne+dle"_s, true, true, false}, threads);
        QCOMPARE(regex.lineStarts, expected);
    }
}

void TestSearchEngine::randomFiles_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    QTest::newRow("literal") << u"cat"_s << false << true << false;
    QTest::newRow("literal space") << u"a c"_s << false << true << false;
    QTest::newRow("literal ñ") << u"castaña"_s << false << true << false;
    QTest::newRow("ignore case") << u"CAT"_s << false << false << false;
    QTest::newRow("ignore case ñ") << u"CASTAÑA"_s << false << false << false;
    QTest::newRow("word") << u"cat"_s << false << true << true;
    QTest::newRow("word ignore case") << u"Ñ"_s << false << false << true;
    QTest::newRow("regex") << u"c.t"_s << true << true << false;
    QTest::newRow("regex anchors") << u"^a|t$"_s << true << true << false;
    QTest::newRow("regex spaces") << u"a\\s+c"_s << true << false << false;
    QTest::newRow("regex word") << u"ca\\w+"_s << true << true << true;
}

void TestSearchEngine::randomFiles()
{
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    const SearchOptions options{pattern, regex, caseSensitive, wholeWord};
    const QList<QByteArray> tokens{"cat", "Cat", "CAT", "casta\xc3\xb1" "a", "CASTA\xc3\x91" "A", "a", " ", " ",
                                   "\n", "\r\n", "_", "x", "\xc3\xb1", "\xc3\x91", "t", "c", "\t"};
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    for (int round = 0; round < TestFiles::scaled(40); ++round) {
        QByteArray file;
        const int count = int(random.bounded(3000));
        for (int i = 0; i < count; ++i)
            file += tokens.at(int(random.bounded(qsizetype(tokens.size()))));
        const QString path = write(file);
        const Outcome expected = reference(file, options);
        const Outcome outcome = search(path, options, 1 + int(random.bounded(4)));
        if (outcome.lineStarts != expected.lineStarts || outcome.firstOffset != expected.firstOffset)
            qWarning("seed %u round %d: %lld lines vs %lld expected", seed, round, outcome.matchingLines,
                     expected.matchingLines);
        QCOMPARE(outcome.lineStarts, expected.lineStarts);
        QCOMPARE(outcome.matchingLines, expected.matchingLines);
        QCOMPARE(outcome.firstOffset, expected.firstOffset);
    }
}

void TestSearchEngine::invalidRegex()
{
    QString error;
    QVERIFY(!SearchMatcher::compile(SearchOptions{u"ca("_s, true, true, false}, &error));
    QVERIFY2(error.contains(u"missing closing parenthesis"_s), qPrintable(error));
    QVERIFY(error.contains(u"character 4"_s)); // PCRE2 points past the pattern
    // The same text as a literal is fine.
    QVERIFY(SearchMatcher::compile(SearchOptions{u"ca("_s, false, true, false}, &error));
}

void TestSearchEngine::matchesInLine()
{
    QString error;
    const auto matcher = SearchMatcher::compile(SearchOptions{u"ña"_s, false, false, false}, &error);
    QVERIFY(matcher);
    const QList<SearchMatcher::Span> spans = matcher->matchesInLine("casta\xc3\xb1" "a \xc3\x91" "A");
    QCOMPARE(spans, (QList<SearchMatcher::Span>{{5, 3}, {9, 3}}));
    const auto empty = SearchMatcher::compile(SearchOptions{u"x*"_s, true, true, false}, &error);
    QCOMPARE(empty->matchesInLine("\xc3\xb1x").size(), 3); // empty at 0, "x" at 2, empty at 3
}

void TestSearchEngine::cancelStopsSignals()
{
    QByteArray file;
    for (int i = 0; i < 20000; ++i)
        file += "cat line\n";
    const QString path = write(file);
    MappedFile mapped;
    QCOMPARE(mapped.open(path), OpenError::None);
    QString error;
    SearchEngine engine;
    QSignalSpy found(&engine, &SearchEngine::matchesFound);
    QSignalSpy finished(&engine, &SearchEngine::finished);
    engine.start(mapped.region(), SearchMatcher::compile(SearchOptions{u"cat"_s, false, true, false}, &error));
    engine.cancel();
    QCOMPARE(engine.status(), SearchEngine::Status::Cancelled);
    QTest::qWait(50);
    QCOMPARE(found.count(), 0);
    QCOMPARE(finished.count(), 0);
    // A new search after a cancelled one runs to the end.
    engine.start(mapped.region(), SearchMatcher::compile(SearchOptions{u"cat"_s, false, true, false}, &error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(1).toLongLong(), 20000);
}

QTEST_GUILESS_MAIN(TestSearchEngine)
#include "tst_searchengine.moc"
