#include "document.h"
#include "linemodel.h"

#include "outsidechange.h"
#include "testfiles.h"
#include "utf16samples.h"

#include <QRandomGenerator>
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
    void utf16ByItsMark_data();
    void utf16ByItsMark();
    void utf16RandomTextsMatchReference();
    void encodingChangeReindexes();
    void markArrivingInAnEmptyFile();

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
#if defined(Q_OS_WIN)
    // Windows refuses to shorten a mapped file; under Wine, a Linux program's truncation does it.
    if (!OutsideChange::truncate(path(), 0))
        QSKIP("Windows refuses to truncate a file while a view of it is mapped, and this is not Wine");
    QVERIFY(TestFiles::append(path(), "z\n"));
#else
    QVERIFY(TestFiles::write(path(), "z\n"));
#endif
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

using namespace Qt::StringLiterals;

namespace {

// What the view shows for a line of text (no tabs in these tests): control characters as their
// pictures.
QString displayed(QString text)
{
    for (QChar &c : text) {
        if (c.unicode() < 0x20)
            c = QChar(char16_t(0x2400 + c.unicode()));
        else if (c.unicode() == 0x7f)
            c = QChar(char16_t(0x2421));
    }
    return text;
}

// Every line of the document (through the model, as the view shows it) against `expected`.
QString compareLines(const Document &document, const LineModel &model, const QStringList &expected)
{
    if (document.lineCount() != expected.size() || model.rowCount() != expected.size())
        return u"%1 lines (%2 rows), expected %3"_s.arg(document.lineCount()).arg(model.rowCount()).arg(expected.size());
    for (int row = 0; row < expected.size(); ++row) {
        const QString got = model.data(model.index(row)).toString();
        if (got != displayed(expected.at(row)))
            return u"line %1: \"%2\", expected \"%3\""_s.arg(row + 1).arg(got, displayed(expected.at(row)));
    }
    return QString();
}

} // namespace

void tst_Document::utf16ByItsMark_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<LineDecoder::Encoding>("encoding");
    QTest::addColumn<QStringList>("lines");
    const QString three = u"one\ntwo\nthree\n"_s;
    const QString gurmukhi = u"\u010A and \u0A05\r\n\U0001F600 \u0A0A\nlast"_s;
    const QStringList threeLines{u"one"_s, u"two"_s, u"three"_s};
    const QStringList gurmukhiLines{u"\u010A and \u0A05"_s, u"\U0001F600 \u0A0A"_s, u"last"_s};
    QTest::newRow("le, 3 lines") << Utf16Samples::encode(three, false, true) << LineDecoder::Encoding::Utf16LE << threeLines;
    QTest::newRow("be, 3 lines") << Utf16Samples::encode(three, true, true) << LineDecoder::Encoding::Utf16BE << threeLines;
    QTest::newRow("le, \u010A \u0A05") << Utf16Samples::encode(gurmukhi, false, true) << LineDecoder::Encoding::Utf16LE
                                       << gurmukhiLines;
    QTest::newRow("be, \u010A \u0A05") << Utf16Samples::encode(gurmukhi, true, true) << LineDecoder::Encoding::Utf16BE
                                       << gurmukhiLines;
    QTest::newRow("only the mark") << QByteArray("\xff\xfe") << LineDecoder::Encoding::Utf16LE << QStringList();
    QTest::newRow("odd last byte") << QByteArray(Utf16Samples::encode(u"a\nb"_s, false, true) + "c")
                                   << LineDecoder::Encoding::Utf16LE << QStringList{u"a"_s, u"b\uFFFD"_s};
    QTest::newRow("lone cr at the end") << Utf16Samples::encode(u"a\r\nb\r"_s, true, true)
                                        << LineDecoder::Encoding::Utf16BE << QStringList{u"a"_s, u"b\r"_s};
}

void tst_Document::utf16ByItsMark()
{
    QFETCH(QByteArray, bytes);
    QFETCH(LineDecoder::Encoding, encoding);
    QFETCH(QStringList, lines);
    QVERIFY(TestFiles::write(path(), bytes));
    Document document;
    LineModel model(&document);
    QVERIFY(document.open(path()));
    QCOMPARE(document.encoding(), encoding);
    QCOMPARE(model.encoding(), encoding);
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QTRY_COMPARE(model.rowCount(), lines.size());
    const QString failure = compareLines(document, model, lines);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    if (!lines.isEmpty()) {
        QCOMPARE(document.lineSpan(0)->byteOffset, 2); // the mark is not text
        QCOMPARE(document.lineNumberAt(0), 0);
    }
}

