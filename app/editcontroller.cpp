#include "editcontroller.h"

#include "document.h"
#include "documenttab.h"
#include "linemarks.h"
#include "editdialog.h"
#include "filerewriter.h"
#include "linemodel.h"
#include "lineviewmenu.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

#include <climits>

namespace {

// Editing a line or range in a dialog holds it in memory as text; beyond this, refuse.
constexpr qint64 kDialogByteLimit = 1 << 20;

// The line endings in bytes of the file: in UTF-16 the units U+000A, not any 0x0A byte.
qint64 lineBreakCount(const QByteArray &bytes, LineDecoder::Encoding encoding)
{
    if (encoding != LineDecoder::Encoding::Utf16LE && encoding != LineDecoder::Encoding::Utf16BE)
        return bytes.count('\n');
    const int low = encoding == LineDecoder::Encoding::Utf16LE ? 0 : 1;
    qint64 count = 0;
    for (qsizetype i = 0; i + 1 < bytes.size(); i += 2) {
        if (bytes[i + low] == '\n' && bytes[i + 1 - low] == 0)
            ++count;
    }
    return count;
}

bool hasLineBreak(const QByteArray &bytes, LineDecoder::Encoding encoding)
{
    return lineBreakCount(bytes, encoding) > 0;
}
} // namespace

EditController::EditController(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    QMenu *fileMenu = window->menu(MainWindow::Menu::File);
    m_newAction = new QAction(tr("&New…"), this);
    m_newAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_newAction->setStatusTip(tr("Create a new file (empty, or with text you type) and open it"));
    connect(m_newAction, &QAction::triggered, this, &EditController::newFile);
    fileMenu->insertAction(fileMenu->actions().value(0), m_newAction);

    QMenu *editMenu = window->menu(MainWindow::Menu::Edit);
    editMenu->setToolTipsVisible(true);
    editMenu->addSeparator();
    m_undoAction = editMenu->addAction(tr("&Undo Edit"), this, [this] { undoOrRedo(true); });
    m_undoAction->setObjectName(QStringLiteral("undoEdit"));
    m_undoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_redoAction = editMenu->addAction(tr("&Redo Edit"), this, [this] { undoOrRedo(false); });
    m_redoAction->setObjectName(QStringLiteral("redoEdit"));
    m_redoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    m_editAction = editMenu->addAction(tr("&Edit Line…"), this, &EditController::editCurrentLine);
    m_editAction->setShortcut(QKeySequence(Qt::Key_F2));
    // Enter on a line edits it too, while the view has the focus.
    m_enterAction = new QAction(tr("Edit Line"), this);
    m_enterAction->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_enterAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_enterAction, &QAction::triggered, this, &EditController::editCurrentLine);
    // The view's context menu (Edit Line…, Replace Selection…, …) lives beside the edits.
    new LineViewMenu(window);

    // A dialog hears of every change to its file: reloads, growth, and (for what the follower
    // leaves as it is, a deletion or an in-place rewrite) a cheap recheck twice a second.
    m_recheck = new QTimer(this);
    m_recheck->setInterval(500);
    connect(m_recheck, &QTimer::timeout, this, &EditController::recheckDialog);

    // Each tab has its own editor (its undo history); the actions follow the current tab.
    window->forEveryTab(this, [this](DocumentTab *tab) { addTab(tab); });
    connect(window, &MainWindow::currentDocumentChanged, this, &EditController::updateActions);
    updateActions();
}

FileEditor *EditController::editor() const
{
    return editorOf(m_window->currentTab());
}

FileEditor *EditController::editorOf(const DocumentTab *tab)
{
    return tab ? qobject_cast<FileEditor *>(tab->attachment(&staticMetaObject)) : nullptr;
}

