#include "document.h"
#include "slicelocation.h"

#include "testfiles.h"
#include "utf16samples.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// line:column of a byte found by walking the bytes from the start.
SliceLocation referenceLocation(const QByteArray &bytes, qint64 offset)
{
    SliceLocation location;
    for (qint64 i = 0; i < offset; ++i) {
        if (bytes.at(i) == '\n') {
            ++location.line;
            location.column = 1;
        } else {
            ++location.column;
        }
    }
    return location;
}

// The same for UTF-16 bytes, walking code units: a U+000A unit ends its line after its second
// byte; the bytes of a byte order mark are at 1:1 and line 1 starts after them.
SliceLocation referenceUtf16Location(const QByteArray &bytes, bool bigEndian, qint64 offset)
{
    const auto unit = [&](qint64 i) {
        const auto a = uchar(bytes[i]), b = uchar(bytes[i + 1]);
        return bigEndian ? a << 8 | b : a | b << 8;
    };
    const qint64 textStart = bytes.size() >= 2 && unit(0) == 0xFEFF ? 2 : 0;
    SliceLocation location;
    qint64 lineStart = textStart;
    for (qint64 i = textStart; i + 1 < offset; i += 2) {
        if (unit(i) == '\n') {
            ++location.line;
            lineStart = i + 2;
        }
    }
    location.column = qMax<qint64>(0, offset - lineStart) + 1;
    return location;
}

} // namespace

class tst_SliceLocation : public QObject {
    Q_OBJECT
private slots:
    void init();
    void locates_data();
    void locates();
    void randomFilesMatchScan();
    void utf16_data();
    void utf16();
    void randomUtf16FilesMatchScan();

private:
    QString path(const QString &name = QStringLiteral("lines.txt")) const { return m_dir->filePath(name); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_SliceLocation::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_SliceLocation::locates_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("expected"); // empty: no location

    const QByteArray vocabulary("VOCABULARY\ncasta\xc3\xb1"
                                "a\nthe\ncat\nwas\nnot\na\ncaterpilar\n");
    QTest::newRow("first byte") << vocabulary << qint64(0) << QStringLiteral("1:1");
    QTest::newRow("newline ends its line") << vocabulary << qint64(10) << QStringLiteral("1:11");
    QTest::newRow("castaña starts") << vocabulary << qint64(11) << QStringLiteral("2:1");
    QTest::newRow("after ñ, in bytes") << vocabulary << qint64(18) << QStringLiteral("2:8");
    QTest::newRow("cat") << vocabulary << qint64(24) << QStringLiteral("4:1");
    QTest::newRow("last byte") << vocabulary << qint64(48) << QStringLiteral("8:11");
    QTest::newRow("at EOF") << vocabulary << qint64(49) << QString();
    QTest::newRow("negative") << vocabulary << qint64(-1) << QString();
    QTest::newRow("crlf: \\r") << QByteArray("ab\r\ncd") << qint64(2) << QStringLiteral("1:3");
    QTest::newRow("crlf: next line") << QByteArray("ab\r\ncd") << qint64(5) << QStringLiteral("2:2");
    QTest::newRow("empty lines") << QByteArray("\n\n\nx") << qint64(3) << QStringLiteral("4:1");
}

void tst_SliceLocation::locates()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, offset);
    QFETCH(QString, expected);

    QVERIFY(TestFiles::write(path(), bytes));
    Document document;
    QVERIFY(document.open(path()));
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    const std::optional<SliceLocation> location = SliceLocation::of(document, offset);
    QCOMPARE(location ? location->toString() : QString(), expected);
}

void tst_SliceLocation::randomFilesMatchScan()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    for (int file = 0; file < TestFiles::scaled(24); ++file) {
        // Short and long lines; some files large enough to span several index chunks.
        const int size = file % 6 == 5 ? 3'000'000 : random.bounded(1, 5000);
        QByteArray bytes(size, Qt::Uninitialized);
        const int newlineOdds = 2 + random.bounded(file % 3 == 0 ? 4000 : 40);
        for (char &c : bytes)
            c = random.bounded(newlineOdds) == 0 ? '\n' : char('a' + random.bounded(26));
        const QString name = QStringLiteral("random%1.txt").arg(file);
        QVERIFY(TestFiles::write(path(name), bytes));
        Document document;
        QVERIFY(document.open(path(name)));
        QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
        for (int probe = 0; probe < 40; ++probe) {
            const qint64 offset = random.bounded(size);
            const std::optional<SliceLocation> location = SliceLocation::of(document, offset);
            const SliceLocation expected = referenceLocation(bytes, offset);
            QVERIFY2(location && *location == expected,
                qPrintable(QStringLiteral("seed %1, file %2, offset %3: got %4, expected %5")
                               .arg(seed)
                               .arg(file)
                               .arg(offset)
                               .arg(location ? location->toString() : QStringLiteral("none"), expected.toString())));
        }
    }
}

