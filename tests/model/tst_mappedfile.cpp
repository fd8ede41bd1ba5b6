#include "mappedfile.h"

#include "outsidechange.h"
#include "testfiles.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#if !defined(Q_OS_WIN)
#include <sys/stat.h>
#include <unistd.h>
#endif

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
#if defined(Q_OS_WIN)
    void sharedWithWritersThatAppendRenameAndDelete();
#endif

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
#if !defined(Q_OS_WIN) // no FIFOs or /dev there
    QTest::newRow("fifo") << QStringLiteral("fifo") << OpenError::NotRegularFile
                          << QStringLiteral("not a regular file");
    QTest::newRow("device") << QStringLiteral("/dev/null") << OpenError::NotRegularFile
                            << QStringLiteral("not a regular file");
#endif
}

void tst_MappedFile::openErrors()
{
    QFETCH(QString, target);
    QFETCH(OpenError, error);
    QFETCH(QString, messagePart);
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("folder")));
#if !defined(Q_OS_WIN)
    QVERIFY(::mkfifo(QFile::encodeName(path("fifo")).constData(), 0600) == 0);
#endif
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
#if defined(Q_OS_WIN)
    QSKIP("Windows permissions are access control lists, not mode bits");
#else
    if (::geteuid() == 0)
        QSKIP("root reads files whatever their permissions");
    QVERIFY(TestFiles::write(path("secret.txt"), "x\n"));
    QVERIFY(::chmod(QFile::encodeName(path("secret.txt")).constData(), 0) == 0);
    MappedFile file;
    QCOMPARE(file.open(path("secret.txt")), OpenError::PermissionDenied);
    QVERIFY2(file.errorString().contains(QStringLiteral("No permission")), qPrintable(file.errorString()));
#endif
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
#if defined(Q_OS_WIN)
    // Windows refuses to truncate or replace a file while a view of it is mapped, so the shrink
    // comes from outside Windows (under Wine; skipped elsewhere) and the replacement by renames.
    QVERIFY(TestFiles::write(path("a.txt"), "0123456789\n"));
    MappedFile file;
    QCOMPARE(file.open(path("a.txt")), OpenError::None);
    QVERIFY(!QFile::resize(path("a.txt"), 4));
    if (OutsideChange::truncate(path("a.txt"), 4)) {
        QCOMPARE(file.refresh(), MappedFile::Change::Shrunk);
        QCOMPARE(file.open(path("a.txt")), OpenError::None);
    }
    QVERIFY(TestFiles::write(path("b.txt"), "another file\n"));
    QVERIFY(QFile::rename(path("a.txt"), path("old.txt")));
    QVERIFY(QFile::rename(path("b.txt"), path("a.txt")));
    QCOMPARE(file.refresh(), MappedFile::Change::Replaced);

    QCOMPARE(file.open(path("a.txt")), OpenError::None);
    QVERIFY(QFile::rename(path("a.txt"), path("gone.txt")));
    QCOMPARE(file.refresh(), MappedFile::Change::Vanished);
#else
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
#endif
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

#if defined(Q_OS_WIN)
// The mapping shares reading, writing and deletion: another program appends to the open file,
// renames it (log rotation) and deletes it, and the mapped bytes stay readable throughout.
void tst_MappedFile::sharedWithWritersThatAppendRenameAndDelete()
{
    QVERIFY(TestFiles::write(path("log.txt"), "one\n"));
    MappedFile file;
    QCOMPARE(file.open(path("log.txt")), OpenError::None);

    QFile writer(path("log.txt"));
    QVERIFY2(writer.open(QIODevice::WriteOnly | QIODevice::Append), qPrintable(writer.errorString()));
    QCOMPARE(writer.write("two\n"), 4);
    writer.close();
    QCOMPARE(file.refresh(), MappedFile::Change::Grown);
    QCOMPARE(file.read(0, 100), QByteArray("one\ntwo\n"));

    QVERIFY(QFile::rename(path("log.txt"), path("log.txt.1")));
    QVERIFY(TestFiles::write(path("log.txt"), "fresh\n"));
    QCOMPARE(file.refresh(), MappedFile::Change::Replaced);
    QCOMPARE(file.read(0, 100), QByteArray("one\ntwo\n"));
    // Writers go on appending to the renamed file while it is mapped.
    QVERIFY(TestFiles::append(path("log.txt.1"), "three\n"));
    QCOMPARE(MappedFile::identityOf(path("log.txt.1")).size, 14);

    // Another program deletes it. Windows 10 1903 and later take the name away at once; Wine and
    // older Windows keep it, and the file, until the last handle closes. The mapped bytes stay
    // readable either way.
    MappedFile rotated;
    QCOMPARE(rotated.open(path("log.txt.1")), OpenError::None);
    QVERIFY(QFile::remove(path("log.txt.1")));
    QCOMPARE(rotated.read(0, 100), QByteArray("one\ntwo\nthree\n"));
    QCOMPARE(file.read(0, 100), QByteArray("one\ntwo\n"));
    if (MappedFile::identityOf(path("log.txt.1")).size < 0) {
        QCOMPARE(rotated.refresh(), MappedFile::Change::Vanished);
    } else {
        QCOMPARE(rotated.refresh(), MappedFile::Change::Unchanged);
        file.close();
        rotated.close();
        QVERIFY(!QFileInfo::exists(path("log.txt.1")));
    }

    // The name gone at once, from outside Windows under Wine (as Windows 10 1903 deletes):
    // refresh() reports it, the mapped bytes stay.
    if (OutsideChange::available()) {
        QVERIFY(TestFiles::write(path("gone.txt"), "still here\n"));
        MappedFile gone;
        QCOMPARE(gone.open(path("gone.txt")), OpenError::None);
        QVERIFY(OutsideChange::unlink(path("gone.txt")));
        QCOMPARE(gone.refresh(), MappedFile::Change::Vanished);
        QCOMPARE(gone.read(0, 100), QByteArray("still here\n"));
    }
}
#endif

QTEST_GUILESS_MAIN(tst_MappedFile)
#include "tst_mappedfile.moc"
