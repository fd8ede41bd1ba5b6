#include "document.h"
#include "fileeditor.h"
#include "filerewriter.h"
#include "mappedfile.h"

#include "testfiles.h"
#include "tst_fileeditor_support.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#if defined(Q_OS_WIN)
#include "fileeditorio.h"
#else
#include <csignal>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using EditTest::contents;

// The rewrite under the worst moments: killed at random, a full disk, a read-only medium.
class tst_FileRewriter : public QObject {
    Q_OBJECT
private slots:
    void init();
    void refusesAnOutdatedPlan();
    void sigkillAtRandomMomentsLeavesOldOrNew();
    void fullDiskFailsCleanly();
    void readOnlyMediumRefuses();
#if defined(Q_OS_WIN)
    void replacesAFileThatIsMapped();
    void fileEditorIoIsPositionalSharedAndFlushed();
#endif

private:
    QString path() const { return m_dir->filePath(QStringLiteral("doc.txt")); }
    // Mounts a tmpfs of `size` at a new folder, or says why not.
    bool mountTmpfs(const QString &folder, const char *options, QString *why);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_FileRewriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

bool tst_FileRewriter::mountTmpfs(const QString &folder, const char *options, QString *why)
{
#if defined(Q_OS_WIN)
    Q_UNUSED(folder);
    Q_UNUSED(options);
    *why = QStringLiteral("a small tmpfs is a Linux mount");
    return false;
#else
    if (::geteuid() != 0) {
        *why = QStringLiteral("mounting a small tmpfs needs root");
        return false;
    }
    if (::mount("tmpfs", QFile::encodeName(folder).constData(), "tmpfs", 0, options) != 0) {
        *why = QStringLiteral("mount -t tmpfs is not permitted here: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    return true;
#endif
}

void tst_FileRewriter::refusesAnOutdatedPlan()
{
    QVERIFY(TestFiles::write(path(), "abc\n"));
    FileRewriter::Plan plan;
    plan.path = path();
    plan.byteOffset = 1;
    plan.oldLength = 1;
    plan.newBytes = "BBB";
    plan.expected = MappedFile::identityOf(path());
    plan.expected.size += 1;
    FileRewriter::Result result = FileRewriter::run(plan);
    QVERIFY(!result.ok);
    QVERIFY(result.error.contains(QStringLiteral("changed on disk")));
    plan.expected = MappedFile::identityOf(path());
    plan.byteOffset = 4;
    result = FileRewriter::run(plan);
    QVERIFY(result.error.contains(QStringLiteral("outside")));
    plan.byteOffset = 1;
    result = FileRewriter::run(plan);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(contents(path()), QByteArray("aBBBc\n"));
    QCOMPARE(result.written, MappedFile::identityOf(path()));
}

void tst_FileRewriter::sigkillAtRandomMomentsLeavesOldOrNew()
{
#if defined(Q_OS_WIN)
    QSKIP("kills a fork()ed writer: POSIX only");
#else
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (qsizetype i = 0; i < block.size(); ++i)
        block[i] = char('a' + i % 26);
    block[block.size() - 1] = '\n';
    const QByteArray oldContent = block.repeated(TestFiles::scaled(24));
    QByteArray newContent = oldContent;
    newContent.insert(oldContent.size() / 2, "INSERTED\n");
    FileRewriter::Plan plan;
    plan.path = path();
    plan.byteOffset = oldContent.size() / 2;
    plan.newBytes = "INSERTED\n";
    plan.expected.size = -1;

    // How long one rewrite takes here, to spread the kills over it.
    QVERIFY(TestFiles::write(path(), oldContent));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(FileRewriter::run(plan).ok);
    const qint64 fullUs = qMax<qint64>(timer.nsecsElapsed() / 1000, 1000);
    QCOMPARE(contents(path()), newContent);

    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u, one rewrite %lld us", seed, fullUs);
    QRandomGenerator random(seed);
    int sawOld = 0;
    int sawNew = 0;
    for (int round = 0; round < 24; ++round) {
        QVERIFY(TestFiles::write(path(), oldContent));
        const qint64 delayUs = random.bounded(fullUs * 3 / 2);
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::alarm(20);
            const bool ok = FileRewriter::run(plan).ok;
            ::_exit(ok ? 0 : 3);
        }
        ::usleep(useconds_t(delayUs));
        ::kill(child, SIGKILL);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(!WIFEXITED(status) || WEXITSTATUS(status) == 0);
        const QByteArray now = contents(path());
        QVERIFY2(now == oldContent || now == newContent,
                 qPrintable(QStringLiteral("seed %1 round %2: mixed content (%3 bytes)").arg(seed).arg(round).arg(now.size())));
        (now == oldContent ? sawOld : sawNew)++;
        Document document; // the next open removes what the killed writer left
        QVERIFY(document.open(path()));
        QVERIFY2(EditTest::leftovers(m_dir->path()).isEmpty(), qPrintable(EditTest::leftovers(m_dir->path()).join(u',')));
    }
    qInfo("old %d times, new %d times", sawOld, sawNew);
#endif
}

void tst_FileRewriter::fullDiskFailsCleanly()
{
    const QString folder = m_dir->filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(folder));
    QString why;
    if (!mountTmpfs(folder, "size=2m", &why))
        QSKIP(qPrintable(why));
#if !defined(Q_OS_WIN)
    const auto unmount = qScopeGuard([&] { ::umount2(QFile::encodeName(folder).constData(), MNT_DETACH); });
    const QString file = folder + QStringLiteral("/big.log");
    const QByteArray original = QByteArray("0123456789abcde\n").repeated(80000); // 1.28 MB of 2 MB
    QVERIFY(TestFiles::write(file, original));

    // Through the editor: refused before writing, since the free space is short.
    Document document;
    QVERIFY(EditTest::openIndexed(document, file));
    FileEditor editor(&document);
    const FileEditor::Result refused = EditTest::runToEnd(editor, [&] { return editor.replaceLine(0, "longer line"); });
    QCOMPARE(refused.status, FileEditor::Status::Failed);
    QVERIFY2(refused.message.contains(QStringLiteral("Not enough free disk space")), qPrintable(refused.message));

    // Without the check, the disk fills during the copy: a clear error, the original intact.
    FileRewriter::Plan plan;
    plan.path = file;
    plan.byteOffset = 0;
    plan.newBytes = "more\n";
    plan.expected = MappedFile::identityOf(file);
    plan.checkFreeSpace = false;
    const FileRewriter::Result full = FileRewriter::run(plan);
    QVERIFY(!full.ok);
    QVERIFY2(full.error.contains(QStringLiteral("disk is full")), qPrintable(full.error));
    QVERIFY(full.error.contains(QStringLiteral("unchanged")));
    QCOMPARE(contents(file), original);
    QVERIFY(EditTest::leftovers(folder).isEmpty());
    QCOMPARE(document.readBytes(0, 16), original.first(16));
#endif
}

void tst_FileRewriter::readOnlyMediumRefuses()
{
    const QString folder = m_dir->filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(folder));
    QString why;
    if (!mountTmpfs(folder, "size=1m", &why))
        QSKIP(qPrintable(why));
#if !defined(Q_OS_WIN)
    const auto unmount = qScopeGuard([&] { ::umount2(QFile::encodeName(folder).constData(), MNT_DETACH); });
    const QString file = folder + QStringLiteral("/notes.txt");
    QVERIFY(TestFiles::write(file, "keep\n"));
    QCOMPARE(::mount("tmpfs", QFile::encodeName(folder).constData(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m"), 0);
    Document document;
    QVERIFY(EditTest::openIndexed(document, file));
    QCOMPARE(document.lineCount(), 1); // reading works
    FileEditor editor(&document);
    QVERIFY2(editor.readOnlyReason().contains(QStringLiteral("read-only medium")), qPrintable(editor.readOnlyReason()));
    QCOMPARE(editor.replaceLine(0, "KEEP").status, FileEditor::Status::Refused);
    // Below the editor's check, the write path itself fails cleanly too.
    FileRewriter::Plan plan;
    plan.path = file;
    plan.newBytes = "x";
    plan.expected.size = -1;
    plan.checkFreeSpace = false;
    const FileRewriter::Result result = FileRewriter::run(plan);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("read-only")), qPrintable(result.error));
    QCOMPARE(contents(file), QByteArray("keep\n"));
#endif
}

#if defined(Q_OS_WIN)
// Windows will not replace a file while a view of it is mapped, as the document's own view is: the
// rewrite moves the old file aside, and the view of it stays readable until it is closed.
void tst_FileRewriter::replacesAFileThatIsMapped()
{
    QVERIFY(TestFiles::write(path(), "alpha\nbeta\ngamma\n"));
    MappedFile shown;
    QCOMPARE(shown.open(path()), OpenError::None);
    FileRewriter::Plan plan;
    plan.path = path();
    plan.byteOffset = 6;
    plan.oldLength = 4;
    plan.newBytes = "BETA, longer";
    plan.expected = MappedFile::identityOf(path());
    const FileRewriter::Result result = FileRewriter::run(plan);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(contents(path()), QByteArray("alpha\nBETA, longer\ngamma\n"));
    QCOMPARE(shown.read(0, 64), QByteArray("alpha\nbeta\ngamma\n"));
    QCOMPARE(shown.refresh(), MappedFile::Change::Replaced);

    // Once nobody maps the old file, the next open's clean-up removes it.
    shown.close();
    FileRewriter::removeStrayTemps(path());
    QVERIFY2(EditTest::leftovers(m_dir->path()).isEmpty(), qPrintable(EditTest::leftovers(m_dir->path()).join(u',')));

    // And through the document and the editor, which keep the file mapped throughout.
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    const FileEditor::Result edited = EditTest::runToEnd(editor, [&] { return editor.replaceLine(1, "b"); });
    QVERIFY2(edited.status == FileEditor::Status::Done, qPrintable(edited.message));
    QCOMPARE(contents(path()), QByteArray("alpha\nb\ngamma\n"));
    QCOMPARE(document.readBytes(0, 64), QByteArray("alpha\nb\ngamma\n"));
}

// The write paths' raw file operations: positional reads and writes, resizing and flushing, on
// handles that let other programs rename and delete the file meanwhile.
void tst_FileRewriter::fileEditorIoIsPositionalSharedAndFlushed()
{
    QString why;
    const int fd = FileEditorIo::openOrCreate(path(), &why);
    QVERIFY2(fd >= 0, qPrintable(why));
    QVERIFY2(FileEditorIo::writeAt(fd, 0, "0123456789", 10, &why), qPrintable(why));
    QVERIFY(FileEditorIo::writeAt(fd, 3, "abc", 3, &why));
    QByteArray read;
    QVERIFY(FileEditorIo::readAt(fd, 2, 5, &read, &why));
    QCOMPARE(read, QByteArray("2abc6"));
    QVERIFY(FileEditorIo::readAt(fd, 8, 100, &read, &why));
    QCOMPARE(read, QByteArray("89")); // short at the end of the file
    QVERIFY2(FileEditorIo::flushData(fd, &why), qPrintable(why));
    QVERIFY2(FileEditorIo::truncate(fd, 4, &why), qPrintable(why));
    QVERIFY(FileEditorIo::readAt(fd, 0, 100, &read, &why));
    QCOMPARE(read, QByteArray("012a"));

    // Another program renames the open file, then deletes it; the handle goes on working.
    const QString renamed = m_dir->filePath(QStringLiteral("renamed.txt"));
    QVERIFY(QFile::rename(path(), renamed));
    QVERIFY(FileEditorIo::writeAt(fd, 4, "bc", 2, &why));
    QVERIFY(FileEditorIo::flushData(fd, &why));
    QCOMPARE(contents(renamed), QByteArray("012abc"));
    QVERIFY(QFile::remove(renamed));
    FileEditorIo::closeFile(fd);
    QVERIFY(!QFile::exists(renamed));

    // Errors are sentences.
    QCOMPARE(FileEditorIo::openForRead(m_dir->filePath(QStringLiteral("missing.txt")), &why), -1);
    QVERIFY2(why.contains(QStringLiteral("no such file")), qPrintable(why));
    const int first = FileEditorIo::createExclusive(path(), &why);
    QVERIFY(first >= 0);
    QCOMPARE(FileEditorIo::createExclusive(path(), &why), -1);
    QVERIFY2(why.contains(QStringLiteral("exists")), qPrintable(why));
    FileEditorIo::closeFile(first);
    QVERIFY(FileEditorIo::isProcessAlive(FileEditorIo::currentProcessId()));
    QVERIFY(!FileEditorIo::isProcessAlive(0));
}
#endif

QTEST_GUILESS_MAIN(tst_FileRewriter)
#include "tst_filerewriter.moc"