void tst_Document::utf16RandomTextsMatchReference()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    for (int file = 0; file < TestFiles::scaled(40); ++file) {
        const bool bigEndian = file % 2 == 1;
        const bool mark = file % 4 < 2;
        QString text = Utf16Samples::randomText(random, int(random.bounded(file % 8 == 0 ? 200000 : 3000)), false);
        if (file % 3 == 0)
            text.append(u'\n');
        QByteArray bytes = Utf16Samples::encode(text, bigEndian, mark);
        if (file % 5 == 0)
            bytes.append('\x0a');
        const QString name = u"random%1.txt"_s.arg(file);
        QVERIFY(TestFiles::write(m_dir->filePath(name), bytes));
        Document document;
        const LineDecoder::Encoding encoding = bigEndian ? LineDecoder::Encoding::Utf16BE : LineDecoder::Encoding::Utf16LE;
        document.setEncoding(encoding); // without a mark, the encoding is told
        LineModel model(&document);
        QVERIFY(document.open(m_dir->filePath(name)));
        QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
        QTRY_COMPARE(model.rowCount(), document.lineCount());
        const QString failure = compareLines(document, model, Utf16Samples::lines(Utf16Samples::decode(bytes, bigEndian)));
        QVERIFY2(failure.isEmpty(), qPrintable(u"seed %1, file %2: %3"_s.arg(seed).arg(file).arg(failure)));
    }
}

void tst_Document::encodingChangeReindexes()
{
    // "a\u0A0A\n\u010A" in UTF-16LE: as bytes, 5 lines ("a\0", "", "", "\0", "\x01").
    const QByteArray bytes("a\0\n\n\n\0\n\x01", 8);
    QVERIFY(TestFiles::write(path(), bytes));
    Document document;
    LineModel model(&document);
    QSignalSpy reset(&document, &Document::linesReset);
    QSignalSpy changed(&document, &Document::encodingChanged);
    QVERIFY(document.open(path()));
    QCOMPARE(document.encoding(), LineDecoder::Encoding::Utf8);
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 5);

    LineDecoder::Options options = model.decoderOptions();
    options.encoding = LineDecoder::Encoding::Utf16LE; // as View > Encoding does
    model.setDecoderOptions(options);
    QCOMPARE(document.encoding(), LineDecoder::Encoding::Utf16LE);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(changed.size(), 1);
    document.waitForIndex();
    QTRY_COMPARE(model.rowCount(), 2);
    QString failure = compareLines(document, model, {u"a\u0A0A"_s, u"\u010A"_s});
    QVERIFY2(failure.isEmpty(), qPrintable(failure));

    document.setEncoding(LineDecoder::Encoding::Latin1);
    QCOMPARE(reset.size(), 2);
    document.waitForIndex();
    QTRY_COMPARE(document.lineCount(), 5);
    document.setEncoding(LineDecoder::Encoding::Utf8); // same lines: no re-index
    QCOMPARE(reset.size(), 2);
    QCOMPARE(changed.size(), 3);

    // A file with a mark is read as its mark says, whatever is asked; the request stays for the next.
    QVERIFY(TestFiles::write(path(), Utf16Samples::encode(u"x\ny"_s, true, true)));
    QVERIFY(document.reload());
    QCOMPARE(document.encoding(), LineDecoder::Encoding::Utf16BE);
    document.setEncoding(LineDecoder::Encoding::Latin1);
    QCOMPARE(document.encoding(), LineDecoder::Encoding::Utf16BE);
    QCOMPARE(reset.size(), 2);
    document.close();
    QCOMPARE(document.encoding(), LineDecoder::Encoding::Latin1);
}

void tst_Document::markArrivingInAnEmptyFile()
{
    QVERIFY(TestFiles::write(path(), QByteArray()));
    Document document;
    QSignalSpy reset(&document, &Document::linesReset);
    QVERIFY(document.open(path()));
    document.waitForIndex();
    QVERIFY(TestFiles::append(path(), Utf16Samples::encode(u"\u010A\n\u0A05\n"_s, false, true)));
    QCOMPARE(document.refresh(), MappedFile::Change::Grown);
    QCOMPARE(document.encoding(), LineDecoder::Encoding::Utf16LE);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    QCOMPARE(document.lineCount(), 2);
}

QTEST_GUILESS_MAIN(tst_Document)
#include "tst_document.moc"
