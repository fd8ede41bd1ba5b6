#include "document.h"
#include "slicelocation.h"

#include "testfiles.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

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

} // namespace

class tst_SliceLocation : public QObject {
    Q_OBJECT
private slots:
    void init();
    void locates_data();
    void locates();
    void randomFilesMatchScan();

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

QTEST_GUILESS_MAIN(tst_SliceLocation)
#include "tst_slicelocation.moc"
