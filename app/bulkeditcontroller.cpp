#include "bulkeditcontroller.h"

#include "bulkeditdialog.h"
#include "bulkeditmarks.h"
#include "document.h"
#include "documenttab.h"
#include "editcontroller.h"
#include "linemodel.h"
#include "linepatterndialog.h"
#include "lineset.h"
#include "lineview.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchcontroller.h"

#include <QAction>
#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>

#include <climits>

using namespace Qt::StringLiterals;

namespace {

constexpr int kMessageMs = 15000;

// tr() with a count past int: the plural of the largest int is right in English.
QString counted(const char *text, qint64 n)
{
    if (n <= INT_MAX)
        return QCoreApplication::translate("BulkEditController", text, nullptr, int(n));
    const QLocale locale;
    return QCoreApplication::translate("BulkEditController", text, nullptr, INT_MAX)
        .replace(locale.toString(INT_MAX), locale.toString(n));
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes);
}

// "(regular expression, ignoring case, whole words)" for what is not the plain default.
QString optionsText(const SearchOptions &options)
{
    QStringList parts;
    if (options.regex)
        parts << BulkEditController::tr("regular expression");
    if (!options.caseSensitive)
        parts << BulkEditController::tr("ignoring case");
    if (options.wholeWord)
        parts << BulkEditController::tr("whole words");
    return parts.isEmpty() ? QString() : u" ("_s + parts.join(u", "_s) + u')';
}

QString quoted(const QString &text)
{
    const QString shown = text.size() > 60 ? text.left(57) + u"…"_s : text;
    return BulkEditController::tr("“%1”").arg(shown);
}

} // namespace

BulkEditController::BulkEditController(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    QMenu *edit = window->menu(MainWindow::Menu::Edit);
    m_replaceAction = edit->addAction(tr("&Replace…"), this, &BulkEditController::showReplace);
    m_replaceAction->setObjectName(u"replace"_s);
    // Ctrl+H on every desktop (QKeySequence::Replace is none on some of them).
    m_replaceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_replaceAction->setShortcutContext(Qt::WindowShortcut);
    m_replaceAction->setStatusTip(tr("Replace matches in the file (the find bar with a replacement field)"));
    edit->addSeparator();
    m_deleteLinesAction = edit->addAction(tr("&Delete Matching Lines…"), this, &BulkEditController::deleteMatchingLines);
    m_deleteLinesAction->setObjectName(u"deleteMatchingLines"_s);
    m_keepLinesAction = edit->addAction(tr("&Keep Only Matching Lines…"), this, &BulkEditController::keepMatchingLines);
    m_keepLinesAction->setObjectName(u"keepMatchingLines"_s);
    m_applyFilterAction = edit->addAction(tr("Apply &Filter to File…"), this, &BulkEditController::applyFilterToFile);
    m_applyFilterAction->setObjectName(u"applyFilterToFile"_s);
    m_applyFilterAction->setStatusTip(tr("Delete from the file every line the filter hides"));

    window->forEveryTab(this, [this](DocumentTab *tab) { addTab(tab); });
    connect(window, &MainWindow::currentDocumentChanged, this, &BulkEditController::updateActions);
    updateActions();
}

BulkEditor *BulkEditController::bulkEditor() const
{
    return bulkEditorOf(m_window->currentTab());
}

BulkEditor *BulkEditController::bulkEditorOf(const DocumentTab *tab)
{
    return tab ? qobject_cast<BulkEditor *>(tab->attachment(&staticMetaObject)) : nullptr;
}

BulkEditDialog *BulkEditController::dialog() const
{
    return m_dialog;
}

SearchBar *BulkEditController::searchBar() const
{
    return SearchController::barOf(m_window->currentTab());
}

