#include "offsetparser.h"

#include <QTest>

class TestOffsetParser : public QObject {
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
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
}

void TestOffsetParser::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, expected);
    QCOMPARE(parseOffset(text).value_or(-1), expected);
}

QTEST_GUILESS_MAIN(TestOffsetParser)
#include "tst_offsetparser.moc"
