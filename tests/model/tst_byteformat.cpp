#include "byteformat.h"

#include <QRandomGenerator>
#include <QTest>

namespace {
// What Python's repr() gives, written out independently of the code under test: every byte
// judged on its own, quote chosen from the whole.
QString referenceRepr(const QByteArray &bytes)
{
    const char quote = bytes.contains('\'') && !bytes.contains('"') ? '"' : '\'';
    QString s = QStringLiteral("b") + QLatin1Char(quote);
    for (const char ch : bytes) {
        const uchar c = uchar(ch);
        if (c == '\\' || c == uchar(quote))
            s += QLatin1Char('\\') + QLatin1Char(char(c));
        else if (c == '\n')
            s += QStringLiteral("\\n");
        else if (c == '\r')
            s += QStringLiteral("\\r");
        else if (c == '\t')
            s += QStringLiteral("\\t");
        else if (c >= 32 && c < 127)
            s += QLatin1Char(char(c));
        else
            s += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    }
    return s + QLatin1Char(quote);
}
} // namespace

class TestByteFormat : public QObject {
    Q_OBJECT
private slots:
    void pythonLiteral_data();
    void pythonLiteral();
    void pythonLiteralRandom();
    void pythonLiteralInPieces();
    void hexDump_data();
    void hexDump();
};

void TestByteFormat::pythonLiteral_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    // Expected values are what CPython 3 prints for repr(bytes).
    QTest::newRow("empty") << QByteArray() << QStringLiteral("b''");
    QTest::newRow("tutorial slice") << QByteArray("casta\xc3\xb1""a\n") << QStringLiteral("b'casta\\xc3\\xb1a\\n'");
    QTest::newRow("VOCA") << QByteArray("VOCA") << QStringLiteral("b'VOCA'");
    QTest::newRow("single quote") << QByteArray("it's") << QStringLiteral("b\"it's\"");
    QTest::newRow("both quotes") << QByteArray("it's \"x\"") << QStringLiteral("b'it\\'s \"x\"'");
    QTest::newRow("double quote only") << QByteArray("say \"hi\"") << QStringLiteral("b'say \"hi\"'");
    QTest::newRow("backslash") << QByteArray("a\\b") << QStringLiteral("b'a\\\\b'");
    QTest::newRow("controls") << QByteArray("\t\r\n\x00\x1b\x7f\xff", 7) << QStringLiteral("b'\\t\\r\\n\\x00\\x1b\\x7f\\xff'");
}

void TestByteFormat::pythonLiteral()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QCOMPARE(ByteFormat::pythonBytesLiteral(bytes), expected);
}

void TestByteFormat::pythonLiteralRandom()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    for (int i = 0; i < 2000; ++i) {
        QByteArray bytes(random.bounded(40), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.bounded(i % 2 ? 256 : 128));
        QVERIFY2(ByteFormat::pythonBytesLiteral(bytes) == referenceRepr(bytes),
                 qPrintable(QStringLiteral("seed %1, bytes %2").arg(seed).arg(QString::fromLatin1(bytes.toHex()))));
    }
}

// The literal assembled from pieces (as tome-bench slice streams it) equals the whole one.
void TestByteFormat::pythonLiteralInPieces()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    const char alphabet[] = "a'\"\\\n\x80";
    for (int i = 0; i < 500; ++i) {
        QByteArray bytes(random.bounded(60), Qt::Uninitialized);
        for (char &c : bytes)
            c = alphabet[random.bounded(int(sizeof alphabet) - 1)];
        const char quote = ByteFormat::pythonBytesQuote(bytes.contains('\''), bytes.contains('"'));
        QByteArray pieces = QByteArray("b") + quote;
        for (qsizetype at = 0; at < bytes.size();) {
            const qsizetype len = random.bounded(1, 8);
            pieces += ByteFormat::pythonBytesEscaped(QByteArrayView(bytes).sliced(at, qMin(len, bytes.size() - at)), quote);
            at += len;
        }
        pieces += quote;
        QVERIFY2(QString::fromLatin1(pieces) == ByteFormat::pythonBytesLiteral(bytes),
                 qPrintable(QStringLiteral("seed %1, bytes %2").arg(seed).arg(QString::fromLatin1(bytes.toHex()))));
    }
}

void TestByteFormat::hexDump_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("base");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << qint64(0) << QString();
    QTest::newRow("one full row") << QByteArray("VOCABULARY\ncasta") << qint64(0)
                                  << QStringLiteral("00000000  56 4f 43 41 42 55 4c 41  52 59 0a 63 61 73 74 61  |VOCABULARY.casta|\n");
    QTest::newRow("partial row, offset") << QByteArray("cat\n") << qint64(24)
                                         << QStringLiteral("00000018  63 61 74 0a                                       |cat.|\n");
    QTest::newRow("beyond 4 GiB") << QByteArray("\xff", 1) << qint64(0x123456789)
                                  << QStringLiteral("123456789  ff                                                |.|\n");
}

void TestByteFormat::hexDump()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, base);
    QFETCH(QString, expected);
    QCOMPARE(ByteFormat::hexDump(bytes, base), expected);
}

QTEST_GUILESS_MAIN(TestByteFormat)
#include "tst_byteformat.moc"
