#include "filefollower.h"

#include "document.h"
#include "linemodel.h"

#include "outsidechange.h"
#include "testfiles.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The ten-line reference: lines as LineIndex counts them.
qint64 referenceLineCount(const QByteArray &bytes)
{
    return bytes.count('\n') + (!bytes.isEmpty() && !bytes.endsWith('\n') ? 1 : 0);
}

bool resizeFile(const QString &path, qint64 size)
{
    QFile file(path);
    return file.open(QIODevice::ReadWrite) && file.resize(size);
}

bool overwriteAt(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::ReadWrite) && file.seek(offset) && file.write(bytes) == bytes.size();
}

// Another program truncates or deletes the followed file. Windows refuses to truncate a file while
// a view of it is mapped, as an open document's is, and before Windows 10 1903 (and under Wine) a
// deleted file keeps its name until its last handle closes: there the change is made from outside
// Windows under Wine (OutsideChange), as a Linux program or a file server would, and skipped
// elsewhere.
bool truncateFile(const QString &path, qint64 size)
{
    return resizeFile(path, size) || OutsideChange::truncate(path, size);
}

#if defined(Q_OS_WIN)
#define TRUNCATE_OR_SKIP(path, size)                                                                   \
    do {                                                                                               \
        if (!truncateFile(path, size))                                                                 \
            QSKIP("Windows refuses to truncate a file while a view of it is mapped");                  \
    } while (false)
#define DELETE_OR_SKIP(path)                                                                           \
    do {                                                                                               \
        if (!OutsideChange::unlink(path)) {                                                            \
            QVERIFY(QFile::remove(path));                                                              \
            if (MappedFile::identityOf(path).size >= 0)                                                \
                QSKIP("This Windows keeps a deleted file's name until its last handle closes");        \
        }                                                                                              \
    } while (false)
#else
#define TRUNCATE_OR_SKIP(path, size) QVERIFY(resizeFile(path, size))
#define DELETE_OR_SKIP(path) QVERIFY(QFile::remove(path))
#endif

enum class Action { Append, AppendToLastLine, Truncate, Empty, Rotate, RewriteSameSize, RewriteLarger, Delete };

} // namespace

