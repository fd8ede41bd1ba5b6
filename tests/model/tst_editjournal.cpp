#include "document.h"
#include "editjournal.h"
#include "mappedfile.h"

#include "testfiles.h"
#include "tst_fileeditor_support.h"

#include <QTemporaryDir>
#include <QTest>

using EditTest::contents;

// An in-place write interrupted at each moment, then the next open: the file is old or new,
// never a mix, and no journal is left.
class tst_EditJournal : public QObject {
    Q_OBJECT
private slots:
    void init();
    void roundTrip();
    void recoveryAtOpen_data();
    void recoveryAtOpen();
    void strayTempsRemovedAtOpen();
    void openJournalIsReusedAndRemovedAtClose();
    void recordLeftByADeadEditorIsSettled();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("doc.txt")); }
    EditJournal::Entry entryFor(qint64 offset, const QByteArray &oldBytes, const QByteArray &newBytes) const
    {
        const FileIdentity id = MappedFile::identityOf(path());
        return {offset, oldBytes, newBytes, id.device, id.inode, 0};
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_EditJournal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_EditJournal::roundTrip()
{
    QVERIFY(TestFiles::write(path(), "0123456789"));
    QString error;
    QVERIFY(EditJournal::write(path(), entryFor(3, "345", "abc"), &error));
    const std::optional<EditJournal::Entry> read = EditJournal::read(path());
    QVERIFY(read);
    QCOMPARE(read->byteOffset, 3);
    QCOMPARE(read->oldBytes, QByteArray("345"));
    QCOMPARE(read->newBytes, QByteArray("abc"));
    QCOMPARE(read->pid, qint64(::getpid()));
    QVERIFY(EditJournal::remove(path(), &error));
    QVERIFY(!EditJournal::read(path()));
}

void tst_EditJournal::recoveryAtOpen_data()
{
    QTest::addColumn<QByteArray>("fileAfterCrash"); // the file as the crash left it
    QTest::addColumn<int>("journalDamage");         // 0 intact, 1 torn (cut short), 2 bit flipped
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<EditJournal::Outcome>("outcome");
    const QByteArray oldFile = "alpha\nbeta\ngamma\n";
    const QByteArray newFile = "alpha\nBETA\ngamma\n";
    QTest::newRow("crash after journal, before data") << oldFile << 0 << oldFile << EditJournal::Outcome::Discarded;
    QTest::newRow("crash after data, before commit") << newFile << 0 << newFile << EditJournal::Outcome::Completed;
    QTest::newRow("crash mid data write") << QByteArray("alpha\nBEta\ngamma\n") << 0 << oldFile
                                          << EditJournal::Outcome::RolledBack;
    QTest::newRow("torn journal (crash while writing it)") << oldFile << 1 << oldFile << EditJournal::Outcome::Discarded;
    QTest::newRow("corrupt journal") << oldFile << 2 << oldFile << EditJournal::Outcome::Discarded;
    QTest::newRow("changed by someone else since") << QByteArray("alpha\nZZZZ\ngamma\n") << 0
                                                   << QByteArray("alpha\nZZZZ\ngamma\n") << EditJournal::Outcome::Stale;
}

void tst_EditJournal::recoveryAtOpen()
{
    QFETCH(QByteArray, fileAfterCrash);
    QFETCH(int, journalDamage);
    QFETCH(QByteArray, expected);
    QFETCH(EditJournal::Outcome, outcome);
    QVERIFY(TestFiles::write(path(), "alpha\nbeta\ngamma\n"));
    QString error;
    QVERIFY(EditJournal::write(path(), entryFor(6, "beta", "BETA"), &error));
    QVERIFY(TestFiles::write(path(), fileAfterCrash, QIODevice::ReadWrite)); // same inode
    if (journalDamage) {
        QFile journal(EditJournal::journalPath(path()));
        QVERIFY(journal.open(QIODevice::ReadWrite));
        if (journalDamage == 1) {
            QVERIFY(journal.resize(journal.size() - 5));
        } else {
            QVERIFY(journal.seek(70));
            QVERIFY(journal.write("\x01") == 1);
        }
    }
    QCOMPARE(EditJournal::recover(path()).outcome, outcome);
    QCOMPARE(contents(path()), expected);
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());

    // The same through Document::open(), which says what it did.
    QVERIFY(TestFiles::write(path(), "alpha\nbeta\ngamma\n", QIODevice::ReadWrite));
    QVERIFY(EditJournal::write(path(), entryFor(6, "beta", "BETA"), &error));
    QVERIFY(TestFiles::write(path(), "alpha\nBEta\ngamma\n", QIODevice::ReadWrite));
    Document document;
    QVERIFY(EditTest::openIndexed(document, path()));
    QVERIFY(document.recoveryMessage().contains(QStringLiteral("restored")));
    QCOMPARE(document.readBytes(6, 4), QByteArray("beta"));
    QVERIFY(EditTest::leftovers(m_dir->path()).isEmpty());
}

