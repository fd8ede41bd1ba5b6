#include "codecreader.h"
#include "document.h"
#include "encodingdetector.h"
#include "encodingtexts.h"
#include "linemodel.h"
#include "testfiles.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Runs a tool with `input` on stdin; its stdout, or nullopt when it is missing or fails.
std::optional<QByteArray> run(const QString &program, const QStringList &args, const QByteArray &input)
{
    if (QStandardPaths::findExecutable(program).isEmpty())
        return std::nullopt;
    QProcess process;
    process.start(program, args);
    if (!process.waitForStarted())
        return std::nullopt;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::nullopt;
    return process.readAllStandardOutput();
}

std::optional<QByteArray> iconv(const QByteArray &from, const QByteArray &to, const QByteArray &bytes)
{
    return run(u"iconv"_s, {u"-f"_s, QString::fromLatin1(from), u"-t"_s, QString::fromLatin1(to)}, bytes);
}

QStringList modelLines(const LineModel &model)
{
    QStringList lines;
    for (int row = 0; row < model.rowCount(); ++row)
        lines << model.index(row).data().toString();
    return lines;
}

QStringList textLines(const QString &text)
{
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

// A Qt built without ICU (as the Windows cross-build is) has no legacy codecs: what needs one skips there.
#define SKIP_WITHOUT_CODEC(name)                                                                                       \
    do {                                                                                                               \
        if (!QStringEncoder(name).isValid())                                                                           \
            QSKIP(qPrintable(u"this Qt has no codec for %1 (built without ICU)"_s.arg(QLatin1StringView(name))));      \
    } while (false)

EncodingDetector::Result detectBytes(const QByteArray &bytes)
{
    return EncodingDetector::detect(bytes.size(), [&bytes](qint64 offset, qint64 length) {
        return std::optional<QByteArray>(bytes.mid(offset, length));
    });
}

} // namespace

class TestEncodingDetector : public QObject {
    Q_OBJECT
private slots:
    void iconvFiles_data();
    void iconvFiles();
    void shortTexts_data();
    void shortTexts();
    void utf16WithoutMark_data();
    void utf16WithoutMark();
    void byteOrderMarks_data();
    void byteOrderMarks();
    void utf8WithStrayBytes();
    void latinNeighbours_data();
    void latinNeighbours();
    void nothingFits();
    void boundedSample();
    void documentFollowsChoice();
    void compressedFile();

private:
    QTemporaryDir m_dir;
};

void TestEncodingDetector::iconvFiles_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("alsoAllowed");
    QTest::addColumn<QString>("text");
    const QList<EncodingTexts::Sample> samples = EncodingTexts::samples();
    for (qsizetype i = 0; i < samples.size(); ++i) {
        const EncodingTexts::Sample &sample = samples.at(i);
        QTest::addRow("%s %d", sample.encoding, int(i))
            << QByteArray(sample.encoding) << QByteArray(sample.alsoAllowed) << sample.text;
    }
}

void TestEncodingDetector::iconvFiles()
{
    // Files written by iconv: the detected name, and the lines as iconv reads them back.
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, alsoAllowed);
    QFETCH(QString, text);
    const std::optional<QByteArray> bytes = iconv("UTF-8", encoding.toUpper(), text.toUtf8());
    if (!bytes)
        QSKIP("no iconv that writes this encoding");
    const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + u".txt"_s);
    QVERIFY(TestFiles::write(path, *bytes));

    Document document;
    LineModel model(&document);
    document.setAutomaticEncoding();
    QVERIFY(document.open(path));
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QCoreApplication::processEvents();
    const QByteArray detected = document.encoding().name();
    QVERIFY2(detected == encoding || (!alsoAllowed.isEmpty() && detected == alsoAllowed), detected.constData());
    QCOMPARE(model.encoding(), document.encoding());

    const std::optional<QByteArray> back = iconv(encoding.toUpper(), "UTF-8", *bytes);
    QVERIFY(back);
    QCOMPARE(modelLines(model), textLines(QString::fromUtf8(*back)));
    QCOMPARE(modelLines(model), textLines(text));
}

