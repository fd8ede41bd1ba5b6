#include "lineset.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <set>
#include <vector>

namespace {
using Reference = std::set<qint64>;

// A random set of lines in [0, span): runs and single lines with the given density.
struct Built {
    LineSet set;
    Reference reference;
};

Built build(QRandomGenerator &random, qint64 span, double density, int maxRun)
{
    Built b;
    qint64 line = 0;
    while (line < span) {
        const qint64 gap = density >= 1.0 ? 0 : qint64(random.bounded(qMax(1, int(2 / density))));
        line += gap;
        const qint64 run = qMin<qint64>(1 + random.bounded(maxRun), span - line);
        if (run <= 0)
            break;
        if (run == 1)
            b.set.append(line);
        else
            b.set.appendRange(line, run);
        for (qint64 l = line; l < line + run; ++l)
            b.reference.insert(l);
        line += run + 1;
        if (random.bounded(50) == 0)
            b.set.squeeze(); // appending after a squeeze must keep working
    }
    b.set.squeeze();
    return b;
}

std::vector<std::pair<qint64, qint64>> rangesOf(const LineSet &set)
{
    std::vector<std::pair<qint64, qint64>> out;
    set.forEachRange([&](qint64 first, qint64 count) {
        out.push_back({first, count});
        return true;
    });
    return out;
}

std::vector<std::pair<qint64, qint64>> rangesOf(const Reference &reference)
{
    std::vector<std::pair<qint64, qint64>> out;
    for (qint64 line : reference) {
        if (!out.empty() && out.back().first + out.back().second == line)
            ++out.back().second;
        else
            out.push_back({line, 1});
    }
    return out;
}

void compare(const LineSet &set, const Reference &reference, qint64 span, QRandomGenerator &random)
{
    QCOMPARE(set.count(), qint64(reference.size()));
    QVERIFY(rangesOf(set) == rangesOf(reference));
    const std::vector<qint64> members(reference.begin(), reference.end());
    for (int probe = 0; probe < 2000; ++probe) {
        const qint64 line = qint64(random.bounded(quint64(span + 2))) - 1;
        const auto it = std::lower_bound(members.begin(), members.end(), line);
        QCOMPARE(set.contains(line), it != members.end() && *it == line);
        QCOMPARE(set.rank(line), qint64(it - members.begin()));
        const std::optional<qint64> next = set.nextFrom(line);
        QCOMPARE(next.has_value(), it != members.end());
        if (next)
            QCOMPARE(*next, *it);
        const auto after = std::upper_bound(members.begin(), members.end(), line);
        const std::optional<qint64> previous = set.previousFrom(line);
        QCOMPARE(previous.has_value(), after != members.begin());
        if (previous)
            QCOMPARE(*previous, *std::prev(after));
        if (!members.empty()) {
            const qint64 index = qint64(random.bounded(quint64(members.size())));
            QCOMPARE(set.at(index), std::optional<qint64>(members[size_t(index)]));
        }
    }
    QCOMPARE(set.at(-1), std::nullopt);
    QCOMPARE(set.at(set.count()), std::nullopt);
    if (!members.empty())
        QCOMPARE(set.last(), std::optional<qint64>(members.back()));
}
} // namespace

class TestLineSet : public QObject {
    Q_OBJECT
private slots:
    void againstReference_data();
    void againstReference();
    void setOperations_data();
    void setOperations();
    void appendSet_data();
    void appendSet();
    void memoryPerMember_data();
    void memoryPerMember();
    void hugeRangeIsSmall();
    void appendBelowTopIsIgnored();
};

