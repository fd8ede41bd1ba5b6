#include "document.h"

#include "testfiles.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_Document : public QObject {
    Q_OBJECT
private slots:
    void init();
    void opensAndIndexes();
    void failsWithReason();
    void emptyFileThenGrowth();
    void refreshFollowsGrowthAndReloadsOnShrink();
    void lineCountChangesAreThrottled();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("doc.txt")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Document::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Document::opensAndIndexes()
{
    QVERIFY(TestFiles::write(path(), "alpha\r\nbeta\ngamma"));
    Document document;
    QSignalSpy opened(&document, &Document::opened);
    QSignalSpy finished(&document, &Document::indexFinished);
    QVERIFY(document.open(path()));
    QCOMPARE(opened.size(), 1);
    QCOMPARE(document.state(), Document::State::Open);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(0).at(0).value<LineIndex::Status>(), LineIndex::Status::Complete);
    QCOMPARE(document.lineCount(), 3);
    QVERIFY(document.isIndexComplete());
    QCOMPARE(document.lineSpan(0), (LineSpan{0, 0, 5, 2}));
    QCOMPARE(document.lineSpan(2), (LineSpan{2, 12, 5, 0}));
    QCOMPARE(document.readBytes(7, 4), QByteArray("beta"));
    QCOMPARE(document.lineNumberAt(13), 2);
}

void tst_Document::failsWithReason()
{
    Document document;
    QSignalSpy failed(&document, &Document::failed);
    QVERIFY(!document.open(m_dir->filePath(QStringLiteral("missing.txt"))));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).value<OpenError>(), OpenError::NotFound);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("missing.txt")));
    QCOMPARE(document.state(), Document::State::Failed);
    QCOMPARE(document.lineCount(), 0);
    QCOMPARE(document.lineSpan(0), std::nullopt);

    QVERIFY(!document.open(m_dir->path()));
    QCOMPARE(failed.at(1).at(0).value<OpenError>(), OpenError::IsDirectory);
}

void tst_Document::emptyFileThenGrowth()
{
    QVERIFY(TestFiles::write(path(), QByteArray()));
    Document document;
    QSignalSpy lineCount(&document, &Document::lineCountChanged);
    QVERIFY(document.open(path()));
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QCOMPARE(document.lineCount(), 0);
    QVERIFY(TestFiles::append(path(), "first\nsecond\n"));
    QCOMPARE(document.refresh(), MappedFile::Change::Grown);
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QTRY_VERIFY(!lineCount.isEmpty());
    QCOMPARE(lineCount.constLast().at(0).toLongLong(), 2);
    QCOMPARE(document.readBytes(6, 6), QByteArray("second"));
}

void tst_Document::refreshFollowsGrowthAndReloadsOnShrink()
{
    QVERIFY(TestFiles::write(path(), "a\nb\n"));
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QCOMPARE(document.refresh(), MappedFile::Change::Unchanged);
    QVERIFY(TestFiles::append(path(), "c"));
    QCOMPARE(document.refresh(), MappedFile::Change::Grown);
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 3);

    QSignalSpy closed(&document, &Document::closed);
    QSignalSpy opened(&document, &Document::opened);
    QVERIFY(TestFiles::write(path(), "z\n"));
    QCOMPARE(document.refresh(), MappedFile::Change::Shrunk);
    QCOMPARE(closed.size(), 1);
    QCOMPARE(opened.size(), 1);
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 1);
    QCOMPARE(document.readBytes(0, 1), QByteArray("z"));
}

void tst_Document::lineCountChangesAreThrottled()
{
    QVERIFY(TestFiles::write(path(), QByteArray("0123456789\n").repeated(TestFiles::scaled(2000000))));
    Document document;
    QSignalSpy lineCount(&document, &Document::lineCountChanged);
    QSignalSpy finished(&document, &Document::indexFinished);
    QVERIFY(document.open(path()));
    QVERIFY(document.lineCount() > 0); // the first screen is there at once
    QVERIFY(finished.wait(10000));
    QVERIFY(lineCount.size() < 100);
    QCOMPARE(document.lineCount(), TestFiles::scaled(2000000));
    // The background may finish before open() returns; then opened() carries the whole count
    // and no change is announced. Otherwise the last announcement is the whole count.
    if (!lineCount.isEmpty())
        QCOMPARE(lineCount.constLast().at(0).toLongLong(), TestFiles::scaled(2000000));
}

QTEST_GUILESS_MAIN(tst_Document)
#include "tst_document.moc"
