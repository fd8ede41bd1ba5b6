#include "slicetext.h"

#include <QRandomGenerator>
#include <QTest>

using Encoding = LineDecoder::Encoding;

namespace {

QList<uint> codePoints(const QString &text)
{
    QList<uint> out;
    for (const char32_t c : text.toUcs4())
        out << uint(c);
    return out;
}

} // namespace

class tst_SliceText : public QObject {
    Q_OBJECT
private slots:
    void decodes_data();
    void decodes();
    void tailCutForDisplay_data();
    void tailCutForDisplay();
    void characterAt_data();
    void characterAt();
    void displayTextShowsControls();
    void randomBytesCoverEveryByte();
};

void tst_SliceText::decodes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<QList<uint>>("expected");
    QTest::addColumn<QList<int>>("invalidPositions");

    // UTF-8 rows: what CPython 3 gives for bytes.decode('utf-8', 'replace').
    QTest::newRow("castaña") << QByteArray("casta\xc3\xb1"
                                           "a")
                             << Encoding::Utf8 << QList<uint>{'c', 'a', 's', 't', 'a', 0xf1, 'a'} << QList<int>{};
    QTest::newRow("truncated then ASCII") << QByteArray("\xe2\x82"
                                                        "A")
                                          << Encoding::Utf8 << QList<uint>{0xfffd, 'A'} << QList<int>{0};
    QTest::newRow("ff fe") << QByteArray("\xff\xfe") << Encoding::Utf8 << QList<uint>{0xfffd, 0xfffd}
                           << QList<int>{0, 1};
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << Encoding::Utf8 << QList<uint>{0xfffd, 0xfffd}
                                    << QList<int>{0, 1};
    QTest::newRow("encoded surrogate") << QByteArray("\xed\xa0\x80") << Encoding::Utf8
                                       << QList<uint>{0xfffd, 0xfffd, 0xfffd} << QList<int>{0, 1, 2};
    QTest::newRow("emoji") << QByteArray("\xf0\x9f\x98\x80!") << Encoding::Utf8 << QList<uint>{0x1f600, '!'}
                           << QList<int>{};
    QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << Encoding::Utf8
                                   << QList<uint>{0xfffd, 0xfffd, 0xfffd, 0xfffd} << QList<int>{0, 1, 2, 3};
    QTest::newRow("truncated at end") << QByteArray("\xf0\x9f\x98") << Encoding::Utf8 << QList<uint>{0xfffd}
                                      << QList<int>{0};
    QTest::newRow("lone continuation") << QByteArray("a\x80"
                                                     "b")
                                       << Encoding::Utf8 << QList<uint>{'a', 0xfffd, 'b'} << QList<int>{1};
    QTest::newRow("valid U+FFFD is not invalid")
        << QByteArray("\xef\xbf\xbd") << Encoding::Utf8 << QList<uint>{0xfffd} << QList<int>{};
    QTest::newRow("latin-1") << QByteArray("casta\xf1"
                                           "a\xff")
                             << Encoding::Latin1 << QList<uint>{'c', 'a', 's', 't', 'a', 0xf1, 'a', 0xff}
                             << QList<int>{};
    QTest::newRow("utf-16le") << QByteArray("c\0\xf1\0", 4) << Encoding::Utf16LE << QList<uint>{'c', 0xf1}
                              << QList<int>{};
    QTest::newRow("utf-16be") << QByteArray("\0c\0\xf1", 4) << Encoding::Utf16BE << QList<uint>{'c', 0xf1}
                              << QList<int>{};
    QTest::newRow("utf-16le pair") << QByteArray("\x3d\xd8\x00\xde", 4) << Encoding::Utf16LE << QList<uint>{0x1f600}
                                   << QList<int>{};
    QTest::newRow("utf-16le lone low") << QByteArray("\x00\xdc"
                                                     "A\0",
        4) << Encoding::Utf16LE << QList<uint>{0xfffd, 'A'}
                                       << QList<int>{0};
    QTest::newRow("utf-16le lone high") << QByteArray("\x3d\xd8"
                                                      "A\0",
        4) << Encoding::Utf16LE << QList<uint>{0xfffd, 'A'}
                                        << QList<int>{0};
    QTest::newRow("utf-16be odd byte") << QByteArray("\0A\0", 3) << Encoding::Utf16BE << QList<uint>{'A', 0xfffd}
                                       << QList<int>{1};
}

void tst_SliceText::decodes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Encoding, encoding);
    QFETCH(QList<uint>, expected);
    QFETCH(QList<int>, invalidPositions);

    const SliceText text = SliceText::decode(bytes, encoding);
    QCOMPARE(codePoints(text.text()), expected);
    QCOMPARE(text.invalidPositions(), invalidPositions);
    QCOMPARE(text.invalidCount(), invalidPositions.size());
    QCOMPARE(text.droppedTailBytes(), 0);
    QCOMPARE(text.byteAt(int(text.text().size())), bytes.size());
}