void TestEncodingDetector::shortTexts_data()
{
    iconvFiles_data();
}

void TestEncodingDetector::shortTexts()
{
    // Two lines are enough for the encodings of these languages.
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, alsoAllowed);
    QFETCH(QString, text);
    const QString shortText = textLines(text).mid(0, 2).join(u'\n') + u'\n';
    SKIP_WITHOUT_CODEC(encoding.constData());
    const std::optional<TextEncoding> written = TextEncoding::fromName(encoding);
    QVERIFY(written);
    QStringEncoder encoder(encoding.constData(), QStringEncoder::Flag::Stateless);
    QByteArray bytes = written->isCodec() ? QByteArray(encoder.encode(shortText)) : shortText.toUtf8();
    if (*written == TextEncoding::Latin1)
        bytes = shortText.toLatin1();
    const QByteArray detected = detectBytes(bytes).encoding.name();
    QVERIFY2(detected == encoding || (!alsoAllowed.isEmpty() && detected == alsoAllowed), detected.constData());
}

void TestEncodingDetector::utf16WithoutMark_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("bigEndian");
    const QString ascii = u"2024-05-01 12:00:00 INFO server started\n2024-05-01 12:00:01 WARN disk at 91%\n"_s;
    QTest::newRow("ASCII LE") << ascii << false;
    QTest::newRow("ASCII BE") << ascii << true;
    QTest::newRow("Japanese LE") << EncodingTexts::japanese() << false;
    QTest::newRow("Japanese BE") << EncodingTexts::japanese() << true;
    QTest::newRow("Korean BE") << EncodingTexts::korean() << true;
    QTest::newRow("Russian LE") << EncodingTexts::russian() << false;
}

void TestEncodingDetector::utf16WithoutMark()
{
    QFETCH(QString, text);
    QFETCH(bool, bigEndian);
    QStringEncoder encoder(bigEndian ? QStringEncoder::Utf16BE : QStringEncoder::Utf16LE);
    const QByteArray bytes = encoder.encode(text);
    const EncodingDetector::Result result = detectBytes(bytes);
    QCOMPARE(result.encoding, bigEndian ? TextEncoding::Utf16BE : TextEncoding::Utf16LE);
    QCOMPARE(result.reason, EncodingDetector::Reason::Utf16Pattern);

    const QString path = m_dir.filePath(u"utf16-%1.txt"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
    QVERIFY(TestFiles::write(path, bytes));
    Document document;
    LineModel model(&document);
    document.setAutomaticEncoding();
    QVERIFY(document.open(path));
    document.waitForIndex();
    QCoreApplication::processEvents();
    QCOMPARE(modelLines(model), textLines(text));
}

void TestEncodingDetector::byteOrderMarks_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("bomLength");
    QTest::newRow("UTF-8") << QByteArray("\xEF\xBB\xBFhello\n") << QByteArray("UTF-8") << 3;
    QTest::newRow("UTF-16LE") << QByteArray("\xFF\xFEh\0i\0", 6) << QByteArray("UTF-16LE") << 2;
    QTest::newRow("UTF-16BE") << QByteArray("\xFE\xFF\0h\0i", 6) << QByteArray("UTF-16BE") << 2;
    QTest::newRow("empty") << QByteArray() << QByteArray("UTF-8") << 0;
    QTest::newRow("ASCII") << QByteArray("just ASCII\n") << QByteArray("UTF-8") << 0;
}

void TestEncodingDetector::byteOrderMarks()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, name);
    QFETCH(int, bomLength);
    const EncodingDetector::Result result = detectBytes(bytes);
    QCOMPARE(result.encoding.name(), name);
    QCOMPARE(result.bomLength, bomLength);
}