void EditController::addTab(DocumentTab *tab)
{
    auto *editor = new FileEditor(tab->document(), tab);
    tab->attach(&staticMetaObject, editor);
    tab->lineView()->addAction(m_enterAction);
    Document *document = tab->document();
    const auto ifCurrent = [this, tab](auto slot) {
        return [this, tab, slot] {
            if (tab == m_window->currentTab())
                (this->*slot)();
        };
    };
    connect(document, &Document::opened, editor, [this, tab, editor] {
        // A reload (after a rewrite, or F5) keeps the history: each undo checks its bytes first.
        if (tab->document()->path() != editor->property("historyPath").toString()) {
            editor->clearHistory();
            m_order.clear(editor);
        }
        editor->setProperty("historyPath", tab->document()->path());
        if (tab != m_window->currentTab())
            return;
        updateActions();
        const QString recovered = tab->document()->recoveryMessage();
        if (!recovered.isEmpty())
            say(recovered);
    });
    connect(document, &Document::closed, editor, ifCurrent(&EditController::updateActions));
    connect(document, &Document::failed, editor, ifCurrent(&EditController::updateActions));
    connect(editor, &FileEditor::historyChanged, this, ifCurrent(&EditController::updateActions));
    connect(editor, &FileEditor::finished, this, [this, tab, editor](const FileEditor::Result &result) {
        recordEdit(editor, result);
        if (tab == m_window->currentTab())
            onFinished(result);
    });
    connect(document, &Document::opened, editor, ifCurrent(&EditController::recheckDialog));
    connect(document, &Document::closed, editor, ifCurrent(&EditController::recheckDialog));
    connect(document, &Document::lineCountChanged, editor, ifCurrent(&EditController::recheckDialog));
    emit editorCreated(tab, editor);
}

EditDialog *EditController::dialog() const
{
    return m_dialog;
}

QString EditController::disabledReason() const
{
    const FileEditor *editor = this->editor();
    if (!editor)
        return tr("No file is open.");
    const QString reason = editor->readOnlyReason();
    if (!reason.isEmpty())
        return reason;
    if (const BulkEditor *bulk = m_order.bulkOf(editor); bulk && bulk->isBusy())
        return tr("A bulk edit of the file is running.");
    return QString();
}

void EditController::updateActions()
{
    FileEditor *fileEditor = editor(); // the current tab's
    if (!fileEditor)
        return;
    const QString reason = disabledReason();
    const bool editable = reason.isEmpty();
    const auto setState = [&](QAction *action, bool enabled, const QString &tip) {
        action->setEnabled(enabled);
        action->setToolTip(enabled ? tip : reason);
        action->setStatusTip(enabled ? tip : reason);
    };
    setState(m_editAction, editable, tr("Edit the current line of the file"));
    m_enterAction->setEnabled(editable);
    // The next step may be a bulk edit's (BulkEditor) or one made here.
    const BulkEditor *bulk = m_order.bulkOf(fileEditor);
    const bool bulkUndo = m_order.nextIsBulk(fileEditor, true);
    const bool bulkRedo = m_order.nextIsBulk(fileEditor, false);
    const bool canUndo = bulkUndo ? bulk->canUndo() : fileEditor->canUndo();
    const bool canRedo = bulkRedo ? bulk->canRedo() : fileEditor->canRedo();
    setState(m_undoAction, editable && canUndo, tr("Undo the last edit made to the file"));
    setState(m_redoAction, editable && canRedo, tr("Redo the last undone edit"));
    const QString undoName = bulkUndo ? bulk->undoName() : canUndo ? stepName(fileEditor->undoStep()) : QString();
    const QString redoName = bulkRedo ? bulk->redoName() : canRedo ? stepName(fileEditor->redoStep()) : QString();
    m_undoAction->setText(canUndo ? tr("&Undo %1").arg(undoName) : tr("&Undo Edit"));
    m_redoAction->setText(canRedo ? tr("&Redo %1").arg(redoName) : tr("&Redo Edit"));
    if (editable && !canUndo)
        m_undoAction->setToolTip(tr("No edit to undo"));
    if (editable && !canRedo)
        m_redoAction->setToolTip(tr("No edit to redo"));
}

void EditController::say(const QString &message)
{
    m_window->statusBar()->showMessage(message, 10000);
}

void EditController::editCurrentLine()
{
    if (m_window->lineModel()->isEstimate()) {
        say(tr("Editing needs exact line numbers: these are estimates until the index reaches them."));
        return;
    }
    editLine(qMax<qint64>(0, m_window->lineModel()->lineOfRow(m_window->lineView()->cursorPosition().row)));
}

void EditController::editLine(qint64 lineNumber)
{
    FileEditor *fileEditor = editor(); // the current tab's
    if (!fileEditor)
        return;
    Document *document = m_window->document();
    if (document->state() != Document::State::Open)
        return;
    const QString name = QFileInfo(document->path()).fileName();
    if (document->size() == 0) {
        openDialog(fileEditor->prepareLine(0), tr("the empty file %1").arg(name), false);
        return;
    }
    const std::optional<LineSpan> span = document->lineSpan(lineNumber);
    if (!span) {
        say(tr("Line %L1 is not indexed yet.").arg(lineNumber + 1));
        return;
    }
    if (span->textLength > kDialogByteLimit) {
        say(tr("Line %L1 is %2 long, too long to edit as text here.")
                .arg(lineNumber + 1)
                .arg(QLocale().formattedDataSize(span->textLength)));
        return;
    }
    const FileEditor::Prepared prepared = fileEditor->prepareLine(lineNumber);
    if (!prepared.isValid()) {
        offerReload(prepared.error);
        return;
    }
    openDialog(prepared, tr("line %L1 of %2").arg(lineNumber + 1).arg(name), false);
}

