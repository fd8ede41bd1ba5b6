#include "fileeditor.h"

#include "document.h"
#include "editjournal.h"
#include "fileeditorio.h"
#include "filerewriter.h"
#include "mappedfile.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QStorageInfo>

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
    const QFileInfo info(m_document->path());
    if (QStorageInfo(info.absolutePath()).isReadOnly())
        return tr("%1 is on a read-only medium.").arg(info.fileName());
    if (!info.isWritable())
        return tr("%1 is read-only (no permission to write it).").arg(info.fileName());
    return QString();
}

bool FileEditor::isChangedOnDisk() const
{
    return m_document && m_document->state() == Document::State::Open
        && !sameContentIdentity(MappedFile::identityOf(m_document->path()), m_document->file().identity());
}

FileEditor::Result FileEditor::replace(qint64 byteOffset, qint64 oldLength, const QByteArray &newBytes)
{
    Edit edit{byteOffset, QByteArray(), newBytes};
    if (m_document && byteOffset >= 0 && oldLength >= 0 && byteOffset + oldLength <= m_document->size()) {
        const std::optional<QByteArray> old = m_document->readBytes(byteOffset, oldLength);
        if (!old)
            return finish({Status::ChangedOnDisk, modeFor(oldLength, newBytes.size()),
                           tr("The file has changed on disk (it became shorter). Reload it before editing."), edit});
        edit.oldBytes = *old;
    } else {
        return finish({Status::Refused, modeFor(oldLength, newBytes.size()), tr("The edited range lies outside the file."),
                       edit});
    }
    return apply(edit, Kind::New);
}

FileEditor::Result FileEditor::replaceLine(qint64 lineNumber, const QByteArray &newText)
{
    if (m_document && m_document->state() == Document::State::Open && m_document->size() == 0 && lineNumber == 0)
        return replace(0, 0, newText);
    const std::optional<LineSpan> span = m_document ? m_document->lineSpan(lineNumber) : std::nullopt;
    if (!span)
        return finish({Status::Refused, Mode::InPlace, tr("Line %L1 is not in the file (or not indexed yet).").arg(lineNumber + 1),
                       Edit{}});
    return replace(span->byteOffset, span->textLength, newText);
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
    return apply(m_undo.back().inverse(), Kind::Undo);
}

FileEditor::Result FileEditor::redo()
{
    if (m_redo.empty())
        return {Status::Refused, Mode::InPlace, tr("Nothing to redo."), Edit{}};
    return apply(m_redo.back(), Kind::Redo);
}

void FileEditor::clearHistory()
{
    m_undo.clear();
    m_redo.clear();
    emit historyChanged();
}

void FileEditor::record(const Edit &edit, Kind kind)
{
    switch (kind) {
    case Kind::New:
        m_undo.push_back(edit);
        m_redo.clear();
        break;
    case Kind::Undo:
        if (m_undo.empty())
            return; // the history was cleared while the undo ran
        m_redo.push_back(m_undo.back());
        m_undo.pop_back();
        break;
    case Kind::Redo:
        if (m_redo.empty())
            return;
        m_undo.push_back(m_redo.back());
        m_redo.pop_back();
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

FileEditor::Result FileEditor::apply(const Edit &edit, Kind kind)
{
    const Mode mode = modeFor(edit.oldBytes.size(), edit.newBytes.size());
    const QString why = readOnlyReason();
    if (!why.isEmpty())
        return finish({Status::Refused, mode, why, edit});
    const QString name = QFileInfo(m_document->path()).fileName();
    const FileIdentity seen = m_document->file().identity();
    if (!sameContentIdentity(MappedFile::identityOf(m_document->path()), seen))
        return finish({Status::ChangedOnDisk, mode,
                       tr("%1 has changed on disk since Tome last read it. Reload it before editing.").arg(name), edit});
    const qint64 end = edit.byteOffset + edit.oldBytes.size();
    const std::optional<QByteArray> current =
        end <= m_document->size() ? m_document->readBytes(edit.byteOffset, edit.oldBytes.size()) : std::nullopt;
    if (!current || *current != edit.oldBytes)
        return finish({Status::ChangedOnDisk, mode,
                       tr("The bytes at offset %L1 of %2 are not what this edit expects. Reload the file.")
                           .arg(edit.byteOffset)
                           .arg(name),
                       edit});
    if (mode == Mode::Rewrite)
        return startRewrite(edit, kind);
    Result result = writeInPlace(edit);
    if (result.status == Status::Done)
        record(edit, kind);
    return finish(result);
}

FileEditor::Result FileEditor::writeInPlace(const Edit &edit)
{
    QElapsedTimer timer;
    timer.start();
    Result result{Status::Done, Mode::InPlace, QString(), edit};
    const QString path = m_document->path();
    const QString name = QFileInfo(path).fileName();
    const FileIdentity id = m_document->file().identity();
    if (edit.oldBytes == edit.newBytes)
        return result;

    QString why;
    const EditJournal::Entry entry{edit.byteOffset, edit.oldBytes, edit.newBytes, id.device, id.inode, 0};
    if (!m_journal.begin(path, entry, &why)) {
        result.status = Status::Failed;
        result.message = tr("Could not edit %1: %2 The file is unchanged.").arg(name, why);
        return result;
    }
    const int fd = FileEditorIo::openForWrite(path, &why);
    const bool ok = fd >= 0
        && FileEditorIo::writeAt(fd, edit.byteOffset, edit.newBytes.constData(), edit.newBytes.size(), &why)
        && FileEditorIo::flushData(fd, &why);
    if (ok) {
        m_journal.commit();
    } else {
        result.status = Status::Failed;
        QString undoWhy;
        const bool restored = fd < 0
            || (FileEditorIo::writeAt(fd, edit.byteOffset, edit.oldBytes.constData(), edit.oldBytes.size(), &undoWhy)
                && FileEditorIo::flushData(fd, &undoWhy));
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
        m_document->refresh(); // takes in the new modification time
        if (!sameNewlines(edit.oldBytes, edit.newBytes)) {
            m_document->reload();
            result.reloaded = true;
        }
    }
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
    plan.expected = m_document->file().identity();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const std::shared_ptr<std::atomic<bool>> cancelFlag = m_cancel;
    m_worker = std::make_unique<std::thread>([this, plan, edit, kind, cancelFlag] {
        QElapsedTimer timer;
        timer.start();
        const FileRewriter::Result outcome = FileRewriter::run(plan, [&](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(this, [this, done, total] { emit progress(done, total); }, Qt::QueuedConnection);
            return !cancelFlag->load();
        });
        Result result{outcome.ok ? Status::Done : outcome.cancelled ? Status::Cancelled : Status::Failed,
                      Mode::Rewrite, outcome.error, edit};
        if (outcome.cancelled)
            result.message = tr("The rewrite was cancelled; the file is unchanged.");
        result.milliseconds = timer.elapsed();
        QMetaObject::invokeMethod(this, [this, result, kind] { onRewriteDone(result, kind); }, Qt::QueuedConnection);
    });
    return {Status::Started, Mode::Rewrite, QString(), edit};
}

void FileEditor::onRewriteDone(const Result &rewritten, Kind kind)
{
    m_worker->join();
    m_worker.reset();
    m_cancel.reset();
    Result result = rewritten;
    if (result.status == Status::Done) {
        record(result.edit, kind);
        if (m_document) {
            m_document->reload();
            result.reloaded = true;
        }
    }
    finish(result);
}