void tst_SliceText::tailCutForDisplay_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("dropped");

    QTest::newRow("utf-8 half ñ") << QByteArray("casta\xc3") << Encoding::Utf8 << QStringLiteral("casta") << 1;
    QTest::newRow("utf-8 3 of 4") << QByteArray("a\xf0\x9f\x98") << Encoding::Utf8 << QStringLiteral("a") << 3;
    QTest::newRow("utf-16 odd") << QByteArray("A\0B", 3) << Encoding::Utf16LE << QStringLiteral("A") << 1;
    QTest::newRow("utf-16 half pair") << QByteArray("A\0\x3d\xd8", 4) << Encoding::Utf16LE << QStringLiteral("A") << 2;
}

void tst_SliceText::tailCutForDisplay()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Encoding, encoding);
    QFETCH(QString, expected);
    QFETCH(int, dropped);

    const SliceText cut = SliceText::decode(bytes, encoding, true);
    QCOMPARE(cut.text(), expected);
    QCOMPARE(cut.invalidCount(), 0);
    QCOMPARE(cut.droppedTailBytes(), dropped);
    // Without more bytes to come, the same tail is invalid.
    QVERIFY(SliceText::decode(bytes, encoding, false).invalidCount() > 0);
}

void tst_SliceText::characterAt_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Encoding>("encoding");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("description");

    QTest::newRow("ñ") << QByteArray("casta\xc3\xb1"
                                     "a\n")
                       << Encoding::Utf8 << 5
                       << QStringLiteral("U+00F1 'ñ' · Ll (letter, lowercase) · UTF-8 c3 b1 · byte 16");
    QTest::newRow("a after ñ") << QByteArray("casta\xc3\xb1"
                                             "a\n")
                               << Encoding::Utf8 << 6
                               << QStringLiteral("U+0061 'a' · Ll (letter, lowercase) · UTF-8 61 · byte 18");
    QTest::newRow("newline") << QByteArray("a\n") << Encoding::Utf8 << 1
                             << QStringLiteral("U+000A · Cc (other, control) · UTF-8 0a · byte 12");
    QTest::newRow("emoji low half") << QByteArray("\xf0\x9f\x98\x80") << Encoding::Utf8 << 1
                                    << QStringLiteral("U+1F600 '😀' · So (symbol, other) · UTF-8 f0 9f 98 80 · byte 11");
    QTest::newRow("invalid") << QByteArray("a\xff") << Encoding::Utf8 << 1
                             << QStringLiteral("invalid sequence ff · byte 12 (shown as U+FFFD)");
    QTest::newRow("latin-1 ñ") << QByteArray("\xf1") << Encoding::Latin1 << 0
                               << QStringLiteral(
                                      "U+00F1 'ñ' · Ll (letter, lowercase) · UTF-8 c3 b1 · byte 11 · in the file f1");
    QTest::newRow("utf-16be Ω")
        << QByteArray("\x03\xa9", 2) << Encoding::Utf16BE << 0
        << QStringLiteral("U+03A9 'Ω' · Lu (letter, uppercase) · UTF-8 ce a9 · byte 11 · in the file 03 a9");
}

void tst_SliceText::characterAt()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Encoding, encoding);
    QFETCH(int, position);
    QFETCH(QString, description);

    const SliceText text = SliceText::decode(bytes, encoding);
    const std::optional<SliceCharacter> character = text.characterAt(position, 11);
    QVERIFY(character);
    QCOMPARE(character->describe(), description);
    QCOMPARE(text.characterAt(int(text.text().size())), std::nullopt);
    QCOMPARE(text.characterAt(-1), std::nullopt);
}

void tst_SliceText::displayTextShowsControls()
{
    const SliceText text = SliceText::decode(QByteArray("a\0\r\n\t\x7f", 6), Encoding::Utf8);
    QCOMPARE(text.text().size(), 6);
    QCOMPARE(text.displayText(), QString::fromUtf8("a\u2400\u240d\n\t\u2421"));
}

// Every byte of random input belongs to exactly one character, in order, and valid UTF-8 decodes
// as Qt decodes it.
void tst_SliceText::randomBytesCoverEveryByte()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    const Encoding encodings[] = {Encoding::Utf8, Encoding::Latin1, Encoding::Utf16LE, Encoding::Utf16BE};
    for (int round = 0; round < 3000; ++round) {
        QByteArray bytes(random.bounded(24), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.bounded(round % 2 ? 256 : 0xc0) | (random.bounded(4) == 0 ? 0x80 : 0));
        const Encoding encoding = encodings[round % 4];
        const SliceText text = SliceText::decode(bytes, encoding);
        QByteArray joined;
        for (int i = 0; i < text.text().size(); ++i) {
            const std::optional<SliceCharacter> c = text.characterAt(i);
            QVERIFY(c);
            if (text.text().at(i).isLowSurrogate() && i > 0)
                continue;
            joined += c->sourceBytes;
        }
        const QString context = QStringLiteral("seed %1, round %2, bytes %3")
                                    .arg(seed)
                                    .arg(round)
                                    .arg(QString::fromLatin1(bytes.toHex()));
        QVERIFY2(joined == bytes, qPrintable(context));
        if (encoding == Encoding::Utf8 && text.invalidCount() == 0)
            QVERIFY2(text.text() == QString::fromUtf8(bytes), qPrintable(context));
    }
}

QTEST_GUILESS_MAIN(tst_SliceText)
#include "tst_slicetext.moc"
