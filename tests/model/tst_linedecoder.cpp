#include "linedecoder.h"

#include <QTest>

using Encoding = LineDecoder::Encoding;

class tst_LineDecoder : public QObject {
    Q_OBJECT
private slots:
    void decode_data();
    void decode();
    void longLineIsCutWithMarker_data();
    void longLineIsCutWithMarker();
    void readsOnlyTheHead();
    void detectsByteOrderMarks_data();
    void detectsByteOrderMarks();
    void columnsAndBytes_data();
    void columnsAndBytes();
};

void tst_LineDecoder::columnsAndBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("column");
    QTest::addColumn<qint64>("byte");
    QTest::addColumn<int>("columnOfByte");
    QTest::newRow("ascii") << QByteArray("abcdef") << 3 << qint64(3) << 3;
    QTest::newRow("inside a tab") << QByteArray("a\tbc") << 2 << qint64(1) << 1;
    QTest::newRow("after a tab") << QByteArray("a\tbc") << 4 << qint64(2) << 4;
    QTest::newRow("two-byte chars") << QByteArray("\xc3\xa9\xc3\xa9x") << 2 << qint64(4) << 2;
    QTest::newRow("inside a character") << QByteArray("\xc3\xa9\xc3\xa9x") << 1 << qint64(2) << 1;
    QTest::newRow("end of line") << QByteArray("ab") << 9 << qint64(2) << 2;
}

void tst_LineDecoder::columnsAndBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, column);
    QFETCH(qint64, byte);
    QFETCH(int, columnOfByte);
    const LineDecoder decoder({Encoding::Utf8, 4, 10000});
    QCOMPARE(decoder.byteForColumn(bytes, bytes.size(), 10, column), byte);
    QCOMPARE(decoder.columnForByte(bytes, bytes.size(), 10, byte), columnOfByte);
}

void tst_LineDecoder::decode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<int>("tabWidth");
    QTest::addColumn<qint64>("lineOffset");
    QTest::addColumn<QString>("expected");

    const auto u = [](const char16_t *text) { return QStringView(text).toString(); };
    QTest::newRow("ascii") << QByteArray("hello") << Encoding::Utf8 << 8 << qint64(10) << u(u"hello");
    QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9 \xe2\x82\xac") << Encoding::Utf8 << 8 << qint64(10)
                           << u(u"café €");
    QTest::newRow("astral") << QByteArray("\xf0\x9f\x98\x80!") << Encoding::Utf8 << 8 << qint64(10) << u(u"😀!");
    QTest::newRow("invalid byte") << QByteArray("a\xff" "b") << Encoding::Utf8 << 8 << qint64(10) << u(u"a\uFFFDb");
    QTest::newRow("truncated sequence at end") << QByteArray("a\xe2\x82") << Encoding::Utf8 << 8 << qint64(10)
                                               << u(u"a\uFFFD\uFFFD"); // Qt: one per byte
    QTest::newRow("tabs") << QByteArray("\tab\tc") << Encoding::Utf8 << 4 << qint64(10) << u(u"    ab  c");
    QTest::newRow("tab width 8") << QByteArray("abc\td") << Encoding::Utf8 << 8 << qint64(10) << u(u"abc     d");
    QTest::newRow("nul and controls") << QByteArray("a\0b\x01\x1b\x7f", 6) << Encoding::Utf8 << 8 << qint64(10)
                                      << u(u"a\u2400b\u2401\u241b\u2421");
    QTest::newRow("lone cr is shown") << QByteArray("a\rb") << Encoding::Utf8 << 8 << qint64(10) << u(u"a\u240db");
    QTest::newRow("utf-8 bom on first line") << QByteArray("\xef\xbb\xbfx") << Encoding::Utf8 << 8 << qint64(0)
                                             << u(u"x");
    QTest::newRow("feff elsewhere kept") << QByteArray("\xef\xbb\xbfx") << Encoding::Utf8 << 8 << qint64(7)
                                         << u(u"\uFEFFx");
    QTest::newRow("latin-1") << QByteArray("caf\xe9") << Encoding::Latin1 << 8 << qint64(10) << u(u"café");
    // UTF-16: the index splits at the byte 0x0A; the decoder realigns.
    QTest::newRow("utf-16le first line") << QByteArray("\xff\xfeh\0i\0\r\0", 8) << Encoding::Utf16LE << 8
                                         << qint64(0) << u(u"hi");
    QTest::newRow("utf-16le next line") << QByteArray("\0o\0k\0", 5) << Encoding::Utf16LE << 8 << qint64(11)
                                        << u(u"ok");
    QTest::newRow("utf-16be first line") << QByteArray("\xfe\xff\0h\0i\0", 7) << Encoding::Utf16BE << 8
                                         << qint64(0) << u(u"hi");
    QTest::newRow("utf-16be next line") << QByteArray("\0o\0k\0", 5) << Encoding::Utf16BE << 8 << qint64(8)
                                        << u(u"ok");
}