void TestLineSet::againstReference_data()
{
    QTest::addColumn<qint64>("span");
    QTest::addColumn<double>("density");
    QTest::addColumn<int>("maxRun");
    QTest::newRow("sparse singles") << qint64(1'000'000) << 0.001 << 1;
    QTest::newRow("half singles") << qint64(300'000) << 0.5 << 1;
    QTest::newRow("dense singles") << qint64(300'000) << 1.0 << 1;
    QTest::newRow("runs") << qint64(1'000'000) << 0.3 << 500;
    QTest::newRow("long runs") << qint64(2'000'000) << 0.01 << 200'000;
    QTest::newRow("small") << qint64(50) << 0.5 << 3;
}

void TestLineSet::againstReference()
{
    QFETCH(qint64, span);
    QFETCH(double, density);
    QFETCH(int, maxRun);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto failed = qScopeGuard([seed] { qWarning("seed %u", seed); });
    Built b = build(random, span, density, maxRun);
    compare(b.set, b.reference, span, random);
    // A copy answers the same.
    const LineSet copy = b.set;
    QVERIFY(copy == b.set);
    failed.dismiss();
}

void TestLineSet::setOperations_data()
{
    QTest::addColumn<double>("density");
    QTest::addColumn<int>("maxRun");
    QTest::newRow("singles") << 0.3 << 1;
    QTest::newRow("runs") << 0.2 << 300;
    QTest::newRow("mixed") << 0.5 << 40;
}

void TestLineSet::setOperations()
{
    QFETCH(double, density);
    QFETCH(int, maxRun);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto failed = qScopeGuard([seed] { qWarning("seed %u", seed); });
    const qint64 span = 400'000;
    const Built a = build(random, span, density, maxRun);
    const Built b = build(random, span, density / 2, maxRun);

    Reference united = a.reference;
    united.insert(b.reference.begin(), b.reference.end());
    compare(LineSet::unite(a.set, b.set), united, span, random);

    Reference difference;
    for (qint64 line : a.reference)
        if (!b.reference.count(line))
            difference.insert(line);
    compare(LineSet::subtract(a.set, b.set), difference, span, random);

    Reference rest;
    const qint64 lineCount = span - 1000;
    for (qint64 line = 0; line < lineCount; ++line)
        if (!a.reference.count(line))
            rest.insert(line);
    compare(LineSet::complement(a.set, lineCount), rest, span, random);
    failed.dismiss();
}

void TestLineSet::appendSet_data()
{
    QTest::addColumn<qint64>("gap"); // from the first set's span to the second set's first line
    QTest::addColumn<qint64>("shift");
    QTest::addColumn<double>("density");
    QTest::newRow("next to it, no shift") << qint64(0) << qint64(0) << 0.3;
    QTest::newRow("dense, no shift") << qint64(0) << qint64(0) << 1.0;
    QTest::newRow("far above") << qint64(5 * LineSet::kBlockLines + 7) << qint64(0) << 0.3;
    QTest::newRow("shift of whole blocks") << qint64(0) << qint64(3 * LineSet::kBlockLines) << 0.4;
    QTest::newRow("shift within a block") << qint64(0) << qint64(12'345) << 0.4;
    QTest::newRow("overlapping: the part above stays") << qint64(-50'000) << qint64(0) << 0.5;
}

// appendSet gives the set appendRange would, whatever the blocks it can take whole.
void TestLineSet::appendSet()
{
    QFETCH(qint64, gap);
    QFETCH(qint64, shift);
    QFETCH(double, density);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto failed = qScopeGuard([seed] { qWarning("seed %u", seed); });
    const qint64 span = 300'000;
    Built a = build(random, span, density, 40);
    const Built b = build(random, span, density, 40);
    const qint64 offset = span + gap;
    LineSet second; // b above a, numbered from `offset - shift`
    for (const auto &[first, count] : rangesOf(b.reference))
        second.appendRange(first + offset - shift, count);
    second.squeeze();

    Reference expected = a.reference;
    const qint64 top = a.reference.empty() ? -1 : *a.reference.rbegin();
    for (qint64 line : b.reference)
        if (line + offset > top)
            expected.insert(line + offset);
    a.set.appendSet(std::move(second), shift);
    QVERIFY(second.isEmpty());
    compare(a.set, expected, offset + span, random);
    // Appending after it goes on as before.
    const qint64 after = offset + span + 3;
    a.set.append(after);
    expected.insert(after);
    compare(a.set, expected, after + 1, random);
    failed.dismiss();
}

void TestLineSet::memoryPerMember_data()
{
    QTest::addColumn<qint64>("step"); // every step-th line is a member
    QTest::newRow("every line") << qint64(1);
    QTest::newRow("every other line") << qint64(2);
    QTest::newRow("every 3rd line") << qint64(3);
    QTest::newRow("every 17th line") << qint64(17);
    QTest::newRow("every 1000th line") << qint64(1000);
}

void TestLineSet::memoryPerMember()
{
    QFETCH(qint64, step);
    LineSet set;
    const qint64 span = 20 * LineSet::kBlockLines;
    for (qint64 line = 0; line < span; line += step)
        set.append(line);
    set.squeeze();
    const qint64 blocks = (span + LineSet::kBlockLines - 1) / LineSet::kBlockLines;
    QVERIFY2(set.memoryBytes() <= 4 * set.count() + 96 * blocks,
             qPrintable(QStringLiteral("%1 bytes for %2 lines").arg(set.memoryBytes()).arg(set.count())));
}

void TestLineSet::hugeRangeIsSmall()
{
    LineSet set;
    const qint64 lines = 3'000'000'000;
    set.appendRange(0, lines);
    set.squeeze();
    QCOMPARE(set.count(), lines);
    QVERIFY(set.memoryBytes() < 8 * 1024 * 1024);
    QCOMPARE(set.at(lines - 1), std::optional<qint64>(lines - 1));
    QCOMPARE(set.rank(2'999'999'999), qint64(2'999'999'999));
    const LineSet holes = LineSet::complement(set, lines + 5);
    QCOMPARE(holes.count(), qint64(5));
    QCOMPARE(holes.at(0), std::optional<qint64>(lines));
}

void TestLineSet::appendBelowTopIsIgnored()
{
    LineSet set;
    set.appendRange(10, 5);
    set.append(12);
    set.appendRange(8, 10); // only 15..17 are new
    QCOMPARE(set.count(), qint64(8));
    QCOMPARE(set.at(0), std::optional<qint64>(10));
    QCOMPARE(set.last(), std::optional<qint64>(17));
    QVERIFY(!set.contains(9));
}

QTEST_GUILESS_MAIN(TestLineSet)
#include "tst_lineset.moc"
