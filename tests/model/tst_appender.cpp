#include "appender.h"
#include "document.h"

#include "outsidechange.h"
#include "testfiles.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

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

} // namespace

class tst_Appender : public QObject {
    Q_OBJECT
private slots:
    void init();
    void split_data();
    void split();
    void appendsInTheFilesStyle_data();
    void appendsInTheFilesStyle();
    void tutorialVocabularyMatchesPython_data();
    void tutorialVocabularyMatchesPython();
    void extendsTheIndexWithoutRebuilding();
    void keepsTheFileOpenAndReopensAfterRotation();
    void deletedFileIsAnErrorAndNotRecreated();
    void readOnlyFileIsAnError();
    void nothingToAppendIsAnError();

private:
    QString path() const { return m_dir->filePath(u"words.txt"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Appender::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Appender::split_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Appender::Splitting>("splitting");
    QTest::addColumn<QStringList>("entries");
    const auto lines = Appender::Splitting::OnePerLine;
    const auto words = Appender::Splitting::OnWhitespace;
    QTest::newRow("lines") << u"dog\nhouse sheep\n"_s << lines << QStringList{u"dog"_s, u"house sheep"_s};
    QTest::newRow("lines crlf, blank skipped") << u"a\r\n\r\nb c\r\n"_s << lines << QStringList{u"a"_s, u"b c"_s};
    QTest::newRow("words") << u"  dog\thouse\n sheep  "_s << words << QStringList{u"dog"_s, u"house"_s, u"sheep"_s};
    QTest::newRow("utf-8 words") << u"conjuración castaña"_s << words
                                 << QStringList{u"conjuración"_s, u"castaña"_s};
    QTest::newRow("empty") << u" \n\t"_s << words << QStringList{};
    QTest::newRow("empty lines") << u"\n\n"_s << lines << QStringList{};
    QTest::newRow("blank lines, spaces kept") << u"  \n a b \n\t"_s << lines << QStringList{u" a b "_s};
}

void tst_Appender::split()
{
    QFETCH(QString, text);
    QFETCH(Appender::Splitting, splitting);
    QFETCH(QStringList, entries);
    QCOMPARE(Appender::split(text, splitting), entries);
}

void tst_Appender::appendsInTheFilesStyle_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QStringList>("entries");
    QTest::addColumn<QByteArray>("after");
    const QStringList two{u"dog"_s, u"sheep"_s};
    QTest::newRow("lf") << "a\nb\n"_ba << two << "a\nb\ndog\nsheep\n"_ba;
    QTest::newRow("crlf") << "a\r\nb\r\n"_ba << two << "a\r\nb\r\ndog\r\nsheep\r\n"_ba;
    QTest::newRow("lf, no final newline") << "a\nb"_ba << two << "a\nb\ndog\nsheep\n"_ba;
    QTest::newRow("crlf, no final newline") << "a\r\nb"_ba << two << "a\r\nb\r\ndog\r\nsheep\r\n"_ba;
    QTest::newRow("last ending wins") << "a\r\nb\n"_ba << two << "a\r\nb\ndog\nsheep\n"_ba;
    QTest::newRow("one line, no newline") << "a"_ba << two << "a\ndog\nsheep\n"_ba;
    QTest::newRow("empty file") << QByteArray() << two << "dog\nsheep\n"_ba;
    QTest::newRow("utf-8") << "x\n"_ba << QStringList{u"conjuración"_s, u"日本"_s}
                           << "x\nconjuraci\xc3\xb3n\n\xe6\x97\xa5\xe6\x9c\xac\n"_ba;
}

void tst_Appender::appendsInTheFilesStyle()
{
    QFETCH(QByteArray, before);
    QFETCH(QStringList, entries);
    QFETCH(QByteArray, after);
    QVERIFY(TestFiles::write(path(), before));
    Document document;
    QVERIFY(document.open(path()));
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    Appender appender(&document);
    const Appender::Result result = appender.append(entries);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.entries, entries.size());
    QCOMPARE(result.bytesWritten, after.size() - before.size());
    QCOMPARE(contents(path()), after);
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QCOMPARE(document.size(), after.size());
    QCOMPARE(document.lineCount(), referenceLineCount(after));
    QCOMPARE(result.lineCount, referenceLineCount(after));
    QCOMPARE(document.readBytes(0, after.size()), std::optional<QByteArray>(after));
}

