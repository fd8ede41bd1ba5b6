#include "codecreader.h"
#include "encodingtexts.h"
#include "linedecoder.h"
#include "slicetext.h"

#include <QRandomGenerator>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The lines of every sample text that `name` can write, as (text, bytes).
QList<std::pair<QString, QByteArray>> linesIn(const char *name)
{
    QList<std::pair<QString, QByteArray>> lines;
    QStringList texts = {u"วันนี้อากาศดีมาก เราไปเดินเล่นที่สวนสาธารณะ\nแล้วก็กลับบ้านตอนเย็น\nเขียนโปรแกรมอ่านไฟล์\n"
                         u"ข้อความภาษาไทย\nบันทึกของเซิร์ฟเวอร์\n"_s};
    for (const EncodingTexts::Sample &sample : EncodingTexts::samples())
        texts << sample.text;
    for (const QString &sampleText : texts) {
        for (const QString &line : sampleText.split(u'\n', Qt::SkipEmptyParts)) {
            QStringEncoder encoder(name, QStringEncoder::Flag::Stateless);
            const QByteArray bytes = encoder.encode(line);
            if (encoder.hasError())
                continue;
            // What Qt reads back is the reference (a line may hold fallback mappings).
            QStringDecoder decoder(name, QStringDecoder::Flag::Stateless);
            QString text = decoder.decode(bytes);
            if (!decoder.hasError())
                lines.append({text, bytes});
        }
    }
    return lines;
}

// Qt's decoding of `bytes` with Tome's overrides applied (see TextEncoding::overrides()).
QString reference(TextEncoding encoding, const QString &qtText)
{
    QString text = qtText;
    for (const TextEncoding::Override &o : encoding.overrides()) {
        if (o.icu)
            text.replace(QChar(char16_t(o.icu)), QChar(char16_t(o.code)));
    }
    return text;
}

QList<CodecReader::Char> readAll(TextEncoding encoding, QByteArrayView bytes, bool whole, bool *cut = nullptr)
{
    QList<CodecReader::Char> chars;
    CodecReader reader(encoding, bytes, whole);
    while (const std::optional<CodecReader::Char> c = reader.next())
        chars.append(*c);
    if (cut)
        *cut = reader.isCut();
    return chars;
}

QString textOf(const QList<CodecReader::Char> &chars)
{
    QString text;
    for (const CodecReader::Char &c : chars)
        text += QString::fromUcs4(&c.code, 1);
    return text;
}

const char *const kCodecs[] = {"Shift_JIS", "EUC-JP", "GB18030", "Big5", "EUC-KR", "KOI8-R", "windows-1251",
                               "windows-1252", "ISO-2022-JP", "GBK", "Big5-HKSCS", "ISO-8859-5", "IBM866",
                               "macintosh", "KOI8-U", "windows-1250", "TIS-620", "windows-949"};

} // namespace

class TestCodecReader : public QObject {
    Q_OBJECT
private slots:
    void readsAsQtDoes_data();
    void readsAsQtDoes();
    void cutHeads_data();
    void cutHeads();
    void invalidBytesCovered_data();
    void invalidBytesCovered();
    void lineDecoderColumns_data();
    void lineDecoderColumns();
    void sliceText();
};

void TestCodecReader::readsAsQtDoes_data()
{
    QTest::addColumn<QByteArray>("name");
    for (const char *name : kCodecs)
        QTest::newRow(name) << QByteArray(name);
}

void TestCodecReader::readsAsQtDoes()
{
    QFETCH(QByteArray, name);
    const std::optional<TextEncoding> encoding = TextEncoding::fromName(name);
    QVERIFY(encoding && encoding->isCodec());
    const auto lines = linesIn(name.constData());
    QVERIFY2(lines.size() >= 5, qPrintable(QString::number(lines.size())));
    for (const auto &[text, bytes] : lines) {
        const QList<CodecReader::Char> chars = readAll(*encoding, bytes, true);
        const QString expected = reference(*encoding, text);
        QCOMPARE(textOf(chars), expected);
        QCOMPARE(CodecReader::decodeLine(*encoding, bytes), expected);
        // Each character's bytes follow the previous one's and are that character alone.
        qsizetype at = 0;
        for (const CodecReader::Char &c : chars) {
            QCOMPARE(c.byte, at);
            QVERIFY(c.length > 0);
            if (encoding->hasStableBytes()) {
                QStringDecoder one(name.constData(), QStringDecoder::Flag::Stateless);
                const QString alone = reference(*encoding, one.decode(QByteArrayView(bytes).sliced(c.byte, c.length)));
                QCOMPARE(alone, QString::fromUcs4(&c.code, 1));
            }
            at += c.length;
        }
        if (encoding->hasStableBytes())
            QCOMPARE(at, bytes.size());
        else
            QVERIFY(at <= bytes.size()); // a closing escape sequence is no character
    }
}

void TestCodecReader::cutHeads_data()
{
    readsAsQtDoes_data();
}

