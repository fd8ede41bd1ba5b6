#include "bulkrewriter.h"
#include "bulktransform.h"
#include "document.h"
#include "fileversions.h"
#include "mappedfile.h"
#include "searchmatcher.h"

#include "testfiles.h"
#include "tst_fileeditor_support.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#if !defined(Q_OS_WIN)
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using EditTest::contents;
using Kind = BulkOperation::Kind;

namespace {

// A line as grep and Python's line-by-line loop see it: its text (a '\r' before the '\n' is
// text) and its ending ("\n", or none for a last line without one).
struct Line {
    QByteArray text;
    QByteArray ending;
};

QList<Line> splitLines(const QByteArray &data)
{
    QList<Line> lines;
    qsizetype at = 0;
    while (at < data.size()) {
        const qsizetype end = data.indexOf('\n', at);
        if (end < 0) {
            lines.append({data.mid(at), QByteArray()});
            break;
        }
        lines.append({data.mid(at, end - at), "\n"});
        at = end + 1;
    }
    return lines;
}

QRegularExpression regexFor(const SearchOptions &options)
{
    QString pattern = options.regex ? options.pattern : QRegularExpression::escape(options.pattern);
    if (options.wholeWord)
        pattern = u"(?<!\\w)(?:"_s + pattern + u")(?!\\w)"_s;
    QRegularExpression::PatternOptions flags = QRegularExpression::UseUnicodePropertiesOption;
    if (!options.caseSensitive)
        flags |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(pattern, flags);
}

// PCRE2's substitution syntax ($$, $1, ${1}, ${name}, $name) for one match.
QString expand(const QString &replacement, const QRegularExpressionMatch &match)
{
    QString out;
    for (qsizetype i = 0; i < replacement.size(); ++i) {
        const QChar c = replacement.at(i);
        if (c != u'$' || i + 1 >= replacement.size()) {
            out += c;
            continue;
        }
        const QChar next = replacement.at(i + 1);
        if (next == u'$') {
            out += u'$';
            ++i;
            continue;
        }
        QString name;
        qsizetype j = i + 1;
        if (next == u'{') {
            const qsizetype close = replacement.indexOf(u'}', j);
            name = replacement.mid(j + 1, close - j - 1);
            j = close + 1;
        } else {
            const bool digits = next.isDigit();
            while (j < replacement.size()
                   && (digits ? replacement.at(j).isDigit()
                              : (replacement.at(j).isLetterOrNumber() || replacement.at(j) == u'_')))
                ++j;
            name = replacement.mid(i + 1, j - i - 1);
        }
        bool isNumber = false;
        const int number = name.toInt(&isNumber);
        out += isNumber ? match.captured(number) : match.captured(name);
        i = j - 1;
    }
    return out;
}

// Python's str.replace (a case-sensitive literal) or re.sub on one line's text; *count as subn's.
QByteArray replaceReference(const QByteArray &text, const SearchOptions &options, const QString &replacement,
                            qint64 *count)
{
    *count = 0;
    if (!options.regex && options.caseSensitive && !options.wholeWord) {
        const QByteArray needle = options.pattern.toUtf8();
        QByteArray out;
        qsizetype at = 0;
        for (qsizetype hit = text.indexOf(needle); hit >= 0; hit = text.indexOf(needle, at)) {
            out += text.mid(at, hit - at) + replacement.toUtf8();
            at = hit + needle.size();
            ++*count;
        }
        return out + text.mid(at);
    }
    const QString line = QString::fromUtf8(text);
    QString out;
    qsizetype at = 0;
    QRegularExpressionMatchIterator it = regexFor(options).globalMatch(line);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += line.mid(at, match.capturedStart() - at);
        out += options.regex ? expand(replacement, match) : replacement;
        at = match.capturedEnd();
        ++*count;
    }
    return (out + line.mid(at)).toUtf8();
}

bool lineMatches(const QByteArray &text, const SearchOptions &options)
{
    return regexFor(options).match(QString::fromUtf8(text)).hasMatch();
}

const QStringList kWords = {u"alpha"_s, u"beta"_s, u"ERROR"_s, u"error"_s, u"castaña"_s, u"CASTAÑA"_s, u"x-y"_s,
                            u"42"_s, u"foo_bar"_s, u"é"_s, u"a"_s, u"aa"_s, u"\t"_s, u"€"_s};

