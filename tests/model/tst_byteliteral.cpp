#include "byteformat.h"
#include "byteliteral.h"

#include <QRandomGenerator>
#include <QTest>

// The inverse of the inspector's forms: Python bytes literals (against the renderer, and hand
// cases checked with Python 3) and hex.
class tst_ByteLiteral : public QObject {
    Q_OBJECT
private slots:
    void pythonHandCases_data();
    void pythonHandCases();
    void pythonRefusals_data();
    void pythonRefusals();
    void pythonRoundTripsTheRenderer();
    void hex_data();
    void hex();
};

void tst_ByteLiteral::pythonHandCases_data()
{
    QTest::addColumn<QString>("literal");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("tutorial") << QStringLiteral("b'XXX'") << QByteArray("XXX");
    QTest::newRow("utf-8 escapes") << QStringLiteral("b'casta\\xc3\\xb1a\\n'") << QByteArray("casta\xc3\xb1" "a\n");
    QTest::newRow("double quotes") << QStringLiteral("b\"it's\"") << QByteArray("it's");
    QTest::newRow("capital B, spaces around") << QStringLiteral("  B'a b'  ") << QByteArray("a b");
    QTest::newRow("empty") << QStringLiteral("b''") << QByteArray();
    QTest::newRow("simple escapes") << QStringLiteral("b'\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\\"'")
                                    << QByteArray("\a\b\f\n\r\t\v\\'\"");
    QTest::newRow("octal") << QStringLiteral("b'\\0\\12\\101\\3770'") << QByteArray("\0\nA\xff" "0", 5);
    QTest::newRow("hex upper") << QStringLiteral("b'\\xFF\\x00'") << QByteArray("\xff\0", 2);
    QTest::newRow("unknown escape kept") << QStringLiteral("b'\\q\\d'") << QByteArray("\\q\\d");
    QTest::newRow("line continuation") << QStringLiteral("b'ab\\\ncd'") << QByteArray("abcd");
    QTest::newRow("raw") << QStringLiteral("rb'\\n\\x41'") << QByteArray("\\n\\x41");
    QTest::newRow("raw with escaped quote") << QStringLiteral("br'a\\'b'") << QByteArray("a\\'b");
    QTest::newRow("triple quotes") << QStringLiteral("b'''one\ntwo's'''") << QByteArray("one\ntwo's");
}

void tst_ByteLiteral::pythonHandCases()
{
    QFETCH(QString, literal);
    QFETCH(QByteArray, bytes);
    QString error;
    const std::optional<QByteArray> parsed = ByteLiteral::parsePython(literal, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, bytes);
    QVERIFY(ByteLiteral::looksLikePython(literal));
}

void tst_ByteLiteral::pythonRefusals_data()
{
    QTest::addColumn<QString>("literal");
    QTest::addColumn<QString>("says");
    QTest::newRow("no prefix") << QStringLiteral("'abc'") << QStringLiteral("starts with b'");
    QTest::newRow("text") << QStringLiteral("XXX") << QStringLiteral("starts with b'");
    QTest::newRow("unclosed") << QStringLiteral("b'abc") << QStringLiteral("closing quote");
    QTest::newRow("ends in a backslash") << QStringLiteral("b'abc\\'") << QStringLiteral("closing quote");
    QTest::newRow("non-ASCII") << QStringLiteral("b'castaña'") << QStringLiteral("ASCII");
    QTest::newRow("short hex") << QStringLiteral("b'\\x4'") << QStringLiteral("two hex digits");
    QTest::newRow("bad hex") << QStringLiteral("b'\\xg0'") << QStringLiteral("two hex digits");
    QTest::newRow("octal too large") << QStringLiteral("b'\\400'") << QStringLiteral("\\377");
    QTest::newRow("line break") << QStringLiteral("b'a\nb'") << QStringLiteral("\\n");
    QTest::newRow("text after") << QStringLiteral("b'a' + b'b'") << QStringLiteral("follow");
    QTest::newRow("unicode prefix") << QStringLiteral("u'a'") << QStringLiteral("starts with b'");
}

void tst_ByteLiteral::pythonRefusals()
{
    QFETCH(QString, literal);
    QFETCH(QString, says);
    QString error;
    QVERIFY(!ByteLiteral::parsePython(literal, &error));
    QVERIFY2(error.contains(says), qPrintable(error));
}

void tst_ByteLiteral::pythonRoundTripsTheRenderer()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QRandomGenerator random(seed);
    for (int round = 0; round < 2000; ++round) {
        QByteArray bytes(random.bounded(40), Qt::Uninitialized);
        const bool textLike = random.bounded(2);
        for (char &c : bytes)
            c = textLike ? "ab'\"\\\n\r\t 0x7"[random.bounded(13)] : char(random.bounded(256));
        const QString literal = ByteFormat::pythonBytesLiteral(bytes);
        QString error;
        const std::optional<QByteArray> parsed = ByteLiteral::parsePython(literal, &error);
        QVERIFY2(parsed, qPrintable(QStringLiteral("seed %1: %2 %3").arg(seed).arg(literal, error)));
        QVERIFY2(*parsed == bytes, qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(literal)));
    }
}

void tst_ByteLiteral::hex_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("spaced") << QStringLiteral("58 58 58") << true << QByteArray("XXX");
    QTest::newRow("packed") << QStringLiteral("585858") << true << QByteArray("XXX");
    QTest::newRow("mixed case, tabs, commas") << QStringLiteral("c3\tB1, 0a") << true << QByteArray("\xc3\xb1\n");
    QTest::newRow("0x run") << QStringLiteral("0x585858") << true << QByteArray("XXX");
    QTest::newRow("0x each") << QStringLiteral("0x58 0x00") << true << QByteArray("X\0", 2);
    QTest::newRow("empty") << QString() << true << QByteArray();
    QTest::newRow("odd") << QStringLiteral("585") << false << QByteArray();
    QTest::newRow("split pair") << QStringLiteral("5 8") << false << QByteArray();
    QTest::newRow("not hex") << QStringLiteral("5g") << false << QByteArray();
    QTest::newRow("literal") << QStringLiteral("b'X'") << false << QByteArray();
}

void tst_ByteLiteral::hex()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QByteArray, bytes);
    QString error;
    const std::optional<QByteArray> parsed = ByteLiteral::parseHex(text, &error);
    QCOMPARE(bool(parsed), ok);
    if (ok)
        QCOMPARE(*parsed, bytes);
    else
        QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_ByteLiteral)
#include "tst_byteliteral.moc"
