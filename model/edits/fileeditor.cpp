#include "fileeditor.h"

#include "document.h"
#include "editjournal.h"
#include "fileeditorio.h"
#include "filerewriter.h"
#include "mappedfile.h"

#include <QElapsedTimer>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

bool sameContentIdentity(const FileIdentity &a, const FileIdentity &b)
{
    return a.isSameFile(b) && a.size == b.size && a.modifiedNs == b.modifiedNs;
}

// Whether replacing `before` by `after` (same length) leaves every '\n' where it was.
bool sameNewlines(const QByteArray &before, const QByteArray &after)
{
    for (qsizetype i = 0; i < before.size(); ++i) {
        if ((before[i] == '\n') != (after[i] == '\n'))
            return false;
    }
    return true;
}

} // namespace

FileEditor::FileEditor(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    connect(document, &Document::closed, this, [this] { m_journal.close(); });
}

FileEditor::~FileEditor()
{
    if (m_worker) {
        m_cancel->store(true);
        m_worker->join();
    }
}

QString FileEditor::readOnlyReason() const
{
    if (!m_document || m_document->state() != Document::State::Open)
        return tr("No file is open.");
    if (m_worker)
        return tr("The file is being rewritten.");
    return m_document->writeRefusal();
}

bool FileEditor::isChangedOnDisk() const
{
    return m_document && m_document->state() == Document::State::Open
        && !sameContentIdentity(MappedFile::identityOf(m_document->path()), m_document->file().identity());
}

bool FileEditor::isFileDeleted() const
{
    return m_document && !m_document->path().isEmpty() && MappedFile::identityOf(m_document->path()).size < 0;
}

FileEditor::Prepared FileEditor::prepare(qint64 byteOffset, qint64 length) const
{
    Prepared prepared;
    prepared.byteOffset = byteOffset;
    if (!m_document || m_document->state() != Document::State::Open) {
        prepared.error = tr("No file is open.");
        return prepared;
    }
    prepared.seen = m_document->file().identity();
    if (byteOffset < 0 || length < 0 || byteOffset > m_document->size() || length > m_document->size() - byteOffset) {
        prepared.error = tr("The edited range lies outside the file.");
        return prepared;
    }
    const std::optional<QByteArray> bytes = m_document->readBytes(byteOffset, length);
    if (!bytes) {
        prepared.error = tr("The file has changed on disk (it became shorter). Reload it before editing.");
        return prepared;
    }
    prepared.oldBytes = *bytes;
    return prepared;
}

FileEditor::Prepared FileEditor::prepareLine(qint64 lineNumber) const
{
    if (m_document && m_document->state() == Document::State::Open && m_document->size() == 0 && lineNumber == 0) {
        Prepared prepared = prepare(0, 0);
        prepared.lineNumber = 0;
        return prepared;
    }
    const std::optional<LineSpan> span = m_document ? m_document->lineSpan(lineNumber) : std::nullopt;
    if (!span) {
        Prepared prepared;
        prepared.error = tr("Line %L1 is not in the file (or not indexed yet).").arg(lineNumber + 1);
        return prepared;
    }
    Prepared prepared = prepare(span->byteOffset, span->textLength);
    prepared.lineNumber = lineNumber;
    return prepared;
}

QString FileEditor::changeReason(const FileIdentity &expected, const FileIdentity &now) const
{
    const QString name = m_document ? QFileInfo(m_document->path()).fileName() : QString();
    if (now.size < 0)
        return tr("%1 was deleted since Tome read it; nothing was written.").arg(name);
    if (!now.isSameFile(expected))
        return tr("%1 was replaced by another file (rotated or recreated) since Tome read it; nothing was written.")
            .arg(name);
    if (now.size != expected.size)
        return tr("%1 changed size on disk (from %L2 to %L3 bytes) since Tome read it; nothing was written.")
            .arg(name)
            .arg(expected.size)
            .arg(now.size);
    if (now.modifiedNs != expected.modifiedNs)
        return tr("%1 was modified on disk since Tome read it; nothing was written.").arg(name);
    return QString();
}

QString FileEditor::staleReason(const Prepared &prepared) const
{
    if (!prepared.isValid())
        return prepared.error;
    if (!m_document || m_document->path().isEmpty())
        return tr("No file is open.");
    const QString path = m_document->path();
    const QString why = changeReason(prepared.seen, MappedFile::identityOf(path));
    if (!why.isEmpty())
        return why;
    QString error;
    const int fd = FileEditorIo::openForRead(path, &error);
    QByteArray current;
    const bool read = fd >= 0 && FileEditorIo::readAt(fd, prepared.byteOffset, prepared.oldBytes.size(), &current, &error);
    FileEditorIo::closeFile(fd);
    if (!read)
        return error;
    if (current != prepared.oldBytes)
        return tr("The bytes at offset %L1 of %2 are no longer the ones shown; nothing was written.")
            .arg(prepared.byteOffset)
            .arg(QFileInfo(path).fileName());
    return QString();
}