// Random UTF-8 text: words, spaces, empty lines, some "\r\n" endings, a final newline or not.
QByteArray randomText(QRandomGenerator &random, int lines)
{
    QString text;
    for (int i = 0; i < lines; ++i) {
        const int words = random.bounded(6);
        for (int w = 0; w < words; ++w) {
            if (w > 0)
                text += random.bounded(4) == 0 ? u"-"_s : u" "_s;
            text += kWords.at(random.bounded(int(kWords.size())));
        }
        if (i + 1 < lines || random.bounded(2) == 0)
            text += random.bounded(5) == 0 ? u"\r\n"_s : u"\n"_s;
    }
    return text.toUtf8();
}

struct Pattern {
    QString pattern;
    bool regex;
    QString replacement;
};

Pattern randomPattern(QRandomGenerator &random, bool regex)
{
    static const QList<Pattern> regexes = {
        {u"[0-9]+"_s, true, u"<$0>"_s},
        {u"(\\w+)-(\\w+)"_s, true, u"$2-$1"_s},
        {u"a."_s, true, u"${0}!"_s},
        {u"^\\w+"_s, true, u"START"_s},
        {u"\\w+$"_s, true, u"[end]"_s},
        {u"(?<word>ñ|é)"_s, true, u"(${word})"_s},
        {u"o*"_s, true, u"-"_s},
        {u"a|aa"_s, true, u"$$"_s},
        {u"\\s+"_s, true, u" "_s},
        {u"(x)?-"_s, true, u"[$1]"_s},
    };
    if (regex)
        return regexes.at(random.bounded(int(regexes.size())));
    static const QStringList replacements = {u""_s, u"Z"_s, u"longer replacement"_s, u"ñ"_s, u"$1"_s, u"a"_s};
    QString word = kWords.at(random.bounded(int(kWords.size())));
    if (random.bounded(3) == 0 && word.size() > 1)
        word = word.mid(1);
    return {word, false, replacements.at(random.bounded(int(replacements.size())))};
}

std::shared_ptr<const BulkTransform> compiled(const BulkOperation &operation, const QByteArray &sample = {})
{
    QString error;
    std::shared_ptr<const BulkTransform> transform = BulkTransform::compile(operation, &error, sample);
    if (!transform)
        qWarning("%s", qPrintable(error));
    return transform;
}

BulkRewriter::Result rewrite(const QString &path, const BulkOperation &operation, qint64 blockBytes,
                             int threads = 2, bool keepPrevious = false, const std::vector<qint64> &tracked = {})
{
    BulkRewriter::Plan plan;
    plan.path = path;
    plan.expected = MappedFile::identityOf(path);
    plan.transform = compiled(operation, contents(path).left(SearchMatcher::kSampleBytes));
    plan.threads = threads;
    plan.blockBytes = blockBytes;
    plan.keepPrevious = keepPrevious;
    plan.trackedOffsets = tracked;
    if (!plan.transform)
        return {};
    return BulkRewriter::run(plan);
}

} // namespace