void BulkEditController::addTab(DocumentTab *tab)
{
    auto *edits = m_window->findChild<EditController *>();
    if (BulkEditor *known = bulkEditorOf(tab)) { // heard of twice: its find bar and history may be new
        if (edits)
            edits->attachBulkEditor(tab, known);
        connectBar(tab);
        return;
    }
    auto *editor = new BulkEditor(tab->document(), tab);
    tab->attach(&staticMetaObject, editor);
    new BulkEditMarks(editor, tab->marks()); // the editor's child
    if (edits)
        edits->attachBulkEditor(tab, editor);
    connect(editor, &BulkEditor::started, this, [this, editor](BulkEditor::Task task) { onStarted(editor, task); });
    connect(editor, &BulkEditor::progress, this, [this, editor](qint64 done, qint64 total) {
        if (m_dialog && editor == m_dialogEditor)
            m_dialog->setProgress(done, total);
        else if (m_progress && editor == bulkEditor())
            m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(editor, &BulkEditor::counted, this,
            [this, editor](const BulkEditor::Result &result) { onCounted(editor, result); });
    connect(editor, &BulkEditor::finished, this,
            [this, editor](const BulkEditor::Result &result) { onFinished(editor, result); });
    const auto ifCurrent = [this, tab] {
        if (tab == m_window->currentTab())
            updateActions();
    };
    connect(tab->document(), &Document::opened, this, ifCurrent);
    connect(tab->document(), &Document::closed, this, ifCurrent);
    connect(tab->document(), &Document::failed, this, ifCurrent);
    connectBar(tab);
}

void BulkEditController::connectBar(DocumentTab *tab)
{
    SearchBar *bar = SearchController::barOf(tab);
    if (!bar)
        return;
    connect(bar, &SearchBar::replaceRequested, this, &BulkEditController::replaceCurrent, Qt::UniqueConnection);
    connect(bar, &SearchBar::replaceAllRequested, this, &BulkEditController::replaceAll, Qt::UniqueConnection);
    connect(bar, &SearchBar::closeRequested, this, &BulkEditController::hideReplaceRow, Qt::UniqueConnection);
}

void BulkEditController::hideReplaceRow()
{
    if (auto *bar = qobject_cast<SearchBar *>(sender()))
        bar->setReplaceVisible(false);
}

void BulkEditController::updateActions()
{
    const BulkEditor *editor = bulkEditor();
    const QString reason = editor ? editor->readOnlyReason() : tr("No file is open.");
    const bool open = m_window->document() && m_window->document()->state() == Document::State::Open;
    m_replaceAction->setEnabled(open);
    m_applyFilterAction->setEnabled(reason.isEmpty());
    for (QAction *action : {m_deleteLinesAction, m_keepLinesAction}) {
        action->setEnabled(reason.isEmpty());
        action->setToolTip(reason);
    }
    m_deleteLinesAction->setStatusTip(reason.isEmpty() ? tr("Delete from the file every line that matches a pattern")
                                                       : reason);
    m_keepLinesAction->setStatusTip(reason.isEmpty()
                                        ? tr("Delete from the file every line that does not match a pattern")
                                        : reason);
}

void BulkEditController::say(const QString &message)
{
    m_window->statusBar()->showMessage(message, kMessageMs);
}

QString BulkEditController::fileText() const
{
    const Document *document = m_window->document();
    return tr("%1 (%2)").arg(QFileInfo(document->path()).fileName(), sizeText(document->size()));
}

void BulkEditController::showReplace()
{
    SearchBar *bar = searchBar();
    if (!bar)
        return;
    if (auto *toolBar = m_window->findChild<QToolBar *>(u"searchToolBar"_s))
        toolBar->show();
    bar->activateReplace();
}

void BulkEditController::replaceCurrent()
{
    SearchBar *bar = searchBar();
    auto *edits = m_window->findChild<EditController *>();
    BulkEditor *bulk = bulkEditor();
    if (!bar || !edits || !bulk || bar->options().pattern.isEmpty())
        return;
    const std::optional<SearchResultsModel::Match> match = bar->currentMatch();
    if (!match) {
        bar->findNext(); // the match to replace; the next Replace replaces it
        return;
    }
    FileEditor *fileEditor = edits->editor();
    if (const QString why = edits->disabledReason(); !why.isEmpty()) {
        say(why);
        return;
    }
    BulkOperation operation;
    operation.options = bar->options();
    operation.replacement = bar->replacementText();
    QString error;
    const std::shared_ptr<const BulkTransform> transform = bulk->compile(operation, &error);
    if (!transform) {
        say(error);
        return;
    }
    // The line as search sees it: up to its '\n' (a '\r' before it is text).
    Document *document = m_window->document();
    const std::optional<qint64> line = document->lineNumberAt(match->lineStart);
    const std::optional<LineSpan> span = line ? document->lineSpan(*line) : std::nullopt;
    const std::optional<QByteArray> bytes =
        span ? document->readBytes(span->byteOffset, span->endOffset() - span->byteOffset) : std::nullopt;
    if (!bytes) {
        say(tr("The match's line is not readable now; search again."));
        return;
    }
    const qsizetype end = bytes->indexOf('\n');
    const QByteArray text = end < 0 ? *bytes : bytes->left(end);
    const std::optional<QByteArray> replacement =
        transform->replacementFor(text, match->byteOffset - span->byteOffset, match->length, &error);
    if (!replacement) {
        say(error);
        return;
    }
    const FileEditor::Prepared prepared = fileEditor->prepare(match->byteOffset, match->length);
    if (!prepared.isValid()) {
        say(prepared.error);
        return;
    }
    const FileEditor::Result result = edits->applyEdit(prepared, *replacement);
    if (result.status == FileEditor::Status::Done) {
        bar->findNext();
    } else if (result.status == FileEditor::Status::Started) {
        // A rewrite (another length): on to the next match once the file is back.
        auto *once = new QObject(this);
        connect(fileEditor, &FileEditor::finished, once, [this, once](const FileEditor::Result &done) {
            once->deleteLater();
            if (done.status == FileEditor::Status::Done) {
                if (SearchBar *current = searchBar())
                    current->findNext();
            }
        });
    }
}

void BulkEditController::replaceAll()
{
    SearchBar *bar = searchBar();
    if (!bar || m_window->document()->state() != Document::State::Open)
        return;
    BulkOperation operation;
    operation.kind = BulkOperation::Kind::Replace;
    operation.options = bar->options();
    operation.replacement = bar->replacementText();
    if (operation.options.pattern.isEmpty())
        return;
    const QString what = tr("Replace %1 with %2%3 in %4.")
                             .arg(quoted(operation.options.pattern), quoted(operation.replacement),
                                  optionsText(operation.options), fileText());
    start(operation, tr("Replace All"), what, tr("Replace All"), tr("Replace All"));
}

void BulkEditController::deleteMatchingLines()
{
    askForLines(false);
}

void BulkEditController::keepMatchingLines()
{
    askForLines(true);
}

void BulkEditController::askForLines(bool keep)
{
    if (m_window->document()->state() != Document::State::Open)
        return;
    SearchOptions initial;
    if (SearchBar *bar = searchBar())
        initial = bar->options();
    const QString title = keep ? tr("Keep Only Matching Lines") : tr("Delete Matching Lines");
    const QString explanation = keep
        ? tr("Every line of %1 that does not match the pattern will be deleted from the file.").arg(fileText())
        : tr("Every line of %1 that matches the pattern will be deleted from the file.").arg(fileText());
    auto *dialog = new LinePatternDialog(title, explanation, initial, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, keep, title] {
        BulkOperation operation;
        operation.kind = keep ? BulkOperation::Kind::KeepMatching : BulkOperation::Kind::DeleteMatching;
        operation.options = dialog->options();
        const QString what = keep ? tr("Keep only the lines of %1 that match %2%3.")
                                        .arg(fileText(), quoted(operation.options.pattern), optionsText(operation.options))
                                  : tr("Delete the lines of %1 that match %2%3.")
                                        .arg(fileText(), quoted(operation.options.pattern), optionsText(operation.options));
        start(operation, title, what, keep ? tr("Keep Lines") : tr("Delete Lines"), title);
    });
    dialog->open();
}

void BulkEditController::applyLineSet(const LineSet &lines, bool keep)
{
    if (m_window->document()->state() != Document::State::Open)
        return;
    BulkOperation operation;
    operation.kind = keep ? BulkOperation::Kind::KeepLines : BulkOperation::Kind::DeleteLines;
    operation.lines = std::make_shared<const LineSet>(lines);
    const QString what = keep ? tr("Keep only the %1 shown, and delete every other line from %2.")
                                    .arg(counted("%Ln line(s)", lines.count()), fileText())
                              : tr("Delete %1 from %2.").arg(counted("%Ln line(s)", lines.count()), fileText());
    start(operation, tr("Apply Filter to File"), what, keep ? tr("Keep Lines") : tr("Delete Lines"),
          tr("Apply Filter"));
}

QString BulkEditController::whyNotApplyFilter(const DocumentTab *tab)
{
    const BulkEditor *editor = bulkEditorOf(tab);
    if (!editor || tab->document()->state() != Document::State::Open)
        return tr("No file is open.");
    if (const QString why = editor->readOnlyReason(); !why.isEmpty())
        return why;
    if (!tab->isFiltered())
        return tr("The filter is off: every line is shown, so there is nothing to apply.");
    if (!tab->showsOnlyMarked() && tab->lineFilter()->status() != LineFilter::Status::Finished)
        return tab->lineFilter()->status() == LineFilter::Status::Running
            ? tr("The filter has not reached the end of the file yet.")
            : tr("The filter did not finish; it cannot be applied to the file.");
    return QString();
}

void BulkEditController::applyFilterToFile()
{
    DocumentTab *tab = m_window->currentTab();
    if (!tab)
        return;
    if (const QString why = whyNotApplyFilter(tab); !why.isEmpty()) {
        say(why);
        return;
    }
    applyLineSet(*tab->shownLines(), true);
}

void BulkEditController::start(const BulkOperation &operation, const QString &title, const QString &what,
                               const QString &applyText, const QString &stepName)
{
    BulkEditor *editor = bulkEditor();
    if (!editor)
        return;
    if (m_dialog) {
        m_dialog->raise();
        return;
    }
    if (const QString why = editor->readOnlyReason(); !why.isEmpty()) {
        QMessageBox::information(m_window, title, why);
        return;
    }
    m_operation = operation;
    m_stepName = stepName;
    m_counted = {};
    m_dialogEditor = editor;
    m_dialog = new BulkEditDialog(title, what, applyText, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &BulkEditDialog::applyRequested, this, &BulkEditController::apply);
    connect(m_dialog, &BulkEditDialog::cancelRequested, editor, &BulkEditor::cancel);
    m_dialog->open();
    editor->count(operation);
}

void BulkEditController::apply()
{
    if (!m_dialog || !m_dialogEditor)
        return;
    m_keepLine = qMax<qint64>(0, m_window->currentTab()->cursorLine());
    m_dialog->setRunning();
    std::vector<qint64> tracked;
    if (auto *marks = m_dialogEditor->findChild<BulkEditMarks *>())
        tracked = marks->prepared(m_operation);
    m_dialogEditor->apply(m_operation, m_stepName, m_undoable, m_counted.seen, m_counted.newSize, tracked);
}

void BulkEditController::onStarted(BulkEditor *editor, BulkEditor::Task task)
{
    updateActions();
    if (task != BulkEditor::Task::Undo && task != BulkEditor::Task::Redo)
        return;
    // Undo and redo are renames; a copy (no hard links here) takes longer: its own progress.
    m_keepLine = qMax<qint64>(0, m_window->currentTab()->cursorLine());
    m_progress = new QProgressDialog(tr("Putting the other version of %1 back…").arg(fileText()), tr("Cancel"), 0,
                                     1000, m_window);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(300);
    connect(m_progress, &QProgressDialog::canceled, editor, &BulkEditor::cancel);
}

QString BulkEditController::countSentence(const BulkEditor::Result &result) const
{
    const BulkTransform::Counts &counts = result.counts;
    // "from 2.00 GiB to 2.00 GiB" says nothing: the difference too, where it is hidden.
    QString sizes = tr("The file goes from %1 to %2.").arg(sizeText(result.oldSize), sizeText(result.newSize));
    if (sizeText(result.oldSize) == sizeText(result.newSize) && result.oldSize != result.newSize)
        sizes = tr("The file goes from %1 to %2 (%3%4).")
                    .arg(sizeText(result.oldSize), sizeText(result.newSize),
                         result.newSize > result.oldSize ? u"+"_s : u"−"_s,
                         sizeText(qAbs(result.newSize - result.oldSize)));
    if (m_operation.kind == BulkOperation::Kind::Replace)
        return tr("%1 on %2.").arg(counted("%Ln replacement(s)", counts.replacements),
                                   counted("%Ln line(s)", counts.changedLines))
            + u' ' + sizes;
    return tr("%1 stay, %2 go.").arg(counted("%Ln line(s)", counts.keptLines), counted("%Ln line(s)", counts.deletedLines))
        + u' ' + sizes;
}

// Short enough for the status bar beside the file's figures.
QString BulkEditController::doneSentence(const BulkEditor::Result &result) const
{
    const QString seconds = QLocale().toString(double(result.milliseconds) / 1000.0, 'f', 1);
    const QString what = m_operation.kind == BulkOperation::Kind::Replace
        ? tr("%1 on %2").arg(counted("%Ln replacement(s)", result.counts.replacements),
                             counted("%Ln line(s)", result.counts.changedLines))
        : tr("%1 deleted, %2 kept").arg(counted("%Ln line(s)", result.counts.deletedLines),
                                        QLocale().toString(result.counts.keptLines));
    return result.undoable ? tr("%1: %2 (%3 s). Undo puts it back.").arg(result.name, what, seconds)
                           : tr("%1: %2 (%3 s).").arg(result.name, what, seconds);
}

void BulkEditController::onCounted(BulkEditor *editor, const BulkEditor::Result &result)
{
    if (!m_dialog || editor != m_dialogEditor)
        return; // the dialog was closed (the count cancelled)
    switch (result.status) {
    case BulkEditor::Status::Done: {
        m_counted = result;
        const BulkEditor::UndoCost cost = editor->undoCost(result.newSize);
        m_undoable = cost.possible;
        m_dialog->setUndoCost(cost.text, cost.possible);
        m_dialog->setCounted(countSentence(result), true);
        break;
    }
    case BulkEditor::Status::Unchanged:
        m_dialog->setCounted(m_operation.kind == BulkOperation::Kind::Replace
                                 ? tr("No matches: there is nothing to replace.")
                                 : tr("No line would be deleted: there is nothing to do."),
                             false);
        break;
    case BulkEditor::Status::Cancelled:
        break;
    case BulkEditor::Status::ChangedOnDisk:
    case BulkEditor::Status::Refused:
    case BulkEditor::Status::Failed:
        m_dialog->showError(result.message, true);
        break;
    }
}

void BulkEditController::onFinished(BulkEditor *editor, const BulkEditor::Result &result)
{
    updateActions();
    if (result.task == BulkEditor::Task::Apply && m_dialog && editor == m_dialogEditor) {
        switch (result.status) {
        case BulkEditor::Status::Done:
            m_dialog->accept();
            m_window->goToLine(qMin(m_keepLine, qMax<qint64>(0, m_window->document()->lineCount() - 1)) + 1);
            say(doneSentence(result));
            break;
        case BulkEditor::Status::Unchanged:
            m_dialog->showError(tr("Nothing matched any more; the file was not changed."), true);
            break;
        case BulkEditor::Status::Cancelled:
            m_dialog->showError(result.message);
            break;
        case BulkEditor::Status::ChangedOnDisk:
            m_dialog->showError(result.message + u' ' + tr("Reload it (File ▸ Reload) and try again."), true);
            break;
        case BulkEditor::Status::Refused:
        case BulkEditor::Status::Failed:
            m_dialog->showError(result.message);
            break;
        }
        return;
    }
    if (result.task != BulkEditor::Task::Undo && result.task != BulkEditor::Task::Redo)
        return;
    if (m_progress) {
        m_progress->close();
        m_progress = nullptr;
    }
    if (editor != bulkEditor())
        return;
    const bool undo = result.task == BulkEditor::Task::Undo;
    switch (result.status) {
    case BulkEditor::Status::Done:
        m_window->goToLine(qMin(m_keepLine, qMax<qint64>(0, m_window->document()->lineCount() - 1)) + 1);
        say(result.message.isEmpty() ? (undo ? tr("Undid %1.") : tr("Redid %1.")).arg(result.name) : result.message);
        break;
    case BulkEditor::Status::ChangedOnDisk:
        offerReload(result.message);
        break;
    case BulkEditor::Status::Failed:
        QMessageBox::warning(m_window, undo ? tr("Undo") : tr("Redo"), result.message);
        break;
    case BulkEditor::Status::Unchanged:
    case BulkEditor::Status::Cancelled:
    case BulkEditor::Status::Refused:
        say(result.message);
        break;
    }
}

void BulkEditController::offerReload(const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("File Changed on Disk"),
                                message + u'\n' + tr("Tome does not write over changes it has not seen."),
                                QMessageBox::Cancel, m_window);
    QPushButton *reload = box->addButton(tr("&Reload"), QMessageBox::AcceptRole);
    box->setDefaultButton(reload);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(reload, &QPushButton::clicked, this, [this] { m_window->document()->reload(); });
    box->open();
}
