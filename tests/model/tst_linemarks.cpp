#include "linemarks.h"

#include <QSignalSpy>
#include <QTest>

using Lines = std::vector<qint64>;

class TestLineMarks : public QObject {
    Q_OBJECT
private slots:
    void toggleAndNavigate();
    void lineShift_data();
    void lineShift();
    void clip();
};

void TestLineMarks::toggleAndNavigate()
{
    LineMarks marks;
    QSignalSpy changed(&marks, &LineMarks::changed);
    QCOMPARE(marks.next(0), std::nullopt);
    QVERIFY(marks.toggle(10));
    QVERIFY(marks.toggle(3));
    QVERIFY(marks.toggle(7'000'000'000)); // beyond any int
    QVERIFY(!marks.toggle(3));
    QVERIFY(marks.toggle(3));
    QCOMPARE(changed.count(), 5);
    marks.set(10, true); // already marked: no change
    QCOMPARE(changed.count(), 5);
    QCOMPARE(marks.lines(), (Lines{3, 10, 7'000'000'000}));
    QCOMPARE(marks.next(3), std::optional<qint64>(10));
    QCOMPARE(marks.next(10), std::optional<qint64>(7'000'000'000));
    QCOMPARE(marks.next(7'000'000'000), std::optional<qint64>(3)); // wraps
    QCOMPARE(marks.previous(10), std::optional<qint64>(3));
    QCOMPARE(marks.previous(3), std::optional<qint64>(7'000'000'000)); // wraps
    QCOMPARE(marks.previous(5), std::optional<qint64>(3));
}

void TestLineMarks::lineShift_data()
{
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("oldCount");
    QTest::addColumn<qint64>("newCount");
    QTest::addColumn<Lines>("expected");
    // Marks on 2, 5, 6, 9.
    QTest::newRow("same count") << qint64(5) << qint64(1) << qint64(1) << Lines{2, 5, 6, 9};
    QTest::newRow("line split in two") << qint64(5) << qint64(1) << qint64(2) << Lines{2, 5, 7, 10};
    QTest::newRow("two lines joined") << qint64(5) << qint64(2) << qint64(1) << Lines{2, 5, 8};
    QTest::newRow("lines deleted") << qint64(4) << qint64(3) << qint64(0) << Lines{2, 6};
    QTest::newRow("before every mark") << qint64(0) << qint64(0) << qint64(3) << Lines{5, 8, 9, 12};
    QTest::newRow("after every mark") << qint64(20) << qint64(1) << qint64(0) << Lines{2, 5, 6, 9};
}

void TestLineMarks::lineShift()
{
    QFETCH(qint64, first);
    QFETCH(qint64, oldCount);
    QFETCH(qint64, newCount);
    QFETCH(Lines, expected);
    LineMarks marks;
    for (qint64 line : {2, 5, 6, 9})
        marks.set(line, true);
    marks.lineShift(first, oldCount, newCount);
    QCOMPARE(marks.lines(), expected);
}

void TestLineMarks::clip()
{
    LineMarks marks;
    for (qint64 line : {1, 4, 8})
        marks.set(line, true);
    marks.clip(5);
    QCOMPARE(marks.lines(), (Lines{1, 4}));
}

QTEST_GUILESS_MAIN(TestLineMarks)
#include "tst_linemarks.moc"