FileEditor::Result FileEditor::apply(const Prepared &prepared, const QByteArray &newBytes)
{
    const Edit edit{prepared.byteOffset, prepared.oldBytes, newBytes, prepared.seen, prepared.lineNumber};
    if (!prepared.isValid())
        return finish({Status::Refused, modeFor(prepared.oldBytes.size(), newBytes.size()), prepared.error, edit});
    return applyEdit(edit, Kind::New);
}

FileEditor::Result FileEditor::replace(qint64 byteOffset, qint64 oldLength, const QByteArray &newBytes)
{
    return apply(prepare(byteOffset, oldLength), newBytes);
}

FileEditor::Result FileEditor::replaceLine(qint64 lineNumber, const QByteArray &newText)
{
    return apply(prepareLine(lineNumber), newText);
}

void FileEditor::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

FileEditor::Result FileEditor::undo()
{
    if (m_undo.empty())
        return {Status::Refused, Mode::InPlace, tr("Nothing to undo."), Edit{}};
    const Step &step = m_undo.back();
    return applyEdit({step.edit.byteOffset, step.edit.newBytes, step.edit.oldBytes, step.after, step.edit.lineNumber},
                     Kind::Undo);
}

FileEditor::Result FileEditor::redo()
{
    if (m_redo.empty())
        return {Status::Refused, Mode::InPlace, tr("Nothing to redo."), Edit{}};
    return applyEdit(m_redo.back(), Kind::Redo);
}

void FileEditor::clearHistory()
{
    m_undo.clear();
    m_redo.clear();
    emit historyChanged();
}

void FileEditor::record(const Result &result, Kind kind)
{
    switch (kind) {
    case Kind::New:
        m_undo.push_back({result.edit, result.produced});
        m_redo.clear();
        break;
    case Kind::Undo: {
        if (m_undo.empty())
            return; // the history was cleared while the undo ran
        Edit again = m_undo.back().edit;
        again.expected = result.produced;
        m_redo.push_back(again);
        m_undo.pop_back();
        if (!m_undo.empty())
            m_undo.back().after = result.produced; // the next undo starts from the file we left
        break;
    }
    case Kind::Redo:
        if (m_redo.empty())
            return;
        m_undo.push_back({m_redo.back(), result.produced});
        m_redo.pop_back();
        if (!m_redo.empty())
            m_redo.back().expected = result.produced;
        break;
    }
    emit historyChanged();
}

FileEditor::Result FileEditor::finish(Result result)
{
    if (result.status != Status::Started)
        emit finished(result);
    return result;
}

FileEditor::Result FileEditor::applyEdit(const Edit &edit, Kind kind)
{
    const Mode mode = modeFor(edit.oldBytes.size(), edit.newBytes.size());
    if (const QString refusal = m_document ? m_document->editRefusal() : QString(); !refusal.isEmpty())
        return finish({Status::Refused, mode, refusal, edit}); // a decoded copy: no file to write to
    if (m_document && m_document->state() == Document::State::Open && !m_worker) {
        const QString changed = changeReason(edit.expected, MappedFile::identityOf(m_document->path()));
        if (!changed.isEmpty())
            return finish({Status::ChangedOnDisk, mode, changed, edit});
    }
    const QString why = readOnlyReason();
    if (!why.isEmpty())
        return finish({Status::Refused, mode, why, edit});
    if (mode == Mode::Rewrite)
        return startRewrite(edit, kind);
    Result result = writeInPlace(edit);
    if (result.status == Status::Done)
        record(result, kind);
    return finish(result);
}

