#include "document.h"
#include "editjournal.h"
#include "fileeditor.h"
#include "filerewriter.h"

#include "outsidechange.h"
#include "testfiles.h"
#include "tst_fileeditor_support.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using EditTest::contents;
using EditTest::runToEnd;

class tst_FileEditor : public QObject {
    Q_OBJECT
private slots:
    void init();
    void inPlaceEditIsVisibleThroughTheLiveMapping();
    void inPlaceEditThatMovesANewlineReindexes();
    void rewriteKeepsTheRestAndTheMode_data();
    void rewriteKeepsTheRestAndTheMode();
    void refusesWhenTheFileChangedOnDisk();
    void refusesWhenTheFileChangedUnderAPreparedEdit_data();
    void refusesWhenTheFileChangedUnderAPreparedEdit();
    void undoAndRedoRefuseAfterAnOutsideChange();
    void refusesADeletedFile();
    void refusesReadOnlyFiles();
    void undoRedoRoundTrip();
    void cancelledRewriteLeavesTheFile();
    void emptyFileIsZeroLinesAndEditable();
    void createFileWritesAndReplaces();
    void randomEditsMatchAReference();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("doc.txt")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_FileEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_FileEditor::inPlaceEditIsVisibleThroughTheLiveMapping()
{
    QVERIFY(TestFiles::write(path(), "alpha\nbeta\ngamma\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    const std::shared_ptr<const MappedRegion> region = document.file().region();
    FileEditor editor(&document);
    QSignalSpy finished(&editor, &FileEditor::finished);
    const FileEditor::Result result = editor.replaceLine(1, "BETA");
    QCOMPARE(result.status, FileEditor::Status::Done);
    QCOMPARE(result.mode, FileEditor::Mode::InPlace);
    QVERIFY(!result.reloaded);
    QCOMPARE(finished.size(), 1);
    // The same mapping, not a new one, shows the new bytes.
    QCOMPARE(document.file().region(), region);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(region->data()) + 6, 4), QByteArray("BETA"));
    QCOMPARE(contents(path()), QByteArray("alpha\nBETA\ngamma\n"));
    QCOMPARE(document.lineCount(), 3);
    QVERIFY(!EditJournal::read(path())); // committed: the journal is empty
    // The document saw its own write: a second edit is not refused as "changed on disk".
    QCOMPARE(editor.replaceLine(0, "ALPHA").status, FileEditor::Status::Done);
    QCOMPARE(contents(path()), QByteArray("ALPHA\nBETA\ngamma\n"));
    document.close();
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_FileEditor::inPlaceEditThatMovesANewlineReindexes()
{
    QVERIFY(TestFiles::write(path(), "alpha\nbeta\ngamma\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    const FileEditor::Result result = editor.replace(6, 4, "b\nta");
    QCOMPARE(result.status, FileEditor::Status::Done);
    QCOMPARE(result.mode, FileEditor::Mode::InPlace);
    QVERIFY(result.reloaded);
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 4);
    QCOMPARE(document.readBytes(document.lineSpan(2)->byteOffset, 2), QByteArray("ta"));
}

void tst_FileEditor::rewriteKeepsTheRestAndTheMode_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("oldLength");
    QTest::addColumn<QByteArray>("newBytes");
    QTest::newRow("insert at start") << qint64(0) << qint64(0) << QByteArray("head\n");
    QTest::newRow("grow in middle") << qint64(100000) << qint64(3) << QByteArray("longer text");
    QTest::newRow("shrink across chunks") << qint64(60000) << qint64(10000) << QByteArray("x");
    QTest::newRow("delete at end") << qint64(299990) << qint64(10) << QByteArray();
    QTest::newRow("append at end") << qint64(300000) << qint64(0) << QByteArray("tail\n");
}

void tst_FileEditor::rewriteKeepsTheRestAndTheMode()
{
    QFETCH(qint64, offset);
    QFETCH(qint64, oldLength);
    QFETCH(QByteArray, newBytes);
    QByteArray original(300000, Qt::Uninitialized);
    QRandomGenerator random(7);
    for (char &c : original)
        c = char(random.bounded(256));
    QVERIFY(TestFiles::write(path(), original));
    QVERIFY(QFile::setPermissions(path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    const quint64 inode = document.file().identity().inode;
    FileEditor editor(&document);
    QSignalSpy progress(&editor, &FileEditor::progress);
    const FileEditor::Result result = runToEnd(editor, [&] { return editor.replace(offset, oldLength, newBytes); });
    QCOMPARE(result.status, FileEditor::Status::Done);
    QCOMPARE(result.mode, FileEditor::Mode::Rewrite);
    QVERIFY(result.reloaded);
    QByteArray expected = original;
    expected.replace(offset, oldLength, newBytes);
    QCOMPARE(contents(path()), expected);
    QVERIFY(progress.size() >= 1);
#if defined(Q_OS_WIN)
    // No mode bits on Windows: the new file is writable as the old one was, and another file.
    QVERIFY(QFileInfo(path()).isWritable());
    QVERIFY(MappedFile::identityOf(path()).inode != inode);
#else
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(path()).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0640));
    QVERIFY(st.st_ino != inode);
#endif
    QCOMPARE(document.size(), expected.size()); // reloaded onto the new file
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_FileEditor::refusesWhenTheFileChangedOnDisk()
{
    QVERIFY(TestFiles::write(path(), "one\ntwo\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    // Same size, other bytes, later modification time: a rewrite by another program.
    QVERIFY(TestFiles::write(path(), "ONE\nTWO\n", QIODevice::ReadWrite));
    {
        QFile file(path());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
    }
    QCOMPARE(editor.replaceLine(0, "uno").status, FileEditor::Status::ChangedOnDisk);
    QCOMPARE(runToEnd(editor, [&] { return editor.replaceLine(0, "longer"); }).status,
             FileEditor::Status::ChangedOnDisk);
    QCOMPARE(contents(path()), QByteArray("ONE\nTWO\n"));
    QVERIFY(!editor.canUndo());
    // After a reload the edit goes through.
    QVERIFY(EditTest::openIndexed(document, path()));
    QCOMPARE(editor.replaceLine(0, "uno").status, FileEditor::Status::Done);
    QCOMPARE(contents(path()), QByteArray("uno\nTWO\n"));
}

// The three ways a stale edit destroyed another program's bytes: the dialog prepared its edit,
// the file changed under it (and the Document followed the change, as the follower does), and
// the edit is applied. Each must be refused, both files left as they are, the prepared bytes kept.
void tst_FileEditor::refusesWhenTheFileChangedUnderAPreparedEdit_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QByteArray>("newText");
    QTest::newRow("rotation, rewrite-length edit") << QStringLiteral("rotate") << QByteArray("OLD-FIRST-LINE-0001XYZ");
    QTest::newRow("rotation, same-length edit") << QStringLiteral("rotate") << QByteArray("OLD-FIRST-LINE-000X");
    QTest::newRow("rewritten in place, same size, same-length edit")
        << QStringLiteral("in place") << QByteArray("OLD-FIRST-LINE-000X");
    QTest::newRow("rewritten in place, same size, rewrite-length edit")
        << QStringLiteral("in place") << QByteArray("OLD-FIRST-LINE-0001XYZ");
    QTest::newRow("rewritten in place, same size and time") << QStringLiteral("same time") << QByteArray("OLD-X");
}

void tst_FileEditor::refusesWhenTheFileChangedUnderAPreparedEdit()
{
    QFETCH(QString, change);
    QFETCH(QByteArray, newText);
    const QByteArray old = "OLD-FIRST-LINE-0001\nold second line\nold third line\n";
    const QByteArray other = "NEW FILE line one, other program data\nNEW FILE line two\n";
    QVERIFY(TestFiles::write(path(), old));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    const FileEditor::Prepared prepared = editor.prepareLine(0);
    QVERIFY(prepared.isValid());
    QCOMPARE(prepared.oldBytes, QByteArray("OLD-FIRST-LINE-0001"));
    QVERIFY(editor.staleReason(prepared).isEmpty());

    const QString rotated = path() + QStringLiteral(".1");
    QByteArray expected = other;
    if (change == QStringLiteral("rotate")) {
        QVERIFY(QFile::rename(path(), rotated));
        QVERIFY(TestFiles::write(path(), other));
    } else {
        // Another program writes the same number of bytes into the same file.
        const FileIdentity before = MappedFile::identityOf(path());
        expected = QByteArray("old-first-line-0002\nOLD SECOND LINE\nOLD THIRD LINE\n");
        QCOMPARE(expected.size(), old.size());
        QVERIFY(TestFiles::write(path(), expected, QIODevice::ReadWrite));
        QFile file(path());
        QVERIFY(file.open(QIODevice::ReadWrite));
        const QDateTime time = change == QStringLiteral("same time")
            ? QDateTime::fromMSecsSinceEpoch(before.modifiedNs / 1000000)
            : QDateTime::currentDateTime().addSecs(5);
        QVERIFY(file.setFileTime(time, QFileDevice::FileModificationTime));
    }
    // What the follower does: the Document now shows the file at the path.
    if (change == QStringLiteral("rotate"))
        QVERIFY(EditTest::openIndexed(document, path()));
    else
        document.refresh();

    const QString reason = editor.staleReason(prepared);
    QVERIFY2(!reason.isEmpty(), "a dialog on this edit must say its file changed");
    QSignalSpy own(&editor, &FileEditor::ownWrite);
    const FileEditor::Result result = runToEnd(editor, [&] { return editor.apply(prepared, newText); });
    QCOMPARE(result.status, FileEditor::Status::ChangedOnDisk);
    QVERIFY(!result.message.isEmpty());
    QVERIFY2(change != QStringLiteral("rotate") || result.message.contains(QStringLiteral("replaced")),
             qPrintable(result.message));
    QCOMPARE(result.edit.newBytes, newText); // the typed bytes come back to the caller
    QCOMPARE(contents(path()), expected);
    if (change == QStringLiteral("rotate"))
        QCOMPARE(contents(rotated), old);
    QVERIFY(!editor.canUndo());
    QCOMPARE(own.size(), 0);
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());

    // Prepared again against what is shown now, the edit goes through.
    const FileEditor::Prepared again = editor.prepare(0, 5);
    QVERIFY(editor.staleReason(again).isEmpty());
    QCOMPARE(runToEnd(editor, [&] { return editor.apply(again, "12345"); }).status, FileEditor::Status::Done);
    QCOMPARE(contents(path()), "12345" + expected.mid(5));
    QCOMPARE(own.size(), 1);
}

void tst_FileEditor::undoAndRedoRefuseAfterAnOutsideChange()
{
    QVERIFY(TestFiles::write(path(), "alpha\nbeta\ngamma\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    QCOMPARE(editor.replaceLine(1, "BETA").status, FileEditor::Status::Done);
    QCOMPARE(runToEnd(editor, [&] { return editor.replaceLine(2, "gamma ray"); }).status, FileEditor::Status::Done);
    document.waitForIndex();
    QCOMPARE(editor.undoStep().newBytes, QByteArray("gamma ray"));

    // Another program rewrites the file in place with the same size.
    const QByteArray theirs = "ALPHA\nbeta\nGAMMA RAY\n";
    QVERIFY(TestFiles::write(path(), theirs, QIODevice::ReadWrite));
    {
        QFile file(path());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
    }
    document.refresh();
    const FileEditor::Result undo = runToEnd(editor, [&] { return editor.undo(); });
    QCOMPARE(undo.status, FileEditor::Status::ChangedOnDisk);
    QCOMPARE(contents(path()), theirs);
    QVERIFY(editor.canUndo()); // the history is kept
    QVERIFY(!editor.canRedo());

}

void tst_FileEditor::refusesADeletedFile()
{
    QVERIFY(TestFiles::write(path(), "one\ntwo\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    const FileEditor::Prepared prepared = editor.prepareLine(0);
#if defined(Q_OS_WIN)
    // Wine (like Windows before 10 1903) keeps a deleted file's name while it is open: there the
    // name goes from outside, as Windows 10 1903 and later remove it.
    if (!OutsideChange::unlink(path())) {
        QVERIFY(QFile::remove(path()));
        if (QFileInfo::exists(path()))
            QSKIP("This Windows keeps a deleted file's name until its last handle closes");
    }
#else
    QVERIFY(QFile::remove(path()));
#endif
    QVERIFY(editor.isFileDeleted());
    QVERIFY(editor.staleReason(prepared).contains(QStringLiteral("deleted")));
    const FileEditor::Result result = editor.apply(prepared, "ONE");
    QCOMPARE(result.status, FileEditor::Status::ChangedOnDisk);
    QVERIFY2(result.message.contains(QStringLiteral("deleted")), qPrintable(result.message));
    QVERIFY(!QFileInfo::exists(path()));
}

void tst_FileEditor::refusesReadOnlyFiles()
{
    QVERIFY(TestFiles::write(path(), "locked\n"));
    QVERIFY(QFile::setPermissions(path(), QFile::ReadOwner));
    if (::access(QFile::encodeName(path()).constData(), W_OK) == 0)
        QSKIP("running as root: permissions do not stop writes (the read-only medium case is in tst_filerewriter)");
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    QVERIFY(editor.readOnlyReason().contains(QStringLiteral("read-only")));
    const FileEditor::Result result = editor.replaceLine(0, "opened");
    QCOMPARE(result.status, FileEditor::Status::Refused);
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(contents(path()), QByteArray("locked\n"));
}

void tst_FileEditor::undoRedoRoundTrip()
{
    const QByteArray original = "first line\nsecond line\nthird line\n";
    QVERIFY(TestFiles::write(path(), original));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    QSignalSpy history(&editor, &FileEditor::historyChanged);
    QCOMPARE(editor.replaceLine(0, "FIRST LINE").status, FileEditor::Status::Done);
    document.waitForIndex();
    QCOMPARE(runToEnd(editor, [&] { return editor.replaceLine(1, "2nd"); }).status, FileEditor::Status::Done);
    document.waitForIndex();
    const QByteArray edited = "FIRST LINE\n2nd\nthird line\n";
    QCOMPARE(contents(path()), edited);
    QVERIFY(editor.canUndo());
    QVERIFY(!editor.canRedo());

    QCOMPARE(runToEnd(editor, [&] { return editor.undo(); }).mode, FileEditor::Mode::Rewrite);
    QCOMPARE(contents(path()), QByteArray("FIRST LINE\nsecond line\nthird line\n"));
    QCOMPARE(runToEnd(editor, [&] { return editor.undo(); }).mode, FileEditor::Mode::InPlace);
    QCOMPARE(contents(path()), original);
    QVERIFY(!editor.canUndo());
    QCOMPARE(editor.undo().status, FileEditor::Status::Refused);

    QCOMPARE(runToEnd(editor, [&] { return editor.redo(); }).status, FileEditor::Status::Done);
    QCOMPARE(runToEnd(editor, [&] { return editor.redo(); }).status, FileEditor::Status::Done);
    QCOMPARE(contents(path()), edited);
    QVERIFY(!editor.canRedo());
    QCOMPARE(history.size(), 6);
}

void tst_FileEditor::cancelledRewriteLeavesTheFile()
{
    // A sparse 130 MiB file: three progress steps, no time spent writing it.
    {
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write("start\n") == 6);
        QVERIFY(file.resize(130 << 20));
    }
    const FileIdentity before = MappedFile::identityOf(path());
    Document document;
    QVERIFY(document.open(path()));
    FileEditor editor(&document);
    connect(&editor, &FileEditor::progress, &editor, &FileEditor::cancel);
    const FileEditor::Result result = runToEnd(editor, [&] { return editor.replace(0, 5, QByteArray("begin!")); });
    QCOMPARE(result.status, FileEditor::Status::Cancelled);
    QVERIFY(!result.message.isEmpty());
    QCOMPARE(MappedFile::identityOf(path()), before);
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
    QVERIFY(!editor.canUndo());
}

void tst_FileEditor::emptyFileIsZeroLinesAndEditable()
{
    QVERIFY(TestFiles::write(path(), QByteArray()));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    QCOMPARE(document.lineCount(), 0);
    FileEditor editor(&document);
    QCOMPARE(runToEnd(editor, [&] { return editor.replaceLine(0, "hello\n"); }).status, FileEditor::Status::Done);
    QCOMPARE(contents(path()), QByteArray("hello\n"));
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 1);
}

void tst_FileEditor::createFileWritesAndReplaces()
{
    const QByteArray vocabulary = "VOCABULARY\ncasta\xc3\xb1" "a\nthe\ncat\nwas\nnot\na\ncaterpilar\n";
    QString error;
    QVERIFY(FileRewriter::createFile(path(), vocabulary, &error));
    QCOMPARE(contents(path()), vocabulary);
    QVERIFY(FileRewriter::createFile(path(), QByteArray(), &error));
    QCOMPARE(contents(path()), QByteArray());
    QVERIFY(QFileInfo(path()).permissions() & QFile::WriteOwner);
    QVERIFY(!FileRewriter::createFile(m_dir->filePath(QStringLiteral("missing/folder/x.txt")), "x", &error));
    QVERIFY(error.contains(QStringLiteral("x.txt")));
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

// Random replacements (same length or not, with and without newlines) and undos, checked
// against a QByteArray that receives the same edits.
void tst_FileEditor::randomEditsMatchAReference()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QRandomGenerator random(seed);
    const auto randomBytes = [&](qint64 len) {
        QByteArray bytes(len, Qt::Uninitialized);
        for (char &c : bytes)
            c = "ab\ncd\r\xc3\xa9 "[random.bounded(9)];
        return bytes;
    };
    QByteArray reference = randomBytes(5000);
    QVERIFY(TestFiles::write(path(), reference));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    FileEditor editor(&document);
    std::vector<QByteArray> states{reference};
    for (int step = 0; step < TestFiles::scaled(60); ++step) {
        if (random.bounded(5) == 0 && editor.canUndo()) {
            QCOMPARE(runToEnd(editor, [&] { return editor.undo(); }).status, FileEditor::Status::Done);
            states.pop_back();
            reference = states.back();
        } else {
            const qint64 offset = random.bounded(qint64(reference.size()) + 1);
            const qint64 oldLength = random.bounded(qMin<qint64>(40, reference.size() - offset) + 1);
            const qint64 newLength = random.bounded(2) ? oldLength : random.bounded(40);
            const QByteArray newBytes = randomBytes(newLength);
            const FileEditor::Result result =
                runToEnd(editor, [&] { return editor.replace(offset, oldLength, newBytes); });
            QVERIFY2(result.status == FileEditor::Status::Done, qPrintable(result.message));
            reference.replace(offset, oldLength, newBytes);
            states.push_back(reference);
        }
        document.waitForIndex();
        QVERIFY2(contents(path()) == reference, qPrintable(QStringLiteral("seed %1 step %2").arg(seed).arg(step)));
        QCOMPARE(document.size(), reference.size());
        QCOMPARE(document.lineCount(), reference.count('\n') + (reference.endsWith('\n') || reference.isEmpty() ? 0 : 1));
    }
}

QTEST_GUILESS_MAIN(tst_FileEditor)
#include "tst_fileeditor.moc"