void tst_LineDecoder::decode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Encoding, encoding);
    QFETCH(int, tabWidth);
    QFETCH(qint64, lineOffset);
    QFETCH(QString, expected);
    const LineDecoder decoder({encoding, tabWidth, 10000});
    QCOMPARE(decoder.decode(bytes, bytes.size(), lineOffset), expected);
}

void tst_LineDecoder::longLineIsCutWithMarker_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ascii") << QByteArray(1000, 'a') << Encoding::Utf8
                           << QString(10, u'a') + QStringLiteral(" \u2026 [+990 bytes]");
    QTest::newRow("two-byte chars") << QByteArray("\xc3\xa9").repeated(20) << Encoding::Utf8
                                    << QString(10, u'é') + QStringLiteral(" \u2026 [+20 bytes]");
    QTest::newRow("invalid bytes") << QByteArray(30, '\xff') << Encoding::Utf8
                                   << QString(10, QChar(0xfffd)) + QStringLiteral(" \u2026 [+20 bytes]");
    QTest::newRow("tab at the cut") << QByteArray("abcdefgh\tzz") << Encoding::Utf8
                                    << QStringLiteral("abcdefgh   \u2026 [+2 bytes]");
    QTest::newRow("latin-1") << QByteArray(25, 'x') << Encoding::Latin1
                             << QString(10, u'x') + QStringLiteral(" \u2026 [+15 bytes]");
    QTest::newRow("thousands") << QByteArray(123466, 'b') << Encoding::Utf8
                               << QString(10, u'b') + QStringLiteral(" \u2026 [+123,456 bytes]");
    QTest::newRow("exactly the limit") << QByteArray(10, 'c') << Encoding::Utf8 << QString(10, u'c');
}

void tst_LineDecoder::longLineIsCutWithMarker()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Encoding, encoding);
    QFETCH(QString, expected);
    const LineDecoder decoder({encoding, 4, 10});
    const QByteArray head = bytes.first(decoder.bytesNeeded(bytes.size()));
    QCOMPARE(decoder.decode(head, bytes.size(), 100), expected);
}

void tst_LineDecoder::readsOnlyTheHead()
{
    // A "1 GB" line: only the head exists; the marker counts what was never read.
    const LineDecoder decoder;
    const qint64 full = qint64(1) << 30;
    const QByteArray head(decoder.bytesNeeded(full), 'j');
    QVERIFY(head.size() < 100000);
    const QString shown = decoder.decode(head, full, 100);
    QVERIFY(shown.startsWith(QString(10000, u'j')));
    QCOMPARE(shown.mid(10000), LineDecoder::cutMarker(full - 10000));
    QCOMPARE(LineDecoder::cutMarker(full - 10000), QStringLiteral(" \u2026 [+1,073,731,824 bytes]"));
}

void tst_LineDecoder::detectsByteOrderMarks_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<int>("bomLength");
    QTest::newRow("none") << QByteArray("abc") << Encoding::Utf8 << 0;
    QTest::newRow("utf-8") << QByteArray("\xef\xbb\xbf") << Encoding::Utf8 << 3;
    QTest::newRow("utf-16le") << QByteArray("\xff\xfex") << Encoding::Utf16LE << 2;
    QTest::newRow("utf-16be") << QByteArray("\xfe\xffx") << Encoding::Utf16BE << 2;
}

void tst_LineDecoder::detectsByteOrderMarks()
{
    QFETCH(QByteArray, start);
    QFETCH(Encoding, encoding);
    QFETCH(int, bomLength);
    int length = -1;
    QCOMPARE(LineDecoder::detectEncoding(start, &length), encoding);
    QCOMPARE(length, bomLength);
}

QTEST_GUILESS_MAIN(tst_LineDecoder)
#include "tst_linedecoder.moc"