class tst_FileFollower : public QObject {
    Q_OBJECT
private slots:
    void init();
    void classifiesChanges_data();
    void classifiesChanges();
    void deletedFileStaysReadableAndComesBack();
    void touchAndOwnRefreshAreNoEvents();
    void unopenablePathIsNotReopenedUntilItChanges();
    void truncationDuringIndexing();
    void stressWithRandomWriter();
#if defined(Q_OS_WIN)
    void followsAnotherProgramThatAppendsRotatesAndDeletes();
#endif

private:
    QString path() const { return m_dir->filePath(u"followed.log"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_FileFollower::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_FileFollower::classifiesChanges_data()
{
    QTest::addColumn<QByteArray>("initial");
    QTest::addColumn<Action>("action");
    QTest::addColumn<FileFollower::Event>("event");
    using E = FileFollower::Event;
    QTest::newRow("append") << "a\nb\n"_ba << Action::Append << E::Grew;
    QTest::newRow("append to unterminated line") << "a\nb"_ba << Action::AppendToLastLine << E::Grew;
    QTest::newRow("truncate") << "a\nb\nc\n"_ba << Action::Truncate << E::Truncated;
    QTest::newRow("empty") << "a\nb\nc\n"_ba << Action::Empty << E::Truncated;
    QTest::newRow("rotate") << "a\nb\n"_ba << Action::Rotate << E::Replaced;
    QTest::newRow("rewrite same size") << "a\nb\n"_ba << Action::RewriteSameSize << E::Rewritten;
    QTest::newRow("rewrite larger") << "a\nb\n"_ba << Action::RewriteLarger << E::Rewritten;
    QTest::newRow("delete") << "a\nb\n"_ba << Action::Delete << E::Deleted;
}

void tst_FileFollower::classifiesChanges()
{
    QFETCH(QByteArray, initial);
    QFETCH(Action, action);
    QFETCH(FileFollower::Event, event);
    QVERIFY(TestFiles::write(path(), initial));
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    FileFollower follower(&document);
    follower.setPollInterval(50);
    QSignalSpy changed(&follower, &FileFollower::changed);
    QSignalSpy aboutToReload(&follower, &FileFollower::aboutToReload);
    follower.setActive(true);
    QVERIFY(follower.isActive());
    LineModel model(&document);
    const QString lastRowBefore = model.data(model.index(model.rowCount() - 1), Qt::DisplayRole).toString();
    QTest::qWait(60); // a first poll with nothing to report

    switch (action) {
    case Action::Append:
        QVERIFY(TestFiles::append(path(), "c\n"));
        break;
    case Action::AppendToLastLine:
        QVERIFY(TestFiles::append(path(), "cd\n"));
        break;
    case Action::Truncate:
        TRUNCATE_OR_SKIP(path(), 2);
        break;
    case Action::Empty:
        TRUNCATE_OR_SKIP(path(), 0);
        break;
    case Action::Rotate:
        QVERIFY(QFile::rename(path(), path() + u".1"_s));
        QVERIFY(TestFiles::write(path(), "x\ny\nz\n"));
        break;
    case Action::RewriteSameSize:
        QVERIFY(overwriteAt(path(), 0, "c\nd\n"));
        break;
    case Action::RewriteLarger:
        QVERIFY(overwriteAt(path(), 0, "zz\nb\nmore\n"));
        break;
    case Action::Delete:
        DELETE_OR_SKIP(path());
        break;
    }

    QVERIFY(changed.wait(3000));
    QTest::qWait(120); // no second report for the same change
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<FileFollower::Event>(), event);
    const bool reloads = event == FileFollower::Event::Truncated || event == FileFollower::Event::Replaced
        || event == FileFollower::Event::Rewritten;
    QCOMPARE(aboutToReload.size(), reloads ? 1 : 0);
    document.waitForIndex();
    if (event == FileFollower::Event::Deleted) {
        QVERIFY(follower.isFileGone());
        QCOMPARE(document.lineCount(), referenceLineCount(initial)); // still showing what is mapped
        return;
    }
    const QByteArray now = contents(path());
    QCOMPARE(document.size(), now.size());
    QCOMPARE(document.lineCount(), referenceLineCount(now));
    if (action == Action::AppendToLastLine) {
        QCOMPARE(lastRowBefore, u"b"_s);
        QTRY_COMPARE(model.data(model.index(1), Qt::DisplayRole).toString(), u"bcd"_s); // not the cached "b"
    }
}

void tst_FileFollower::deletedFileStaysReadableAndComesBack()
{
    QVERIFY(TestFiles::write(path(), "one\ntwo\n"));
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    LineModel model(&document);
    FileFollower follower(&document);
    follower.setPollInterval(30);
    QSignalSpy changed(&follower, &FileFollower::changed);
    follower.setActive(true);

    DELETE_OR_SKIP(path());
    QVERIFY(changed.wait(3000));
    QCOMPARE(changed.last().at(0).value<FileFollower::Event>(), FileFollower::Event::Deleted);
    QCOMPARE(model.data(model.index(1), Qt::DisplayRole).toString(), u"two"_s);
    QCOMPARE(document.state(), Document::State::Open);
    QTest::qWait(100);
    QCOMPARE(changed.size(), 1); // reported once

    QVERIFY(TestFiles::write(path(), "three\n"));
    QVERIFY(changed.wait(3000));
    QCOMPARE(changed.last().at(0).value<FileFollower::Event>(), FileFollower::Event::Replaced);
    QVERIFY(!follower.isFileGone());
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 1);
    QTRY_COMPARE(model.data(model.index(0), Qt::DisplayRole).toString(), u"three"_s);
}

// A folder cannot be opened: it is tried again only when the path names something else.
void tst_FileFollower::unopenablePathIsNotReopenedUntilItChanges()
{
    const QString folder = m_dir->filePath(u"folder"_s);
    QVERIFY(QDir().mkpath(folder));
    Document document;
    QVERIFY(!document.open(folder));
    FileFollower follower(&document);
    QSignalSpy failed(&document, &Document::failed);
    follower.checkNow(); // the first look may try once
    const qsizetype tries = failed.size();
    QVERIFY(tries <= 1);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(follower.checkNow(), std::nullopt);
    QCOMPARE(failed.size(), tries);

    // The folder becomes a file: it opens.
    QVERIFY(QDir(folder).removeRecursively());
    QVERIFY(TestFiles::write(folder, "now a file\n"));
    QCOMPARE(follower.checkNow(), std::optional(FileFollower::Event::Replaced));
    QCOMPARE(document.state(), Document::State::Open);
}

void tst_FileFollower::touchAndOwnRefreshAreNoEvents()
{
    QVERIFY(TestFiles::write(path(), "one\n"));
    Document document;
    QVERIFY(document.open(path()));
    FileFollower follower(&document);
    QSignalSpy changed(&follower, &FileFollower::changed);
    QVERIFY(!follower.checkNow()); // inactive followers may still be asked
    QVERIFY(overwriteAt(path(), 0, "o")); // same bytes, new mtime
    QCOMPARE(follower.checkNow(), std::nullopt);
    QVERIFY(TestFiles::append(path(), "two\n"));
    QCOMPARE(document.refresh(), MappedFile::Change::Grown); // someone else (the Appender) refreshed
    QCOMPARE(follower.checkNow(), std::nullopt);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(FileFollower::eventName(FileFollower::Event::Rewritten), u"rewritten"_s);
}

void tst_FileFollower::truncationDuringIndexing()
{
    QByteArray big;
    const QByteArray line = QByteArray(70, 'x') + '\n';
    while (big.size() < 16 * 1024 * 1024)
        big += line;
    QVERIFY(TestFiles::write(path(), big));
    Document document;
    QVERIFY(document.open(path()));
    TRUNCATE_OR_SKIP(path(), 100); // most likely while the background index runs
    document.waitForIndex();
    FileFollower follower(&document);
    const std::optional<FileFollower::Event> event = follower.checkNow();
    QCOMPARE(event, std::optional(FileFollower::Event::Truncated));
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QCOMPARE(document.lineCount(), referenceLineCount(contents(path())));
}

// A writer appends, truncates, rotates, empties and rewrites at random while a Document follows
// the file, the GUI thread reads rows through a LineModel and another thread scans the mapping.
void tst_FileFollower::stressWithRandomWriter()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QVERIFY(TestFiles::write(path(), "start\n"));
    Document document;
    QVERIFY(document.open(path()));
    LineModel model(&document);
    FileFollower follower(&document);
    follower.setPollInterval(20);
    QSignalSpy changed(&follower, &FileFollower::changed);
    follower.setActive(true);

