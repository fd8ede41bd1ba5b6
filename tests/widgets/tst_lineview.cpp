#include "lineview.h"

#include "document.h"
#include "linecolumns.h"
#include "linemodel.h"

#include <QAbstractListModel>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QRandomGenerator>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <vector>

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

// A file opened the way the window opens one: Document, LineModel, and a LineView on it.
struct OpenFile {
    Document document;
    LineModel model{&document};
    LineView view;
    explicit OpenFile(const QString &path, QSize size, bool wrap)
    {
        document.open(path);
        document.waitForIndex();
        QCoreApplication::processEvents();
        view.setModel(&model);
        view.setWrapLines(wrap);
        view.resize(size);
        view.show();
    }
};

// Every screen row of the rows, in order, laid out from the rows' column counts (short lines).
std::vector<WrapLayout::Place> referenceRows(LineModel &model, qint64 width)
{
    std::vector<WrapLayout::Place> rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        const qint64 segments = std::max<qint64>(1, (model.columnCount(row) + width - 1) / width);
        for (qint64 s = 0; s < segments; ++s)
            rows.push_back({row, s});
    }
    return rows;
}

qsizetype indexOf(const std::vector<WrapLayout::Place> &rows, WrapLayout::Place place)
{
    const auto it = std::find(rows.begin(), rows.end(), place);
    return it == rows.end() ? -1 : it - rows.begin();
}

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
    void reachesTheLastColumnOfAHugeLine();
    void selectsAndCopiesAcrossAWrap();
    void pagesThroughWrappedRowsWithoutSkipping();
    void resizeKeepsTheTopLine();

private:
    QTemporaryDir m_dir;
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

// Issue 13: a line of 2.2 GB (more columns than an int holds) is scrolled to its end with End, its
// last columns are on screen and can be selected and copied.
void TestLineView::reachesTheLastColumnOfAHugeLine()
{
    const QString path = m_dir.filePath(QStringLiteral("huge.txt"));
    const qint64 zeros = (qint64(1) << 31) + 100'000'000; // sparse: NUL bytes, one column each
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(zeros));
        QVERIFY(file.seek(zeros));
        QVERIFY(file.write("tail END") == 8);
    }
    OpenFile open(path, QSize(700, 200), false);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    QCOMPARE(open.model.rowCount(), 1);
    const qint64 columns = zeros + 8;
    QTest::keyClick(&open.view, Qt::Key_End);
    // A line still being measured: the cursor follows its end until it is known.
    QTRY_COMPARE_WITH_TIMEOUT(open.view.cursorPosition().column, columns, 120000);
    QVERIFY(columns > INT_MAX);
    QCOMPARE(open.model.text(0, columns - 8, columns + 5), QStringLiteral("tail END"));
    const QVector<LineView::VisibleColumns> shown = open.view.visibleColumns();
    QCOMPARE(shown.size(), 1);
    QVERIFY(shown.first().from <= columns - 8 && shown.first().to >= columns);
    // The horizontal bar, scaled to an int, is at its end.
    QScrollBar *bar = open.view.horizontalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(&open.view, Qt::Key_Left, Qt::ShiftModifier);
    QCOMPARE(open.view.selectedText(), QStringLiteral("END"));
    QCOMPARE(open.model.byteOffsetAt({0, columns - 3}), std::optional<qint64>(zeros + 5));
    open.view.viewport()->repaint();
    // Home goes back, and the bar with it.
    QTest::keyClick(&open.view, Qt::Key_Home);
    QCOMPARE(open.view.cursorPosition().column, 0);
    QCOMPARE(bar->value(), 0);
}