// Replace All and Keep/Delete Lines as one crash-safe rewrite, against a line-by-line reference.
class tst_BulkRewriter : public QObject {
    Q_OBJECT
private slots:
    void init();
    void replaceMatchesReference_data();
    void replaceMatchesReference();
    void keepLinesMatchesReference_data();
    void keepLinesMatchesReference();
    void lineSetsKeepAndDelete();
    void lineEndingsStayAsTheyWere_data();
    void lineEndingsStayAsTheyWere();
    void utf16KeepsItsByteOrderMark();
    void countAgreesWithTheRewrite();
    void noMatchLeavesTheFileUntouched();
    void refusals_data();
    void refusals();
    void refusesAFileChangedUnseen();
    void cancelLeavesTheFileUnchanged();
    void keepsThePreviousVersionAsTheSameFile();
    void staleVersionsGoAtTheNextOpen();
    void replacementForOneMatch();
    void sigkillAtRandomMomentsLeavesOldOrNew();

private:
    QString path() const { return m_dir->filePath(u"doc.txt"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_BulkRewriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_BulkRewriter::replaceMatchesReference_data()
{
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    QTest::newRow("literal") << false << true << false;
    QTest::newRow("literal, ignore case") << false << false << false;
    QTest::newRow("literal, whole words") << false << true << true;
    QTest::newRow("regex") << true << true << false;
    QTest::newRow("regex, ignore case, whole words") << true << false << true;
}

void tst_BulkRewriter::replaceMatchesReference()
{
    QFETCH(bool, regex);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto report = qScopeGuard([seed] { qWarning("seed %u", seed); });
    for (int round = 0; round < TestFiles::scaled(60); ++round) {
        const QByteArray data = randomText(random, random.bounded(1, 80));
        const Pattern pattern = randomPattern(random, regex);
        BulkOperation operation;
        operation.options = {pattern.pattern, regex, caseSensitive, wholeWord};
        operation.replacement = pattern.replacement;
        QByteArray expected;
        qint64 replacements = 0;
        qint64 changedLines = 0;
        for (const Line &line : splitLines(data)) {
            qint64 count = 0;
            expected += replaceReference(line.text, operation.options, operation.replacement, &count) + line.ending;
            replacements += count;
            changedLines += count > 0 ? 1 : 0;
        }
        QVERIFY(TestFiles::write(path(), data));
        const qint64 blockBytes = random.bounded(2) ? random.bounded(1, 200) : BulkRewriter::kBlockBytes;
        const BulkRewriter::Result result = rewrite(path(), operation, blockBytes, random.bounded(1, 4));
        const QString where = u"round %1, pattern \"%2\" → \"%3\", blocks of %4"_s.arg(round)
                                  .arg(pattern.pattern, pattern.replacement)
                                  .arg(blockBytes);
        QVERIFY2(result.ok, qPrintable(where + u": "_s + result.error));
        QVERIFY2(contents(path()) == expected,
                 qPrintable(where + u"\n got: "_s + QString::fromUtf8(contents(path()))
                            + u"\nwant: "_s + QString::fromUtf8(expected)));
        QCOMPARE(result.counts.replacements, replacements);
        QCOMPARE(result.counts.changedLines, changedLines);
        QCOMPARE(result.unchanged, replacements == 0);
        QCOMPARE(result.newSize, qint64(expected.size()));
    }
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
    report.dismiss();
}

void tst_BulkRewriter::keepLinesMatchesReference_data()
{
    QTest::addColumn<bool>("keep");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWord");
    QTest::newRow("keep, literal") << true << false << true << false;
    QTest::newRow("delete, literal") << false << false << true << false;
    QTest::newRow("keep, regex, ignore case") << true << true << false << false;
    QTest::newRow("delete, literal, whole words, ignore case") << false << false << false << true;
}

void tst_BulkRewriter::keepLinesMatchesReference()
{
    QFETCH(bool, keep);
    QFETCH(bool, regex);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWord);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto report = qScopeGuard([seed] { qWarning("seed %u", seed); });
    for (int round = 0; round < TestFiles::scaled(60); ++round) {
        const QByteArray data = randomText(random, random.bounded(0, 80));
        BulkOperation operation;
        operation.kind = keep ? Kind::KeepMatching : Kind::DeleteMatching;
        operation.options = {randomPattern(random, regex).pattern, regex, caseSensitive, wholeWord};
        QByteArray expected;
        qint64 kept = 0;
        qint64 deleted = 0;
        // Some lines are followed (marks): where each goes, by the reference.
        std::vector<qint64> tracked;
        std::vector<std::optional<qint64>> wantTracked;
        qint64 lineStart = 0;
        for (const Line &line : splitLines(data)) {
            const bool stays = lineMatches(line.text, operation.options) == keep;
            if (random.bounded(4) == 0) {
                tracked.push_back(lineStart);
                wantTracked.push_back(stays ? std::optional<qint64>(deleted) : std::nullopt);
            }
            lineStart += line.text.size() + line.ending.size();
            if (stays) {
                expected += line.text + line.ending;
                ++kept;
            } else {
                ++deleted;
            }
        }
        QVERIFY(TestFiles::write(path(), data));
        const qint64 blockBytes = random.bounded(2) ? random.bounded(1, 200) : BulkRewriter::kBlockBytes;
        const BulkRewriter::Result result =
            rewrite(path(), operation, blockBytes, random.bounded(1, 4), false, tracked);
        const QString where = u"round %1, pattern \"%2\", blocks of %3"_s.arg(round).arg(operation.options.pattern).arg(blockBytes);
        QVERIFY2(result.ok, qPrintable(where + u": "_s + result.error));
        QVERIFY2(contents(path()) == expected, qPrintable(where));
        QCOMPARE(result.counts.keptLines, kept);
        QCOMPARE(result.counts.deletedLines, deleted);
        if (!result.unchanged && !tracked.empty())
            QVERIFY2(result.tracked == wantTracked, qPrintable(where));
    }
    report.dismiss();
}

void tst_BulkRewriter::lineSetsKeepAndDelete()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto report = qScopeGuard([seed] { qWarning("seed %u", seed); });
    for (int round = 0; round < TestFiles::scaled(80); ++round) {
        const QByteArray data = randomText(random, random.bounded(0, 120));
        const QList<Line> lines = splitLines(data);
        auto set = std::make_shared<LineSet>();
        for (qint64 i = 0; i < lines.size(); ++i) {
            if (random.bounded(3) == 0)
                set->append(i);
        }
        set->squeeze();
        const bool keep = random.bounded(2) == 0;
        BulkOperation operation;
        operation.kind = keep ? Kind::KeepLines : Kind::DeleteLines;
        operation.lines = set;
        QByteArray expected;
        for (qint64 i = 0; i < lines.size(); ++i) {
            if (set->contains(i) == keep)
                expected += lines.at(i).text + lines.at(i).ending;
        }
        QVERIFY(TestFiles::write(path(), data));
        const qint64 blockBytes = random.bounded(2) ? random.bounded(1, 100) : BulkRewriter::kBlockBytes;
        const BulkRewriter::Result result = rewrite(path(), operation, blockBytes);
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY2(contents(path()) == expected, qPrintable(u"round %1, blocks of %2"_s.arg(round).arg(blockBytes)));
        QCOMPARE(result.counts.keptLines + result.counts.deletedLines, qint64(lines.size()));
        QCOMPARE(result.counts.keptLines, keep ? set->count() : lines.size() - set->count());
    }
    report.dismiss();
}

void tst_BulkRewriter::lineEndingsStayAsTheyWere_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QByteArray>("expected");
    const int replace = int(Kind::Replace);
    const int keep = int(Kind::KeepMatching);
    const int remove = int(Kind::DeleteMatching);
    QTest::newRow("empty file") << QByteArray() << replace << u"a"_s << false << u"b"_s << QByteArray();
    QTest::newRow("only a newline") << QByteArray("\n") << remove << u"x"_s << false << QString() << QByteArray("\n");
    QTest::newRow("no final newline") << QByteArray("ab\nab") << replace << u"b"_s << false << u"BB"_s
                                      << QByteArray("aBB\naBB");
    QTest::newRow("CRLF kept") << QByteArray("ab\r\ncd\r\n") << replace << u"b"_s << false << u"X"_s
                               << QByteArray("aX\r\ncd\r\n");
    QTest::newRow("$ sees the \\r as text") << QByteArray("ab\r\nab\n") << replace << u"b$"_s << true << u"X"_s
                                             << QByteArray("ab\r\naX\n");
    QTest::newRow("keep, last line without ending") << QByteArray("x1\ny\nx2") << keep << u"x"_s << false
                                                    << QString() << QByteArray("x1\nx2");
    QTest::newRow("delete the last line") << QByteArray("x1\ny\nx2") << remove << u"x2"_s << false << QString()
                                          << QByteArray("x1\ny\n");
    QTest::newRow("delete every line") << QByteArray("a\r\na") << remove << u"a"_s << false << QString()
                                       << QByteArray();
    QTest::newRow("keep empty lines by ^$") << QByteArray("\n\nx\n\n") << keep << u"^$"_s << true << QString()
                                            << QByteArray("\n\n\n");
    QTest::newRow("UTF-8 in both") << QByteArray("castaña ñ\n") << replace << u"ñ"_s << false << u"ü"_s
                                   << QByteArray("castaüa ü\n");
    QTest::newRow("invalid UTF-8 kept") << QByteArray("a\xff" "b\n") << replace << u"b"_s << false << u"c"_s
                                        << QByteArray("a\xff" "c\n");
    QTest::newRow("empty matches") << QByteArray("abc\n") << replace << u"x*"_s << true << u"-"_s
                                   << QByteArray("-a-b-c-\n");
}

