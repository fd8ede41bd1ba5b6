#include "document.h"
#include "searchresultsmodel.h"
#include "testfiles.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSearchResultsModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void rowsShowLineNumberAndText();
    void appendsInBatches();
    void navigation_data();
    void navigation();
    void wrapsOnlyWhenComplete();
    void tenMillionMatches();
    void lineStartsPastFourGiB_data();
    void lineStartsPastFourGiB();
    void matchesAnywhereInALongLine_data();
    void matchesAnywhereInALongLine();

private:
    QTemporaryDir m_dir;
    Document m_document;
    std::unique_ptr<SearchResultsModel> m_model;
};

// Line starts: 0 "cat", 4 "dog", 8 "a cat cat", 18 "cow", 22 "cat".
static const QByteArray kFile = "cat\ndog\na cat cat\ncow\ncat\n";

void TestSearchResultsModel::init()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(u"f.txt"_s);
    QVERIFY(TestFiles::write(path, kFile));
    QVERIFY(m_document.open(path));
    QCOMPARE(m_document.waitForIndex(), LineIndex::Status::Complete);
    m_model = std::make_unique<SearchResultsModel>(&m_document);
    QString error;
    m_model->reset(SearchMatcher::compile(SearchOptions{u"cat"_s, false, true, false}, &error));
    m_model->appendLines({0, 8, 22});
    m_model->setComplete(true);
}

void TestSearchResultsModel::rowsShowLineNumberAndText()
{
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->data(m_model->index(1), Qt::DisplayRole).toString(), u"3: a cat cat"_s);
    QCOMPARE(m_model->data(m_model->index(2), SearchResultsModel::LineNumberRole).toLongLong(), 5);
    QCOMPARE(m_model->data(m_model->index(2), SearchResultsModel::LineStartRole).toLongLong(), 22);
    QCOMPARE(m_model->indexOfLine(8), 1);
    QCOMPARE(m_model->indexOfLine(4), -1);
}

void TestSearchResultsModel::appendsInBatches()
{
    QString error;
    m_model->reset(SearchMatcher::compile(SearchOptions{u"cat"_s, false, true, false}, &error));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->appendLines({0, 8});
    m_model->appendLines({22});
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 2);
    QCOMPARE(m_model->matchingLines(), 3);
}

void TestSearchResultsModel::navigation_data()
{
    QTest::addColumn<bool>("forward");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<bool>("wrapped");
    QTest::newRow("first") << true << 0LL << 0LL << false;
    QTest::newRow("next in line") << true << 11LL << 14LL << false;
    QTest::newRow("next line") << true << 1LL << 10LL << false;
    QTest::newRow("wrap forward") << true << 23LL << 0LL << true;
    QTest::newRow("previous in line") << false << 14LL << 10LL << false;
    QTest::newRow("previous line") << false << 22LL << 14LL << false;
    QTest::newRow("wrap backward") << false << 0LL << 22LL << true;
}

void TestSearchResultsModel::navigation()
{
    QFETCH(bool, forward);
    QFETCH(qint64, from);
    QFETCH(qint64, expected);
    QFETCH(bool, wrapped);
    bool didWrap = !wrapped;
    const auto match = forward ? m_model->matchFrom(from, &didWrap) : m_model->matchBefore(from, &didWrap);
    QVERIFY(match);
    QCOMPARE(match->byteOffset, expected);
    QCOMPARE(match->length, 3);
    QCOMPARE(didWrap, wrapped);
}

void TestSearchResultsModel::wrapsOnlyWhenComplete()
{
    m_model->setComplete(false);
    QVERIFY(!m_model->matchFrom(23));
    QVERIFY(m_model->matchFrom(20));
    QCOMPARE(m_model->matchesInLine(8).size(), 2);
    QCOMPARE(m_model->matchesInLine(4).size(), 0);
}

void TestSearchResultsModel::tenMillionMatches()
{
    // Ten million rows are offsets only: appending and reading a few rows is cheap.
    QString error;
    m_model->reset(SearchMatcher::compile(SearchOptions{u"cat"_s, false, true, false}, &error));
    const int total = TestFiles::scaled(100) * 100'000; // ten million, fewer under the sanitizers
    QList<qint64> batch(100'000);
    for (int done = 0; done < total; done += int(batch.size())) {
        for (qsizetype i = 0; i < batch.size(); ++i)
            batch[i] = 22 + done + i; // not real lines; only the count and the offsets matter
        m_model->appendLines(batch);
    }
    QCOMPARE(m_model->rowCount(), total);
    QCOMPARE(m_model->data(m_model->index(total - 1), SearchResultsModel::LineStartRole).toLongLong(),
             22 + total - 1);
}

void TestSearchResultsModel::lineStartsPastFourGiB_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<qint64>("maxGap");
    QTest::newRow("small gaps") << 1u << 1000LL;
    QTest::newRow("gaps around 4 GiB") << 2u << (qint64(1) << 33);
    QTest::newRow("mixed") << 3u << (qint64(1) << 31);
    QTest::newRow("random seed") << QRandomGenerator::global()->generate() << (qint64(1) << 32);
}

