#include "appsettings.h"
#include "bulkeditcontroller.h"
#include "bulkeditdialog.h"
#include "document.h"
#include "documenttab.h"
#include "editcontroller.h"
#include "englishplurals.h"
#include "filterbar.h"
#include "linemarks.h"
#include "linemodel.h"
#include "linepatterndialog.h"
#include "lineset.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchcontroller.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

// The bulk edits in a real main window, offscreen: Ctrl+H and the replacement row, Replace All
// through its dialog (count, undo cost, apply), Undo and Redo (mixed with the edits made in
// place), Delete / Keep Matching Lines with the marks following, a line set and the filter dock's
// Apply to File, a file changed under the dialog, and Cancel during the rewrite.
class tst_BulkEditController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void replaceAllCountsAppliesUndoesAndRedoes();
    void replaceCurrentMatchThenUndoBoth();
    void deleteAndKeepMatchingLines_data();
    void deleteAndKeepMatchingLines();
    void applyLineSetKeepsThoseLines();
    void applyFilterToFileFromTheFilterDock();
    void aFileChangedUnderTheDialogIsNotWritten();
    void cancelDuringTheRewriteLeavesTheFile();

private:
    QString writeFile(const QByteArray &bytes) const
    {
        const QString path = m_dir->filePath(u"doc.txt"_s);
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() ? path : QString();
    }
    static QByteArray contents(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QAction *action(MainWindow &window, const QString &name)
    {
        return window.findChild<QAction *>(name);
    }
    QStringList versions() const
    {
        return QDir(m_dir->path()).entryList({u".*.tome-undo-*"_s}, QDir::Files | QDir::Hidden);
    }
    // Waits for the dialog's count, then applies it and waits until it has closed.
    static bool countAndApply(BulkEditController *controller, QString *summary = nullptr, QString *undo = nullptr)
    {
        QPointer<BulkEditDialog> dialog = controller->dialog();
        if (!dialog)
            return false;
        if (!QTest::qWaitFor([&] { return dialog->phase() != BulkEditDialog::Phase::Counting; }, 20000))
            return false;
        for (const QLabel *label : dialog->findChildren<QLabel *>()) { // every word of it shown
            if (label->isVisible() && label->height() < label->heightForWidth(label->width())) {
                qWarning("label cut: %d < %d: %s", label->height(), label->heightForWidth(label->width()),
                         qPrintable(label->text()));
                return false;
            }
        }
        if (summary)
            *summary = dialog->summaryText();
        if (undo)
            *undo = dialog->undoText();
        if (dialog->phase() != BulkEditDialog::Phase::Ready)
            return false;
        dialog->applyButton()->click();
        return QTest::qWaitFor([&] { return !dialog; }, 20000);
    }
    static void openAndIndex(MainWindow &window, const QString &path)
    {
        window.openFile(path);
        window.document()->waitForIndex();
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_BulkEditController::initTestCase()
{
    QCoreApplication::installTranslator(new EnglishPlurals(this)); // as main() does: "2 lines"
}

void tst_BulkEditController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_BulkEditController::replaceAllCountsAppliesUndoesAndRedoes()
{
    const QByteArray original = "ERROR one\r\nfine\nERROR two ERROR\nlast";
    const QString path = writeFile(original);
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    auto *controller = window.findChild<BulkEditController *>();
    QVERIFY(controller);
    openAndIndex(window, path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 4);

    // Ctrl+H: the find bar with its replacement row.
    QAction *replace = action(window, u"replace"_s);
    QVERIFY(replace);
    QCOMPARE(replace->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_H)); // whatever the desktop's key for Replace
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    SearchBar *bar = SearchController::barOf(window.currentTab());
    QVERIFY(!bar->isReplaceVisible());
    QTest::keyClick(window.lineView(), Qt::Key_H, Qt::ControlModifier);
    QTRY_VERIFY(bar->isReplaceVisible());
    QVERIFY(!window.findChild<QToolBar *>(u"searchToolBar"_s)->isHidden());
    bar->patternEdit()->setText(u"ERROR"_s);
    bar->replacementEdit()->setText(u"E"_s);

    bar->findChild<QToolButton *>(u"replaceAll"_s)->click();
    QString summary;
    QString undo;
    QVERIFY(countAndApply(controller, &summary, &undo));
    QVERIFY2(summary.contains(u"3 replacements on 2 lines"_s), qPrintable(summary));
    QVERIFY2(undo.contains(u"Undo"_s), qPrintable(undo));
    const QByteArray replaced = "E one\r\nfine\nE two E\nlast";
    QCOMPARE(contents(path), replaced);
    QTRY_COMPARE(window.document()->size(), qint64(replaced.size()));
    QCOMPARE(versions().size(), 1);

    QAction *undoAction = window.findChild<QAction *>(u"undoEdit"_s);
    QAction *redoAction = window.findChild<QAction *>(u"redoEdit"_s);
    QTRY_VERIFY(undoAction->isEnabled());
    QCOMPARE(undoAction->text(), u"&Undo Replace All"_s);
    undoAction->trigger();
    QTRY_COMPARE(contents(path), original);
    QTRY_VERIFY(redoAction->isEnabled());
    QCOMPARE(redoAction->text(), u"&Redo Replace All"_s);
    redoAction->trigger();
    QTRY_COMPARE(contents(path), replaced);
    QTRY_VERIFY(undoAction->isEnabled());
}

void tst_BulkEditController::replaceCurrentMatchThenUndoBoth()
{
    const QByteArray original = "cat dog cat\nbird cat\n";
    const QString path = writeFile(original);
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    auto *controller = window.findChild<BulkEditController *>();
    openAndIndex(window, path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 2);
    controller->showReplace();
    SearchBar *bar = SearchController::barOf(window.currentTab());

    // A bulk edit first, then a single replacement in place: Undo takes back the latest first.
    bar->patternEdit()->setText(u"dog"_s);
    bar->replacementEdit()->setText(u"DOG"_s);
    controller->replaceAll();
    QVERIFY(countAndApply(controller));
    QCOMPARE(contents(path), QByteArray("cat DOG cat\nbird cat\n"));
    window.document()->waitForIndex();

    bar->patternEdit()->setText(u"cat"_s);
    bar->replacementEdit()->setText(u"CAT"_s); // the same length: in place
    window.lineView()->setCursorPosition({0, 0});
    bar->findNext();
    QTRY_VERIFY(bar->currentMatch().has_value());
    bar->findChild<QToolButton *>(u"replace"_s)->click();
    QVERIFY2(contents(path) == QByteArray("CAT DOG cat\nbird cat\n"), qPrintable(window.statusBar()->currentMessage()));
    QTRY_VERIFY(bar->currentMatch().has_value() && bar->currentMatch()->byteOffset == 8); // on to the next
    // Another length: the file is rewritten, still one step.
    bar->replacementEdit()->setText(u"lion"_s);
    QSignalSpy edited(window.findChild<EditController *>()->editor(), &FileEditor::finished);
    QTest::keyClick(bar->replacementEdit(), Qt::Key_Return);
    QTRY_COMPARE(contents(path), QByteArray("CAT DOG lion\nbird cat\n"));

    QAction *undoAction = window.findChild<QAction *>(u"undoEdit"_s);
    QTRY_VERIFY(undoAction->isEnabled());
    QVERIFY2(undoAction->text().contains(u"Replace"_s), qPrintable(undoAction->text()));
    undoAction->trigger();
    QTRY_COMPARE(contents(path), QByteArray("CAT DOG cat\nbird cat\n"));
    QTRY_VERIFY(undoAction->isEnabled());
    undoAction->trigger();
    QTRY_COMPARE(contents(path), QByteArray("cat DOG cat\nbird cat\n"));
    QTRY_COMPARE(undoAction->text(), u"&Undo Replace All"_s);
    undoAction->trigger();
    QTRY_COMPARE(contents(path), original);
    QTRY_VERIFY(!undoAction->isEnabled());
    // And forwards again, in order.
    QAction *redoAction = window.findChild<QAction *>(u"redoEdit"_s);
    for (const QByteArray &expected : {QByteArray("cat DOG cat\nbird cat\n"), QByteArray("CAT DOG cat\nbird cat\n"),
                                       QByteArray("CAT DOG lion\nbird cat\n")}) {
        QTRY_VERIFY(redoAction->isEnabled());
        redoAction->trigger();
        QTRY_COMPARE(contents(path), expected);
    }
}

void tst_BulkEditController::deleteAndKeepMatchingLines_data()
{
    QTest::addColumn<bool>("keep");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<std::vector<qint64>>("marksAfter"); // of marks on lines 1, 2 and 3
    QTest::newRow("delete") << false << QByteArray("keep\r\nkeep too") << std::vector<qint64>{0, 1};
    QTest::newRow("keep only") << true << QByteArray("drop 1\ndrop 2\n") << std::vector<qint64>{1};
}

void tst_BulkEditController::deleteAndKeepMatchingLines()
{
    QFETCH(bool, keep);
    QFETCH(QByteArray, expected);
    QFETCH(std::vector<qint64>, marksAfter);
    const QByteArray original = "drop 1\nkeep\r\ndrop 2\nkeep too";
    const QString path = writeFile(original);
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    auto *controller = window.findChild<BulkEditController *>();
    openAndIndex(window, path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 4);
    LineMarks *marks = window.currentTab()->marks();
    marks->setLines({1, 2, 3});
    QAction *lines = action(window, keep ? u"keepMatchingLines"_s : u"deleteMatchingLines"_s);
    QTRY_VERIFY(lines->isEnabled());
    lines->trigger();
    QPointer<LinePatternDialog> ask = window.findChild<LinePatternDialog *>();
    QVERIFY(ask);
    QVERIFY(!ask->okButton()->isEnabled()); // no pattern yet
    ask->patternEdit()->setText(u"^drop \\d$"_s);
    ask->findChild<QCheckBox *>()->setChecked(true); // regular expression
    ask->okButton()->click();
    QString summary;
    QVERIFY(countAndApply(controller, &summary));
    QVERIFY2(summary.contains(u"2 lines stay, 2 lines go"_s), qPrintable(summary));
    QCOMPARE(contents(path), expected);
    QCOMPARE(marks->lines(), marksAfter);
    QAction *undoAction = window.findChild<QAction *>(u"undoEdit"_s);
    QTRY_VERIFY(undoAction->isEnabled());
    undoAction->trigger();
    QTRY_COMPARE(contents(path), original);
    QTRY_COMPARE(marks->lines(), (std::vector<qint64>{1, 2, 3}));
    window.document()->waitForIndex();
    QCOMPARE(marks->lines(), (std::vector<qint64>{1, 2, 3})); // the reload's index keeps them
}

void tst_BulkEditController::applyLineSetKeepsThoseLines()
{
    const QString path = writeFile("0\n1\n2\n3\n4\n");
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    auto *controller = window.findChild<BulkEditController *>();
    openAndIndex(window, path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 5);
    LineSet lines;
    lines.append(1);
    lines.append(3);
    lines.append(4);
    controller->applyLineSet(lines);
    QString summary;
    QVERIFY(countAndApply(controller, &summary));
    QVERIFY2(summary.contains(u"3 lines stay, 2 lines go"_s), qPrintable(summary));
    QCOMPARE(contents(path), QByteArray("1\n3\n4\n"));
}

// The filter dock's Apply to File… keeps the lines the filter shows (against the lines worked out
// one by one), marks following them; Undo and Redo put file and marks back.
void tst_BulkEditController::applyFilterToFileFromTheFilterDock()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    QRandomGenerator random(seed);
    auto report = qScopeGuard([seed] { qWarning("seed %u", seed); });
    QByteArray original;
    QByteArray expected;
    std::vector<qint64> marked;
    std::vector<qint64> marksAfter;
    const int lineCount = random.bounded(20, 2000);
    qint64 shown = 0;
    for (int line = 0; line < lineCount; ++line) {
        const bool show = random.bounded(3) == 0;
        const QByteArray text = (show ? "GET /api " : "GET /static ") + QByteArray::number(line)
            + (random.bounded(4) ? "\n" : "\r\n");
        original += text;
        if (random.bounded(8) == 0) {
            marked.push_back(line);
            if (show)
                marksAfter.push_back(shown);
        }
        if (show) {
            expected += text;
            ++shown;
        }
    }
    const QString path = writeFile(original);
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    auto *controller = window.findChild<BulkEditController *>();
    openAndIndex(window, path);
    window.currentTab()->marks()->setLines(marked);
    auto *bar = window.findChild<FilterBar *>();
    QVERIFY(bar);
    auto *apply = bar->findChild<QPushButton *>(u"applyFilterToFile"_s);
    QVERIFY(apply);
    QTRY_VERIFY(!apply->isEnabled()); // no filter: nothing to apply
    FilterRule rule;
    rule.options.pattern = u"/api "_s;
    bar->addRule(rule);
    QTRY_VERIFY(apply->isEnabled()); // once the filter has reached the end
    QCOMPARE(window.lineModel()->rowCount(), int(shown));
    apply->click();
    QString summary;
    if (shown == 0 || shown == lineCount)
        return; // nothing would change (the dialog says so); unlikely with these sizes
    QVERIFY(countAndApply(controller, &summary));
    QVERIFY2(summary.contains(u"%1 lines stay"_s.arg(shown)), qPrintable(summary));
    QCOMPARE(contents(path), expected);
    QCOMPARE(window.currentTab()->marks()->lines(), marksAfter);
    QAction *undoAction = action(window, u"undoEdit"_s);
    QAction *redoAction = action(window, u"redoEdit"_s);
    QTRY_VERIFY(undoAction->isEnabled());
    undoAction->trigger();
    QTRY_COMPARE(contents(path), original);
    QTRY_COMPARE(window.currentTab()->marks()->lines(), marked);
    QTRY_VERIFY(redoAction->isEnabled());
    redoAction->trigger();
    QTRY_COMPARE(contents(path), expected);
    QTRY_COMPARE(window.currentTab()->marks()->lines(), marksAfter);
    report.dismiss();
}