void EditController::editRange(qint64 start, qint64 end)
{
    FileEditor *fileEditor = editor(); // the current tab's
    if (!fileEditor)
        return;
    Document *document = m_window->document();
    if (document->state() != Document::State::Open)
        return;
    start = qBound<qint64>(0, start, document->size());
    end = qBound<qint64>(start, end, document->size());
    if (end - start > kDialogByteLimit) {
        say(tr("The selection is %1, too large to edit as text here.").arg(QLocale().formattedDataSize(end - start)));
        return;
    }
    const FileEditor::Prepared prepared = fileEditor->prepare(start, end - start);
    if (!prepared.isValid()) {
        offerReload(prepared.error);
        return;
    }
    const QString name = QFileInfo(document->path()).fileName();
    openDialog(prepared, tr("bytes %L1 to %L2 of %3").arg(start).arg(end).arg(name), true);
}

void EditController::openDialog(const FileEditor::Prepared &prepared, const QString &what, bool multiLine)
{
    FileEditor *fileEditor = editor(); // the current tab's
    if (!fileEditor)
        return;
    if (m_dialog) {
        m_dialog->raise();
        return;
    }
    const QString name = QFileInfo(m_window->document()->path()).fileName();
    if (fileEditor->isFileDeleted()) {
        QMessageBox::warning(m_window, tr("Edit"),
                             tr("%1 was deleted. What is shown is the last content read; it cannot be edited.")
                                 .arg(name));
        return;
    }
    if (fileEditor->isChangedOnDisk()) {
        offerReload(tr("%1 has changed on disk since Tome last read it.").arg(name));
        return;
    }
    EditDialog::Context context;
    context.what = what;
    context.original = prepared.oldBytes;
    switch (m_window->lineModel()->encoding()) {
    case LineDecoder::Encoding::Utf8:
        context.encoding = EditDialog::Encoding::Utf8;
        break;
    case LineDecoder::Encoding::Latin1:
        context.encoding = EditDialog::Encoding::Latin1;
        break;
    case LineDecoder::Encoding::Utf16LE:
        context.encoding = EditDialog::Encoding::Utf16LE;
        break;
    case LineDecoder::Encoding::Utf16BE:
        context.encoding = EditDialog::Encoding::Utf16BE;
        break;
    case LineDecoder::Encoding::Codec:
        context.encoding = EditDialog::Encoding::Codec;
        context.codecName = m_window->lineModel()->encoding().name();
        break;
    }
    context.multiLine = multiLine || hasLineBreak(prepared.oldBytes, m_window->lineModel()->encoding());
    context.fileSize = m_window->document()->size();
    context.freeBytes = FileRewriter::freeBytesFor(m_window->document()->path());
    context.copyBytesPerSecond = m_copyBytesPerSecond;
    context.readOnlyReason = disabledReason();
    m_prepared = prepared;
    m_dialogEditor = fileEditor;
    m_dialog = new EditDialog(context, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &EditDialog::applyRequested, this, &EditController::apply);
    connect(m_dialog, &EditDialog::cancelRequested, fileEditor, &FileEditor::cancel);
    connect(m_dialog, &QObject::destroyed, m_recheck, &QTimer::stop);
    m_recheck->start();
    m_dialog->open();
}

void EditController::recheckDialog()
{
    if (!m_dialog || !m_dialogEditor || m_dialog->isRunning() || m_dialogEditor->isBusy())
        return;
    m_dialog->setStale(m_dialogEditor->staleReason(m_prepared));
}

QString EditController::stepName(const FileEditor::Edit &edit)
{
    if (edit.lineNumber >= 0)
        return tr("Edit Line %L1").arg(edit.lineNumber + 1);
    return tr("Replace %n Byte(s)", nullptr, int(qMin<qint64>(edit.oldBytes.size(), INT_MAX)));
}

void EditController::apply(const QByteArray &newBytes)
{
    if (!m_dialogEditor)
        return;
    rememberPlace(m_prepared.byteOffset);
    m_requestEditor = m_dialogEditor;
    m_request = Request::New;
    const FileEditor::Result result = m_dialogEditor->apply(m_prepared, newBytes);
    if (result.status == FileEditor::Status::Started)
        onStarted(result.mode);
}

