#include "byteformat.h"
#include "document.h"
#include "slice.h"

#include "testfiles.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kVocabulary("VOCABULARY\ncasta\xc3\xb1"
                             "a\nthe\ncat\nwas\nnot\na\ncaterpilar\n");

// Python's repr() of bytes, written from the language reference independently of ByteFormat.
QString referenceRepr(const QByteArray &bytes)
{
    const bool useDouble = bytes.contains('\'') && !bytes.contains('"');
    QString s = useDouble ? QStringLiteral("b\"") : QStringLiteral("b'");
    for (const char ch : bytes) {
        const int c = uchar(ch);
        if (c == '\\' || (c == '\'' && !useDouble))
            s += QLatin1Char('\\') + QLatin1Char(ch);
        else if (c == '\t' || c == '\n' || c == '\r')
            s += QLatin1Char('\\') + QLatin1Char(c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
        else if (c < 0x20 || c >= 0x7f)
            s += QStringLiteral("\\x") + QString::number(c, 16).rightJustified(2, QLatin1Char('0'));
        else
            s += QLatin1Char(ch);
    }
    return s + (useDouble ? QLatin1Char('"') : QLatin1Char('\''));
}

} // namespace

class tst_Slice : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void reads_data();
    void reads();
    void displayLimit();
    void notOpen();
    void randomRangesMatchRepr();

private:
    QString path(const QString &name = QStringLiteral("slice.txt")) const { return m_dir->filePath(name); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Slice::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_Slice::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Slice::reads_data()
{
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end");
    QTest::addColumn<Slice::Status>("status");
    QTest::addColumn<QString>("literal");
    QTest::addColumn<qint64>("clippedEnd");
    QTest::addColumn<QString>("error");

    // Literals as CPython prints them for mmap_object[start:end] in the tutorial.
    QTest::newRow("castaña line") << qint64(11) << qint64(20) << Slice::Status::Ok
                                  << QStringLiteral("b'casta\\xc3\\xb1a\\n'") << qint64(20) << QString();
    QTest::newRow("VOCA") << qint64(0) << qint64(4) << Slice::Status::Ok << QStringLiteral("b'VOCA'") << qint64(4)
                          << QString();
    QTest::newRow("empty") << qint64(24) << qint64(24) << Slice::Status::Ok << QStringLiteral("b''") << qint64(24)
                           << QString();
    QTest::newRow("end clipped") << qint64(38) << qint64(1000) << Slice::Status::Ok
                                 << QStringLiteral("b'caterpilar\\n'") << qint64(49) << QString();
    QTest::newRow("start at EOF") << qint64(49) << qint64(50) << Slice::Status::Ok << QStringLiteral("b''")
                                  << qint64(49) << QString();
    QTest::newRow("start past EOF") << qint64(50) << qint64(60) << Slice::Status::StartPastEnd << QString()
                                    << qint64(60)
                                    << QStringLiteral("Start (50) is past the end of the file (49 bytes).");
    QTest::newRow("end before start") << qint64(10) << qint64(3) << Slice::Status::EndBeforeStart << QString()
                                      << qint64(3) << QStringLiteral("End (3) is before start (10).");
}

void tst_Slice::reads()
{
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    QFETCH(Slice::Status, status);
    QFETCH(QString, literal);
    QFETCH(qint64, clippedEnd);
    QFETCH(QString, error);

    QVERIFY(TestFiles::write(path(), kVocabulary));
    Document document;
    QVERIFY(document.open(path()));
    const Slice slice = Slice::read(document, start, end);
    QCOMPARE(slice.status(), status);
    QCOMPARE(slice.errorString(), error);
    QCOMPARE(slice.end(), clippedEnd);
    QCOMPARE(slice.isClipped(), end > clippedEnd);
    if (slice.isValid()) {
        QCOMPARE(ByteFormat::pythonBytesLiteral(slice.shownBytes()), literal);
        QCOMPARE(slice.hiddenLength(), 0);
        QCOMPARE(slice.hiddenNotice(), QString());
    }
}

void tst_Slice::displayLimit()
{
    QByteArray big(1'234'567, 'x');
    QVERIFY(TestFiles::write(path(), big));
    Document document;
    QVERIFY(document.open(path()));
    const Slice slice = Slice::read(document, 100, 2'000'000);
    QVERIFY(slice.isValid());
    QCOMPARE(slice.length(), 1'234'467);
    QCOMPARE(slice.shownBytes().size(), Slice::kDefaultDisplayLimit);
    QCOMPARE(slice.hiddenLength(), 1'234'467 - 65'536);
    QVERIFY(slice.isTruncated());
    QCOMPARE(slice.hiddenNotice(), QStringLiteral("showing 65,536 of 1,234,467 bytes"));

    const Slice small = Slice::read(document, 0, 10, 4);
    QCOMPARE(small.shownBytes(), QByteArray("xxxx"));
    QCOMPARE(small.hiddenNotice(), QStringLiteral("showing 4 of 10 bytes"));
}

void tst_Slice::notOpen()
{
    Document document;
    const Slice slice = Slice::read(document, 0, 4);
    QCOMPARE(slice.status(), Slice::Status::NoFile);
    QVERIFY(!slice.errorString().isEmpty());
    QVERIFY(slice.shownBytes().isEmpty());
}

void tst_Slice::randomRangesMatchRepr()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    const char alphabet[] = "ab'\"\\\n\r\t\x00\x7f\xc3\xb1\xff";
    for (int file = 0; file < TestFiles::scaled(40); ++file) {
        QByteArray bytes(random.bounded(3000), Qt::Uninitialized);
        for (char &c : bytes)
            c = random.bounded(3) ? alphabet[random.bounded(int(sizeof alphabet) - 1)] : char(random.bounded(256));
        const QString name = QStringLiteral("random%1.bin").arg(file);
        QVERIFY(TestFiles::write(path(name), bytes));
        Document document;
        QVERIFY(document.open(path(name)));
        for (int range = 0; range < 25; ++range) {
            const qint64 start = random.bounded(bytes.size() + 1);
            const qint64 end = start + random.bounded(bytes.size() + 50);
            const qint64 limit = range % 5 == 0 ? random.bounded(1, 64) : Slice::kDefaultDisplayLimit;
            const Slice slice = Slice::read(document, start, end, limit);
            const QByteArray expected = bytes.mid(start, qMin(end, qint64(bytes.size())) - start);
            const QString context = QStringLiteral("seed %1, file %2, [%3, %4) limit %5")
                                        .arg(seed)
                                        .arg(file)
                                        .arg(start)
                                        .arg(end)
                                        .arg(limit);
            QVERIFY2(slice.isValid(), qPrintable(context));
            QVERIFY2(slice.length() == expected.size(), qPrintable(context));
            QVERIFY2(slice.shownBytes() == expected.left(limit), qPrintable(context));
            QVERIFY2(slice.hiddenLength() == qMax<qint64>(0, expected.size() - limit), qPrintable(context));
            if (!slice.isTruncated()) {
                QVERIFY2(
                    ByteFormat::pythonBytesLiteral(slice.shownBytes()) == referenceRepr(expected), qPrintable(context));
            }
        }
    }
}

QTEST_GUILESS_MAIN(tst_Slice)
#include "tst_slice.moc"
