#include "codecreader.h"
#include "textencoding.h"

#include <QStringDecoder>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTextEncoding : public QObject {
    Q_OBJECT
private slots:
    void fromName_data();
    void fromName();
    void refused_data();
    void refused();
    void properties_data();
    void properties();
    void switchesOnKind();
    void everyAvailableNameAnswers();
    void overridesAgreeWithIconv_data();
    void overridesAgreeWithIconv();
    void encodeReadsBack_data();
    void encodeReadsBack();
};

void TestTextEncoding::fromName_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("canonical");
    QTest::addColumn<bool>("codec");
    QTest::newRow("utf-8") << QByteArray("utf-8") << QByteArray("UTF-8") << false;
    QTest::newRow("UTF8") << QByteArray("UTF8") << QByteArray("UTF-8") << false;
    QTest::newRow("latin1") << QByteArray("latin1") << QByteArray("ISO-8859-1") << false;
    QTest::newRow("ISO-8859-1") << QByteArray("ISO-8859-1") << QByteArray("ISO-8859-1") << false;
    QTest::newRow("utf-16le") << QByteArray("utf-16le") << QByteArray("UTF-16LE") << false;
    QTest::newRow("UTF-16BE") << QByteArray("UTF-16BE") << QByteArray("UTF-16BE") << false;
    QTest::newRow("SHIFT_JIS") << QByteArray("SHIFT_JIS") << QByteArray("Shift_JIS") << true;
    QTest::newRow("cp932") << QByteArray("cp932") << QByteArray("Shift_JIS") << true;
    QTest::newRow("eucjp") << QByteArray("eucjp") << QByteArray("EUC-JP") << true;
    QTest::newRow("gb18030") << QByteArray("gb18030") << QByteArray("GB18030") << true;
    QTest::newRow("BIG5") << QByteArray("BIG5") << QByteArray("Big5") << true;
    QTest::newRow("euc-kr") << QByteArray("euc-kr") << QByteArray("EUC-KR") << true;
    QTest::newRow("koi8-r") << QByteArray("koi8-r") << QByteArray("KOI8-R") << true;
    QTest::newRow("cp1251") << QByteArray("cp1251") << QByteArray("windows-1251") << true;
    QTest::newRow("WINDOWS-1252") << QByteArray("WINDOWS-1252") << QByteArray("windows-1252") << true;
    QTest::newRow("ISO-2022-JP") << QByteArray("ISO-2022-JP") << QByteArray("ISO-2022-JP") << true;
    QTest::newRow("spaces") << QByteArray(" KOI8-R ") << QByteArray("KOI8-R") << true;
}

void TestTextEncoding::fromName()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, canonical);
    QFETCH(bool, codec);
    QString error;
    const std::optional<TextEncoding> encoding = TextEncoding::fromName(name, &error);
    QVERIFY2(encoding, qPrintable(error));
    QCOMPARE(encoding->name(), canonical);
    QCOMPARE(encoding->isCodec(), codec);
    QCOMPARE(encoding->codecName() != nullptr, codec);
    // The same codec twice is the same encoding; its name gives it back.
    QCOMPARE(TextEncoding::fromName(name), encoding);
    QCOMPARE(TextEncoding::fromName(encoding->name()), encoding);
}

void TestTextEncoding::refused_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("unknown") << QByteArray("no-such-encoding");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("UTF-32LE: ASCII takes four bytes") << QByteArray("UTF-32LE");
    QTest::newRow("UTF-7: '+' is written +-") << QByteArray("UTF-7");
    QTest::newRow("EBCDIC") << QByteArray("IBM037");
}

void TestTextEncoding::refused()
{
    QFETCH(QByteArray, name);
    QString error;
    QVERIFY(!TextEncoding::fromName(name, &error));
    QVERIFY(!error.isEmpty());
}

void TestTextEncoding::properties_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("singleByte");
    QTest::addColumn<bool>("stable");
    QTest::addColumn<int>("minCharBytes"); // maxCharBytes() is at least this
    QTest::newRow("UTF-8") << QByteArray("UTF-8") << false << true << 4;
    QTest::newRow("Latin-1") << QByteArray("ISO-8859-1") << true << true << 1;
    QTest::newRow("UTF-16LE") << QByteArray("UTF-16LE") << false << true << 2;
    QTest::newRow("windows-1251") << QByteArray("windows-1251") << true << true << 1;
    QTest::newRow("KOI8-R") << QByteArray("KOI8-R") << true << true << 1;
    QTest::newRow("windows-1252") << QByteArray("windows-1252") << true << true << 1;
    QTest::newRow("Shift_JIS") << QByteArray("Shift_JIS") << false << true << 2;
    QTest::newRow("EUC-JP") << QByteArray("EUC-JP") << false << true << 3;
    QTest::newRow("GB18030") << QByteArray("GB18030") << false << true << 4;
    QTest::newRow("Big5") << QByteArray("Big5") << false << true << 2;
    QTest::newRow("EUC-KR") << QByteArray("EUC-KR") << false << true << 2;
    QTest::newRow("ISO-2022-JP") << QByteArray("ISO-2022-JP") << false << false << 8;
}

