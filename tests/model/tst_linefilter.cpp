#include "linefilter.h"
#include "mappedfile.h"
#include "testfiles.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>

#include <vector>

using namespace Qt::StringLiterals;

namespace {
const QStringList kWords = {u"alpha"_s, u"beta"_s, u"gamma"_s, u"ERROR"_s, u"error"_s, u"warn"_s,
                            u"castaña"_s, u"x-y"_s, u"42"_s, u""_s};

// The lines of a text as grep sees them: split at '\n', no last empty line after a final '\n'.
QStringList linesOf(const QString &text)
{
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

bool matches(const SearchOptions &options, const QString &line)
{
    QString pattern = options.regex ? options.pattern : QRegularExpression::escape(options.pattern);
    if (options.wholeWord)
        pattern = u"(?<!\\w)(?:"_s + pattern + u")(?!\\w)"_s;
    QRegularExpression::PatternOptions flags = QRegularExpression::UseUnicodePropertiesOption;
    if (!options.caseSensitive)
        flags |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(pattern, flags).match(line).hasMatch();
}

// The reference: shown when some enabled show rule matches (or none is enabled), no hide rule does.
std::vector<qint64> reference(const QStringList &lines, const QList<FilterRule> &rules)
{
    std::vector<qint64> shown;
    bool anyShow = false;
    for (const FilterRule &rule : rules)
        anyShow = anyShow || (rule.enabled && rule.action == FilterRule::Action::Show);
    for (qint64 i = 0; i < lines.size(); ++i) {
        bool show = !anyShow;
        bool hide = false;
        for (const FilterRule &rule : rules) {
            if (!rule.enabled || !matches(rule.options, lines.at(i)))
                continue;
            (rule.action == FilterRule::Action::Show ? show : hide) = true;
        }
        if (show && !hide)
            shown.push_back(i);
    }
    return shown;
}

std::vector<qint64> membersOf(const LineSet &set)
{
    std::vector<qint64> out;
    set.forEachRange([&](qint64 first, qint64 count) {
        for (qint64 l = first; l < first + count; ++l)
            out.push_back(l);
        return true;
    });
    return out;
}

QString randomText(QRandomGenerator &random, int lines)
{
    QString text;
    for (int l = 0; l < lines; ++l) {
        const int words = random.bounded(5);
        for (int w = 0; w < words; ++w) {
            if (w)
                text += random.bounded(4) ? u" "_s : u"-"_s;
            text += kWords.at(random.bounded(kWords.size()));
        }
        text += random.bounded(6) == 0 ? u"\r\n"_s : u"\n"_s;
    }
    if (random.bounded(2))
        text.chop(1); // no final line ending (or a lone '\r' left)
    return text;
}

QList<FilterRule> randomRules(QRandomGenerator &random)
{
    QList<FilterRule> rules;
    const int count = 1 + random.bounded(3);
    for (int i = 0; i < count; ++i) {
        FilterRule rule;
        rule.options.pattern = kWords.at(random.bounded(kWords.size() - 1));
        rule.options.caseSensitive = random.bounded(2);
        rule.options.wholeWord = random.bounded(3) == 0;
        if (random.bounded(4) == 0) {
            rule.options.regex = true;
            rule.options.pattern = random.bounded(2) ? u"^(alpha|beta)"_s : u"[0-9]+$"_s;
        }
        rule.action = random.bounded(3) == 0 ? FilterRule::Action::Hide : FilterRule::Action::Show;
        rule.enabled = random.bounded(5) != 0;
        rules.append(rule);
    }
    return rules;
}

std::vector<qint64> runFilter(const QString &path, const QList<FilterRule> &rules, LineDecoder::Encoding encoding)
{
    MappedFile file;
    if (file.open(path) != OpenError::None)
        return {};
    LineFilter filter;
    QSignalSpy finished(&filter, &LineFilter::finished);
    filter.start(file.region(), rules, encoding);
    if (!finished.wait(60000))
        return {};
    return membersOf(filter.lines());
}
} // namespace

class TestLineFilter : public QObject {
    Q_OBJECT
private slots:
    void randomAgainstReference_data();
    void randomAgainstReference();
    void manyBlocks();
    void followsGrowth();
    void utf16();
    void invalidPattern();
    void cancelStopsSignals();

private:
    QTemporaryDir m_dir;
};

void TestLineFilter::randomAgainstReference_data()
{
    QTest::addColumn<int>("lines");
    QTest::newRow("empty") << 0;
    QTest::newRow("one") << 1;
    QTest::newRow("few") << 20;
    QTest::newRow("many") << 3000;
}

void TestLineFilter::randomAgainstReference()
{
    QFETCH(int, lines);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto failed = qScopeGuard([seed] { qWarning("seed %u", seed); });
    for (int round = 0; round < TestFiles::scaled(40); ++round) {
        const QString text = randomText(random, lines);
        const QString path = m_dir.filePath(u"random.txt"_s);
        QVERIFY(TestFiles::write(path, text.toUtf8()));
        const QList<FilterRule> rules = randomRules(random);
        QCOMPARE(runFilter(path, rules, LineDecoder::Encoding::Utf8), reference(linesOf(text), rules));
    }
    failed.dismiss();
}

void TestLineFilter::manyBlocks()
{
    // Past kParallelBytes, so that both halves and the renumbering of the second are exercised,
    // and line numbers carry across blocks.
    QByteArray bytes;
    std::vector<qint64> errors, errorsNotSeven, notSeven;
    for (qint64 i = 0; bytes.size() < LineFilter::kParallelBytes + 3 * LineFilter::kBlockSize; ++i) {
        const QByteArray line = (i % 7 == 0 ? QByteArray("ERROR at ") : QByteArray("fine ok ")) + QByteArray::number(i);
        const bool error = line.contains("ERROR");
        const bool seven = line.contains('7');
        if (error)
            errors.push_back(i);
        if (error && !seven)
            errorsNotSeven.push_back(i);
        if (!seven)
            notSeven.push_back(i);
        bytes += line + (i % 5 == 0 ? "\r\n" : "\n");
    }
    bytes.chop(1); // the last line without its '\n'
    const QString path = m_dir.filePath(u"big.txt"_s);
    QVERIFY(TestFiles::write(path, bytes));
    FilterRule show;
    show.options.pattern = u"ERROR"_s;
    FilterRule hide;
    hide.options.pattern = u"7"_s;
    hide.action = FilterRule::Action::Hide;
    QCOMPARE(runFilter(path, {show}, LineDecoder::Encoding::Utf8), errors);
    QCOMPARE(runFilter(path, {hide}, LineDecoder::Encoding::Utf8), notSeven);
    QCOMPARE(runFilter(path, {show, hide}, LineDecoder::Encoding::Utf8), errorsNotSeven);
}

void TestLineFilter::followsGrowth()
{
    const QString path = m_dir.filePath(u"grow.txt"_s);
    QVERIFY(TestFiles::write(path, "ERROR one\nfine\nERROR thr"));
    MappedFile file;
    QCOMPARE(file.open(path), OpenError::None);
    LineFilter filter;
    QSignalSpy finished(&filter, &LineFilter::finished);
    FilterRule rule;
    rule.options.pattern = u"ERROR three"_s;
    FilterRule any;
    any.options.pattern = u"ERROR"_s;
    filter.start(file.region(), {rule, any}, LineDecoder::Encoding::Utf8);
    QVERIFY(finished.wait());
    QCOMPARE(membersOf(filter.lines()), (std::vector<qint64>{0, 2}));

    // The last line is completed and more lines arrive: only they are filtered.
    QVERIFY(TestFiles::append(path, "ee\nfine\nERROR four\n"));
    QCOMPARE(file.refresh(), MappedFile::Change::Grown);
    filter.extend(file.region());
    QVERIFY(finished.wait());
    QCOMPARE(membersOf(filter.lines()), (std::vector<qint64>{0, 2, 4}));
    QCOMPARE(finished.last().at(0).value<LineFilter::Status>(), LineFilter::Status::Finished);
}

void TestLineFilter::utf16()
{
    const QString text = u"alpha Ċ\nਅ beta\n\U0001F600 alpha\nlast"_s;
    for (const auto &[encoding, name] : {std::pair{LineDecoder::Encoding::Utf16LE, QStringConverter::Utf16LE},
                                         std::pair{LineDecoder::Encoding::Utf16BE, QStringConverter::Utf16BE}}) {
        QStringEncoder encoder(name);
        const QByteArray bytes = encoder.encode(text);
        const QString path = m_dir.filePath(u"utf16.txt"_s);
        QVERIFY(TestFiles::write(path, bytes));
        FilterRule rule;
        rule.options.pattern = u"alpha"_s;
        QCOMPARE(runFilter(path, {rule}, encoding), (std::vector<qint64>{0, 2}));
        rule.action = FilterRule::Action::Hide;
        QCOMPARE(runFilter(path, {rule}, encoding), (std::vector<qint64>{1, 3}));
    }
}

void TestLineFilter::invalidPattern()
{
    const QString path = m_dir.filePath(u"small.txt"_s);
    QVERIFY(TestFiles::write(path, "abc\n"));
    MappedFile file;
    QCOMPARE(file.open(path), OpenError::None);
    LineFilter filter;
    QSignalSpy finished(&filter, &LineFilter::finished);
    FilterRule rule;
    rule.options.pattern = u"(unclosed"_s;
    rule.options.regex = true;
    filter.start(file.region(), {rule}, LineDecoder::Encoding::Utf8);
    QVERIFY(finished.wait());
    QCOMPARE(filter.status(), LineFilter::Status::Failed);
    QVERIFY(filter.errorMessage().contains(u"(unclosed"_s));
}

void TestLineFilter::cancelStopsSignals()
{
    QByteArray bytes;
    while (bytes.size() < 8 * LineFilter::kBlockSize)
        bytes += "ERROR some text of a line\n";
    const QString path = m_dir.filePath(u"cancel.txt"_s);
    QVERIFY(TestFiles::write(path, bytes));
    MappedFile file;
    QCOMPARE(file.open(path), OpenError::None);
    LineFilter filter;
    QSignalSpy added(&filter, &LineFilter::linesAdded);
    QSignalSpy finished(&filter, &LineFilter::finished);
    FilterRule rule;
    rule.options.pattern = u"ERROR"_s;
    filter.start(file.region(), {rule}, LineDecoder::Encoding::Utf8);
    filter.cancel();
    filter.waitForFinished();
    QTest::qWait(100);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(added.count(), 0);
    QCOMPARE(filter.status(), LineFilter::Status::Cancelled);
}

QTEST_GUILESS_MAIN(TestLineFilter)
#include "tst_linefilter.moc"
