#include "linedecoder.h"

#include "../fuzz/decodercheck.h"

#include <QRandomGenerator>
#include <QTest>

using Encoding = LineDecoder::Encoding;
using namespace Qt::StringLiterals;

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
    void mapsEveryColumn_data();
    void mapsEveryColumn();
    void cutMarkerSameFromHead_data();
    void cutMarkerSameFromHead();
    void randomLinesAgainstReference();
};

// Issue 9 §3: after invalid UTF-8 each maximal invalid subpart is one U+FFFD, one column, and the
// mapping walks the same characters. byteOfColumn[c] for every column of the text and a bit past.
void tst_LineDecoder::mapsEveryColumn_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<qint64>>("byteOfColumn");
    QTest::addColumn<QList<int>>("columnOfByte");
    const QString r(QChar(0xFFFD));
    QTest::newRow("e8 e7 abc") << QByteArray("\xe8\xe7" "abc") << Encoding::Utf8 << r + r + u"abc"_s
                               << QList<qint64>{0, 1, 2, 3, 4, 5, 5} << QList<int>{0, 1, 2, 3, 4, 5};
    // tab 8: NUL CR CAN at 0-2, the tab fills 3-7, then ff, e8, e7, e6, f8 one column each.
    QTest::newRow("controls, tabs, invalid")
        << QByteArray::fromHex("000d1809ffe8e7e6f80518ff0909") << Encoding::Utf8
        << u"\u2400\u240d\u2418     "_s + r + r + r + r + r + u"\u2405\u2418"_s + r + QString(16, u' ')
        << QList<qint64>{0, 1, 2, 3, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 12, 12, 12, 12, 12, 12,
                         13, 13, 13, 13, 13, 13, 13, 13, 14, 14}
        << QList<int>{0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 24, 32};
    QTest::newRow("truncated sequence is one subpart") << QByteArray("\xe2\x82" "a\xf0\x9f\x98") << Encoding::Utf8
                                                       << r + u"a"_s + r << QList<qint64>{0, 2, 3, 6}
                                                       << QList<int>{0, 0, 1, 2, 2, 2, 3};
    QTest::newRow("surrogate and overlong forms") << QByteArray("\xed\xa0\x80\xc0\x80") << Encoding::Utf8
                                                  << r + r + r + r + r << QList<qint64>{0, 1, 2, 3, 4, 5}
                                                  << QList<int>{0, 1, 2, 3, 4, 5};
    QTest::newRow("astral after invalid") << QByteArray("\xff\xf0\x9f\x98\x80x") << Encoding::Utf8
                                          << r + u"\U0001F600x"_s << QList<qint64>{0, 1, 1, 5, 6}
                                          << QList<int>{0, 1, 1, 1, 1, 3, 4};
    // Issue 9 §6: a lone high surrogate is one U+FFFD; the ESC after it is a control picture.
    QTest::newRow("utf-16be lone surrogate") << QByteArray::fromHex("d800001b00090041") << Encoding::Utf16BE
                                             << r + u"\u241b      A"_s
                                             << QList<qint64>{0, 2, 4, 4, 4, 4, 4, 4, 6, 8}
                                             << QList<int>{0, 0, 1, 1, 2, 2, 8, 8, 9};
    QTest::newRow("utf-16le lone low surrogate") << QByteArray::fromHex("00dc41003dd800de") << Encoding::Utf16LE
                                                 << r + u"A\U0001F600"_s << QList<qint64>{0, 2, 4, 4, 8}
                                                 << QList<int>{0, 0, 1, 1, 2, 2, 2, 2, 4};
}

void tst_LineDecoder::mapsEveryColumn()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Encoding, encoding);
    QFETCH(QString, text);
    QFETCH(QList<qint64>, byteOfColumn);
    QFETCH(QList<int>, columnOfByte);
    const LineDecoder decoder({encoding, 8, 10000});
    QCOMPARE(decoder.decode(bytes, bytes.size(), 100), text);
    for (int column = 0; column < byteOfColumn.size(); ++column)
        QCOMPARE(decoder.byteForColumn(bytes, bytes.size(), 100, column), byteOfColumn.at(column));
    for (int byte = 0; byte < columnOfByte.size(); ++byte)
        QCOMPARE(decoder.columnForByte(bytes, bytes.size(), 100, byte), columnOfByte.at(byte));
}

