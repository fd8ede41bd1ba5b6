#include "mappedfile.h"

#include "testfiles.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

class tst_MappedFile : public QObject {
    Q_OBJECT
private slots:
    void init();
    void opensAndReads();
    void openErrors_data();
    void openErrors();
    void permissionDenied();
    void emptyFileIsAValidDocument();
    void growthRemapsAndOldSnapshotsStayValid();
    void refreshReportsShrinkReplaceVanish();
    void identityChangesWithContent();

private:
    QString path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_MappedFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_MappedFile::opensAndReads()
{
    QVERIFY(TestFiles::write(path("a.txt"), "hello\nworld\n"));
    MappedFile file;
    QCOMPARE(file.open(path("a.txt")), OpenError::None);
    QVERIFY(file.isOpen());
    QCOMPARE(file.size(), 12);
    QCOMPARE(file.read(6, 5), QByteArray("world"));
    QCOMPARE(file.read(6, 1000), QByteArray("world\n")); // clipped at the end
    QCOMPARE(file.read(12, 1), QByteArray());
    QCOMPARE(file.read(-1, 1), QByteArray());
    qint64 seen = 0;
    QVERIFY(file.withBytes(0, 5, [&seen](const uchar *data, qint64 len) { seen = data[0] == 'h' ? len : -1; }));
    QCOMPARE(seen, 5);
}

void tst_MappedFile::openErrors_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<OpenError>("error");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("missing") << QStringLiteral("missing.txt") << OpenError::NotFound << QStringLiteral("No such file");
    QTest::newRow("missing folder") << QStringLiteral("nowhere/x.txt") << OpenError::NotFound
                                    << QStringLiteral("No such file");
    QTest::newRow("directory") << QStringLiteral("folder") << OpenError::IsDirectory << QStringLiteral("folder");
    QTest::newRow("fifo") << QStringLiteral("fifo") << OpenError::NotRegularFile
                          << QStringLiteral("not a regular file");
    QTest::newRow("device") << QStringLiteral("/dev/null") << OpenError::NotRegularFile
                            << QStringLiteral("not a regular file");
}

void tst_MappedFile::openErrors()
{
    QFETCH(QString, target);
    QFETCH(OpenError, error);
    QFETCH(QString, messagePart);
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("folder")));
    QVERIFY(::mkfifo(QFile::encodeName(path("fifo")).constData(), 0600) == 0);
    const QString full = target.startsWith(u'/') ? target : m_dir->filePath(target);
    MappedFile file;
    QCOMPARE(file.open(full), error);
    QCOMPARE(file.error(), error);
    QVERIFY(!file.isOpen());
    QVERIFY2(file.errorString().contains(messagePart), qPrintable(file.errorString()));
    QVERIFY2(file.errorString().contains(QFileInfo(full).fileName()), qPrintable(file.errorString()));
    QCOMPARE(file.region(), nullptr);
}

void tst_MappedFile::permissionDenied()
{
    if (::geteuid() == 0)
        QSKIP("root reads files whatever their permissions");
    QVERIFY(TestFiles::write(path("secret.txt"), "x\n"));
    QVERIFY(::chmod(QFile::encodeName(path("secret.txt")).constData(), 0) == 0);
    MappedFile file;
    QCOMPARE(file.open(path("secret.txt")), OpenError::PermissionDenied);
    QVERIFY2(file.errorString().contains(QStringLiteral("No permission")), qPrintable(file.errorString()));
}

void tst_MappedFile::emptyFileIsAValidDocument()
{
    QVERIFY(TestFiles::write(path("empty.txt"), QByteArray()));
    MappedFile file;
    QCOMPARE(file.open(path("empty.txt")), OpenError::None);
    QVERIFY(file.isOpen());
    QCOMPARE(file.size(), 0);
    QVERIFY(file.region());
    QVERIFY(file.region()->isEmpty());
    QCOMPARE(file.read(0, 10), QByteArray());
    QCOMPARE(file.refresh(), MappedFile::Change::Unchanged);

    QVERIFY(TestFiles::append(path("empty.txt"), "now\n"));
    QCOMPARE(file.refresh(), MappedFile::Change::Grown);
    QCOMPARE(file.size(), 4);
    QCOMPARE(file.read(0, 4), QByteArray("now\n"));
}

void tst_MappedFile::growthRemapsAndOldSnapshotsStayValid()
{
    QVERIFY(TestFiles::write(path("log.txt"), "one\n"));
    MappedFile file;
    QCOMPARE(file.open(path("log.txt")), OpenError::None);
    const std::shared_ptr<const MappedRegion> before = file.region();
    QCOMPARE(before->size(), 4);

    const QByteArray more(3 * 65536 + 17, 'x');
    QVERIFY(TestFiles::append(path("log.txt"), more));
    QCOMPARE(file.refresh(), MappedFile::Change::Grown);
    const std::shared_ptr<const MappedRegion> after = file.region();
    QVERIFY(after != before);
    QCOMPARE(after->size(), 4 + more.size());
    QCOMPARE(file.read(4 + more.size() - 3, 3), QByteArray("xxx"));
    // The old snapshot still maps its bytes and can be read.
    QByteArray old;
    QVERIFY(FaultGuard::run(before->data(), before->size(), [&] {
        old = QByteArray(reinterpret_cast<const char *>(before->data()), before->size());
    }));
    QCOMPARE(old, QByteArray("one\n"));
    QCOMPARE(file.refresh(), MappedFile::Change::Unchanged);
}

void tst_MappedFile::refreshReportsShrinkReplaceVanish()
{
    QVERIFY(TestFiles::write(path("a.txt"), "0123456789\n"));
    MappedFile file;
    QCOMPARE(file.open(path("a.txt")), OpenError::None);
    QVERIFY(TestFiles::write(path("a.txt"), "012\n")); // truncates in place
    QCOMPARE(file.refresh(), MappedFile::Change::Shrunk);

    QCOMPARE(file.open(path("a.txt")), OpenError::None);
    QVERIFY(TestFiles::write(path("b.txt"), "another file\n"));
    QVERIFY(::rename(QFile::encodeName(path("b.txt")).constData(), QFile::encodeName(path("a.txt")).constData()) == 0);
    QCOMPARE(file.refresh(), MappedFile::Change::Replaced);

    QCOMPARE(file.open(path("a.txt")), OpenError::None);
    QVERIFY(QFile::remove(path("a.txt")));
    QCOMPARE(file.refresh(), MappedFile::Change::Vanished);
}

void tst_MappedFile::identityChangesWithContent()
{
    QVERIFY(TestFiles::write(path("a.txt"), "abc\n"));
    MappedFile file;
    QCOMPARE(file.open(path("a.txt")), OpenError::None);
    const FileIdentity first = file.identity();
    QVERIFY(first.inode != 0);
    QCOMPARE(first.size, 4);
    QCOMPARE(MappedFile::identityOf(path("a.txt")), first);
    QVERIFY(first.isSameFile(MappedFile::identityOf(path("a.txt"))));
    QTest::qWait(20);
    QVERIFY(TestFiles::append(path("a.txt"), "def\n"));
    const FileIdentity grown = MappedFile::identityOf(path("a.txt"));
    QVERIFY(grown.isSameFile(first));
    QCOMPARE(grown.size, 8);
    QVERIFY(grown.modifiedNs >= first.modifiedNs);
    QVERIFY(!(grown == first));
    QCOMPARE(MappedFile::identityOf(path("none.txt")).size, -1);
}

QTEST_GUILESS_MAIN(tst_MappedFile)
#include "tst_mappedfile.moc"
