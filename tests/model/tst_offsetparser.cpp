#include "offsetparser.h"

#include "../fuzz/offsetcheck.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

class TestOffsetParser : public QObject {
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void randomTextAgainstReference();
    void hintSaysWhatIsAccepted();
};

void TestOffsetParser::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expected"); // -1: rejected
    QTest::newRow("decimal") << QStringLiteral("24") << qint64(24);
    QTest::newRow("spaces around") << QStringLiteral("  24 ") << qint64(24);
    QTest::newRow("grouped") << QStringLiteral("1,234,567") << qint64(1234567);
    QTest::newRow("underscores") << QStringLiteral("10_000") << qint64(10000);
    QTest::newRow("hex") << QStringLiteral("0x18") << qint64(24);
    QTest::newRow("hex upper") << QStringLiteral("0XFF") << qint64(255);
    QTest::newRow("beyond 4 GiB") << QStringLiteral("0x123456789") << qint64(0x123456789);
    QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("negative") << QStringLiteral("-5") << qint64(-1);
    QTest::newRow("plus") << QStringLiteral("+5") << qint64(-1);
    QTest::newRow("words") << QStringLiteral("ten") << qint64(-1);
    QTest::newRow("bad hex") << QStringLiteral("0xZZ") << qint64(-1);
    QTest::newRow("overflow") << QStringLiteral("99999999999999999999") << qint64(-1);
    QTest::newRow("largest") << QStringLiteral("9223372036854775807") << qint64(9223372036854775807);
    QTest::newRow("largest hex") << QStringLiteral("0x7fffffffffffffff") << qint64(9223372036854775807);
    QTest::newRow("hex overflow") << QStringLiteral("0x8000000000000000") << qint64(-1);
    QTest::newRow("space grouped") << QStringLiteral("1 234 567") << qint64(1234567);
    QTest::newRow("tabs around") << QStringLiteral("\t42\t") << qint64(42);
    // Issue 9 §5: all of these were accepted.
    QTest::newRow("trailing NULs") << QString::fromLatin1("414\0\0", 5) << qint64(-1);
    QTest::newRow("0x0x10") << QStringLiteral("0x0x10") << qint64(-1);
    QTest::newRow("0x0X5") << QStringLiteral("0x0X5") << qint64(-1);
    QTest::newRow("0x+5") << QStringLiteral("0x+5") << qint64(-1);
    QTest::newRow("0x-0") << QStringLiteral("0x-0") << qint64(-1);
    QTest::newRow("comma vertical tab 31") << QStringLiteral(",\v31") << qint64(-1);
    QTest::newRow("0x form feeds F") << QStringLiteral("0x\f\fF") << qint64(-1);
    QTest::newRow("0x alone") << QStringLiteral("0x") << qint64(-1);
    QTest::newRow("leading separator") << QStringLiteral(",31") << qint64(-1);
    QTest::newRow("trailing separator") << QStringLiteral("31,") << qint64(-1);
    QTest::newRow("double separator") << QStringLiteral("1,,000") << qint64(-1);
    QTest::newRow("separator in hex") << QStringLiteral("0x1_0") << qint64(-1);
    QTest::newRow("arabic-indic digits") << QStringLiteral("\u0661\u0662") << qint64(-1);
    QTest::newRow("fullwidth digits") << QStringLiteral("\uff11") << qint64(-1);
    QTest::newRow("vertical tab around") << QStringLiteral("\v5") << qint64(-1);
    QTest::newRow("no-break space") << QStringLiteral("1\u00a0000") << qint64(-1);
}

void TestOffsetParser::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, expected);
    QCOMPARE(parseOffset(text).value_or(-1), expected);
}

// Random strings over the characters that matter, against the strict reference of the fuzz
// harness (a regular expression of the accepted forms).
void TestOffsetParser::randomTextAgainstReference()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    const QString alphabet = u"0123456789abcdefxX ,_\t\v\f\n+-\u00a0\u0661"_s + QChar(0);
    for (int round = 0; round < 20000; ++round) {
        QString text;
        const int length = random.bounded(12);
        for (int i = 0; i < length; ++i)
            text.append(alphabet.at(random.bounded(alphabet.size())));
        if (random.bounded(3) == 0)
            text.prepend(u"0x"_s);
        const QString error = checkOffsetParser(text);
        if (!error.isEmpty())
            QFAIL(qPrintable(u"seed %1: %2"_s.arg(seed).arg(error)));
    }
}

void TestOffsetParser::hintSaysWhatIsAccepted()
{
    QVERIFY(offsetSyntaxHint().contains(u"0x"_s));
    QVERIFY(offsetSyntaxHint().contains(u"1234"_s));
}

QTEST_GUILESS_MAIN(TestOffsetParser)
#include "tst_offsetparser.moc"