void tst_BulkEditController::aFileChangedUnderTheDialogIsNotWritten()
{
    const QString path = writeFile("a\nb\na\n");
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    auto *controller = window.findChild<BulkEditController *>();
    openAndIndex(window, path);
    QTRY_COMPARE(window.lineModel()->rowCount(), 3);
    controller->showReplace();
    SearchBar *bar = SearchController::barOf(window.currentTab());
    bar->patternEdit()->setText(u"a"_s);
    bar->replacementEdit()->setText(u"z"_s);
    controller->replaceAll();
    QPointer<BulkEditDialog> dialog = controller->dialog();
    QTRY_COMPARE(dialog->phase(), BulkEditDialog::Phase::Ready);
    QTest::qWait(20);
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write("a from elsewhere\n");
    file.close();
    dialog->applyButton()->click();
    QTRY_VERIFY(!dialog->errorText().isEmpty());
    QVERIFY2(dialog->errorText().contains(u"changed on disk"_s), qPrintable(dialog->errorText()));
    QCOMPARE(contents(path), QByteArray("a\nb\na\na from elsewhere\n"));
    if (qEnvironmentVariableIsSet("TOME_SHOT_DIR"))
        dialog->grab().save(qEnvironmentVariable("TOME_SHOT_DIR") + u"/bulk-changed.png"_s);
    dialog->reject();
    QVERIFY(versions().isEmpty());
}