void TestSearchResultsModel::lineStartsPastFourGiB()
{
    // The compact store against a plain vector, with offsets far past 4 GiB (a 64-bit file).
    QFETCH(quint32, seed);
    QFETCH(qint64, maxGap);
    qInfo("seed %u", seed);
    QRandomGenerator random(seed);
    std::vector<qint64> reference;
    SearchResultsModel::LineStarts store;
    qint64 offset = 0;
    for (int i = 0; i < 5000; ++i) {
        offset += random.bounded(4) == 0 ? random.bounded(maxGap) : random.bounded(qint64(100));
        reference.push_back(offset);
        store.append(offset);
    }
    QCOMPARE(store.size(), qint64(reference.size()));
    for (size_t i = 0; i < reference.size(); ++i)
        QCOMPARE(store.at(qint64(i)), reference[i]);
    for (int i = 0; i < 5000; ++i) {
        const qint64 probe = random.bounded(4) == 0 ? reference[size_t(random.bounded(int(reference.size())))]
                                                    : qint64(random.bounded(quint64(offset) + 10)) - 5;
        const auto lower = std::lower_bound(reference.begin(), reference.end(), probe) - reference.begin();
        const auto upper = std::upper_bound(reference.begin(), reference.end(), probe) - reference.begin();
        QCOMPARE(store.lowerBound(probe), qint64(lower));
        QCOMPARE(store.upperBound(probe), qint64(upper));
    }
    store.clear();
    QCOMPARE(store.size(), 0);
    QCOMPARE(store.lowerBound(10), 0);
}

void TestSearchResultsModel::matchesAnywhereInALongLine_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::newRow("literal") << u"needle"_s << false;
    QTest::newRow("regex") << u"ne+dle"_s << true;
    QTest::newRow("anchored regex: only at the line's start") << u"^needle"_s << true;
}

// Issue 13: matches past the first MiB of a line are navigable and found where a view shows them.
void TestSearchResultsModel::matchesAnywhereInALongLine()
{
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    // Line 1 (at 6) is 5 MB with "needle" at its start, at 2,500,000 and near its end.
    QByteArray line(5'000'000, 'x');
    const qint64 ats[] = {0, 2'500'000, 4'999'000};
    for (const qint64 at : ats)
        line.replace(at, 6, "needle");
    const QString path = m_dir.filePath(u"long.txt"_s);
    QVERIFY(TestFiles::write(path, "first\n" + line + "\nlast needle\n"));
    Document document;
    QVERIFY(document.open(path));
    QCOMPARE(document.waitForIndex(), LineIndex::Status::Complete);
    SearchResultsModel model(&document);
    QString error;
    model.reset(SearchMatcher::compile(SearchOptions{pattern, regex, true, false}, &error));
    const qint64 start = 6;
    const qint64 last = start + line.size() + 1;
    model.appendLines({start, last});
    model.setComplete(true);
    const bool anchored = pattern.startsWith(u'^');

    QList<qint64> found; // every match, by F3 from the file's start
    bool wrapped = false;
    for (std::optional<SearchResultsModel::Match> match = model.matchFrom(0, &wrapped); match && !wrapped;
         match = model.matchFrom(match->byteOffset + 1, &wrapped))
        found.append(match->byteOffset);
    const QList<qint64> expected = anchored ? QList<qint64>{start}
                                            : QList<qint64>{start, start + ats[1], start + ats[2], last + 5};
    QCOMPARE(found, expected);
    // And back with Shift+F3.
    QList<qint64> back;
    for (std::optional<SearchResultsModel::Match> match = model.matchBefore(document.size(), &wrapped);
         match && !wrapped; match = model.matchBefore(match->byteOffset, &wrapped))
        back.prepend(match->byteOffset);
    QCOMPARE(back, expected);
    // What a view shows around column 2.5 million has its match.
    const QList<SearchMatcher::Span> shown = model.matchesInLineRange(start, ats[1] - 100, ats[1] + 100);
    QCOMPARE(shown.size(), anchored ? 0 : 1);
    if (!anchored)
        QCOMPARE(shown.first(), (SearchMatcher::Span{ats[1], 6}));
    // A match starting before the range and reaching into it counts.
    QCOMPARE(model.matchesInLineRange(start, ats[2] + 3, ats[2] + 50).size(), anchored ? 0 : 1);
}

QTEST_GUILESS_MAIN(TestSearchResultsModel)
#include "tst_searchresultsmodel.moc"
