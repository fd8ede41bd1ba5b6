#include "document.h"
#include "linemodel.h"
#include "lineview.h"
#include "searchbar.h"
#include "searchresultsview.h"

#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;

// The tutorial's vocabulary, then filler, then a last "cat".
static QByteArray sampleFile()
{
    QByteArray bytes = "VOCABULARY\ncasta\xc3\xb1" "a\nthe\ncat\nwas\nnot\na\ncaterpilar\n";
    for (int i = 0; i < 200; ++i)
        bytes += "filler line " + QByteArray::number(i) + '\n';
    bytes += "\tthe last cat\n";
    return bytes;
}

class TestSearchBar : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void enterSelectsFirstMatch();
    void f3MovesOnAndWraps();
    void shiftEnterGoesBack();
    void nonAsciiIgnoreCase();
    void invalidRegexShowsError();
    void resultsPaneJumps();

private:
    void type(const QString &pattern);
    QTemporaryDir m_dir;
    std::unique_ptr<Document> m_document;
    std::unique_ptr<LineModel> m_model;
    std::unique_ptr<QWidget> m_window;
    LineView *m_view = nullptr;
    SearchBar *m_bar = nullptr;
};

void TestSearchBar::init()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(u"vocabulary.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(sampleFile());
    file.close();
    m_document = std::make_unique<Document>();
    QVERIFY(m_document->open(path));
    m_document->waitForIndex();
    m_model = std::make_unique<LineModel>(m_document.get());
    QTRY_COMPARE(m_model->rowCount(), 209);
    m_window = std::make_unique<QWidget>();
    m_view = new LineView(m_window.get());
    m_view->setModel(m_model.get());
    m_view->setGeometry(0, 0, 600, 300);
    m_bar = new SearchBar(m_document.get(), m_model.get(), m_view, m_window.get());
    m_bar->setGeometry(0, 300, 600, 40);
    m_window->resize(600, 340);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_bar->activate();
}

void TestSearchBar::cleanup()
{
    m_window.reset();
    m_model.reset();
    m_document.reset();
}

void TestSearchBar::type(const QString &pattern)
{
    m_bar->patternEdit()->clear();
    QTest::keyClicks(m_bar->patternEdit(), pattern);
}

void TestSearchBar::enterSelectsFirstMatch()
{
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"cat"_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().toLongLong(), 3);
    QTRY_VERIFY(m_view->hasSelection());
    QCOMPARE(m_view->selectionStart(), (TextPosition{3, 0}));
    QCOMPARE(m_view->selectionEnd(), (TextPosition{3, 3}));
    QCOMPARE(m_bar->currentMatch()->byteOffset, 24); // Python: data.find(b'cat') == 24
    QVERIFY2(m_bar->statusText().contains(u"line 4, column 1, byte offset 24"_s), qPrintable(m_bar->statusText()));
    QVERIFY(m_bar->statusText().contains(u"3 matching lines"_s));
}

void TestSearchBar::f3MovesOnAndWraps()
{
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"cat"_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QTRY_COMPARE(m_bar->currentMatch()->byteOffset, 24);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_F3);
    QCOMPARE(m_view->selectionStart(), (TextPosition{7, 0})); // caterpilar
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_F3);
    // "\tthe last cat": the tab takes 8 display columns.
    QCOMPARE(m_view->selectionStart(), (TextPosition{208, 17}));
    QVERIFY(!m_bar->statusText().contains(u"wrapped"_s));
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_F3);
    QCOMPARE(m_view->selectionStart(), (TextPosition{3, 0}));
    QVERIFY2(m_bar->statusText().contains(u"wrapped around"_s), qPrintable(m_bar->statusText()));
}

void TestSearchBar::shiftEnterGoesBack()
{
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"cat"_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QTRY_VERIFY(m_bar->currentMatch());
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(m_view->selectionStart().row, 208);
    QVERIFY(m_bar->statusText().contains(u"wrapped around"_s));
}

void TestSearchBar::nonAsciiIgnoreCase()
{
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"CASTAÑA"_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QTRY_VERIFY(m_bar->currentMatch());
    QCOMPARE(m_bar->currentMatch()->byteOffset, 11);
    QCOMPARE(m_view->selectionEnd(), (TextPosition{1, 7})); // seven characters, eight bytes
}

void TestSearchBar::invalidRegexShowsError()
{
    const auto buttons = m_bar->findChildren<QToolButton *>();
    for (QToolButton *button : buttons) {
        if (button->text() == u".*")
            button->click();
    }
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"ca("_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY2(m_bar->errorText().contains(u"missing closing parenthesis"_s), qPrintable(m_bar->errorText()));
    QCOMPARE(m_bar->resultsModel()->rowCount(), 0);
    QVERIFY(!finished.wait(200)); // nothing ran
    QVERIFY(!m_view->hasSelection());
}

void TestSearchBar::resultsPaneJumps()
{
    SearchResultsView results;
    results.setModel(m_bar->resultsModel());
    connect(&results, &SearchResultsView::resultActivated, m_bar, &SearchBar::goToResult);
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"cat"_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QCOMPARE(results.model()->index(2, 0).data().toString(), u"209:         the last cat"_s);
    emit results.resultActivated(1);
    QCOMPARE(m_view->selectionStart(), (TextPosition{7, 0}));
    // Look at it: the bar and the pane, saved next to the test binary.
    results.resize(400, 120);
    m_window->grab().save(u"searchbar.png"_s);
    results.grab().save(u"searchresults.png"_s);
}

QTEST_MAIN(TestSearchBar)
#include "tst_searchbar.moc"
