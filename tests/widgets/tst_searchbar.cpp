#include "document.h"
#include "linemodel.h"
#include "lineview.h"
#include "searchbar.h"
#include "searchresultsview.h"

#include <QFile>
#include <QAction>
#include <QLineEdit>
#include <QMenu>
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
    void f3ShortcutFindsNext_data();
    void f3ShortcutFindsNext();
    void searchesAsYouType();
    void history();
    void resultsKeyboardMovesViewCentred();
    void widthIgnoresMessages();
    void tabGoesToTheReplacement_data();
    void tabGoesToTheReplacement();

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
    // Compiled off the GUI thread: the error comes back a moment later.
    QTRY_VERIFY2(m_bar->errorText().contains(u"missing closing parenthesis"_s), qPrintable(m_bar->errorText()));
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
    results.resize(400, 120);
    results.show();
    QVERIFY(QTest::qWaitForWindowExposed(&results));
    emit results.resultActivated(1);
    QCOMPARE(m_view->selectionStart(), (TextPosition{7, 0}));
    // Look at it: the bar and the pane, saved next to the test binary.
    m_window->grab().save(u"searchbar.png"_s);
    results.grab().save(u"searchresults.png"_s);
}

void TestSearchBar::f3ShortcutFindsNext_data()
{
    QTest::addColumn<bool>("focusInField");
    QTest::newRow("focus in the view") << false;
    QTest::newRow("focus in the field") << true;
}

void TestSearchBar::f3ShortcutFindsNext()
{
    // The window's Find Next / Find Previous actions: F3 was registered twice (Key_F3 and
    // QKeySequence::FindNext), an ambiguous shortcut that Qt triggers never.
    QFETCH(bool, focusInField);
    m_window->addAction(m_bar->findNextAction());
    m_window->addAction(m_bar->findPreviousAction());
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"cat"_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QTRY_COMPARE(m_bar->currentMatch()->byteOffset, 24);
    QWidget *target = focusInField ? static_cast<QWidget *>(m_bar->patternEdit()) : m_view;
    target->setFocus();
    QTRY_VERIFY(target->hasFocus());
    QTest::keyClick(target, Qt::Key_F3);
    QCOMPARE(m_view->selectionStart(), (TextPosition{7, 0}));
    QTest::keyClick(target, Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(m_view->selectionStart(), (TextPosition{3, 0}));
}

void TestSearchBar::searchesAsYouType()
{
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    QTest::keyClicks(m_bar->patternEdit(), u"caterp"_s);
    QVERIFY(finished.wait(5000));
    QTRY_VERIFY(m_bar->currentMatch());
    QCOMPARE(m_view->selectionStart(), (TextPosition{7, 0}));
    QCOMPARE(m_bar->resultsModel()->rowCount(), 1);
    // Deleting back to "cat" searches again from where the cursor is.
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Backspace);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Backspace);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Backspace);
    QTRY_COMPARE(m_bar->resultsModel()->rowCount(), 3);
    QTRY_VERIFY(!m_bar->isSearching());
    QCOMPARE(m_view->selectionStart(), (TextPosition{7, 0}));
    QCOMPARE(finished.count(), 2); // one run per pause, not per key
}

void TestSearchBar::history()
{
    QSignalSpy changed(m_bar, &SearchBar::historyChanged);
    m_bar->setHistory({u"was"_s, u"not"_s});
    type(u"cat"_s);
    QLineEdit *field = m_bar->patternEdit();
    QTest::keyClick(field, Qt::Key_Up);
    QCOMPARE(field->text(), u"was"_s);
    QTest::keyClick(field, Qt::Key_Up);
    QCOMPARE(field->text(), u"not"_s);
    QTest::keyClick(field, Qt::Key_Up);
    QCOMPARE(field->text(), u"not"_s);
    QTest::keyClick(field, Qt::Key_Down);
    QTest::keyClick(field, Qt::Key_Down);
    QCOMPARE(field->text(), u"cat"_s); // back to what was typed
    QCOMPARE(changed.count(), 0);
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_bar->history(), (QStringList{u"cat"_s, u"was"_s, u"not"_s}));
    // The drop-down lists the same, most recent first.
    auto *button = m_bar->findChild<QToolButton *>(u"history"_s);
    QVERIFY(button);
    QVERIFY(button->menu());
    emit button->menu()->aboutToShow();
    const QList<QAction *> entries = button->menu()->actions();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.at(1)->data().toString(), u"was"_s);
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    entries.at(1)->trigger();
    QCOMPARE(field->text(), u"was"_s);
    QVERIFY(finished.wait(5000));
    QTRY_COMPARE(m_view->selectionStart(), (TextPosition{4, 0}));
}