FileEditor::Result FileEditor::writeInPlace(const Edit &edit)
{
    QElapsedTimer timer;
    timer.start();
    Result result{Status::Done, Mode::InPlace, QString(), edit};
    const QString path = m_document->path();
    const QString name = QFileInfo(path).fileName();
    const FileIdentity id = edit.expected;
    result.produced = id;

    // The check happens on the descriptor that writes: opened first, then the path must still
    // name the expected file, then the range must still hold the bytes the user saw.
    QString why;
    const int fd = FileEditorIo::openForWrite(path, &why);
    if (fd < 0) {
        result.status = isFileDeleted() ? Status::ChangedOnDisk : Status::Failed;
        result.message = isFileDeleted() ? changeReason(id, MappedFile::identityOf(path))
                                         : tr("Could not edit %1: %2. The file is unchanged.").arg(name, why);
        return result;
    }
    const QString changed = changeReason(id, MappedFile::identityOf(path));
    QByteArray current;
    const bool read = changed.isEmpty() && FileEditorIo::readAt(fd, edit.byteOffset, edit.oldBytes.size(), &current, &why);
    if (!changed.isEmpty() || !read || current != edit.oldBytes) {
        FileEditorIo::closeFile(fd);
        result.status = read || !changed.isEmpty() ? Status::ChangedOnDisk : Status::Failed;
        result.message = !changed.isEmpty() ? changed
            : read ? tr("The bytes at offset %L1 of %2 are no longer the ones shown; nothing was written.")
                         .arg(edit.byteOffset)
                         .arg(name)
                   : tr("Could not edit %1: %2. The file is unchanged.").arg(name, why);
        return result;
    }
    if (edit.oldBytes == edit.newBytes) {
        FileEditorIo::closeFile(fd);
        return result;
    }

    const EditJournal::Entry entry{edit.byteOffset, edit.oldBytes, edit.newBytes, id.device, id.inode, 0};
    if (!m_journal.begin(path, entry, &why)) {
        FileEditorIo::closeFile(fd);
        result.status = Status::Failed;
        result.message = tr("Could not edit %1: %2 The file is unchanged.").arg(name, why);
        return result;
    }
    emit writing(true);
    const bool ok = FileEditorIo::writeAt(fd, edit.byteOffset, edit.newBytes.constData(), edit.newBytes.size(), &why)
        && FileEditorIo::flushData(fd, &why);
    if (ok) {
        m_journal.commit();
    } else {
        result.status = Status::Failed;
        QString undoWhy;
        const bool restored =
            FileEditorIo::writeAt(fd, edit.byteOffset, edit.oldBytes.constData(), edit.oldBytes.size(), &undoWhy)
            && FileEditorIo::flushData(fd, &undoWhy);
        if (restored) {
            m_journal.commit();
            result.message = tr("Could not edit %1 (%2). The file is unchanged.").arg(name, why);
        } else {
            m_journal.abandon();
            result.message = tr("Could not edit %1 (%2). The old bytes are kept in a journal and will be restored "
                                "when the file is opened again.")
                                 .arg(name, why);
        }
    }
    FileEditorIo::closeFile(fd);
    if (ok) {
        result.produced = MappedFile::identityOf(path);
        emit ownWrite(result.produced);
        m_document->refresh(); // takes in the new modification time
        if (!sameNewlines(edit.oldBytes, edit.newBytes)) {
            m_document->reload();
            result.reloaded = true;
        }
    }
    emit writing(false);
    result.milliseconds = timer.elapsed();
    return result;
}

FileEditor::Result FileEditor::startRewrite(const Edit &edit, Kind kind)
{
    FileRewriter::Plan plan;
    plan.path = m_document->path();
    plan.byteOffset = edit.byteOffset;
    plan.oldLength = edit.oldBytes.size();
    plan.newBytes = edit.newBytes;
    plan.expected = edit.expected;
    plan.checkOldBytes = true;
    plan.expectedOldBytes = edit.oldBytes;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const std::shared_ptr<std::atomic<bool>> cancelFlag = m_cancel;
    m_worker = std::make_unique<std::thread>([this, plan, edit, kind, cancelFlag] {
        QElapsedTimer timer;
        timer.start();
        const FileRewriter::Result outcome = FileRewriter::run(plan, [&](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(this, [this, done, total] { emit progress(done, total); }, Qt::QueuedConnection);
            return !cancelFlag->load();
        });
        Result result{outcome.ok ? Status::Done
                          : outcome.cancelled ? Status::Cancelled
                          : outcome.changed   ? Status::ChangedOnDisk
                                              : Status::Failed,
                      Mode::Rewrite, outcome.error, edit};
        result.produced = outcome.written;
        if (outcome.cancelled)
            result.message = tr("The rewrite was cancelled; the file is unchanged.");
        result.milliseconds = timer.elapsed();
        QMetaObject::invokeMethod(this, [this, result, kind] { onRewriteDone(result, kind); }, Qt::QueuedConnection);
    });
    emit writing(true);
    return {Status::Started, Mode::Rewrite, QString(), edit};
}

void FileEditor::onRewriteDone(const Result &rewritten, Kind kind)
{
    m_worker->join();
    m_worker.reset();
    m_cancel.reset();
    Result result = rewritten;
    if (result.status == Status::Done) {
        emit ownWrite(result.produced);
        record(result, kind);
        if (m_document) {
            m_document->reload();
            result.reloaded = true;
        }
    }
    emit writing(false);
    finish(result);
}
