#include "wraplayout.h"

#include <QRandomGenerator>
#include <QTest>

#include <vector>

using Place = WrapLayout::Place;

namespace {

// The reference: every screen row listed, in order.
std::vector<Place> referenceRows(const std::vector<qint64> &columns, qint64 width)
{
    std::vector<Place> rows;
    for (int row = 0; row < int(columns.size()); ++row) {
        const qint64 segments = width > 0 ? std::max<qint64>(1, (columns[size_t(row)] + width - 1) / width) : 1;
        for (qint64 s = 0; s < segments; ++s)
            rows.push_back({row, s});
    }
    return rows;
}

} // namespace

class TestWrapLayout : public QObject {
    Q_OBJECT
private slots:
    void init();
    void movesLikeTheReference_data();
    void movesLikeTheReference();
    void scrollValuesAreMonotonicAndExact();
    void asksOnlyForWhatAMoveNeeds();
    void segmentOfAColumn();

private:
    quint32 m_seed = 0;
};

void TestWrapLayout::init()
{
    m_seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", m_seed);
}

void TestWrapLayout::movesLikeTheReference_data()
{
    QTest::addColumn<qint64>("width");
    QTest::newRow("no wrap") << qint64(0);
    QTest::newRow("width 1") << qint64(1);
    QTest::newRow("width 7") << qint64(7);
    QTest::newRow("width 80") << qint64(80);
}

// Every move from every screen row, by random amounts, lands where counting the reference's
// rows says: nothing skipped, nothing counted twice, clamped at both ends.
void TestWrapLayout::movesLikeTheReference()
{
    QFETCH(qint64, width);
    QRandomGenerator random(m_seed);
    for (int round = 0; round < 20; ++round) {
        std::vector<qint64> columns(size_t(random.bounded(1, 40)));
        for (qint64 &c : columns)
            c = random.bounded(4) == 0 ? 0 : random.bounded(random.bounded(2) ? 10 : 700);
        const WrapLayout layout(int(columns.size()), width,
                                [&](int row, qint64) { return columns[size_t(row)]; });
        const std::vector<Place> rows = referenceRows(columns, width);
        QCOMPARE(layout.last(), rows.back());
        for (qsizetype i = 0; i < qsizetype(rows.size()); ++i) {
            for (const qint64 delta : {qint64(0), qint64(1), qint64(-1), qint64(random.bounded(60)), -qint64(random.bounded(60)),
                                       qint64(1000000), qint64(-1000000)}) {
                const qsizetype expected = std::clamp<qsizetype>(i + delta, 0, qsizetype(rows.size()) - 1);
                const Place got = layout.moved(rows[size_t(i)], delta);
                QVERIFY2(got == rows[size_t(expected)],
                         qPrintable(QStringLiteral("seed %1: from (%2, %3) by %4: (%5, %6), reference (%7, %8)")
                                        .arg(m_seed).arg(rows[size_t(i)].row).arg(rows[size_t(i)].segment).arg(delta)
                                        .arg(got.row).arg(got.segment).arg(rows[size_t(expected)].row)
                                        .arg(rows[size_t(expected)].segment)));
            }
        }
    }
}

// The bar's value never goes back as the place goes on, and comes back to the place it came from.
void TestWrapLayout::scrollValuesAreMonotonicAndExact()
{
    QRandomGenerator random(m_seed);
    std::vector<qint64> columns(300);
    for (qint64 &c : columns)
        c = random.bounded(3) == 0 ? random.bounded(5000) : random.bounded(100);
    columns[17] = qint64(1) << 33; // a line of 8 Gi columns: more screen rows than units
    const WrapLayout layout(int(columns.size()), 80, [&](int row, qint64) { return columns[size_t(row)]; });
    QVERIFY(layout.unitsPerRow() * 300 <= WrapLayout::kScrollUnits);
    qint64 previous = -1;
    for (int row = 0; row < int(columns.size()); ++row) {
        const qint64 segments = layout.segments(row);
        for (qint64 s = 0; s < segments; s += row == 17 ? segments / 1000 + 1 : 1) {
            const qint64 value = layout.scrollValue({row, s});
            QVERIFY(value >= previous);
            QVERIFY(value <= INT_MAX);
            if (segments <= layout.unitsPerRow())
                QCOMPARE(layout.placeOfScrollValue(value), (Place{row, s}));
            else
                QCOMPARE(layout.placeOfScrollValue(value).row, row);
            previous = value;
        }
    }
}

// Moving a page down a line of a billion columns asks for a page of them, not the line.
void TestWrapLayout::asksOnlyForWhatAMoveNeeds()
{
    qint64 asked = 0;
    const qint64 total = 1000000000;
    const WrapLayout layout(2, 100, [&](int row, qint64 atLeast) {
        asked = std::max(asked, atLeast);
        return row == 0 ? std::min(total, std::max<qint64>(atLeast, 1000)) : qint64(5);
    });
    const Place p = layout.moved({0, 500}, 40);
    QCOMPARE(p, (Place{0, 540}));
    QVERIFY(asked <= 541 * 100);
}

void TestWrapLayout::segmentOfAColumn()
{
    const WrapLayout layout(1, 10, [](int, qint64) { return qint64(30); });
    QCOMPARE(layout.segmentOf(0, 0), 0);
    QCOMPARE(layout.segmentOf(0, 9), 0);
    QCOMPARE(layout.segmentOf(0, 10), 1);
    QCOMPARE(layout.segmentOf(0, 29), 2);
    QCOMPARE(layout.segmentOf(0, 30), 2); // the end of a row that fills its last screen row
    QCOMPARE(layout.segmentStart(2), 20);
    const WrapLayout flat(1, 0, [](int, qint64) { return qint64(30); });
    QCOMPARE(flat.segmentOf(0, 29), 0);
}

QTEST_GUILESS_MAIN(TestWrapLayout)
#include "tst_wraplayout.moc"
