#include "lineview.h"

#include <QAbstractListModel>
#include <QApplication>
#include <QClipboard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTest>

namespace {

// A model of `rows` generated lines that counts how often it is asked for text.
class CountingModel : public QAbstractListModel {
public:
    explicit CountingModel(int rows)
        : m_rows(rows)
    {
    }
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_rows; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::DisplayRole)
            return {};
        ++reads;
        return QStringLiteral("line %1 of the file").arg(index.row() + 1);
    }
    mutable qint64 reads = 0;

private:
    int m_rows;
};

QStringList numberedLines(int n)
{
    QStringList lines;
    for (int i = 0; i < n; ++i)
        lines << QStringLiteral("row %1 text").arg(i);
    return lines;
}

} // namespace

class TestLineView : public QObject {
    Q_OBJECT
private slots:
    void keyboard_data();
    void keyboard();
    void copiesSelectionAcrossLines();
    void paintsOnlyVisibleRows();
    void placeholderWhenEmpty();
    void followsModelGrowth();
    void mouseSelects();
};

void TestLineView::keyboard_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::addColumn<int>("startRow");
    QTest::addColumn<int>("expectedRow");
    QTest::addColumn<int>("expectedColumn");

    QTest::newRow("down") << int(Qt::Key_Down) << 0 << 5 << 6 << 0;
    QTest::newRow("up") << int(Qt::Key_Up) << 0 << 5 << 4 << 0;
    QTest::newRow("up at top") << int(Qt::Key_Up) << 0 << 0 << 0 << 0;
    QTest::newRow("end of line") << int(Qt::Key_End) << 0 << 3 << 3 << 10;
    QTest::newRow("ctrl+end") << int(Qt::Key_End) << int(Qt::ControlModifier) << 3 << 999 << 12;
    QTest::newRow("ctrl+home") << int(Qt::Key_Home) << int(Qt::ControlModifier) << 500 << 0 << 0;
    QTest::newRow("left wraps") << int(Qt::Key_Left) << 0 << 2 << 1 << 10;
}

void TestLineView::keyboard()
{
    QFETCH(int, key);
    QFETCH(int, modifiers);
    QFETCH(int, startRow);
    QFETCH(int, expectedRow);
    QFETCH(int, expectedColumn);

    QStringListModel model(numberedLines(1000));
    LineView view;
    view.setModel(&model);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCursorPosition({startRow, 0});
    QTest::keyClick(&view, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
    QCOMPARE(view.cursorPosition().row, expectedRow);
    QCOMPARE(view.cursorPosition().column, expectedColumn);
    // The cursor's row is always on screen.
    QVERIFY(view.cursorPosition().row >= view.firstVisibleRow());
    QVERIFY(view.cursorPosition().row < view.firstVisibleRow() + view.visibleRowCount());
}

void TestLineView::copiesSelectionAcrossLines()
{
    QStringListModel model({QStringLiteral("first line"), QStringLiteral("second"), QStringLiteral("third line")});
    LineView view;
    view.setModel(&model);
    view.select({0, 6}, {2, 5});
    QCOMPARE(view.selectedText(), QStringLiteral("line\nsecond\nthird"));
    view.copy();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("line\nsecond\nthird"));

    view.setCursorPosition({1, 0});
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(view.selectedText(), QStringLiteral("se"));
    QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("se"));
}

void TestLineView::paintsOnlyVisibleRows()
{
    CountingModel model(100'000'000);
    LineView view;
    view.setModel(&model);
    view.resize(800, 600);
    QSignalSpy painted(&view, &LineView::screenPainted);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(painted.count() > 0);
    QCOMPARE(view.verticalScrollBar()->maximum(), 100'000'000 - view.visibleRowCount());

    model.reads = 0;
    view.setCursorPosition({87'654'321, 0}, true);
    QTRY_VERIFY(view.firstVisibleRow() > 87'000'000);
    painted.clear();
    view.viewport()->repaint();
    QCOMPARE(painted.count(), 1);
    // A screen costs a few reads per visible row, whatever the row count.
    QVERIFY2(model.reads < 20 * (view.visibleRowCount() + 2), qPrintable(QString::number(model.reads)));
}

void TestLineView::placeholderWhenEmpty()
{
    QStringListModel model;
    LineView view;
    view.setModel(&model);
    view.setPlaceholderText(QStringLiteral("This file is empty."));
    QSignalSpy painted(&view, &LineView::screenPainted);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(painted.count() > 0);
    QCOMPARE(view.placeholderText(), QStringLiteral("This file is empty."));
    QTest::keyClick(&view, Qt::Key_Down); // nothing to move to, and no crash
    QCOMPARE(view.cursorPosition(), (TextPosition{0, 0}));
}

void TestLineView::followsModelGrowth()
{
    QStringListModel model(numberedLines(10));
    LineView view;
    view.setModel(&model);
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int before = view.verticalScrollBar()->maximum();
    model.insertRows(10, 500);
    QCOMPARE(view.verticalScrollBar()->maximum(), std::max(0, 510 - view.visibleRowCount()));
    QVERIFY(view.verticalScrollBar()->maximum() > before);
}

void TestLineView::mouseSelects()
{
    QStringListModel model(numberedLines(50));
    LineView view;
    view.setModel(&model);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int y = view.rowHeight() * 2 + view.rowHeight() / 2;
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, QPoint(view.viewport()->width() - 10, y));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(view.viewport()->width() - 10, y));
    QCOMPARE(view.cursorPosition().row, 2);
    QCOMPARE(view.cursorPosition().column, 10); // past the end clamps to the end
    QVERIFY(!view.hasSelection());
}

QTEST_MAIN(TestLineView)
#include "tst_lineview.moc"