void TestTextEncoding::properties()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, singleByte);
    QFETCH(bool, stable);
    QFETCH(int, minCharBytes);
    const std::optional<TextEncoding> encoding = TextEncoding::fromName(name);
    QVERIFY(encoding);
    QCOMPARE(encoding->isSingleByte(), singleByte);
    QCOMPARE(encoding->hasStableBytes(), stable);
    QVERIFY2(encoding->maxCharBytes() >= minCharBytes, qPrintable(QString::number(encoding->maxCharBytes())));
    if (singleByte) {
        QCOMPARE(encoding->maxCharBytes(), 1);
        // The table agrees with Qt's decoder for every byte ICU gives a character.
        for (int byte = 0; byte < 256; ++byte) {
            const char raw = char(byte);
            const QString expected = encoding->isCodec()
                ? QString(QStringDecoder(encoding->codecName(), QStringDecoder::Flag::Stateless).decode(QByteArrayView(&raw, 1)))
                : QString(QChar(char16_t(byte)));
            if (expected != u"\x1a"_s || byte == 0x1a)
                QCOMPARE(encoding->byteChar(uchar(byte)), char32_t(expected.at(0).unicode()));
        }
    }
}

void TestTextEncoding::switchesOnKind()
{
    const auto kindName = [](TextEncoding encoding) {
        switch (encoding) {
        case TextEncoding::Utf8:
            return "utf8";
        case TextEncoding::Latin1:
            return "latin1";
        case TextEncoding::Utf16LE:
        case TextEncoding::Utf16BE:
            return "utf16";
        case TextEncoding::Codec:
            return "codec";
        }
        return "none";
    };
    QCOMPARE(kindName(TextEncoding()), "utf8");
    QCOMPARE(kindName(TextEncoding::Latin1), "latin1");
    QCOMPARE(kindName(TextEncoding::Utf16BE), "utf16");
    QCOMPARE(kindName(*TextEncoding::fromName("KOI8-R")), "codec");
    QVERIFY(*TextEncoding::fromName("KOI8-R") != *TextEncoding::fromName("windows-1251"));
    QVERIFY(TextEncoding::fromName("KOI8-R")->isCodec());
    QCOMPARE(QVariant::fromValue(*TextEncoding::fromName("Big5")).value<TextEncoding>().name(), QByteArray("Big5"));
}

void TestTextEncoding::everyAvailableNameAnswers()
{
    // Every name Qt lists either reads or says why not; none hangs or crashes.
    const QStringList names = TextEncoding::availableNames();
    QVERIFY(names.size() > 20);
    int readable = 0;
    for (const QString &name : names) {
        QString error;
        const std::optional<TextEncoding> encoding = TextEncoding::fromName(name.toLatin1(), &error);
        QVERIFY2(encoding || !error.isEmpty(), qPrintable(name));
        if (encoding)
            ++readable;
    }
    QVERIFY(readable > 20);
}

void TestTextEncoding::overridesAgreeWithIconv_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    // What glibc's iconv (and JIS X 0208, KS X 1001:1998) make of these bytes.
    QTest::newRow("Shift_JIS wave dash") << QByteArray("Shift_JIS") << QByteArray("a\x81\x60z") << u"a\u301cz"_s;
    QTest::newRow("Shift_JIS minus, cent, not")
        << QByteArray("Shift_JIS") << QByteArray("\x81\x7c\x81\x91\x81\x92\x81\xca\x81\x61") << u"\u2212\u00a2\u00a3\u00ac\u2016"_s;
    QTest::newRow("Shift_JIS yen and overline (JIS X 0201)")
        << QByteArray("Shift_JIS") << QByteArray("C:\x5C\x95\x5C\x5C~1 \x83\x5C\x83t\x83g") << u"C:¥表¥‾1 ソフト"_s;
    QTest::newRow("EUC-JP wave dash") << QByteArray("EUC-JP") << QByteArray("\xa1\xc1\xa1\xdd") << u"\u301c\u2212"_s;
    QTest::newRow("EUC-KR euro") << QByteArray("EUC-KR") << QByteArray("1\xa2\xe6 \xa2\xe7\xa2\xe8") << u"1\u20ac \u00ae\u327e"_s;
}

void TestTextEncoding::overridesAgreeWithIconv()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    const TextEncoding encoding = *TextEncoding::fromName(name);
    QCOMPARE(CodecReader::decodeLine(encoding, bytes), text);
    QString walked;
    CodecReader reader(encoding, bytes, true);
    while (const std::optional<CodecReader::Char> c = reader.next())
        walked += QString::fromUcs4(&c->code, 1);
    QCOMPARE(walked, text);
    QCOMPARE(CodecReader::encode(encoding, text), std::optional<QByteArray>(bytes));
}

void TestTextEncoding::encodeReadsBack_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("writable");
    QTest::newRow("Shift_JIS") << QByteArray("Shift_JIS") << u"ログ 表示"_s << true;
    QTest::newRow("Shift_JIS lacks Hangul") << QByteArray("Shift_JIS") << u"로그"_s << false;
    QTest::newRow("windows-1251") << QByteArray("windows-1251") << u"Журнал"_s << true;
    QTest::newRow("KOI8-R lacks é") << QByteArray("KOI8-R") << u"café"_s << false;
    QTest::newRow("GB18030 any character") << QByteArray("GB18030") << u"日本 한국 \U0001F600"_s << true;
}

void TestTextEncoding::encodeReadsBack()
{
    QFETCH(QByteArray, name);
    QFETCH(QString, text);
    QFETCH(bool, writable);
    const TextEncoding encoding = *TextEncoding::fromName(name);
    const std::optional<QByteArray> bytes = CodecReader::encode(encoding, text);
    QCOMPARE(bytes.has_value(), writable);
    if (bytes)
        QCOMPARE(CodecReader::decodeLine(encoding, *bytes), text);
}

QTEST_GUILESS_MAIN(TestTextEncoding)
#include "tst_textencoding.moc"
