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

QTEST_GUILESS_MAIN(TestSearchResultsModel)
#include "tst_searchresultsmodel.moc"
