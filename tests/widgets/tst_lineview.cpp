#include "lineview.h"

#include "document.h"
#include "linecolumns.h"
#include "linemodel.h"

#include <QAbstractListModel>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFontInfo>
#include <QFontMetricsF>
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

// A styler that colours every slice of a long row whole, and records the slices asked for.
class SliceStyler : public LineStyler {
public:
    static constexpr qint64 kWhole = 100;
    void prepare(int, int) override {}
    QVector<StyledSpan> spans(int, const QString &text) override { return {span(text)}; }
    qint64 wholeRowLimit() const override { return kWhole; }
    QVector<StyledSpan> sliceSpans(int row, qint64 fromColumn, const QString &slice) override
    {
        slices.append({row, fromColumn, fromColumn + slice.size()});
        return {span(slice)};
    }
    void invalidate(int) override {}
    struct Slice {
        int row;
        qint64 from;
        qint64 to;
    };
    QVector<Slice> slices;

private:
    static StyledSpan span(const QString &text)
    {
        StyledSpan whole;
        whole.length = int(text.size());
        whole.background = QColor(0, 200, 0);
        return whole;
    }
};

// Styles given per row: the spans of `spans` on row 0, none elsewhere.
class FixedStyler : public LineStyler {
public:
    QVector<StyledSpan> spansOfRow0;
    void prepare(int, int) override {}
    QVector<StyledSpan> spans(int row, const QString &) override
    {
        return row == 0 ? spansOfRow0 : QVector<StyledSpan>();
    }
    void invalidate(int) override {}
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

// A random line of about `bytes` bytes of one kind, and the display text the view shows for it
// (a ten-line reference: tabs to the next multiple of 8 columns, a pair for a character past U+FFFF).
struct GeneratedLine {
    QByteArray bytes;
    QString shown;
    std::vector<qint64> byteOfColumn; // the byte (from the line's start) of the character under each column
};
GeneratedLine generateLine(QRandomGenerator &random, const QString &kind, qint64 bytes)
{
    static const QStringList words{QStringLiteral("alpha "), QStringLiteral("beta "), QStringLiteral("{\"k\":[1,2]} ")};
    static const QStringList wide{QStringLiteral("\u00e9t\u00e9 "), QStringLiteral("\u4e2d\u6587 "),
                                  QStringLiteral("\U0001F600 "), QStringLiteral("\u20ac")};
    GeneratedLine line;
    while (line.bytes.size() < bytes) {
        const int pick = random.bounded(4);
        if (kind == QLatin1String("tabs") && pick == 0) {
            line.byteOfColumn.insert(line.byteOfColumn.end(), size_t(8 - line.shown.size() % 8), line.bytes.size());
            line.bytes += '\t';
            line.shown += QString(8 - line.shown.size() % 8, u' ');
            continue;
        }
        const QString piece = kind == QLatin1String("utf-8") && pick < 2 ? wide.at(random.bounded(wide.size()))
                                                                         : words.at(random.bounded(words.size()));
        for (qsizetype i = 0; i < piece.size();) {
            const qsizetype units = piece.at(i).isHighSurrogate() ? 2 : 1;
            line.byteOfColumn.insert(line.byteOfColumn.end(), size_t(units), line.bytes.size());
            line.bytes += piece.mid(i, units).toUtf8();
            i += units;
        }
        line.shown += piece;
    }
    return line;
}

QString writeLines(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
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
    void drawsInAFixedPitchFont();
    void reachesEveryLineThroughAWindow_data();
    void reachesEveryLineThroughAWindow();
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
    void selectAllCopiesALineStillBeingMeasured();
    void everyColumnOfALongLineIsReachable_data();
    void everyColumnOfALongLineIsReachable();
    void pagesThroughALongWrappedLine_data();
    void pagesThroughALongWrappedLine();
    void searchMatchFarInALineIsShown_data();
    void searchMatchFarInALineIsShown();
    void stylesTheVisibleColumnsOfALongLine_data();
    void stylesTheVisibleColumnsOfALongLine();
    void paintsStylesOnTheGrid();

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

// Columns sit on a grid: the view's font is fixed-pitch even where the platform's fixed font
// resolves to a proportional one (Qt's offscreen platform on Windows).
void TestLineView::drawsInAFixedPitchFont()
{
    LineView view;
    QVERIFY2(QFontInfo(view.font()).fixedPitch(), qPrintable(QFontInfo(view.font()).family()));
    const QFontMetricsF metrics(view.font());
    QCOMPARE(metrics.horizontalAdvance(u'i'), metrics.horizontalAdvance(u'W'));
}

void TestLineView::reachesEveryLineThroughAWindow_data()
{
    QTest::addColumn<bool>("wrap");
    QTest::newRow("rows") << false;
    QTest::newRow("wrapped") << true;
}

// A LineModel whose window holds fewer rows than the file has lines (as a file of more lines than
// an int counts does): keys, pages, the wheel and the scroll bar reach every line, in order.
void TestLineView::reachesEveryLineThroughAWindow()
{
    QFETCH(bool, wrap);
    constexpr int kLines = 3000;
    QByteArray bytes;
    for (int i = 1; i <= kLines; ++i)
        bytes += "line " + QByteArray::number(i) + "\n";
    const QString path = writeLines(m_dir, QStringLiteral("window.txt"), bytes);
    Document document;
    LineModel model(&document, nullptr, 200);
    QVERIFY(document.open(path));
    document.waitForIndex();
    QTRY_COMPARE(model.totalRows(), kLines);
    LineView view;
    view.setModel(&model);
    view.setWrapLines(wrap);
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto cursorLine = [&] { return view.lineNumberOfRow(view.cursorPosition().row); };
    const auto topLine = [&] { return view.lineNumberOfRow(view.firstVisibleRow()); };
    QScrollBar *bar = view.verticalScrollBar();

    QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(cursorLine(), kLines);
    QCOMPARE(bar->value(), bar->maximum());
    QCOMPARE(view.lineNumberOfRow(view.lastVisibleRow()), kLines);
    QTest::keyClick(&view, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(cursorLine(), 1);
    QCOMPARE(bar->value(), 0);

    // Down, one line at a time, across the window's edges.
    for (int line = 2; line <= 450; ++line) {
        QTest::keyClick(&view, Qt::Key_Down);
        QCOMPARE(cursorLine(), line);
    }
    // Page by page to the end: each top a page below the last, none skipped.
    QTest::keyClick(&view, Qt::Key_Home, Qt::ControlModifier);
    const int page = view.visibleRowCount();
    qint64 top = topLine();
    QCOMPARE(top, 1);
    while (top + page <= kLines - page + 1) {
        QTest::keyClick(&view, Qt::Key_PageDown);
        QCOMPARE(topLine(), top + page);
        top = topLine();
        QCOMPARE(bar->value(), int(top - 1));
    }
    // The wheel, up.
    QWheelEvent wheel(QPointF(50, 50), view.mapToGlobal(QPointF(50, 50)), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    const qint64 beforeWheel = topLine();
    QApplication::sendEvent(view.viewport(), &wheel);
    QCOMPARE(topLine(), beforeWheel - QApplication::wheelScrollLines());

    // The bar, dragged to the middle and to the ends.
    bar->setValue(bar->maximum() / 2);
    QCOMPARE(topLine(), qint64(bar->maximum() / 2) + 1);
    bar->triggerAction(QAbstractSlider::SliderToMaximum);
    QCOMPARE(view.lineNumberOfRow(view.lastVisibleRow()), kLines);
    bar->triggerAction(QAbstractSlider::SliderToMinimum);
    QCOMPARE(topLine(), 1);
    bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
    QCOMPARE(topLine(), 1 + page);
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

// Select All on a file whose last line is long (measured in the background): the selection ends
// at that line's end, however far the measuring has got when it is copied.
void TestLineView::selectAllCopiesALineStillBeingMeasured()
{
    const QByteArray last = QByteArray("0123456789\xc3\xa9").repeated(2'000'000); // 24 MB
    const QString shown = QString::fromUtf8(last);
    const QString path = writeLines(m_dir, QStringLiteral("measuring.txt"), "first\n" + last + "\n");
    OpenFile open(path, QSize(600, 300), false);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    open.model.lineColumns()->clear(); // measured again from its start, in the background
    bool exact = true;
    open.model.columnCount(1, &exact);
    QVERIFY(!exact); // not measured yet: the selection's end is not a known column
    open.view.selectAll();
    QCOMPARE(open.view.selectedText(), QStringLiteral("first\n") + shown);
    open.view.copy();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("first\n") + shown);
    // Once measured, the cursor stands at the line's end.
    QTRY_COMPARE(open.view.cursorPosition(), (TextPosition{1, shown.size()}));
    QCOMPARE(open.view.selectedText(), QStringLiteral("first\n") + shown);
}

void TestLineView::everyColumnOfALongLineIsReachable_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("wrap");
    for (const char *kind : {"ascii", "utf-8", "tabs"}) {
        const QString name = QString::fromLatin1(kind);
        QTest::newRow(qPrintable(name)) << name << false;
        QTest::newRow(qPrintable(name + QStringLiteral(", wrapped"))) << name << true;
    }
}

// A cursor put at random columns of a line of megabytes (and moved from there with the arrows)
// is on screen, and the screen shows the reference's text there, without a cut.
void TestLineView::everyColumnOfALongLineIsReachable()
{
    QFETCH(QString, kind);
    QFETCH(bool, wrap);
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QRandomGenerator random(seed);
    const GeneratedLine line = generateLine(random, kind, 3'000'000);
    const QString path = writeLines(m_dir, QStringLiteral("reach.txt"), line.bytes + "\nshort\n");
    OpenFile open(path, QSize(640, 300), wrap);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    for (int i = 0; i < 40; ++i) {
        qint64 column = i == 0 ? line.shown.size() - 1 : random.bounded(int(line.shown.size()));
        if (line.shown.at(column).isLowSurrogate())
            --column; // a character's second half is not a column of its own to stand on
        open.view.setCursorPosition({0, column}, i % 2 == 0);
        QTest::keyClick(&open.view, Qt::Key_Right);
        QTest::keyClick(&open.view, Qt::Key_Left);
        QCOMPARE(open.view.cursorPosition(), (TextPosition{0, column}));
        open.view.viewport()->repaint();
        bool shown = false;
        for (const LineView::VisibleColumns &visible : open.view.visibleColumns())
            shown = shown || (visible.row == 0 && visible.from <= column && column < visible.to);
        QVERIFY2(shown, qPrintable(QStringLiteral("column %1, seed %2").arg(column).arg(seed)));
        // (A pair starting at the last column asked for is given whole.)
        QCOMPARE(open.model.text(0, column, column + 30).left(30), line.shown.mid(column, 30));
        const qint64 byte = line.byteOfColumn[size_t(column)];
        QCOMPARE(open.model.byteInLineForColumn(0, column), byte);
        qint64 first = column; // the first column of the character under `column` (a tab's spaces)
        while (first > 0 && line.byteOfColumn[size_t(first - 1)] == byte)
            --first;
        QCOMPARE(open.model.columnForByteInLine(0, byte), first);
    }
    // Shift+End selects to the end, Shift+Home back to the start of the line: all of it.
    open.view.setCursorPosition({0, 0});
    QTest::keyClick(&open.view, Qt::Key_End, Qt::ShiftModifier);
    QTRY_COMPARE(open.view.selectedText().size(), line.shown.size());
    QCOMPARE(open.view.selectedText(), line.shown);
}

void TestLineView::pagesThroughALongWrappedLine_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("ascii") << QStringLiteral("ascii");
    QTest::newRow("utf-8") << QStringLiteral("utf-8");
    QTest::newRow("tabs") << QStringLiteral("tabs");
}

// With wrap, a line of megabytes (measured lazily as the view goes) pages down screen by screen
// to its end and back up, the bar following without going back; the wheel and the bar's steps
// move one screen row at a time; dragging the bar to its end shows the line's last columns.
void TestLineView::pagesThroughALongWrappedLine()
{
    QFETCH(QString, kind);
    QRandomGenerator random(11);
    const GeneratedLine line = generateLine(random, kind, 400'000);
    const QString path = writeLines(m_dir, QStringLiteral("wrapped.txt"), "before\n" + line.bytes + "\nafter\n");
    OpenFile open(path, QSize(500, 260), true);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    const qint64 width = open.view.layout().width();
    // The reference: screen rows 0 ("before"), 1 .. n (the long line), n + 1 ("after").
    const qint64 segments = (line.shown.size() + width - 1) / width;
    const qint64 total = segments + 2;
    const qint64 page = open.view.visibleRowCount();
    const qint64 lastTop = total - page;
    const auto index = [](WrapLayout::Place p, qint64 n) {
        return p.row == 0 ? 0 : p.row == 1 ? 1 + p.segment : n + 1;
    };
    qint64 top = 0;
    while (top < lastTop) {
        QTest::keyClick(&open.view, Qt::Key_PageDown);
        open.view.viewport()->repaint();
        top = std::min(top + page, lastTop);
        QCOMPARE(index(open.view.topPlace(), segments), top);
    }
    // Measured whole now: the bar's value goes down with every page up, never back.
    open.model.lineColumns()->waitForMeasuring();
    QCoreApplication::processEvents();
    QCOMPARE(open.view.verticalScrollBar()->value(), open.view.verticalScrollBar()->maximum());
    int barBefore = open.view.verticalScrollBar()->value();
    for (int i = 0; i < 5; ++i) {
        QTest::keyClick(&open.view, Qt::Key_PageUp);
        top = std::max<qint64>(0, top - page);
        QCOMPARE(index(open.view.topPlace(), segments), top);
        QVERIFY(open.view.verticalScrollBar()->value() < barBefore);
        barBefore = open.view.verticalScrollBar()->value();
    }
    for (int i = 0; i < 5; ++i) {
        open.view.verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
        QCOMPARE(index(open.view.topPlace(), segments), --top);
    }
    QWheelEvent wheel(QPointF(50, 50), open.view.viewport()->mapToGlobal(QPointF(50, 50)), {}, QPoint(0, 120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(open.view.viewport(), &wheel);
    top -= QApplication::wheelScrollLines();
    QCOMPARE(index(open.view.topPlace(), segments), top);
    // The bar dragged to the middle of the long line's share lands in the middle of the line, and
    // to the end on the last screen.
    QScrollBar *bar = open.view.verticalScrollBar();
    const qint64 units = open.view.layout().unitsPerRow();
    bar->setValue(int(units + units / 2));
    QCOMPARE(open.view.topPlace().row, 1);
    QVERIFY(qAbs(open.view.topPlace().segment - segments / 2) <= 1);
    bar->setValue(bar->maximum());
    QCOMPARE(index(open.view.topPlace(), segments), lastTop);
    open.view.viewport()->repaint();
    const QVector<LineView::VisibleColumns> shown = open.view.visibleColumns();
    QVERIFY(std::any_of(shown.begin(), shown.end(), [&](const LineView::VisibleColumns &v) {
        return v.row == 1 && v.to >= line.shown.size();
    }));
    // The line's columns forgotten and measured again (a new decoder that shows it the same): the
    // top stays where it is, not where the measured part ends.
    bar->setValue(int(units + units / 2));
    const WrapLayout::Place before = open.view.topPlace();
    QVERIFY(before.segment > 100);
    LineDecoder::Options options = open.model.decoderOptions();
    options.maxDisplayChars += 1; // the display cut of previews: the view's columns stay the same
    open.model.setDecoderOptions(options);
    QCoreApplication::processEvents();
    open.view.viewport()->repaint();
    QCOMPARE(open.view.topPlace(), before);
    // Ctrl+Home and Ctrl+End go to the first and the last screen.
    QTest::keyClick(&open.view, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(index(open.view.topPlace(), segments), 0);
    QTest::keyClick(&open.view, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(index(open.view.topPlace(), segments), lastTop);
}

void TestLineView::searchMatchFarInALineIsShown_data()
{
    QTest::addColumn<bool>("wrap");
    QTest::newRow("no wrap") << false;
    QTest::newRow("wrap") << true;
}

// A match near the end of a line of megabytes, gone to as the search does (cursor centred,
// highlight set), is on screen and painted in the highlight colour.
void TestLineView::searchMatchFarInALineIsShown()
{
    QFETCH(bool, wrap);
    QRandomGenerator random(5);
    GeneratedLine line = generateLine(random, QStringLiteral("utf-8"), 2'000'000);
    qint64 match = line.shown.size() - 40;
    if (line.shown.at(match).isLowSurrogate())
        --match;
    const QString path = writeLines(m_dir, QStringLiteral("match.txt"), line.bytes + "\n");
    OpenFile open(path, QSize(640, 300), wrap);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    LineView::Colors colors;
    colors.searchHighlight = QColor(255, 0, 255);
    open.view.setColors(colors);
    open.view.setHighlights({LineView::Highlight{0, match, 5}});
    open.view.setCursorPosition({0, match}, true);
    QImage image(open.view.viewport()->size(), QImage::Format_RGB32);
    open.view.viewport()->render(&image);
    int painted = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            painted += image.pixel(x, y) == qRgb(255, 0, 255) ? 1 : 0;
    QVERIFY2(painted > 20, qPrintable(QString::number(painted)));
    // The bytes under the match are those of the reference's columns.
    const qint64 byte = open.model.byteInLineForColumn(0, match);
    QCOMPARE(QString::fromUtf8(line.bytes.mid(byte, 200)).left(5), line.shown.mid(match, 5));
}

void TestLineView::stylesTheVisibleColumnsOfALongLine_data()
{
    QTest::addColumn<bool>("wrap");
    QTest::newRow("no wrap") << false;
    QTest::newRow("wrap") << true;
}

// Far into a long line the styler is asked for the columns on screen (a slice from a multiple of
// 512 columns, at most a screen and a slice's alignment long), and what it gives is painted.
void TestLineView::stylesTheVisibleColumnsOfALongLine()
{
    QFETCH(bool, wrap);
    QRandomGenerator random(3);
    const GeneratedLine line = generateLine(random, QStringLiteral("ascii"), 5'000'000);
    const QString path = writeLines(m_dir, QStringLiteral("styled.txt"), line.bytes + "\n");
    OpenFile open(path, QSize(640, 300), wrap);
    QVERIFY(QTest::qWaitForWindowExposed(&open.view));
    SliceStyler styler;
    open.view.setStyler(&styler);
    const qint64 far = line.shown.size() - 1000;
    open.view.setCursorPosition({0, far}, true);
    styler.slices.clear();
    QImage image(open.view.viewport()->size(), QImage::Format_RGB32);
    open.view.viewport()->render(&image);
    QVERIFY(!styler.slices.isEmpty());
    const QVector<LineView::VisibleColumns> shown = open.view.visibleColumns();
    for (const SliceStyler::Slice &slice : std::as_const(styler.slices)) {
        QCOMPARE(slice.from % 512, 0);
        QVERIFY(slice.from <= shown.first().from && shown.first().from - slice.from < 512);
        QVERIFY(slice.to >= std::min<qint64>(shown.last().to, line.shown.size()));
        QVERIFY(slice.to - slice.from < 2 * 512 + (shown.last().to - shown.first().from));
    }
    // The styler's background is under the text of the first screen row, across the text area.
    const int y = open.view.rowHeight() / 2;
    int styled = 0;
    for (int x = 0; x < image.width(); ++x)
        styled += image.pixel(x, y) == qRgb(0, 200, 0) ? 1 : 0;
    QVERIFY2(styled > image.width() / 2, qPrintable(QString::number(styled)));
}

// Each colour's glyphs stay in their columns and their row; an underline runs under its columns
// only; bold stays within its columns (struck twice, a pixel apart).
void TestLineView::paintsStylesOnTheGrid()
{
    QStringListModel model({QStringLiteral("MMMMMWWWWWMMMMM"), QStringLiteral("second row")});
    LineView view;
    view.setModel(&model);
    view.resize(500, 120);
    view.setCursorPosition({1, 0});
    FixedStyler styler;
    StyledSpan red;
    red.start = 0;
    red.length = 5;
    red.foreground = QColor(255, 0, 0);
    red.bold = true;
    red.underline = true;
    StyledSpan blue;
    blue.start = 5;
    blue.length = 5;
    blue.foreground = QColor(0, 0, 255);
    styler.spansOfRow0 = {red, blue};
    view.setStyler(&styler);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage shot = view.viewport()->grab().toImage();
    const qreal cell = QFontMetricsF(view.font()).horizontalAdvance(QLatin1Char('0'));
    const int rowHeight = view.rowHeight();
    // Column 0's left edge, as the view places it: a click lands on column 1 from half a cell in.
    int halfCell = 0;
    while (halfCell < shot.width() && view.textPositionAt({halfCell, rowHeight / 2}).column < 1)
        ++halfCell;
    const qreal origin = halfCell - cell / 2;
    QVERIFY2(origin > 0 && halfCell < shot.width(), qPrintable(QString::number(origin)));
    // Where ink of columns [first, last) may fall: the cells, a pixel of antialiasing either side
    // and the pixel by which bold is struck a second time.
    const auto inColumns = [&](int x, int first, int last) {
        return x >= origin + first * cell - 1.5 && x <= origin + last * cell + 2.5;
    };
    const auto isRed = [](QRgb p) { return qRed(p) > 150 && qGreen(p) < 100 && qBlue(p) < 100; };
    const auto isBlue = [](QRgb p) { return qBlue(p) > 150 && qRed(p) < 100 && qGreen(p) < 100; };
    int redCount = 0, blueCount = 0;
    int widestRedRun = 0;
    for (int y = 0; y < shot.height(); ++y) {
        int run = 0;
        for (int x = 0; x < shot.width(); ++x) {
            const QRgb p = shot.pixel(x, y);
            const auto where = [&](const char *colour) {
                return QStringLiteral("%1 at %2,%3 (column 0 at %4, cell %5, %6)")
                    .arg(QLatin1String(colour)).arg(x).arg(y).arg(origin).arg(cell).arg(QFontInfo(view.font()).family());
            };
            if (isRed(p)) {
                ++redCount;
                run += 1;
                widestRedRun = std::max(widestRedRun, run);
                QVERIFY2(y < rowHeight && inColumns(x, 0, 5), qPrintable(where("red")));
            } else {
                run = 0;
            }
            if (isBlue(p)) {
                ++blueCount;
                QVERIFY2(y < rowHeight && inColumns(x, 5, 10), qPrintable(where("blue")));
            }
        }
    }
    QVERIFY(redCount > 20 && blueCount > 20);
    QVERIFY2(widestRedRun >= int(5 * cell) - 2, qPrintable(QString::number(widestRedRun))); // the underline
}

QTEST_MAIN(TestLineView)
#include "tst_lineview.moc"