void tst_Appender::tutorialVocabularyMatchesPython_data()
{
    QTest::addColumn<QByteArray>("vocabulary");
    QTest::addColumn<QByteArray>("python");
    // The file as the tutorial creates it, and after its mmap edit wrote "XXX" over "VOC".
    // `python`: the bytes after open(path, mode="a", encoding="utf8") wrote w + '\n' for each of
    // dog, house, sheep, conjuración (checked with CPython 3.11 on Linux).
    QTest::newRow("created") << "VOCABULARY\ncasta\xc3\xb1""a\nthe\ncat\nwas\nnot\na\ncaterpilar\n"_ba
                             << "VOCABULARY\ncasta\xc3\xb1""a\nthe\ncat\nwas\nnot\na\ncaterpilar\n"
                                "dog\nhouse\nsheep\nconjuraci\xc3\xb3n\n"_ba;
    QTest::newRow("after mmap edit") << "XXXABULARY\ncasta\xc3\xb1""a\nthe\ncat\nwas\nnot\na\ncaterpilar\n"_ba
                                     << "XXXABULARY\ncasta\xc3\xb1""a\nthe\ncat\nwas\nnot\na\ncaterpilar\n"
                                        "dog\nhouse\nsheep\nconjuraci\xc3\xb3n\n"_ba;
}

void tst_Appender::tutorialVocabularyMatchesPython()
{
    QFETCH(QByteArray, vocabulary);
    QFETCH(QByteArray, python);
    QVERIFY(TestFiles::write(path(), vocabulary));
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 8);
    Appender appender(&document);
    const Appender::Result result =
        appender.append(u"dog house sheep conjuración"_s, Appender::Splitting::OnWhitespace);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(contents(path()), python);
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 12);
}

void tst_Appender::extendsTheIndexWithoutRebuilding()
{
    QVERIFY(TestFiles::write(path(), QByteArray()));
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 0);
    const LineIndex *index = document.lineIndex();
    QSignalSpy opened(&document, &Document::opened);
    QSignalSpy closed(&document, &Document::closed);
    Appender appender(&document);
    QByteArray expected;
    for (int i = 1; i <= 20; ++i) {
        const QStringList words{u"w%1"_s.arg(i), u"x%1"_s.arg(i)};
        const Appender::Result result = appender.append(words);
        QVERIFY2(result.ok, qPrintable(result.error));
        expected += "w" + QByteArray::number(i) + "\nx" + QByteArray::number(i) + "\n";
        QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
        QCOMPARE(document.lineCount(), 2 * i);
        QCOMPARE(result.lineCount, 2 * i);
    }
    QCOMPARE(contents(path()), expected);
    // Extended in place: never closed, reopened or given a new index.
    QCOMPARE(opened.size(), 0);
    QCOMPARE(closed.size(), 0);
    QCOMPARE(document.lineIndex(), index);
    QCOMPARE(appender.appendCount(), 20);
    QCOMPARE(appender.openCount(), 1);
    QCOMPARE(document.lineSpan(39), (LineSpan{39, expected.size() - 4, 3, 1}));
}