    std::atomic<bool> stop{false};
    const QString file = path();
    std::thread writer([&stop, file, seed] {
        QRandomGenerator random(seed);
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 3000) {
            const int choice = random.bounded(100);
            if (choice < 60) {
                QByteArray lines;
                const int count = random.bounded(1, 2000);
                for (int i = 0; i < count; ++i)
                    lines += "line " + QByteArray::number(random.generate()) + (random.bounded(8) ? "\n" : "\r\n");
                if (random.bounded(10) == 0)
                    lines.chop(1); // leave the last line open
                TestFiles::append(file, lines);
            } else if (choice < 75) {
                truncateFile(file, random.bounded(qMax<qint64>(1, QFileInfo(file).size())));
            } else if (choice < 83) {
                QFile::remove(file + u".1"_s);
                QFile::rename(file, file + u".1"_s);
                TestFiles::write(file, "rotated " + QByteArray::number(random.generate()) + "\n");
            } else if (choice < 90) {
                truncateFile(file, 0);
            } else {
                overwriteAt(file, 0, QByteArray::number(random.generate()));
            }
            QThread::msleep(random.bounded(25));
        }
        stop = true;
    });
    std::thread scanner([&stop, &document] {
        qint64 newlines = 0;
        while (!stop) {
            const qint64 size = document.file().size();
            document.file().withBytes(0, size, [&newlines](const uchar *data, qint64 len) {
                for (qint64 i = 0; i < len; ++i)
                    newlines += data[i] == '\n';
            });
            const std::optional<QByteArray> tail = document.file().read(qMax<qint64>(0, size - 100), 100);
            Q_UNUSED(tail);
        }
        Q_UNUSED(newlines);
    });
    QTimer reader;
    QRandomGenerator random(seed ^ 0x5a5a5a5au);
    qint64 characters = 0;
    connect(&reader, &QTimer::timeout, this, [&] {
        const int rows = model.rowCount();
        for (int i = 0; i < 50 && rows > 0; ++i) {
            const int row = random.bounded(rows);
            characters += model.data(model.index(row), Qt::DisplayRole).toString().size();
            model.data(model.index(row), LineModel::RawBytesRole);
        }
    });
    reader.start(5);
    while (!stop)
        QTest::qWait(50);
    writer.join();
    scanner.join();
    reader.stop();

    // Settle: no more events, the index caught up.
    for (int round = 0; round < 10 && follower.checkNow(); ++round)
        document.waitForIndex();
    QCOMPARE(follower.checkNow(), std::nullopt);
    document.waitForIndex();
    const QByteArray final = contents(path());
    QVERIFY2(changed.size() > 0, "the follower saw no change at all");
    QCOMPARE(document.size(), final.size());
    QCOMPARE(document.lineCount(), referenceLineCount(final));
    QTRY_COMPARE(qint64(model.rowCount()), referenceLineCount(final) - (final.isEmpty() ? 0 : 0));
    Q_UNUSED(characters);
}