void tst_EditJournal::strayTempsRemovedAtOpen()
{
    QVERIFY(TestFiles::write(path(), "content\n"));
    const QString dead = m_dir->filePath(QStringLiteral(".doc.txt.tome-tmp-999999999-abc"));
    const QString garbled = m_dir->filePath(QStringLiteral(".doc.txt.tome-tmp-x"));
    const QString live = m_dir->filePath(QStringLiteral(".doc.txt.tome-tmp-%1-def").arg(::getpid()));
    const QString otherFile = m_dir->filePath(QStringLiteral(".other.txt.tome-tmp-999999999-abc"));
    for (const QString &name : {dead, garbled, live, otherFile})
        QVERIFY(TestFiles::write(name, "partial"));
    Document document;
    QVERIFY(document.open(path()));
    QVERIFY(!QFile::exists(dead));
    QVERIFY(!QFile::exists(garbled));
    QVERIFY(QFile::exists(live));      // a rewrite of ours in progress
    QVERIFY(QFile::exists(otherFile)); // not this file's
    QCOMPARE(contents(path()), QByteArray("content\n"));
}

void tst_EditJournal::openJournalIsReusedAndRemovedAtClose()
{
    QVERIFY(TestFiles::write(path(), "0123456789"));
    const QString journal = EditJournal::journalPath(path());
    QString error;
    {
        EditJournal writer;
        QVERIFY(writer.begin(path(), entryFor(0, "0", "a"), &error));
        QVERIFY(EditJournal::read(path()));
        writer.commit();
        QVERIFY(QFile::exists(journal)); // kept open, empty, for the next edit
        QVERIFY(!EditJournal::read(path()));
        const FileIdentity first = MappedFile::identityOf(journal);
        QVERIFY(writer.begin(path(), entryFor(1, "1", "b"), &error));
        QVERIFY(MappedFile::identityOf(journal).isSameFile(first));
        QCOMPARE(EditJournal::read(path())->newBytes, QByteArray("b"));
        writer.commit();
        // Another process settling the (empty) journal takes it away: the next begin() starts anew.
        QCOMPARE(EditJournal::recover(path()).outcome, EditJournal::Outcome::Discarded);
#if defined(Q_OS_WIN)
        if (QFile::exists(journal))
            QSKIP("This Windows keeps a deleted file's name until its last handle closes");
#endif
        QVERIFY(!QFile::exists(journal));
        QVERIFY(writer.begin(path(), entryFor(2, "2", "c"), &error));
        QCOMPARE(EditJournal::read(path())->newBytes, QByteArray("c"));
        writer.commit();
    }
    QVERIFY(!QFile::exists(journal));
}

void tst_EditJournal::recordLeftByADeadEditorIsSettled()
{
    QVERIFY(TestFiles::write(path(), "0123456789"));
    QString error;
    {
        EditJournal writer;
        QVERIFY(writer.begin(path(), entryFor(4, "4567", "WXYZ"), &error));
        QVERIFY(TestFiles::write(path(), "0123WX67", QIODevice::ReadWrite)); // died mid-write
        writer.abandon();
    }
    QVERIFY(EditJournal::read(path()));
    QCOMPARE(EditJournal::recover(path()).outcome, EditJournal::Outcome::RolledBack);
    QCOMPARE(contents(path()), QByteArray("0123456789"));
}

QTEST_GUILESS_MAIN(tst_EditJournal)
#include "tst_editjournal.moc"