// Cancel while the file is being rewritten: the file stays as it was, nothing is left beside it,
// no undo step; the dialog says so.
void tst_BulkEditController::cancelDuringTheRewriteLeavesTheFile()
{
    QByteArray original;
    for (int i = 0; original.size() < (48 << 20); ++i)
        original += "line " + QByteArray::number(i) + " ERROR something happened\n";
    const QString path = writeFile(original);
    AppSettings settings(m_dir->filePath(u"tome.ini"_s));
    MainWindow window(settings);
    auto *controller = window.findChild<BulkEditController *>();
    openAndIndex(window, path);
    controller->showReplace();
    SearchBar *bar = SearchController::barOf(window.currentTab());
    bar->patternEdit()->setText(u"ERROR"_s);
    bar->replacementEdit()->setText(u"WARNING"_s);
    controller->replaceAll();
    QPointer<BulkEditDialog> dialog = controller->dialog();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->phase(), BulkEditDialog::Phase::Ready, 20000);
    dialog->applyButton()->click();
    QCOMPARE(dialog->phase(), BulkEditDialog::Phase::Running);
    dialog->reject(); // Cancel, before the first of its 4 MB blocks is done
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorText().isEmpty(), 20000);
    QVERIFY2(dialog->errorText().contains(u"cancelled"_s), qPrintable(dialog->errorText()));
    QVERIFY(contents(path) == original);
    QVERIFY(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden).filter(u".doc.txt"_s).isEmpty());
    QVERIFY(!action(window, u"undoEdit"_s)->isEnabled());
    dialog->reject();
    QTRY_VERIFY(!dialog);
}

QTEST_MAIN(tst_BulkEditController)
#include "tst_bulkeditcontroller.moc"