// Issue 9 §6: the marker counts the same hidden bytes whether the decoder got the whole line or
// only bytesNeeded() of it.
void tst_LineDecoder::cutMarkerSameFromHead_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<qint64>("lineOffset");
    QTest::newRow("utf-16be odd length") << QByteArray::fromHex("030500400503005500070580a38000") << Encoding::Utf16BE
                                         << qint64(100);
    QTest::newRow("utf-16le odd offset") << QByteArray::fromHex("00410042004300440045004600470048") << Encoding::Utf16LE
                                         << qint64(101);
    QTest::newRow("utf-8 invalid tail") << QByteArray("abcdefgh\xe2\x82\xe2\x82\xe2\x82\xf0\x9f") << Encoding::Utf8
                                        << qint64(100);
}

void tst_LineDecoder::cutMarkerSameFromHead()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Encoding, encoding);
    QFETCH(qint64, lineOffset);
    for (int limit = 1; limit <= 12; ++limit) {
        const LineDecoder decoder({encoding, 8, limit});
        const QByteArray head = bytes.first(decoder.bytesNeeded(bytes.size()));
        QCOMPARE(decoder.decode(head, bytes.size(), lineOffset), decoder.decode(bytes, bytes.size(), lineOffset));
    }
}

// Random lines of tabs, controls, valid and invalid sequences in every encoding, checked against
// the reference decoder of the fuzz harness (decoded text, cut marker, exact monotonic mapping).
void tst_LineDecoder::randomLinesAgainstReference()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    const QList<QByteArray> utf8Pieces = {"a", "Z", "\t", QByteArray(1, '\0'), "\x1b", "\x7f", "\r", " ",
                                          "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xbb\xbf",
                                          "\xef\xbf\xbd", "\xe2\x82", "\xf0\x9f", "\xf0", "\xc3", "\x80",
                                          "\xbf", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf8",
                                          "\xff", "\xe0\x80", "\xe8\xe7"};
    const QList<QByteArray> utf16Pieces = {QByteArray("a\0", 2), QByteArray("\0a", 2), QByteArray("\t\0", 2),
                                           QByteArray("\0\t", 2), QByteArray("\x1b\0", 2), QByteArray("\0\x1b", 2),
                                           QByteArray("\r\0", 2), QByteArray("\0\r", 2), "\x00\xd8", "\xd8\x00",
                                           "\x00\xdc", "\xdc\x00", "\x3d\xd8\x00\xde", "\xd8\x3d\xde\x00",
                                           "\xff\xfe", "\xfe\xff", "\xac\x20", "\x20\xac", "x"};
    for (int round = 0; round < 3000; ++round) {
        QByteArray input;
        input.append(char(random.bounded(256)));
        input.append(char(random.bounded(24)));
        const Encoding builtIn[] = {Encoding::Utf8, Encoding::Latin1, Encoding::Utf16LE, Encoding::Utf16BE};
        const Encoding encoding = builtIn[uchar(input.at(0)) & 3];
        const QList<QByteArray> &pieces = encoding == Encoding::Utf8 || encoding == Encoding::Latin1 ? utf8Pieces : utf16Pieces;
        const int count = random.bounded(40);
        for (int i = 0; i < count; ++i) {
            if (random.bounded(8) == 0)
                input.append(char(random.bounded(256)));
            else
                input.append(pieces.at(random.bounded(pieces.size())));
        }
        const QString error = checkLineDecoder(input);
        if (!error.isEmpty())
            QFAIL(qPrintable(u"seed %1, round %2, input %3: %4"_s.arg(seed).arg(round).arg(QString::fromLatin1(input.toHex()), error)));
    }
}

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
                                               << u(u"a\uFFFD"); // one maximal subpart
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
    // UTF-16: lines start at a code unit (a mark at offset 0 is skipped); an odd last byte, where a
    // file ends inside a unit, is U+FFFD; a line at an odd offset is realigned.
    QTest::newRow("utf-16le first line") << QByteArray("\xff\xfeh\0i\0", 6) << Encoding::Utf16LE << 8
                                         << qint64(0) << u(u"hi");
    QTest::newRow("utf-16le next line") << QByteArray("\0o\0k\0", 5) << Encoding::Utf16LE << 8 << qint64(11)
                                        << u(u"ok");
    QTest::newRow("utf-16be first line") << QByteArray("\xfe\xff\0h\0i", 6) << Encoding::Utf16BE << 8
                                         << qint64(0) << u(u"hi");
    QTest::newRow("utf-16be next line") << QByteArray("\0o\0k", 4) << Encoding::Utf16BE << 8 << qint64(8)
                                        << u(u"ok");
    QTest::newRow("utf-16le odd last byte") << QByteArray("o\0k\0!", 5) << Encoding::Utf16LE << 8 << qint64(8)
                                            << u(u"ok\uFFFD");
    QTest::newRow("utf-16be cr ending the file") << QByteArray("\0o\0\r", 4) << Encoding::Utf16BE << 8
                                                 << qint64(8) << u(u"o\u240D");
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