void TestCodecReader::cutHeads()
{
    // The first bytes of a line give the first characters of the whole line, and no more.
    QFETCH(QByteArray, name);
    const TextEncoding encoding = *TextEncoding::fromName(name);
    const auto lines = linesIn(name.constData());
    for (qsizetype l = 0; l < qMin<qsizetype>(lines.size(), 3); ++l) {
        const QByteArray &bytes = lines.at(l).second;
        const QList<CodecReader::Char> whole = readAll(encoding, bytes, true);
        for (qsizetype k = 0; k <= bytes.size(); ++k) {
            bool cut = false;
            const QList<CodecReader::Char> head = readAll(encoding, QByteArrayView(bytes).first(k), false, &cut);
            QVERIFY(head.size() <= whole.size());
            for (qsizetype i = 0; i < head.size(); ++i) {
                QCOMPARE(head.at(i).code, whole.at(i).code);
                QCOMPARE(head.at(i).byte, whole.at(i).byte);
                QVERIFY(head.at(i).byte + head.at(i).length <= k);
            }
            const qsizetype end = head.isEmpty() ? 0 : head.last().byte + head.last().length;
            if (encoding.hasStableBytes())
                QCOMPARE(cut, end < k);
        }
    }
}

void TestCodecReader::invalidBytesCovered_data()
{
    readsAsQtDoes_data();
}

void TestCodecReader::invalidBytesCovered()
{
    // Random bytes: every byte belongs to a character (or a closing state switch), in order,
    // and the line reads the same at once as character by character where no override applies.
    QFETCH(QByteArray, name);
    const TextEncoding encoding = *TextEncoding::fromName(name);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    for (int round = 0; round < 200; ++round) {
        QByteArray bytes(random.bounded(1, 40), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.bounded(0x20, 0x100));
        const QList<CodecReader::Char> chars = readAll(encoding, bytes, true);
        qsizetype at = 0;
        for (const CodecReader::Char &c : chars) {
            QVERIFY2(c.byte == at, qPrintable(u"seed %1, bytes %2"_s.arg(seed).arg(QString::fromLatin1(bytes.toHex()))));
            at += c.length;
        }
        QVERIFY2(at <= bytes.size(), qPrintable(u"seed %1"_s.arg(seed)));
        if (encoding.hasStableBytes())
            QVERIFY2(at == bytes.size(), qPrintable(u"seed %1, bytes %2"_s.arg(seed).arg(QString::fromLatin1(bytes.toHex()))));
        if (encoding.isSingleByte())
            QCOMPARE(CodecReader::decodeLine(encoding, bytes), textOf(chars));
    }
}

void TestCodecReader::lineDecoderColumns_data()
{
    readsAsQtDoes_data();
}

void TestCodecReader::lineDecoderColumns()
{
    // The view's text, and columns <-> bytes exact: column c is the c-th character's first byte.
    QFETCH(QByteArray, name);
    const TextEncoding encoding = *TextEncoding::fromName(name);
    LineDecoder::Options options;
    options.encoding = encoding;
    const LineDecoder decoder(options);
    for (const auto &[text, bytes] : linesIn(name.constData())) {
        const QString expected = reference(encoding, text);
        QCOMPARE(decoder.decode(bytes, bytes.size(), 100), expected);
        const QList<CodecReader::Char> chars = readAll(encoding, bytes, true);
        int column = 0;
        for (const CodecReader::Char &c : chars) {
            QCOMPARE(decoder.byteForColumn(bytes, bytes.size(), 100, column), qint64(c.byte));
            for (qsizetype b = c.byte; b < c.byte + c.length; ++b)
                QCOMPARE(decoder.columnForByte(bytes, bytes.size(), 100, b), column);
            column += c.code > 0xFFFF ? 2 : 1;
        }
        QCOMPARE(decoder.byteForColumn(bytes, bytes.size(), 100, column + 5), qint64(bytes.size()));
        // Cut for display: the marker counts the bytes not shown.
        LineDecoder::Options shortOptions = options;
        shortOptions.maxDisplayChars = 5;
        const LineDecoder shortDecoder(shortOptions);
        if (chars.size() > 5) {
            const qint64 shown = chars.at(5).byte;
            QCOMPARE(shortDecoder.decode(QByteArrayView(bytes).first(shortDecoder.bytesNeeded(bytes.size())),
                                         bytes.size(), 100),
                     expected.left(5) + LineDecoder::cutMarker(bytes.size() - shown));
        }
    }
}

void TestCodecReader::sliceText()
{
    const TextEncoding encoding = *TextEncoding::fromName("Shift_JIS");
    const QByteArray bytes = QStringEncoder("Shift_JIS").encode(u"ab日本語"_s) + "\x82";
    const SliceText whole = SliceText::decode(bytes, encoding, false);
    QCOMPARE(whole.text(), u"ab日本語\ufffd"_s);
    QCOMPARE(whole.invalidCount(), 1);
    QCOMPARE(whole.byteAt(3), qsizetype(4));
    const SliceText cut = SliceText::decode(bytes, encoding, true);
    QCOMPARE(cut.text(), u"ab日本語"_s);
    QCOMPARE(cut.droppedTailBytes(), 1);
}

QTEST_GUILESS_MAIN(TestCodecReader)
#include "tst_codecreader.moc"