void TestSearchBar::resultsKeyboardMovesViewCentred()
{
    SearchResultsView results;
    results.setModel(m_bar->resultsModel());
    connect(&results, &SearchResultsView::currentRowChanged, m_bar, &SearchBar::goToResult);
    results.resize(400, 120);
    results.show();
    QVERIFY(QTest::qWaitForWindowExposed(&results));
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"filler line 1"_s); // lines 1, 10-19, 100-199: rows 9, 18-27, 108-207
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QCOMPARE(results.model()->rowCount(), 111);
    results.setFocus();
    QTest::keyClick(&results, Qt::Key_Down);
    QCOMPARE(results.currentRow(), 0);
    QCOMPARE(m_view->selectionStart(), (TextPosition{9, 0}));
    QTest::keyClick(&results, Qt::Key_Down);
    QCOMPARE(m_view->selectionStart(), (TextPosition{18, 0}));
    QTest::keyClick(&results, Qt::Key_PageDown);
    const int row = int(m_view->selectionStart().row);
    QVERIFY(row > 18);
    QTest::keyClick(&results, Qt::Key_End);
    QCOMPARE(m_view->selectionStart(), (TextPosition{207, 0}));
    // A jump lands mid-screen.
    results.setCurrentRow(61); // "filler line 150"
    QCOMPARE(m_view->selectionStart(), (TextPosition{158, 0}));
    QCOMPARE(m_view->firstVisibleRow(), 158 - m_view->visibleRowCount() / 2);
    QVERIFY(results.firstVisibleRow() <= 61 && 61 < results.firstVisibleRow() + results.visibleRowCount());
}

void TestSearchBar::widthIgnoresMessages()
{
    // The field and the buttons stay where they are whatever the message says.
    const QRect before = m_bar->patternEdit()->geometry();
    QSignalSpy finished(m_bar, &SearchBar::searchFinished);
    type(u"filler"_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QVERIFY(finished.wait(5000));
    QTRY_VERIFY(m_bar->statusText().contains(u"byte offset"_s));
    QTRY_COMPARE(m_bar->patternEdit()->geometry(), before);
    const auto buttons = m_bar->findChildren<QToolButton *>();
    for (QToolButton *button : buttons) {
        if (button->text() == u".*")
            button->click();
    }
    type(u"(unclosed group"_s);
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Return);
    QTRY_VERIFY(!m_bar->errorText().isEmpty());
    QTest::qWait(50); // layouts run from the event loop
    QCOMPARE(m_bar->patternEdit()->geometry(), before);
}

void TestSearchBar::tabGoesToTheReplacement_data()
{
    QTest::addColumn<bool>("replaceShown");
    QTest::newRow("replacement row shown") << true;
    QTest::newRow("find only") << false;
}

// Tab in the find field goes to the replacement field when it is shown; otherwise the focus
// moves on as usual (somewhere else than the pattern).
void TestSearchBar::tabGoesToTheReplacement()
{
    QFETCH(bool, replaceShown);
    m_bar->setReplaceVisible(replaceShown);
    m_bar->resize(600, m_bar->sizeHint().height());
    m_bar->patternEdit()->setFocus();
    QTRY_VERIFY(m_bar->patternEdit()->hasFocus());
    QTest::keyClick(m_bar->patternEdit(), Qt::Key_Tab);
    if (replaceShown)
        QTRY_VERIFY(m_bar->replacementEdit()->hasFocus());
    else
        QTRY_VERIFY(!m_bar->patternEdit()->hasFocus());
}

QTEST_MAIN(TestSearchBar)
#include "tst_searchbar.moc"
