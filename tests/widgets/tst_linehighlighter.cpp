#include "linehighlighter.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <QSignalSpy>
#include <QTest>

using namespace KSyntaxHighlighting;

namespace {
// Row 0 opens a C comment that no row closes: every later row is inside it.
QString commentedSource(int row)
{
    return row == 0 ? QStringLiteral("/* a comment that never ends") : QStringLiteral("int value = %1;").arg(row);
}

bool coveredByOneSpan(const QVector<StyledSpan> &spans, int length)
{
    return spans.size() == 1 && spans.first().start == 0 && spans.first().length == length;
}
} // namespace

class TestLineHighlighter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void definitionsFor_data();
    void definitionsFor();
    void exactNearTheTop();
    void farJumpRefines_data();
    void farJumpRefines();
    void longLinesAreCut();
    void invalidateForgets();

private:
    Repository m_repository;
    Definition m_cpp;
};

void TestLineHighlighter::initTestCase()
{
    m_cpp = m_repository.definitionForName(QStringLiteral("C++"));
    QVERIFY(m_cpp.isValid());
}

void TestLineHighlighter::definitionsFor_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("found");
    QTest::newRow("c++") << QStringLiteral("main.cpp") << true;
    QTest::newRow("json") << QStringLiteral("dump.json") << true;
    QTest::newRow("csv") << QStringLiteral("export.csv") << true;
    QTest::newRow("unknown") << QStringLiteral("blob.qqqzz") << false;
}

void TestLineHighlighter::definitionsFor()
{
    QFETCH(QString, fileName);
    QFETCH(bool, found);
    QCOMPARE(m_repository.definitionForFileName(fileName).isValid(), found);
}

void TestLineHighlighter::exactNearTheTop()
{
    LineHighlighter highlighter(commentedSource);
    highlighter.setTheme(m_repository.defaultTheme(Repository::LightTheme));
    highlighter.setDefinition(m_cpp);
    highlighter.prepare(20, 60);
    QVERIFY(highlighter.lastScreenExact());
    const QString text = commentedSource(40);
    const QVector<StyledSpan> spans = highlighter.spans(40, text);
    QVERIFY2(coveredByOneSpan(spans, int(text.size())), "a row inside the comment is one comment span");
    QVERIFY(spans.first().foreground.isValid());
}

void TestLineHighlighter::farJumpRefines_data()
{
    QTest::addColumn<int>("row");
    QTest::newRow("just past sync") << LineHighlighter::kSyncRows + 500;
    QTest::newRow("far") << 300'000;
}

void TestLineHighlighter::farJumpRefines()
{
    QFETCH(int, row);
    LineHighlighter highlighter(commentedSource);
    highlighter.setTheme(m_repository.defaultTheme(Repository::LightTheme));
    highlighter.setDefinition(m_cpp);
    QSignalSpy changed(&highlighter, &LineStyler::stylesChanged);

    highlighter.prepare(row, row + 40);
    QVERIFY(!highlighter.lastScreenExact());
    const QString text = commentedSource(row);
    QVERIFY2(!coveredByOneSpan(highlighter.spans(row, text), int(text.size())),
             "from a fresh state the row is code, not comment");

    QVERIFY(changed.wait(60000));
    QVERIFY(highlighter.knownRows() >= row);
    highlighter.prepare(row, row + 40);
    QVERIFY(highlighter.lastScreenExact());
    QVERIFY(coveredByOneSpan(highlighter.spans(row, text), int(text.size())));
}

void TestLineHighlighter::longLinesAreCut()
{
    const QString longLine = QStringLiteral("int x = 1; ").repeated(2000);
    LineHighlighter highlighter([&](int) { return longLine; });
    highlighter.setTheme(m_repository.defaultTheme(Repository::LightTheme));
    highlighter.setDefinition(m_cpp);
    highlighter.prepare(0, 3);
    const QVector<StyledSpan> spans = highlighter.spans(0, longLine);
    QVERIFY(!spans.isEmpty());
    for (const StyledSpan &span : spans)
        QVERIFY(span.start + span.length <= LineHighlighter::kMaxLineChars);
}

void TestLineHighlighter::invalidateForgets()
{
    LineHighlighter highlighter(commentedSource);
    highlighter.setDefinition(m_cpp);
    highlighter.prepare(3000, 3010);
    QTRY_VERIFY(highlighter.knownRows() >= 3000); // at once, or learnt in slices
    highlighter.invalidate(1000);
    QVERIFY(highlighter.knownRows() <= 1000);
    highlighter.invalidate(0);
    QCOMPARE(highlighter.knownRows(), 0);
}

QTEST_MAIN(TestLineHighlighter)
#include "tst_linehighlighter.moc"