void TestLineView::selectsAndCopiesAcrossAWrap()
{
    QString line;
    for (int i = 0; i < 40; ++i)
        line += QStringLiteral("%1-abcdef ").arg(i, 2, 10, QLatin1Char('0'));
    const QString path = m_dir.filePath(QStringLiteral("wrap.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(line.toUtf8() + "\nsecond line\n");
    file.close();
    OpenFile open(path, QSize(420, 300), true);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    const WrapLayout layout = open.view.layout();
    const qint64 width = layout.width();
    QVERIFY(width > 10 && width < line.size() / 3);
    QCOMPARE(layout.segments(0), (line.size() + width - 1) / width);

    open.view.setCursorPosition({0, 5});
    QTest::keyClick(&open.view, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(&open.view, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(open.view.cursorPosition(), (TextPosition{0, 5 + 2 * width}));
    QCOMPARE(open.view.selectedText(), line.mid(5, 2 * width));
    open.view.copy();
    QCOMPARE(QApplication::clipboard()->text(), line.mid(5, 2 * width));
    // On into the next line, and a click on a wrapped row lands on its columns.
    QTest::keyClick(&open.view, Qt::Key_End, Qt::ShiftModifier);
    QTest::keyClick(&open.view, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(open.view.cursorPosition().row, 1);
    QCOMPARE(open.view.selectedText(), line.mid(5) + QStringLiteral("\nsecond line").left(open.view.cursorPosition().column + 1));
    const QPoint secondRow(open.view.viewport()->width() / 2, open.view.rowHeight() + open.view.rowHeight() / 2);
    QTest::mouseClick(open.view.viewport(), Qt::LeftButton, {}, secondRow);
    QCOMPARE(open.view.cursorPosition().row, 0);
    QVERIFY(open.view.cursorPosition().column >= width && open.view.cursorPosition().column < 2 * width);
}

// PgDn, PgUp, Down, the wheel and the bar's steps move the top through the wrapped rows one by
// one, as a reference layout counts them: none skipped, never back.
void TestLineView::pagesThroughWrappedRowsWithoutSkipping()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QRandomGenerator random(seed);
    QByteArray bytes;
    for (int i = 0; i < 60; ++i) {
        const int length = random.bounded(4) == 0 ? 0 : random.bounded(random.bounded(3) == 0 ? 2000 : 120);
        for (int k = 0; k < length; ++k) {
            const int pick = random.bounded(30);
            bytes += pick == 0 ? QByteArray("\t") : pick == 1 ? QByteArray("\xc3\xa9") : pick == 2 ? QByteArray("\xf0\x9f\x98\x80")
                                                                          : QByteArray(1, char('a' + pick));
        }
        bytes += '\n';
    }
    const QString path = m_dir.filePath(QStringLiteral("pages.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    file.close();
    OpenFile open(path, QSize(500, 260), true);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    const qint64 width = open.view.layout().width();
    const std::vector<WrapLayout::Place> rows = referenceRows(open.model, width);
    const int page = open.view.visibleRowCount();
    const qsizetype lastTop = std::max<qsizetype>(0, qsizetype(rows.size()) - page);
    const auto where = [&] { return QStringLiteral("seed %1").arg(seed); };

    qsizetype top = 0;
    QCOMPARE(indexOf(rows, open.view.topPlace()), 0);
    while (top < lastTop) {
        QTest::keyClick(&open.view, Qt::Key_PageDown);
        open.view.viewport()->repaint();
        top = std::min(top + page, lastTop);
        QVERIFY2(indexOf(rows, open.view.topPlace()) == top, qPrintable(where()));
    }
    QTest::keyClick(&open.view, Qt::Key_PageDown);
    QCOMPARE(indexOf(rows, open.view.topPlace()), lastTop);
    while (top > 0) {
        QTest::keyClick(&open.view, Qt::Key_PageUp);
        top = std::max<qsizetype>(0, top - page);
        QVERIFY2(indexOf(rows, open.view.topPlace()) == top, qPrintable(where()));
    }
    // The bar's arrows and the wheel: one screen row a step, three a notch.
    for (int i = 1; i <= 25; ++i) {
        open.view.verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        QVERIFY2(indexOf(rows, open.view.topPlace()) == std::min<qsizetype>(i, lastTop), qPrintable(where()));
    }
    const qsizetype before = indexOf(rows, open.view.topPlace());
    QWheelEvent wheel(QPointF(50, 50), open.view.viewport()->mapToGlobal(QPointF(50, 50)), {}, QPoint(0, -120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(open.view.viewport(), &wheel);
    QCOMPARE(indexOf(rows, open.view.topPlace()), std::min<qsizetype>(before + QApplication::wheelScrollLines(), lastTop));
    // Dragging the bar goes where its value says, and the bar stays where it was dragged to.
    QScrollBar *bar = open.view.verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    QCOMPARE(open.view.topPlace(), open.view.layout().placeOfScrollValue(bar->maximum() / 2));
    QCOMPARE(bar->value(), bar->maximum() / 2);
    open.view.viewport()->repaint();
    QCOMPARE(bar->value(), bar->maximum() / 2);
    // Down from the first screen row walks every screen row of the file, in order.
    open.view.setCursorPosition({0, 0});
    qsizetype at = 0;
    const WrapLayout layout = open.view.layout();
    for (int i = 0; i < 200 && at + 1 < qsizetype(rows.size()); ++i) {
        QTest::keyClick(&open.view, Qt::Key_Down);
        const TextPosition cursor = open.view.cursorPosition();
        const qsizetype now = indexOf(rows, {cursor.row, layout.segmentOf(cursor.row, cursor.column)});
        QVERIFY2(now == at + 1, qPrintable(where()));
        at = now;
    }
}

void TestLineView::resizeKeepsTheTopLine()
{
    const QString path = m_dir.filePath(QStringLiteral("resize.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 100; ++i)
        file.write(QByteArray(3000 + i, char('a' + i % 26)) + '\n');
    file.close();
    OpenFile open(path, QSize(600, 300), true);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    open.view.setCursorPosition({7, 1500}, true);
    const WrapLayout::Place top = open.view.topPlace();
    const qint64 firstColumn = top.segment * open.view.layout().width();
    open.view.resize(350, 300);
    QCoreApplication::processEvents();
    const WrapLayout::Place after = open.view.topPlace();
    const qint64 width = open.view.layout().width();
    QCOMPARE(after.row, top.row);
    QVERIFY(after.segment * width <= firstColumn && firstColumn < (after.segment + 1) * width);
    open.view.setWrapLines(false);
    QCOMPARE(open.view.firstVisibleRow(), top.row);
}

QTEST_MAIN(TestLineView)
#include "tst_lineview.moc"