void TestEncodingDetector::utf8WithStrayBytes()
{
    // A UTF-8 log with a stray byte here and there is still UTF-8.
    QByteArray bytes = EncodingTexts::japanese().toUtf8().repeated(4);
    bytes.insert(100, '\xff');
    bytes.insert(900, '\xc0');
    QCOMPARE(detectBytes(bytes).encoding, TextEncoding::Utf8);
    // Damaged UTF-8: about as many invalid bytes as valid multi-byte sequences (the threshold is
    // one valid sequence for two invalid bytes).
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    const QByteArray pieces[] = {"lorem ", "\xc3\xa9", "\xe2\x82\xac", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xc3\xa9",
                                 "\xe2\x82\xac", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xff", "\x80", "\xe2\x82",
                                 "\xc0\x80", "\xed\xa0\x80", "\n"};
    QByteArray damaged;
    while (damaged.size() < 20000)
        damaged += pieces[random.bounded(int(std::size(pieces)))];
    QVERIFY2(detectBytes(damaged).encoding == TextEncoding::Utf8, qPrintable(u"seed %1"_s.arg(seed)));
    // One piece that starts inside a character does not count against it.
    const QByteArray big = QByteArray(EncodingDetector::kHeadBytes + 7, 'a') + EncodingTexts::russian().toUtf8().repeated(200);
    QCOMPARE(detectBytes(big).encoding, TextEncoding::Utf8);
}

void TestEncodingDetector::latinNeighbours_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArrayList>("accepted");
    const QStringList spanish = textLines(EncodingTexts::spanish());
    const QByteArrayList western{"windows-1252", "ISO-8859-1"};
    for (qsizetype i = 0; i < spanish.size(); ++i)
        QTest::addRow("Spanish line %d", int(i + 1)) << QByteArray("windows-1252") << spanish.at(i) + u'\n' << western;
    QTest::newRow("Spanish") << QByteArray("ISO-8859-1") << EncodingTexts::spanish() << western;
    QTest::newRow("German line") << QByteArray("ISO-8859-1") << textLines(EncodingTexts::german()).at(1) + u'\n' << western;
    QTest::newRow("French line") << QByteArray("windows-1252") << textLines(EncodingTexts::french()).at(1) + u'\n' << western;
    // Text with many letters windows-1252 lacks keeps uchardet's Central European answer.
    const QByteArrayList central{"windows-1250", "ISO-8859-2"};
    QTest::newRow("Polish windows-1250") << QByteArray("windows-1250") << EncodingTexts::polish() << central;
    QTest::newRow("Polish ISO-8859-2") << QByteArray("ISO-8859-2") << EncodingTexts::polish() << central;
}

void TestEncodingDetector::latinNeighbours()
{
    QFETCH(QByteArray, encoding);
    QFETCH(QString, text);
    QFETCH(QByteArrayList, accepted);
    const std::optional<QByteArray> bytes = iconv("UTF-8", encoding, text.toUtf8());
    if (!bytes)
        QSKIP("no iconv that writes this encoding");
    const EncodingDetector::Result result = detectBytes(*bytes);
    if (result.reason == EncodingDetector::Reason::Fallback)
        QSKIP("built without uchardet");
    QVERIFY2(accepted.contains(result.encoding.name()), result.encoding.name().constData());
}

