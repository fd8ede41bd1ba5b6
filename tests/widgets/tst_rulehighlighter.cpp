#include "lineview.h"
#include "rulehighlighter.h"

#include <QSignalSpy>
#include <QStringListModel>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QColor kRed(255, 0, 0);
const QColor kBlue(0, 0, 255);
const QColor kGreen(0, 160, 0);

HighlightRule rule(const QString &pattern, const QColor &foreground, const QColor &background)
{
    HighlightRule r;
    r.pattern = pattern;
    r.foreground = foreground.isValid() ? foreground.name() : QString();
    r.background = background.isValid() ? background.name() : QString();
    return r;
}

// Colours each whole row in one foreground, like a syntax highlighter would.
class WholeRowStyler : public LineStyler {
public:
    void prepare(int, int) override {}
    QVector<StyledSpan> spans(int, const QString &text) override
    {
        StyledSpan span;
        span.length = int(text.size());
        span.foreground = kGreen;
        return {span};
    }
    void invalidate(int) override {}
};

// Pixels of exactly `color` on one pixel line of the image: where the fill is, between glyphs.
QList<int> columnsOf(const QImage &image, int y, const QColor &color)
{
    QList<int> xs;
    for (int x = 0; x < image.width(); ++x)
        if (image.pixel(x, y) == color.rgb())
            xs.append(x);
    return xs;
}

bool isBluish(QRgb p) { return qBlue(p) > qRed(p) + 60 && qBlue(p) > qGreen(p) + 60; }
bool isGreenish(QRgb p) { return qGreen(p) > qRed(p) + 40 && qGreen(p) > qBlue(p) + 40; }

} // namespace

class TestRuleHighlighter : public QObject {
    Q_OBJECT
private slots:
    void spansCarryColours();
    void cacheKeyedOnText();
    void paintsBackground_data();
    void paintsBackground();
    void foregroundOverSyntax_data();
    void foregroundOverSyntax();
};

void TestRuleHighlighter::spansCarryColours()
{
    RuleHighlighter highlighter;
    highlighter.setRules({rule(u"ERROR"_s, {}, kRed), rule(u"WARN"_s, kBlue, {}), rule(u"RR"_s, kBlue, {})});
    const QVector<StyledSpan> spans = highlighter.spans(0, u"x ERROR WARN"_s);
    QCOMPARE(spans.size(), 4);
    QCOMPARE(spans[0].start, 2);
    QCOMPARE(spans[0].length, 1);
    QCOMPARE(spans[0].background, kRed);
    QVERIFY(!spans[0].foreground.isValid());
    QCOMPARE(spans[1].start, 3); // "RR": the later rule's foreground over the earlier's background
    QCOMPARE(spans[1].length, 2);
    QCOMPARE(spans[1].foreground, kBlue);
    QCOMPARE(spans[1].background, kRed);
    QCOMPARE(spans[2].start, 5);
    QCOMPARE(spans[2].length, 2);
    QCOMPARE(spans[3].start, 8);
    QCOMPARE(spans[3].length, 4);
    QCOMPARE(spans[3].foreground, kBlue);
    QVERIFY(!spans[3].background.isValid());

    // A colour with transparency keeps it.
    HighlightRule translucent = rule(u"x"_s, {}, {});
    translucent.background = u"#80ff0000"_s;
    highlighter.setRules({translucent});
    QCOMPARE(highlighter.spans(0, u"x"_s).value(0).background, QColor(255, 0, 0, 128));
}

void TestRuleHighlighter::cacheKeyedOnText()
{
    RuleHighlighter highlighter;
    QSignalSpy changed(&highlighter, &LineStyler::stylesChanged);
    highlighter.setRules({rule(u"ERROR"_s, {}, kRed)});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(highlighter.rowsMatched(), 0);
    const QString line = u"an ERROR here"_s;
    const QVector<StyledSpan> first = highlighter.spans(3, line);
    QCOMPARE(highlighter.rowsMatched(), 1);
    QCOMPARE(highlighter.spans(3, line).size(), first.size()); // a repaint
    QCOMPARE(highlighter.spans(9, QString(line)).size(), first.size()); // the same text on another row
    QCOMPARE(highlighter.rowsMatched(), 1);
    QCOMPARE(highlighter.spans(3, u"an ERROR there"_s).size(), 1); // the row's text changed
    QCOMPARE(highlighter.rowsMatched(), 2);
    highlighter.setRules({rule(u"here"_s, {}, kRed)});
    QCOMPARE(changed.count(), 2);
    QCOMPARE(highlighter.spans(3, line).value(0).start, 9); // the new rules, not the cached result
    QCOMPARE(highlighter.rowsMatched(), 1);
}

void TestRuleHighlighter::paintsBackground_data()
{
    QTest::addColumn<QString>("over"); // what is painted over the rule
    QTest::addColumn<bool>("ruleVisible");
    QTest::newRow("the rule alone") << u"nothing"_s << true;
    QTest::newRow("under the selection") << u"selection"_s << false;
    QTest::newRow("under a search highlight") << u"search"_s << false;
    QTest::newRow("a rule that is off") << u"off"_s << false;
}