void tst_Appender::keepsTheFileOpenAndReopensAfterRotation()
{
    QVERIFY(TestFiles::write(path(), "one\n"));
    Document document;
    QVERIFY(document.open(path()));
    document.waitForIndex();
    Appender appender(&document);
    QVERIFY(appender.append({u"two"_s}).ok);
    QVERIFY(appender.append({u"three"_s}).ok);
    QCOMPARE(appender.openCount(), 1);
    QVERIFY(appender.isFileOpen());

    // Rotation: the path now names a new file, one the user has not seen yet: refused.
    QVERIFY(QFile::rename(path(), path() + u".1"_s));
    QVERIFY(TestFiles::write(path(), "fresh\r\n"));
    const Appender::Result refused = appender.append({u"four"_s});
    QVERIFY(!refused.ok);
    QVERIFY2(refused.error.contains(u"replaced"_s), qPrintable(refused.error));
    QCOMPARE(contents(path()), "fresh\r\n"_ba);
    QCOMPARE(contents(path() + u".1"_s), "one\ntwo\nthree\n"_ba);
    // Once the document shows the new file (the follower reloads it), appends go there.
    QVERIFY(document.reload());
    const Appender::Result result = appender.append({u"four"_s});
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(appender.openCount(), 3); // opened to look at the rotated file, then again after the reload
    QCOMPARE(contents(path()), "fresh\r\nfour\r\n"_ba);
    QCOMPARE(contents(path() + u".1"_s), "one\ntwo\nthree\n"_ba);
    document.waitForIndex();
    QCOMPARE(document.lineCount(), 2);

    // Truncated by another program under what is shown: refused, nothing written.
#if defined(Q_OS_WIN)
    // Windows refuses to shorten a mapped file; under Wine, a Linux program's truncation does it.
    if (!OutsideChange::truncate(path(), 0))
        QSKIP("Windows refuses to truncate a file while a view of it is mapped, and this is not Wine");
    QVERIFY(TestFiles::append(path(), "x\n"));
#else
    QVERIFY(TestFiles::write(path(), "x\n"));
#endif
    const Appender::Result shorter = appender.append({u"five"_s});
    QVERIFY(!shorter.ok);
    QVERIFY2(shorter.error.contains(u"shorter"_s), qPrintable(shorter.error));
    QCOMPARE(contents(path()), "x\n"_ba);
}

void tst_Appender::deletedFileIsAnErrorAndNotRecreated()
{
    QVERIFY(TestFiles::write(path(), "one\n"));
    Document document;
    QVERIFY(document.open(path()));
    Appender appender(&document);
    QVERIFY(appender.append({u"two"_s}).ok);
#if defined(Q_OS_WIN)
    // Wine (like Windows before 10 1903) keeps a deleted file's name while it is open: there the
    // name goes from outside, as Windows 10 1903 and later remove it.
    if (!OutsideChange::unlink(path())) {
        QVERIFY(QFile::remove(path()));
        if (QFile::exists(path()))
            QSKIP("This Windows keeps a deleted file's name until its last handle closes");
    }
#else
    QVERIFY(QFile::remove(path()));
#endif
    const Appender::Result result = appender.append({u"three"_s});
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"no longer exists"_s), qPrintable(result.error));
    QVERIFY(!QFile::exists(path()));
}

void tst_Appender::readOnlyFileIsAnError()
{
    QVERIFY(TestFiles::write(path(), "one\n"));
    QVERIFY(QFile::setPermissions(path(), QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
#if defined(Q_OS_UNIX)
    if (::geteuid() == 0)
        QSKIP("root may write to read-only files");
#elif defined(Q_OS_WIN)
    if (QFile probe(path()); probe.open(QIODevice::WriteOnly | QIODevice::Append))
        QSKIP("this system lets the user write to read-only files (Wine run by root)");
#endif
    Document document;
    QVERIFY(document.open(path()));
    Appender appender(&document);
    const Appender::Result result = appender.append({u"two"_s});
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"read-only"_s), qPrintable(result.error));
    QCOMPARE(contents(path()), "one\n"_ba);
}

void tst_Appender::nothingToAppendIsAnError()
{
    QVERIFY(TestFiles::write(path(), "one\n"));
    Document document;
    Appender appender(&document);
    QVERIFY(!appender.append({u"x"_s}).ok); // no file open
    QVERIFY(document.open(path()));
    const Appender::Result result = appender.append(u"  \n "_s, Appender::Splitting::OnWhitespace);
    QVERIFY(!result.ok);
    QVERIFY(!result.error.isEmpty());
    QCOMPARE(contents(path()), "one\n"_ba);
    QVERIFY(!appender.isFileOpen()); // nothing written, nothing opened
}

QTEST_GUILESS_MAIN(tst_Appender)
#include "tst_appender.moc"