void EditController::onStarted(FileEditor::Mode mode)
{
    FileEditor *fileEditor = editor(); // the current tab's
    if (!fileEditor)
        return;
    Q_UNUSED(mode);
    updateActions();
    if (m_dialog) {
        m_dialog->setRunning(true);
        connect(fileEditor, &FileEditor::progress, m_dialog, &EditDialog::setProgress, Qt::UniqueConnection);
        return;
    }
    // An undo or redo that rewrites the file: its own progress, cancellable.
    m_progress = new QProgressDialog(tr("Rewriting %1…").arg(QFileInfo(m_window->document()->path()).fileName()),
                                     tr("Cancel"), 0, 1000, m_window);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(300);
    connect(m_progress, &QProgressDialog::canceled, fileEditor, &FileEditor::cancel);
    connect(fileEditor, &FileEditor::progress, m_progress, [this](qint64 done, qint64 total) {
        if (m_progress)
            m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
}

void EditController::undoOrRedo(bool undo)
{
    FileEditor *fileEditor = editor(); // the current tab's
    if (!fileEditor)
        return;
    if (m_order.nextIsBulk(fileEditor, undo)) {
        BulkEditor *bulk = m_order.bulkOf(fileEditor);
        undo ? bulk->undo() : bulk->redo(); // BulkEditController shows what happens
        return;
    }
    rememberPlace((undo ? fileEditor->undoStep() : fileEditor->redoStep()).byteOffset);
    m_requestEditor = fileEditor;
    m_request = undo ? Request::Undo : Request::Redo;
    const FileEditor::Result result = undo ? fileEditor->undo() : fileEditor->redo();
    if (result.status == FileEditor::Status::Started)
        onStarted(result.mode);
}

void EditController::onFinished(const FileEditor::Result &result)
{
    if (m_progress) {
        m_progress->close();
        m_progress = nullptr;
    }
    const QString name = QFileInfo(m_window->document()->path()).fileName();
    switch (result.status) {
    case FileEditor::Status::Done:
        if (result.mode == FileEditor::Mode::Rewrite && result.milliseconds > 0)
            m_copyBytesPerSecond = qMax<qint64>(m_window->document()->size() * 1000 / result.milliseconds, 1 << 20);
        showInView(result);
        if (m_dialog)
            m_dialog->accept();
        {
            const QString step = result.edit.lineNumber >= 0
                ? tr("Edited line %L1").arg(result.edit.lineNumber + 1)
                : tr("Replaced %n byte(s) at offset %L1", nullptr, int(qMin<qint64>(result.edit.oldBytes.size(), INT_MAX)))
                      .arg(result.edit.byteOffset);
            say(result.mode == FileEditor::Mode::InPlace
                    ? tr("%1 of %2 in place (%3 ms).").arg(step, name).arg(result.milliseconds)
                    : tr("%1 of %2: rewrote the file in %3 s.")
                          .arg(step, name)
                          .arg(double(result.milliseconds) / 1000.0, 0, 'f', 1));
        }
        if (!result.message.isEmpty())
            QMessageBox::warning(m_window, tr("Edit"), result.message);
        break;
    case FileEditor::Status::ChangedOnDisk:
        if (m_dialog) {
            // Nothing typed is lost: the dialog stays open with its text and says why.
            m_dialog->setRunning(false);
            m_dialog->setStale(result.message);
            m_dialog->showError(result.message);
        } else {
            offerReload(result.message);
        }
        break;
    case FileEditor::Status::Started:
        break;
    case FileEditor::Status::Refused:
    case FileEditor::Status::Failed:
    case FileEditor::Status::Cancelled:
        if (m_dialog)
            m_dialog->showError(result.message);
        else if (result.status == FileEditor::Status::Failed)
            QMessageBox::warning(m_window, tr("Edit"), result.message);
        else
            say(result.message);
        break;
    }
    updateActions();
}

void EditController::rememberPlace(qint64 editOffset)
{
    const LineView *view = m_window->lineView();
    m_keepCursor = view->cursorPosition();
    m_keepLine = qMax<qint64>(0, m_window->lineModel()->lineOfRow(m_keepCursor.row));
    m_editFirstLine = m_window->document()->lineNumberAt(editOffset).value_or(-1);
}

void EditController::showInView(const FileEditor::Result &result)
{
    Document *document = m_window->document();
    LineView *view = m_window->lineView();
    LineModel *model = m_window->lineModel();
    // Marks follow their lines through an edit that adds or removes line breaks.
    const LineDecoder::Encoding encoding = model->encoding();
    const qint64 oldBreaks = lineBreakCount(result.edit.oldBytes, encoding);
    const qint64 newBreaks = lineBreakCount(result.edit.newBytes, encoding);
    if (oldBreaks != newBreaks && m_editFirstLine >= 0) {
        m_window->currentTab()->marks()->lineShift(m_editFirstLine, oldBreaks + 1, newBreaks + 1);
        if (m_keepLine > m_editFirstLine + oldBreaks)
            m_keepLine += newBreaks - oldBreaks;
    }
    if (result.reloaded) {
        // A new file (or a new index): keep the cursor on its line.
        const TextPosition keep = m_keepCursor;
        m_window->goToLine(m_keepLine + 1);
        if (model->rowOfLine(m_keepLine) == keep.row)
            view->setCursorPosition(keep);
        return;
    }
    const qint64 length = qMax<qint64>(1, result.edit.newBytes.size());
    const std::optional<qint64> first = document->lineNumberAt(result.edit.byteOffset);
    const std::optional<qint64> last = document->lineNumberAt(result.edit.byteOffset + length - 1);
    if (!first)
        return;
    // The rows of the edited lines (with a filter, the shown ones among them).
    const int firstRow = model->nearestRowOfLine(*first);
    const int lastRow = model->nearestRowOfLine(last.value_or(*first));
    if (firstRow >= 0)
        model->invalidateRows(firstRow, qMax(firstRow, lastRow));
}

void EditController::offerReload(const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("File Changed on Disk"),
                                message + QLatin1Char('\n') + tr("Tome does not write over changes it has not seen."),
                                QMessageBox::Cancel, m_window);
    QPushButton *reload = box->addButton(tr("&Reload"), QMessageBox::AcceptRole);
    box->setDefaultButton(reload);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(reload, &QPushButton::clicked, this, [this] { m_window->document()->reload(); });
    box->open();
}

void EditController::newFile()
{
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        m_window, tr("New File"), tr("First text of the new file (optional; one word or line per line):"), QString(),
        &ok);
    if (!ok)
        return;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Create File"));
    if (path.isEmpty())
        return;
    QByteArray bytes = text.toUtf8();
    if (!bytes.isEmpty() && !bytes.endsWith('\n'))
        bytes += '\n';
    createAndOpen(path, bytes);
}

