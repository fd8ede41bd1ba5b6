#include "bulkeditor.h"

#include "bulkrewriter.h"
#include "document.h"
#include "fileeditorio.h"
#include "filerewriter.h"
#include "mappedfile.h"
#include "searchmatcher.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>

struct BulkEditor::Outcome {
    Result result;
    std::optional<FileVersions::Kept> kept; // apply: the previous version; undo/redo: the one it replaced
};

namespace {

BulkEditor::Status statusOf(const BulkRewriter::Result &rewrite)
{
    if (rewrite.cancelled)
        return BulkEditor::Status::Cancelled;
    if (rewrite.changed)
        return BulkEditor::Status::ChangedOnDisk;
    if (!rewrite.ok)
        return BulkEditor::Status::Failed;
    return rewrite.unchanged ? BulkEditor::Status::Unchanged : BulkEditor::Status::Done;
}

} // namespace

BulkEditor::BulkEditor(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_historyPath(document ? document->path() : QString())
{
    if (!document)
        return;
    // A reload (after a rewrite, or F5) keeps the history: each step checks the file first.
    connect(document, &Document::opened, this, [this] {
        if (m_document->path() != m_historyPath)
            clearHistory();
        m_historyPath = m_document->path();
    });
}

BulkEditor::~BulkEditor()
{
    if (m_worker) {
        m_cancel->store(true);
        m_worker->join();
    }
    discard(m_undo);
    discard(m_redo);
}

Document *BulkEditor::document() const
{
    return m_document;
}

QString BulkEditor::readOnlyReason() const
{
    if (!m_document || m_document->state() != Document::State::Open)
        return tr("No file is open.");
    if (m_worker)
        return tr("A bulk edit of the file is running.");
    return m_document->writeRefusal();
}

std::shared_ptr<const BulkTransform> BulkEditor::compile(BulkOperation operation, QString *error) const
{
    if (!m_document || m_document->state() != Document::State::Open) {
        if (error)
            *error = tr("No file is open.");
        return nullptr;
    }
    operation.options.encoding = m_document->encoding();
    const QByteArray sample = m_document->readBytes(0, SearchMatcher::kSampleBytes).value_or(QByteArray());
    return BulkTransform::compile(operation, error, sample);
}

BulkEditor::UndoCost BulkEditor::undoCost(qint64 newSize) const
{
    UndoCost cost;
    if (!m_document || m_document->state() != Document::State::Open)
        return cost;
    const qint64 size = m_document->size();
    const QString sizeText = QLocale().formattedDataSize(size);
    QString why;
    const std::optional<FileVersions::Method> method =
        FileVersions::probe(m_document->path(), size, qMax<qint64>(newSize, size), &why);
    cost.bytes = size;
    if (!method) {
        cost.text = tr("This edit cannot be undone: %1.").arg(why);
        return cost;
    }
    cost.possible = true;
    cost.copies = *method == FileVersions::Method::Copy;
    cost.text = cost.copies
        ? tr("To allow Undo, Tome first copies the file (%1) to a hidden file beside it (a reflink if the "
             "file system can make one); it stays until you open another file or quit.")
              .arg(sizeText)
        : tr("To allow Undo, Tome keeps the previous version (%1) as a hidden file beside it, without copying "
             "it: its space stays in use until you open another file or quit.")
              .arg(sizeText);
    return cost;
}

bool BulkEditor::refuse(Task task, const QString &name)
{
    const QString why = readOnlyReason();
    if (why.isEmpty())
        return false;
    Result result;
    result.task = task;
    result.status = Status::Refused;
    result.message = why;
    result.name = name;
    if (task == Task::Count)
        emit counted(result);
    else
        emit finished(result);
    return true;
}

void BulkEditor::launch(Task task, std::function<Outcome(const std::function<bool(qint64, qint64)> &)> job)
{
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const std::shared_ptr<std::atomic<bool>> cancelFlag = m_cancel;
    m_worker = std::make_unique<std::thread>([this, task, job = std::move(job), cancelFlag] {
        QElapsedTimer timer;
        timer.start();
        const auto progressFn = [this, cancelFlag](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(this, [this, done, total] { emit progress(done, total); }, Qt::QueuedConnection);
            return !cancelFlag->load();
        };
        Outcome outcome = job(progressFn);
        outcome.result.task = task;
        outcome.result.milliseconds = timer.elapsed();
        QMetaObject::invokeMethod(this, [this, task, outcome] { onDone(task, outcome); }, Qt::QueuedConnection);
    });
    emit started(task);
    if (task != Task::Count)
        emit writing(true);
}

void BulkEditor::count(const BulkOperation &operation)
{
    if (refuse(Task::Count, QString()))
        return;
    QString error;
    const std::shared_ptr<const BulkTransform> transform = compile(operation, &error);
    if (!transform) {
        Result result;
        result.status = Status::Refused;
        result.message = error;
        emit counted(result);
        return;
    }
    const QString path = m_document->path();
    const FileIdentity seen = m_document->file().identity();
    launch(Task::Count, [path, seen, transform](const std::function<bool(qint64, qint64)> &progress) {
        const BulkRewriter::Result counted = BulkRewriter::count(path, seen, transform, progress);
        Outcome outcome;
        outcome.result.status = statusOf(counted);
        outcome.result.message = counted.error;
        outcome.result.counts = counted.counts;
        outcome.result.oldSize = counted.oldSize;
        outcome.result.newSize = counted.newSize;
        outcome.result.seen = counted.before;
        return outcome;
    });
}

void BulkEditor::apply(const BulkOperation &operation, const QString &name, bool keepForUndo,
                       const std::optional<FileIdentity> &seen, qint64 newSizeHint,
                       const std::vector<qint64> &trackedOffsets)
{
    if (refuse(Task::Apply, name))
        return;
    QString error;
    const std::shared_ptr<const BulkTransform> transform = compile(operation, &error);
    if (!transform) {
        Result result;
        result.task = Task::Apply;
        result.status = Status::Refused;
        result.message = error;
        result.name = name;
        emit finished(result);
        return;
    }
    BulkRewriter::Plan plan;
    plan.path = m_document->path();
    plan.expected = seen.value_or(m_document->file().identity());
    plan.transform = transform;
    plan.keepPrevious = keepForUndo;
    plan.newSizeHint = newSizeHint;
    plan.trackedOffsets = trackedOffsets;
    launch(Task::Apply, [plan, name](const std::function<bool(qint64, qint64)> &progress) {
        const BulkRewriter::Result rewritten = BulkRewriter::run(plan, progress);
        Outcome outcome;
        outcome.result.status = statusOf(rewritten);
        outcome.result.message = rewritten.cancelled ? tr("The edit was cancelled; the file is unchanged.")
                                                     : rewritten.error;
        outcome.result.name = name;
        outcome.result.counts = rewritten.counts;
        outcome.result.oldSize = rewritten.oldSize;
        outcome.result.newSize = rewritten.newSize;
        outcome.result.seen = rewritten.before;
        outcome.result.produced = rewritten.unchanged ? rewritten.before : rewritten.written;
        outcome.result.undoable = rewritten.kept.has_value();
        outcome.result.tracked = rewritten.tracked;
        outcome.kept = rewritten.kept;
        return outcome;
    });
}

void BulkEditor::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void BulkEditor::undo()
{
    swap(true);
}

void BulkEditor::redo()
{
    swap(false);
}

// Undo and redo: the version the step kept goes back in place, and the one there now is kept for
// the opposite step.
void BulkEditor::swap(bool undo)
{
    const Task task = undo ? Task::Undo : Task::Redo;
    std::vector<Step> &steps = undo ? m_undo : m_redo;
    if (steps.empty()) {
        Result result;
        result.task = task;
        result.status = Status::Refused;
        result.message = undo ? tr("Nothing to undo.") : tr("Nothing to redo.");
        emit finished(result);
        return;
    }
    if (refuse(task, steps.back().name))
        return;
    const Step step = steps.back();
    const QString path = m_document->path();
    launch(task, [step, path](const std::function<bool(qint64, qint64)> &progress) {
        Outcome outcome;
        Result &result = outcome.result;
        result.name = step.name;
        const QString name = QFileInfo(path).fileName();
        const FileIdentity now = MappedFile::identityOf(path);
        result.seen = now;
        result.oldSize = now.size;
        result.newSize = step.kept.size;
        if (now != step.start) {
            result.status = Status::ChangedOnDisk;
            result.message = now.size < 0
                ? tr("%1 was deleted; nothing was changed.").arg(name)
                : tr("%1 has changed on disk since Tome's last edit of it; nothing was changed.").arg(name);
            return outcome;
        }
        // The version there now, kept for the opposite step when the disk allows.
        QString why;
        const int fd = FileEditorIo::openForRead(path, &why);
        if (fd >= 0 && FileVersions::probe(path, now.size, 0, &why))
            outcome.kept = FileVersions::keep(path, fd, now, true, &why, progress);
        FileEditorIo::closeFile(fd);
        if (!FileVersions::restore(step.kept, path, &why)) {
            if (outcome.kept)
                FileVersions::discard(outcome.kept->path);
            outcome.kept.reset();
            result.status = Status::Failed;
            result.message = tr("Could not put the other version of %1 back (%2). The file is unchanged.").arg(name, why);
            return outcome;
        }
        result.status = Status::Done;
        result.produced = MappedFile::identityOf(path);
        result.undoable = outcome.kept.has_value();
        return outcome;
    });
}

void BulkEditor::onDone(Task task, const Outcome &outcome)
{
    m_worker->join();
    m_worker.reset();
    m_cancel.reset();
    Result result = outcome.result;
    if (task == Task::Count) {
        emit counted(result);
        return;
    }
    if (result.status == Status::Done) {
        switch (task) {
        case Task::Apply:
            discard(m_redo);
            if (outcome.kept)
                m_undo.push_back({result.name, *outcome.kept, result.produced});
            else
                discard(m_undo); // a step that cannot be undone: the ones before it cannot be reached
            break;
        case Task::Undo:
        case Task::Redo: {
            std::vector<Step> &from = task == Task::Undo ? m_undo : m_redo;
            std::vector<Step> &to = task == Task::Undo ? m_redo : m_undo;
            const QString name = from.back().name;
            from.pop_back(); // its kept version is in place now
            if (outcome.kept) {
                to.push_back({name, *outcome.kept, result.produced});
            } else {
                discard(to);
                result.message = task == Task::Undo
                    ? tr("Undone, but it cannot be redone: there is no room on the disk to keep the newer version.")
                    : tr("Redone, but it cannot be undone again: there is no room on the disk to keep the older version.");
            }
            if (!from.empty())
                from.back().start = result.produced;
            break;
        }
        case Task::Count:
            break;
        }
        emit ownWrite(result.produced);
        emit historyChanged();
        if (m_document)
            m_document->reload();
    } else if (task == Task::Apply && outcome.kept) {
        FileVersions::discard(outcome.kept->path); // not reached: a failed run keeps nothing
    }
    emit writing(false);
    emit finished(result);
}

void BulkEditor::setUndoStart(const FileIdentity &now)
{
    if (!m_undo.empty())
        m_undo.back().start = now;
}

void BulkEditor::setRedoStart(const FileIdentity &now)
{
    if (!m_redo.empty())
        m_redo.back().start = now;
}

void BulkEditor::clearRedo()
{
    if (m_redo.empty())
        return;
    discard(m_redo);
    emit historyChanged();
}

void BulkEditor::clearHistory()
{
    if (m_undo.empty() && m_redo.empty())
        return;
    discard(m_undo);
    discard(m_redo);
    emit historyChanged();
}

void BulkEditor::discard(std::vector<Step> &steps)
{
    for (const Step &step : steps)
        FileVersions::discard(step.kept.path);
    steps.clear();
}