#if defined(Q_OS_WIN)
// Another program (cmd.exe, another process) appends to the file the document maps, renames it
// and starts a new one at its path (log rotation), then deletes that one: the mapping's sharing
// flags let it, and the document follows each change the file system shows.
void tst_FileFollower::followsAnotherProgramThatAppendsRotatesAndDeletes()
{
    QVERIFY(TestFiles::write(path(), "one\n"));
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    LineModel model(&document);
    FileFollower follower(&document);
    follower.setPollInterval(30);
    QSignalSpy changed(&follower, &FileFollower::changed);
    follower.setActive(true);
    const auto shell = [this](const QString &command) {
        QProcess cmd;
        cmd.setWorkingDirectory(m_dir->path());
        cmd.setProgram(u"cmd.exe"_s);
        cmd.setNativeArguments(u"/c "_s + command);
        cmd.start();
        return cmd.waitForFinished(60000) && cmd.exitStatus() == QProcess::NormalExit && cmd.exitCode() == 0;
    };
    const auto lastEvent = [&changed] { return changed.last().at(0).value<FileFollower::Event>(); };

    QVERIFY(shell(u"echo two>> followed.log"_s));
    QVERIFY(changed.wait(10000));
    QCOMPARE(lastEvent(), FileFollower::Event::Grew);
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 2);
    QTRY_COMPARE(model.data(model.index(1), Qt::DisplayRole).toString(), u"two"_s); // the model learns of it queued

    QVERIFY(shell(u"ren followed.log followed.log.1 && echo fresh> followed.log"_s));
    QTRY_COMPARE_WITH_TIMEOUT(document.readBytes(0, 64), std::optional(QByteArray("fresh\r\n")), 10000);
    QCOMPARE(lastEvent(), FileFollower::Event::Replaced);
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 1);
    QTRY_COMPARE(model.data(model.index(0), Qt::DisplayRole).toString(), u"fresh"_s);
    QCOMPARE(contents(path() + u".1"_s), QByteArray("one\ntwo\r\n")); // the rotated file, whole

    // Deleted. Windows 10 1903 and later remove the name at once; Wine and older Windows keep it,
    // and the file, until the last handle closes: the document's, here.
    const qsizetype before = changed.size();
    QVERIFY(shell(u"del followed.log"_s));
    if (MappedFile::identityOf(path()).size >= 0) {
        QTest::qWait(300);
        QCOMPARE(changed.size(), before); // nothing changed that the document could see
        document.close();
        QVERIFY(!QFileInfo::exists(path()));
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(changed.size() > before, 10000);
    QCOMPARE(lastEvent(), FileFollower::Event::Deleted);
    QVERIFY(follower.isFileGone());
    QCOMPARE(model.data(model.index(0), Qt::DisplayRole).toString(), u"fresh"_s); // still what is mapped
}
#endif

QTEST_GUILESS_MAIN(tst_FileFollower)
#include "tst_filefollower.moc"
