#include "bulkeditmarks.h"
#include "bulkeditor.h"
#include "document.h"
#include "fileversions.h"
#include "linemarks.h"
#include "lineset.h"
#include "mappedfile.h"

#include "testfiles.h"
#include "tst_fileeditor_support.h"

#include <QDir>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using EditTest::contents;
using Kind = BulkOperation::Kind;

namespace {

BulkOperation replaceAll(const QString &pattern, const QString &replacement)
{
    BulkOperation operation;
    operation.options.pattern = pattern;
    operation.replacement = replacement;
    return operation;
}

// Runs fn (which starts a task) and returns the Result of the signal that ends it.
BulkEditor::Result runToEnd(BulkEditor &editor, const std::function<void()> &fn, bool counting = false)
{
    QSignalSpy finished(&editor, counting ? &BulkEditor::counted : &BulkEditor::finished);
    fn();
    if (finished.isEmpty() && !finished.wait(30000)) {
        BulkEditor::Result timedOut;
        timedOut.status = BulkEditor::Status::Failed;
        timedOut.message = u"timed out"_s;
        return timedOut;
    }
    return finished.last().at(0).value<BulkEditor::Result>();
}

QStringList versionsIn(const QString &folder)
{
    return QDir(folder).entryList({u".*.tome-undo-*"_s}, QDir::Files | QDir::Hidden);
}

} // namespace