void TestRuleHighlighter::paintsBackground()
{
    QFETCH(QString, over);
    QFETCH(bool, ruleVisible);
    QStringListModel model({u"first line"_s, u"2024 ERROR disk full"_s, u"no match"_s});
    LineView view;
    view.setModel(&model);
    view.resize(500, 200);
    view.setCursorPosition({2, 0}); // no current-line tint on row 1
    RuleHighlighter highlighter;
    HighlightRule error = rule(u"ERROR"_s, {}, kRed);
    error.enabled = over != u"off"_s;
    highlighter.setRules({error});
    view.setRuleStyler(&highlighter);
    QCOMPARE(view.ruleStyler(), &highlighter);
    if (over == u"selection"_s)
        view.select({1, 0}, {1, 20});
    if (over == u"search"_s)
        view.setHighlights({LineView::Highlight{1, 5, 5}});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    const QImage shot = view.viewport()->grab().toImage();
    const int rowHeight = view.rowHeight();
    const qreal cell = QFontMetricsF(view.font()).horizontalAdvance(QLatin1Char('0'));
    // The top pixel line of each row: the fill is there, the glyphs are not.
    const QList<int> red = columnsOf(shot, rowHeight + 1, kRed);
    QCOMPARE(columnsOf(shot, 1, kRed).size(), 0);
    QCOMPARE(columnsOf(shot, 2 * rowHeight + 1, kRed).size(), 0);
    if (!ruleVisible) {
        QCOMPARE(red.size(), 0);
        return;
    }
    // Five characters wide, in one piece, and the columns of "ERROR" (5 to 10 after the gutter).
    QVERIFY2(std::abs(red.size() - 5 * cell) <= 2, qPrintable(u"%1 red pixels"_s.arg(red.size())));
    QCOMPARE(red.last() - red.first() + 1, red.size());
    const QList<int> line = columnsOf(shot, rowHeight + 1, view.effectiveColors().background);
    QVERIFY(!line.isEmpty());
    const int textLeft = line.first(); // the text area starts where the gutter ends (+ padding)
    QVERIFY2(std::abs(red.first() - textLeft - 5 * cell) <= 6, qPrintable(u"starts at %1"_s.arg(red.first())));
}

void TestRuleHighlighter::foregroundOverSyntax_data()
{
    QTest::addColumn<QColor>("foreground");
    QTest::addColumn<QColor>("background");
    QTest::newRow("the rule's foreground") << kBlue << QColor();
    // On its own background the text takes the view's text colour: the syntax's could be the
    // background's hue.
    QTest::newRow("a background only") << QColor() << QColor(255, 255, 160);
}

void TestRuleHighlighter::foregroundOverSyntax()
{
    QFETCH(QColor, foreground);
    QFETCH(QColor, background);
    QStringListModel model({u"xxxx WARN xxxx"_s, u"other"_s});
    LineView view;
    view.setModel(&model);
    view.resize(500, 120);
    view.setCursorPosition({1, 0});
    WholeRowStyler syntax;
    view.setStyler(&syntax);
    RuleHighlighter highlighter;
    highlighter.setRules({rule(u"WARN"_s, foreground, background)});
    view.setRuleStyler(&highlighter);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    const QImage shot = view.viewport()->grab().toImage();
    const qreal cell = QFontMetricsF(view.font()).horizontalAdvance(QLatin1Char('0'));
    // Where the rule is: its glyphs (blue), or its background.
    int spanFirst = shot.width();
    int spanLast = -1;
    for (int y = 0; y < view.rowHeight(); ++y) {
        for (int x = 0; x < shot.width(); ++x) {
            const QRgb p = shot.pixel(x, y);
            if (foreground.isValid() ? isBluish(p) : p == background.rgb()) {
                spanFirst = std::min(spanFirst, x);
                spanLast = std::max(spanLast, x);
            }
        }
    }
    QVERIFY2(spanLast >= 0, "the rule is painted");
    QVERIFY2(spanLast - spanFirst < 4 * cell + 2, "the rule colours its four characters only");
    int green = 0;
    int inkInside = 0;
    for (int y = 0; y < view.rowHeight(); ++y) {
        for (int x = 0; x < shot.width(); ++x) {
            const QRgb p = shot.pixel(x, y);
            const bool inside = x >= spanFirst && x <= spanLast;
            if (isGreenish(p)) {
                ++green;
                QVERIFY2(!inside, "no syntax colour inside the rule's span");
            }
            inkInside += inside && qGray(p) < 128;
        }
    }
    QVERIFY2(green > 0, "the syntax colour stays outside the rule's span");
    QVERIFY2(inkInside > 0, "the span's text is drawn");
}

QTEST_MAIN(TestRuleHighlighter)
#include "tst_rulehighlighter.moc"