void tst_BulkRewriter::lineEndingsStayAsTheyWere()
{
    QFETCH(QByteArray, data);
    QFETCH(int, kind);
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    QFETCH(QString, replacement);
    QFETCH(QByteArray, expected);
    BulkOperation operation;
    operation.kind = Kind(kind);
    operation.options = {pattern, regex, true, false};
    operation.replacement = replacement;
    for (const qint64 blockBytes : {qint64(1), qint64(3), BulkRewriter::kBlockBytes}) {
        QVERIFY(TestFiles::write(path(), data));
        const BulkRewriter::Result result = rewrite(path(), operation, blockBytes);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(contents(path()), expected);
    }
}

void tst_BulkRewriter::utf16KeepsItsByteOrderMark()
{
    QStringEncoder encoder(QStringEncoder::Utf16LE, QStringEncoder::Flag::WriteBom);
    const QByteArray data = encoder.encode(u"drop\nkeep ñ\ndrop me\nkeep"_s);
    QStringEncoder plain(QStringEncoder::Utf16LE);
    const QByteArray expected = QByteArray("\xff\xfe", 2) + plain.encode(u"keep ñ\nkeep"_s);
    BulkOperation operation;
    operation.kind = Kind::KeepMatching;
    operation.options = {u"keep"_s, false, true, false, LineDecoder::Encoding::Utf16LE};
    for (const qint64 blockBytes : {qint64(1), qint64(7), BulkRewriter::kBlockBytes}) {
        QVERIFY(TestFiles::write(path(), data));
        const BulkRewriter::Result result = rewrite(path(), operation, blockBytes);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(contents(path()), expected);
        QCOMPARE(result.counts.keptLines, 2);
    }
    // A line set: the first line is the one after the byte order mark.
    auto set = std::make_shared<LineSet>();
    set->append(0);
    operation.kind = Kind::DeleteLines;
    operation.lines = set;
    QVERIFY(TestFiles::write(path(), data));
    QVERIFY(rewrite(path(), operation, 5).ok);
    QCOMPARE(contents(path()), QByteArray("\xff\xfe", 2) + plain.encode(u"keep ñ\ndrop me\nkeep"_s));
    // Replace works on UTF-8 only, and says so.
    operation.kind = Kind::Replace;
    QString error;
    QVERIFY(!BulkTransform::compile(operation, &error));
    QVERIFY2(error.contains(u"UTF-8"_s), qPrintable(error));
}

