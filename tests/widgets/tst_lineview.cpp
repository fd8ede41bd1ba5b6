#include "lineview.h"

#include <QAbstractListModel>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QImage>
#include <QPainter>
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
    void controlFallbackDecision_data();
    void controlFallbackDecision();
    void controlBytesVisibleWithoutSymbols();
    void colorsOverridePalette();
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

void TestLineView::controlFallbackDecision_data()
{
    QTest::addColumn<uint>("character");
    QTest::addColumn<int>("byte");
    QTest::newRow("NUL") << uint(0x2400) << 0x00;
    QTest::newRow("ESC") << uint(0x241B) << 0x1B;
    QTest::newRow("US") << uint(0x241F) << 0x1F;
    QTest::newRow("DEL") << uint(0x2421) << 0x7F;
    QTest::newRow("letter") << uint('A') << -1;
    QTest::newRow("space symbol") << uint(0x2420) << -1; // not one the decoder shows
}

void TestLineView::controlFallbackDecision()
{
    QFETCH(uint, character);
    QFETCH(int, byte);
    QCOMPARE(LineView::controlPictureByte(QChar(char16_t(character))), byte);
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    // The view draws its own box exactly when Qt has no glyph for the symbol in any font.
    QCOMPARE(LineView::needsControlFallback(font, character), !QFontMetrics(font).inFontUcs4(character));
    QVERIFY(!LineView::needsControlFallback(font, 'A'));
}

namespace {

int inkPixels(const QImage &image, QRgb background)
{
    int ink = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (std::abs(qGray(image.pixel(x, y)) - qGray(background)) > 60)
                ++ink;
    return ink;
}

} // namespace

void TestLineView::controlBytesVisibleWithoutSymbols()
{
    // Line text as the decoder shows NUL, ESC and DEL: their Control Pictures.
    const QString text = QStringLiteral("a") + QChar(0x2400) + QChar(0x241B) + QChar(0x2421) + QStringLiteral("b");
    QStringListModel model({text, QStringLiteral("second")});
    LineView view;
    view.setModel(&model);
    view.resize(400, 200);
    view.setCursorPosition({1, 0}); // no current-line tint on row 0
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    const QFont font = view.font();
    if (!LineView::needsControlFallback(font, 0x2400))
        QSKIP("an installed font has the Control Pictures; the fallback box is not drawn");

    const QImage shot = view.viewport()->grab().toImage();
    const QRgb background = view.effectiveColors().background.rgb();
    // Find the text origin: the first column of ink right of the gutter on row 0 is the "a".
    const qreal cell = QFontMetricsF(font).horizontalAdvance(QLatin1Char('0'));
    const int rowHeight = view.rowHeight();
    // Below the last row the gutter holds no number: its edge is where its colour ends.
    const int below = shot.height() - 2;
    int gutterEnd = 0;
    const QRgb gutter = shot.pixel(1, below);
    while (gutterEnd < shot.width() && shot.pixel(gutterEnd, below) == gutter)
        ++gutterEnd;
    QVERIFY(gutterEnd < shot.width());
    const int textLeft = gutterEnd + 4; // kTextPadding
    auto cellAt = [&](int column) {
        return shot.copy(QRect(textLeft + qRound(column * cell), 0, qRound(cell), rowHeight));
    };
    const QImage nul = cellAt(1);
    const QImage esc = cellAt(2);
    const QImage del = cellAt(3);
    QVERIFY2(inkPixels(nul, background) > 6, "NUL shows as a box, not blank");
    QVERIFY2(inkPixels(esc, background) > 6, "ESC shows as a box, not blank");
    QVERIFY2(inkPixels(del, background) > 6, "DEL shows as a box, not blank");
    // Each control byte reads as itself: "00", "1B" and "7F" are drawn differently.
    QVERIFY(nul != esc);
    QVERIFY(esc != del);
    // The letters around them keep their cells.
    QVERIFY(inkPixels(cellAt(0), background) > 0);
    QVERIFY(inkPixels(cellAt(4), background) > 0);
}

void TestLineView::colorsOverridePalette()
{
    QStringListModel model({QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third")});
    LineView view;
    view.setModel(&model);
    view.resize(300, 120);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    // Unset colours are the palette's.
    QCOMPARE(view.effectiveColors().background, view.palette().color(QPalette::Base));
    QCOMPARE(view.effectiveColors().text, view.palette().color(QPalette::Text));

    LineView::Colors dark;
    dark.background = QColor(0x23, 0x26, 0x29);
    dark.text = QColor(0xcf, 0xcf, 0xc2);
    dark.gutterBackground = QColor(0x31, 0x36, 0x3b);
    dark.lineNumber = QColor(0x7a, 0x7c, 0x7d);
    dark.currentLine = QColor(0x40, 0x20, 0x20);
    view.setColors(dark);
    view.setCursorPosition({0, 0});
    QCOMPARE(view.effectiveColors().background, dark.background);
    QCOMPARE(view.effectiveColors().selection, view.palette().color(QPalette::Highlight)); // not set

    const QImage shot = view.viewport()->grab().toImage();
    const int w = shot.width();
    const int rowHeight = view.rowHeight();
    // Background: a row below the last line; gutter: the far left; current line: row 0, right end.
    QCOMPARE(QColor(shot.pixel(w - 2, shot.height() - 2)), dark.background);
    QCOMPARE(QColor(shot.pixel(1, shot.height() - 2)), dark.gutterBackground);
    QCOMPARE(QColor(shot.pixel(w - 2, rowHeight / 2)), dark.currentLine);
    QCOMPARE(QColor(shot.pixel(w - 2, rowHeight + rowHeight / 2)), dark.background);
}

QTEST_MAIN(TestLineView)
#include "tst_lineview.moc"