void TestEncodingDetector::nothingFits()
{
    // Bytes that are no text in particular get an encoding that shows every byte.
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    QByteArray bytes(4096, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(random.bounded(0x80, 0x100));
    const EncodingDetector::Result result = detectBytes(bytes);
    QVERIFY2(result.encoding.isCodec() || result.encoding == TextEncoding::Latin1,
             qPrintable(u"seed %1: %2, reason %3"_s.arg(seed).arg(QString::fromLatin1(result.encoding.name())).arg(int(result.reason))));
}

void TestEncodingDetector::boundedSample()
{
    // A file of a terabyte costs the same few reads as one of a megabyte.
    SKIP_WITHOUT_CODEC("Shift_JIS");
    const QByteArray text = QStringEncoder("Shift_JIS").encode(EncodingTexts::japanese());
    const qint64 size = qint64(1) << 40;
    qint64 bytesRead = 0;
    int reads = 0;
    const EncodingDetector::Result result = EncodingDetector::detect(size, [&](qint64 offset, qint64 length) {
        ++reads;
        bytesRead += length;
        QByteArray piece;
        while (piece.size() < length)
            piece += text;
        return std::optional<QByteArray>(piece.left(length).mid(0, qMin(length, size - offset)));
    });
    QCOMPARE(result.encoding.name(), QByteArray("Shift_JIS"));
    QVERIFY(reads <= 1 + EncodingDetector::kBlocks);
    QVERIFY(bytesRead <= EncodingDetector::kHeadBytes + EncodingDetector::kBlocks * EncodingDetector::kBlockBytes);
    // A piece that cannot be read is left out.
    const EncodingDetector::Result partial = EncodingDetector::detect(size, [&](qint64 offset, qint64 length) {
        return offset == 0 ? std::optional<QByteArray>(text.left(length)) : std::nullopt;
    });
    QCOMPARE(partial.encoding.name(), QByteArray("Shift_JIS"));
}

void TestEncodingDetector::documentFollowsChoice()
{
    SKIP_WITHOUT_CODEC("windows-1251");
    SKIP_WITHOUT_CODEC("KOI8-R");
    const QString path = m_dir.filePath(u"choice.txt"_s);
    QVERIFY(TestFiles::write(path, QStringEncoder("windows-1251").encode(EncodingTexts::russian())));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path));
    QCOMPARE(document.encoding(), TextEncoding::Utf8); // detection is off by default
    QVERIFY(!document.encodingDetection());

    QSignalSpy changed(&document, &Document::encodingChanged);
    QSignalSpy reset(&document, &Document::linesReset);
    document.setAutomaticEncoding(); // the open file: detected now, lines kept
    QCOMPARE(document.encoding().name(), QByteArray("windows-1251"));
    QCOMPARE(document.encodingDetection()->reason, EncodingDetector::Reason::Charset);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(reset.count(), 0);
    document.waitForIndex();
    QCoreApplication::processEvents();
    QCOMPARE(modelLines(model), textLines(EncodingTexts::russian()));

    document.setEncoding(*TextEncoding::fromName("KOI8-R")); // an explicit choice wins, also at the next open
    QVERIFY(!document.isEncodingAutomatic());
    QCOMPARE(document.encoding().name(), QByteArray("KOI8-R"));
    QVERIFY(document.reload());
    QCOMPARE(document.encoding().name(), QByteArray("KOI8-R"));

    document.setEncoding(TextEncoding::Utf16LE); // where lines end moves: re-indexed
    QCOMPARE(reset.count(), 1);
    document.setAutomaticEncoding();
    QCOMPARE(document.encoding().name(), QByteArray("windows-1251"));
    QCOMPARE(reset.count(), 2);
}

void TestEncodingDetector::compressedFile()
{
    SKIP_WITHOUT_CODEC("EUC-JP");
    const QByteArray text = *CodecReader::encode(*TextEncoding::fromName("EUC-JP"), EncodingTexts::japanese());
    const std::optional<QByteArray> gz = run(u"gzip"_s, {u"-c"_s}, text);
    if (!gz)
        QSKIP("no gzip");
    const QString path = m_dir.filePath(u"euc.txt.gz"_s);
    QVERIFY(TestFiles::write(path, *gz));
    Document document;
    document.setCacheDirectory(m_dir.path());
    LineModel model(&document);
    document.setAutomaticEncoding();
    QVERIFY(document.open(path));
    document.waitForIndex();
    QCoreApplication::processEvents();
    QCOMPARE(document.encoding().name(), QByteArray("EUC-JP"));
    QCOMPARE(modelLines(model), textLines(EncodingTexts::japanese()));
}

QTEST_GUILESS_MAIN(TestEncodingDetector)
#include "tst_encodingdetector.moc"