void tst_BulkRewriter::countAgreesWithTheRewrite()
{
    QRandomGenerator random(7);
    QByteArray data;
    while (data.size() < 3 * (1 << 20))
        data += randomText(random, 500);
    QVERIFY(TestFiles::write(path(), data));
    BulkOperation operation;
    operation.options = {u"(\\w+)-(\\w+)"_s, true, true, false};
    operation.replacement = u"$2+$1"_s;
    const auto transform = compiled(operation);
    QVERIFY(transform);
    const BulkRewriter::Result counted =
        BulkRewriter::count(path(), MappedFile::identityOf(path()), transform, {}, 2, 64 * 1024);
    QVERIFY2(counted.ok, qPrintable(counted.error));
    QVERIFY(counted.counts.replacements > 1000);
    const BulkRewriter::Result done = rewrite(path(), operation, 64 * 1024);
    QVERIFY2(done.ok, qPrintable(done.error));
    QCOMPARE(done.counts, counted.counts);
    QCOMPARE(done.newSize, counted.newSize);
    QCOMPARE(MappedFile::identityOf(path()).size, counted.newSize);
}

void tst_BulkRewriter::noMatchLeavesTheFileUntouched()
{
    QVERIFY(TestFiles::write(path(), "alpha\nbeta\n"));
    const FileIdentity before = MappedFile::identityOf(path());
    BulkOperation operation;
    operation.options.pattern = u"gamma"_s;
    operation.replacement = u"x"_s;
    const BulkRewriter::Result result = rewrite(path(), operation, BulkRewriter::kBlockBytes);
    QVERIFY(result.ok);
    QVERIFY(result.unchanged);
    QCOMPARE(MappedFile::identityOf(path()), before);
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_BulkRewriter::refusals_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty pattern") << QString() << false << u"x"_s << u"empty"_s;
    QTest::newRow("invalid regex") << u"a("_s << true << u"x"_s << u"Invalid regular expression"_s;
    QTest::newRow("unknown group") << u"(a)"_s << true << u"$2"_s << u"Invalid replacement"_s;
    QTest::newRow("unknown name") << u"(?<n>a)"_s << true << u"${m}"_s << u"Invalid replacement"_s;
    QTest::newRow("lone brace") << u"(a)"_s << true << u"${1"_s << u"Invalid replacement"_s;
}