bool EditController::createAndOpen(const QString &path, const QByteArray &bytes)
{
    QString error;
    if (!FileRewriter::createFile(path, bytes, &error)) {
        QMessageBox::warning(m_window, tr("New File"), error);
        return false;
    }
    m_window->openFile(path);
    return true;
}

FileEditor::Result EditController::applyEdit(const FileEditor::Prepared &prepared, const QByteArray &newBytes)
{
    FileEditor *fileEditor = editor(); // the current tab's
    if (!fileEditor)
        return {FileEditor::Status::Refused, FileEditor::Mode::InPlace, tr("No file is open."), {}};
    rememberPlace(prepared.byteOffset);
    m_requestEditor = fileEditor;
    m_request = Request::New;
    const FileEditor::Result result = fileEditor->apply(prepared, newBytes);
    if (result.status == FileEditor::Status::Started)
        onStarted(result.mode);
    return result;
}

void EditController::attachBulkEditor(DocumentTab *tab, BulkEditor *bulk)
{
    FileEditor *editor = editorOf(tab);
    if (!editor || m_order.bulkOf(editor) == bulk)
        return;
    m_order.setBulk(editor, bulk);
    connect(editor, &QObject::destroyed, this, [this, editor] { m_order.remove(editor); });
    connect(bulk, &BulkEditor::writing, editor, &FileEditor::writing);
    connect(bulk, &BulkEditor::ownWrite, editor, &FileEditor::ownWrite);
    connect(bulk, &BulkEditor::finished, this, [this, editor](const BulkEditor::Result &result) {
        recordBulk(editor, result);
    });
    connect(bulk, &BulkEditor::started, this, [this, tab] {
        if (tab == m_window->currentTab())
            updateActions();
    });
    connect(bulk, &BulkEditor::historyChanged, this, [this, tab] {
        if (tab == m_window->currentTab())
            updateActions();
    });
}

void EditController::recordEdit(FileEditor *editor, const FileEditor::Result &result)
{
    if (result.status != FileEditor::Status::Done || editor != m_requestEditor)
        return;
    m_requestEditor = nullptr;
    m_order.editDone(editor, m_request, result);
}

void EditController::recordBulk(FileEditor *editor, const BulkEditor::Result &result)
{
    if (result.status != BulkEditor::Status::Done)
        return;
    m_order.bulkDone(editor, result);
    if (editor == this->editor())
        updateActions();
}