// Bulk edits of an open document, their undo and redo through kept versions of the file.
class tst_BulkEditor : public QObject {
    Q_OBJECT
private slots:
    void init();
    void undoAndRedoRestoreEveryByte();
    void aNewEditDropsTheRedoSteps();
    void applyRefusesAFileChangedSinceTheCount();
    void undoRefusesAFileChangedByAnother();
    void noMatchIsNoStep();
    void undoCostSaysWhatItTakes();
    void anotherFileClearsTheHistory();
    void marksFollowTheLinesThroughEditUndoAndRedo_data();
    void marksFollowTheLinesThroughEditUndoAndRedo();

private:
    QString path() const { return m_dir->filePath(u"doc.txt"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_BulkEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_BulkEditor::undoAndRedoRestoreEveryByte()
{
    QByteArray original;
    for (int i = 0; i < 5000; ++i)
        original += "line " + QByteArray::number(i) + (i % 3 ? " ERROR\r\n" : " fine\n");
    original += "last ERROR"; // no final newline
    QVERIFY(TestFiles::write(path(), original));
    const FileIdentity originalId = MappedFile::identityOf(path());
    QByteArray replaced = original;
    replaced.replace("ERROR", "E");

    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    {
        BulkEditor editor(&document);
        QSignalSpy ownWrites(&editor, &BulkEditor::ownWrite);
        BulkEditor::Result result =
            runToEnd(editor, [&] { editor.apply(replaceAll(u"ERROR"_s, u"E"_s), u"Replace All"_s, true); });
        QCOMPARE(result.status, BulkEditor::Status::Done);
        QCOMPARE(result.counts.replacements, 3334);
        QVERIFY(result.undoable);
        QCOMPARE(contents(path()), replaced);
        QCOMPARE(document.size(), qint64(replaced.size())); // reloaded
        QCOMPARE(editor.undoName(), u"Replace All"_s);
        QCOMPARE(versionsIn(m_dir->path()).size(), 1);
        QCOMPARE(ownWrites.size(), 1);
        const FileIdentity replacedId = MappedFile::identityOf(path());

        result = runToEnd(editor, [&] { editor.undo(); });
        QCOMPARE(result.status, BulkEditor::Status::Done);
        QCOMPARE(contents(path()), original);
        QCOMPARE(MappedFile::identityOf(path()), originalId); // the very same file
        QVERIFY(!editor.canUndo());
        QCOMPARE(editor.redoName(), u"Replace All"_s);
        QCOMPARE(versionsIn(m_dir->path()).size(), 1);

        result = runToEnd(editor, [&] { editor.redo(); });
        QCOMPARE(result.status, BulkEditor::Status::Done);
        QCOMPARE(contents(path()), replaced);
        QCOMPARE(MappedFile::identityOf(path()), replacedId);
        QVERIFY(editor.canUndo());
        QVERIFY(!editor.canRedo());

        result = runToEnd(editor, [&] { editor.undo(); });
        QCOMPARE(result.status, BulkEditor::Status::Done);
        QCOMPARE(contents(path()), original);
    }
    // Gone with the editor (the history ends).
    QVERIFY2(versionsIn(m_dir->path()).isEmpty(), qPrintable(versionsIn(m_dir->path()).join(u',')));
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_BulkEditor::aNewEditDropsTheRedoSteps()
{
    QVERIFY(TestFiles::write(path(), "a b c\nb\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    BulkEditor editor(&document);
    QCOMPARE(runToEnd(editor, [&] { editor.apply(replaceAll(u"a"_s, u"A"_s), u"one"_s, true); }).status,
             BulkEditor::Status::Done);
    QCOMPARE(runToEnd(editor, [&] { editor.undo(); }).status, BulkEditor::Status::Done);
    QVERIFY(editor.canRedo());
    BulkOperation keep;
    keep.kind = Kind::KeepMatching;
    keep.options.pattern = u"c"_s;
    QCOMPARE(runToEnd(editor, [&] { editor.apply(keep, u"two"_s, true); }).status, BulkEditor::Status::Done);
    QCOMPARE(contents(path()), QByteArray("a b c\n"));
    QVERIFY(!editor.canRedo());
    QCOMPARE(versionsIn(m_dir->path()).size(), 1); // the undo of "two" only
    QCOMPARE(runToEnd(editor, [&] { editor.undo(); }).status, BulkEditor::Status::Done);
    QCOMPARE(contents(path()), QByteArray("a b c\nb\n"));
    editor.clearHistory();
    QVERIFY(versionsIn(m_dir->path()).isEmpty());
}

void tst_BulkEditor::applyRefusesAFileChangedSinceTheCount()
{
    QVERIFY(TestFiles::write(path(), "x\ny\nx\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    BulkEditor editor(&document);
    BulkOperation operation;
    operation.kind = Kind::DeleteMatching;
    operation.options.pattern = u"x"_s;
    const BulkEditor::Result counted = runToEnd(editor, [&] { editor.count(operation); }, true);
    QCOMPARE(counted.status, BulkEditor::Status::Done);
    QCOMPARE(counted.counts.deletedLines, 2);
    QCOMPARE(counted.counts.keptLines, 1);
    QCOMPARE(counted.newSize, 2);
    QTest::qWait(20);
    QVERIFY(TestFiles::append(path(), "x again\n")); // another program, unseen
    const BulkEditor::Result result =
        runToEnd(editor, [&] { editor.apply(operation, u"Delete"_s, true, counted.seen, counted.newSize); });
    QCOMPARE(result.status, BulkEditor::Status::ChangedOnDisk);
    QVERIFY2(result.message.contains(u"changed on disk"_s), qPrintable(result.message));
    QCOMPARE(contents(path()), QByteArray("x\ny\nx\nx again\n"));
    QVERIFY(!editor.canUndo());
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_BulkEditor::undoRefusesAFileChangedByAnother()
{
    QVERIFY(TestFiles::write(path(), "aaa\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    BulkEditor editor(&document);
    QCOMPARE(runToEnd(editor, [&] { editor.apply(replaceAll(u"a"_s, u"bb"_s), u"Replace All"_s, true); }).status,
             BulkEditor::Status::Done);
    QTest::qWait(20);
    QVERIFY(TestFiles::append(path(), "more\n"));
    const BulkEditor::Result result = runToEnd(editor, [&] { editor.undo(); });
    QCOMPARE(result.status, BulkEditor::Status::ChangedOnDisk);
    QCOMPARE(contents(path()), QByteArray("bbbbbb\nmore\n"));
    QVERIFY(editor.canUndo()); // kept: the file may come back as it was
}

void tst_BulkEditor::noMatchIsNoStep()
{
    QVERIFY(TestFiles::write(path(), "abc\n"));
    const FileIdentity before = MappedFile::identityOf(path());
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    BulkEditor editor(&document);
    const BulkEditor::Result result =
        runToEnd(editor, [&] { editor.apply(replaceAll(u"zzz"_s, u"y"_s), u"Replace All"_s, true); });
    QCOMPARE(result.status, BulkEditor::Status::Unchanged);
    QVERIFY(!editor.canUndo());
    QCOMPARE(MappedFile::identityOf(path()), before);
#if defined(Q_OS_WIN)
    // Wine (like Windows before 10 1903) removes a deleted name only when the file's last handle
    // closes, and the open document holds this file: the removed link must be gone once it closes.
    if (!versionsIn(m_dir->path()).isEmpty())
        document.close();
#endif
    QVERIFY(versionsIn(m_dir->path()).isEmpty());
}

void tst_BulkEditor::undoCostSaysWhatItTakes()
{
    QVERIFY(TestFiles::write(path(), QByteArray(1000, 'x')));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    BulkEditor editor(&document);
    const BulkEditor::UndoCost cost = editor.undoCost(500);
    QVERIFY(cost.possible);
    QVERIFY(!cost.copies); // a hard link on the test's file system
    QCOMPARE(cost.bytes, 1000);
    QVERIFY2(cost.text.contains(u"without copying"_s), qPrintable(cost.text));
#if defined(Q_OS_WIN)
    // Wine (like Windows before 10 1903) removes a deleted name only when the file's last handle
    // closes, and the open document holds this file: the removed link must be gone once it closes.
    if (!versionsIn(m_dir->path()).isEmpty())
        document.close();
#endif
    QVERIFY(versionsIn(m_dir->path()).isEmpty()); // the trial link is gone
}

void tst_BulkEditor::anotherFileClearsTheHistory()
{
    QVERIFY(TestFiles::write(path(), "a\n"));
    const QString other = m_dir->filePath(u"other.txt"_s);
    QVERIFY(TestFiles::write(other, "other\n"));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    BulkEditor editor(&document);
    QCOMPARE(runToEnd(editor, [&] { editor.apply(replaceAll(u"a"_s, u"b"_s), u"Replace All"_s, true); }).status,
             BulkEditor::Status::Done);
    QCOMPARE(versionsIn(m_dir->path()).size(), 1);
    QVERIFY(document.open(other));
    QVERIFY(!editor.canUndo());
    QVERIFY(versionsIn(m_dir->path()).isEmpty());
}

void tst_BulkEditor::marksFollowTheLinesThroughEditUndoAndRedo_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("fileLines");
    QTest::newRow("delete matching") << int(Kind::DeleteMatching) << qint64(300);
    QTest::newRow("keep matching") << int(Kind::KeepMatching) << qint64(300);
    QTest::newRow("keep matching, several blocks") << int(Kind::KeepMatching) << qint64(700000);
    QTest::newRow("keep lines (a filter)") << int(Kind::KeepLines) << qint64(300);
    QTest::newRow("delete lines") << int(Kind::DeleteLines) << qint64(300);
}

// Marks on lines that stay move to the lines' new numbers, the others go; undo and redo put back
// the marks of before and after. Against the line numbers worked out line by line.
void tst_BulkEditor::marksFollowTheLinesThroughEditUndoAndRedo()
{
    QFETCH(int, kind);
    QFETCH(qint64, fileLines);
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto report = qScopeGuard([seed] { qWarning("seed %u", seed); });
    BulkOperation operation;
    operation.kind = Kind(kind);
    operation.options.pattern = u"keep"_s;
    auto set = std::make_shared<LineSet>();
    QByteArray data;
    std::vector<bool> stays;
    for (qint64 line = 0; line < fileLines; ++line) {
        const bool match = random.bounded(3) == 0;
        data += (match ? "keep " : "other ") + QByteArray::number(line) + (line % 5 ? "\n" : "\r\n");
        if (match)
            set->append(line);
        stays.push_back(operation.keeps() == match);
    }
    operation.lines = set;
    QVERIFY(TestFiles::write(path(), data));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    BulkEditor editor(&document);
    LineMarks marks;
    auto *follower = new BulkEditMarks(&editor, &marks);
    std::vector<qint64> before;
    std::vector<qint64> after;
    qint64 gone = 0;
    for (qint64 line = 0; line < fileLines; ++line) {
        if (random.bounded(qMax<qint64>(1, fileLines / 40)) == 0) {
            marks.set(line, true);
            before.push_back(line);
            if (stays[size_t(line)])
                after.push_back(line - gone);
        }
        gone += stays[size_t(line)] ? 0 : 1;
    }
    QVERIFY(!before.empty());

    const std::vector<qint64> tracked = follower->prepared(operation);
    QCOMPARE(tracked.size(), operation.usesPattern() ? before.size() : size_t(0));
    BulkEditor::Result result =
        runToEnd(editor, [&] { editor.apply(operation, u"Lines"_s, true, std::nullopt, -1, tracked); });
    QCOMPARE(result.status, BulkEditor::Status::Done);
    QCOMPARE(marks.lines(), after);
    result = runToEnd(editor, [&] { editor.undo(); });
    QCOMPARE(result.status, BulkEditor::Status::Done);
    QCOMPARE(contents(path()), data);
    QCOMPARE(marks.lines(), before);
    result = runToEnd(editor, [&] { editor.redo(); });
    QCOMPARE(result.status, BulkEditor::Status::Done);
    QCOMPARE(marks.lines(), after);
    // An edit that was not prepared leaves the marks alone and forgets theirs.
    marks.setLines({0});
    BulkOperation replace = replaceAll(u"[0-9]"_s, u"#"_s); // every line has a digit
    replace.options.regex = true;
    result = runToEnd(editor, [&] { editor.apply(replace, u"Replace All"_s, true); });
    QCOMPARE(result.status, BulkEditor::Status::Done);
    QCOMPARE(marks.lines(), std::vector<qint64>{0});
    QVERIFY(runToEnd(editor, [&] { editor.undo(); }).status == BulkEditor::Status::Done);
    QCOMPARE(marks.lines(), std::vector<qint64>{0});
    report.dismiss();
}

QTEST_GUILESS_MAIN(tst_BulkEditor)
#include "tst_bulkeditor.moc"