void tst_BulkRewriter::refusals()
{
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    QFETCH(QString, replacement);
    QFETCH(QString, message);
    BulkOperation operation;
    operation.options = {pattern, regex, true, false};
    operation.replacement = replacement;
    QString error;
    QVERIFY(!BulkTransform::compile(operation, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void tst_BulkRewriter::refusesAFileChangedUnseen()
{
    QVERIFY(TestFiles::write(path(), "one\ntwo\n"));
    BulkOperation operation;
    operation.options.pattern = u"o"_s;
    operation.replacement = u"0"_s;
    BulkRewriter::Plan plan;
    plan.path = path();
    plan.expected = MappedFile::identityOf(path());
    plan.transform = compiled(operation);
    QTest::qWait(20); // a later modification time
    QVERIFY(TestFiles::append(path(), "three\n"));
    BulkRewriter::Result result = BulkRewriter::run(plan);
    QVERIFY(!result.ok);
    QVERIFY(result.changed);
    QVERIFY2(result.error.contains(u"changed on disk"_s), qPrintable(result.error));
    QCOMPARE(contents(path()), QByteArray("one\ntwo\nthree\n"));
    // Deleted: the same.
    QVERIFY(QFile::remove(path()));
    result = BulkRewriter::run(plan);
    QVERIFY(result.changed);
    QVERIFY(!QFile::exists(path()));
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_BulkRewriter::cancelLeavesTheFileUnchanged()
{
    const QByteArray data = QByteArray("some text to replace\n").repeated(200000);
    QVERIFY(TestFiles::write(path(), data));
    BulkOperation operation;
    operation.options.pattern = u"text"_s;
    operation.replacement = u"words"_s;
    BulkRewriter::Plan plan;
    plan.path = path();
    plan.expected = MappedFile::identityOf(path());
    plan.transform = compiled(operation);
    plan.blockBytes = 64 * 1024;
    int calls = 0;
    const BulkRewriter::Result result = BulkRewriter::run(plan, [&](qint64, qint64) { return ++calls < 3; });
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok);
    QCOMPARE(contents(path()), data);
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_BulkRewriter::keepsThePreviousVersionAsTheSameFile()
{
    const QByteArray data = "keep 1\ndrop\nkeep 2\n";
    QVERIFY(TestFiles::write(path(), data));
    QFile::setPermissions(path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
    const QFileDevice::Permissions permissions = QFileInfo(path()).permissions();
    const FileIdentity before = MappedFile::identityOf(path());
    BulkOperation operation;
    operation.kind = Kind::DeleteMatching;
    operation.options.pattern = u"drop"_s;
    const BulkRewriter::Result result = rewrite(path(), operation, BulkRewriter::kBlockBytes, 2, true);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(contents(path()), QByteArray("keep 1\nkeep 2\n"));
    QCOMPARE(QFileInfo(path()).permissions(), permissions);
    QVERIFY(result.kept);
    QCOMPARE(result.kept->identity, before); // the old file itself, under a hidden name
    QCOMPARE(contents(result.kept->path), data);
    QVERIFY(QFileInfo(result.kept->path).fileName().startsWith(u".doc.txt.tome-undo-"_s));
    // Putting it back is a rename: the very same file again.
    QString error;
    QVERIFY2(FileVersions::restore(*result.kept, path(), &error), qPrintable(error));
    QCOMPARE(MappedFile::identityOf(path()), before);
    QCOMPARE(contents(path()), data);
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_BulkRewriter::staleVersionsGoAtTheNextOpen()
{
    QVERIFY(TestFiles::write(path(), "text\n"));
    const QString dead = FileVersions::prefix(path()) + u"999999999-old"_s;
    const QString alive = FileVersions::prefix(path()) + QString::number(QCoreApplication::applicationPid()) + u"-mine"_s;
    QVERIFY(TestFiles::write(dead, "an old version\n"));
    QVERIFY(TestFiles::write(alive, "a version this process keeps\n"));
    Document document;
    QVERIFY(document.open(path()));
    QVERIFY(!QFile::exists(dead));
    QVERIFY(QFile::exists(alive)); // a running Tome's history stays
    FileVersions::discard(alive);
}

void tst_BulkRewriter::replacementForOneMatch()
{
    BulkOperation operation;
    operation.options = {u"(\\w+)@(\\w+)"_s, true, true, false};
    operation.replacement = u"$2 at $1"_s;
    const auto transform = compiled(operation);
    QVERIFY(transform);
    const QByteArray line = "mail ann@home and bob@work";
    QString error;
    QCOMPARE(transform->replacementFor(line, 18, 8, &error), std::optional<QByteArray>("work at bob"));
    QVERIFY(!transform->replacementFor(line, 18, 5, &error)); // not the match there
    QVERIFY(!error.isEmpty());
    operation.options = {u"Ann"_s, false, false, true};
    operation.replacement = u"$1"_s; // literal text for a literal pattern
    const auto literal = compiled(operation);
    QCOMPARE(literal->replacementFor(line, 5, 3, &error), std::optional<QByteArray>("$1"));
}

void tst_BulkRewriter::sigkillAtRandomMomentsLeavesOldOrNew()
{
#if defined(Q_OS_WIN)
    QSKIP("kills a fork()ed writer: POSIX only");
#else
    QByteArray oldContent;
    for (int i = 0; oldContent.size() < TestFiles::scaled(24) * (1 << 20); ++i)
        oldContent += "line " + QByteArray::number(i) + " with a word and another word\n";
    BulkOperation operation;
    operation.options.pattern = u"word"_s;
    operation.replacement = u"longer phrase"_s;
    QByteArray newContent = oldContent;
    newContent.replace("word", "longer phrase");
    BulkRewriter::Plan plan;
    plan.path = path();
    plan.expected.size = -1;
    plan.transform = compiled(operation);
    plan.keepPrevious = true;

    QVERIFY(TestFiles::write(path(), oldContent));
    QElapsedTimer timer;
    timer.start();
    const BulkRewriter::Result once = BulkRewriter::run(plan);
    QVERIFY2(once.ok, qPrintable(once.error));
    const qint64 fullUs = qMax<qint64>(timer.nsecsElapsed() / 1000, 1000);
    QCOMPARE(contents(path()), newContent);
    FileVersions::discard(once.kept->path);

    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u, one rewrite %lld us", seed, fullUs);
    QRandomGenerator random(seed);
    int sawOld = 0;
    int sawNew = 0;
    for (int round = 0; round < 24; ++round) {
        QVERIFY(TestFiles::write(path(), oldContent));
        const qint64 delayUs = random.bounded(fullUs * 3 / 2);
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::alarm(20);
            const bool ok = BulkRewriter::run(plan).ok;
            ::_exit(ok ? 0 : 3);
        }
        ::usleep(useconds_t(delayUs));
        ::kill(child, SIGKILL);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(!WIFEXITED(status) || WEXITSTATUS(status) == 0);
        const QByteArray now = contents(path());
        QVERIFY2(now == oldContent || now == newContent,
                 qPrintable(u"seed %1 round %2: mixed content (%3 bytes)"_s.arg(seed).arg(round).arg(now.size())));
        (now == oldContent ? sawOld : sawNew)++;
        Document document; // the next open removes what the killed writer left, its kept version too
        QVERIFY(document.open(path()));
        QVERIFY2(EditTest::leftovers(m_dir->path()).isEmpty(), qPrintable(EditTest::leftovers(m_dir->path()).join(u',')));
    }
    qInfo("old %d times, new %d times", sawOld, sawNew);
#endif
}

QTEST_GUILESS_MAIN(tst_BulkRewriter)
#include "tst_bulkrewriter.moc"