void tst_SliceLocation::utf16_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("expected"); // empty: no location

    // FF FE | 0A 01 (U+010A) 0A 00 | 05 0A (U+0A05) 0D 00 0A 00 | 3D D8 0A DC (U+1F40A) | 62
    const QByteArray le = Utf16Samples::encode(u"\u010A\n\u0A05\r\n\U0001F40Ab"_s, false, true);
    QTest::newRow("le: the mark") << le << qint64(0) << u"1:1"_s;
    QTest::newRow("le: the mark's second byte") << le << qint64(1) << u"1:1"_s;
    QTest::newRow("le: \u010A") << le << qint64(2) << u"1:1"_s;
    QTest::newRow("le: \u010A's 0A byte") << le << qint64(3) << u"1:2"_s;
    QTest::newRow("le: newline") << le << qint64(4) << u"1:3"_s;
    QTest::newRow("le: newline's second byte") << le << qint64(5) << u"1:4"_s;
    QTest::newRow("le: \u0A05") << le << qint64(6) << u"2:1"_s;
    QTest::newRow("le: cr") << le << qint64(8) << u"2:3"_s;
    QTest::newRow("le: lf of crlf") << le << qint64(11) << u"2:6"_s;
    QTest::newRow("le: surrogate pair") << le << qint64(12) << u"3:1"_s;
    QTest::newRow("le: low surrogate's 0A byte") << le << qint64(14) << u"3:3"_s;
    QTest::newRow("le: last byte") << le << qint64(17) << u"3:6"_s;
    QTest::newRow("le: at EOF") << le << qint64(18) << QString();
    const QByteArray be = Utf16Samples::encode(u"\u0A00\n\u0A0A"_s, true, false) + "!";
    QTest::newRow("be without mark: \u0A00") << be << qint64(1) << u"1:2"_s;
    QTest::newRow("be without mark: newline") << be << qint64(3) << u"1:4"_s;
    QTest::newRow("be without mark: \u0A0A") << be << qint64(4) << u"2:1"_s;
    QTest::newRow("be without mark: odd last byte") << be << qint64(6) << u"2:3"_s;
}

void tst_SliceLocation::utf16()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, offset);
    QFETCH(QString, expected);

    const bool bigEndian = QByteArrayView(QTest::currentDataTag()).startsWith("be");
    QVERIFY(TestFiles::write(path(), bytes));
    Document document;
    document.setEncoding(bigEndian ? LineDecoder::Encoding::Utf16BE : LineDecoder::Encoding::Utf16LE);
    QVERIFY(document.open(path()));
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    const std::optional<SliceLocation> location = SliceLocation::of(document, offset);
    QCOMPARE(location ? location->toString() : QString(), expected);
    if (location)
        QCOMPARE(*location, referenceUtf16Location(bytes, bigEndian, offset));
}

void tst_SliceLocation::randomUtf16FilesMatchScan()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    for (int file = 0; file < TestFiles::scaled(24); ++file) {
        const bool bigEndian = file % 2 == 1;
        QByteArray bytes = Utf16Samples::encode(
            Utf16Samples::randomText(random, file % 6 == 5 ? 1'500'000 : int(random.bounded(1, 3000))), bigEndian,
            file % 4 < 2);
        if (file % 3 == 0)
            bytes.append('\n');
        const QString name = u"random%1.txt"_s.arg(file);
        QVERIFY(TestFiles::write(path(name), bytes));
        Document document;
        document.setEncoding(bigEndian ? LineDecoder::Encoding::Utf16BE : LineDecoder::Encoding::Utf16LE);
        QVERIFY(document.open(path(name)));
        QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
        for (int probe = 0; probe < 40; ++probe) {
            const qint64 offset = random.bounded(qint64(bytes.size()));
            const std::optional<SliceLocation> location = SliceLocation::of(document, offset);
            const SliceLocation expected = referenceUtf16Location(bytes, bigEndian, offset);
            QVERIFY2(location && *location == expected,
                qPrintable(u"seed %1, file %2, offset %3: got %4, expected %5"_s.arg(seed)
                               .arg(file)
                               .arg(offset)
                               .arg(location ? location->toString() : u"none"_s, expected.toString())));
        }
    }
}

QTEST_GUILESS_MAIN(tst_SliceLocation)
#include "tst_slicelocation.moc"
