#include "bulkeditmarks.h"

#include "document.h"
#include "linemarks.h"

BulkEditMarks::BulkEditMarks(BulkEditor *editor, LineMarks *marks)
    : QObject(editor)
    , m_editor(editor)
    , m_marks(marks)
{
    connect(editor, &BulkEditor::finished, this, &BulkEditMarks::onFinished);
    connect(editor, &BulkEditor::historyChanged, this, &BulkEditMarks::onHistoryChanged);
    connect(editor, &BulkEditor::writing, this, [this](bool running) { m_writing = running; });
}

std::vector<qint64> BulkEditMarks::prepared(const BulkOperation &operation)
{
    m_prepared = false;
    if (!m_marks || !m_editor || !m_editor->document())
        return {};
    m_operation = operation;
    m_before = m_marks->lines();
    m_prepared = true;
    if (!operation.usesPattern() || operation.kind == BulkOperation::Kind::Replace)
        return {};
    const Document *document = m_editor->document();
    std::vector<qint64> offsets;
    offsets.reserve(m_before.size());
    for (const qint64 line : m_before) {
        const std::optional<LineSpan> span = document->lineSpan(line);
        if (!span) { // not indexed yet: where the marks go is not known
            m_prepared = false;
            return {};
        }
        offsets.push_back(span->byteOffset);
    }
    return offsets;
}

std::optional<std::vector<qint64>> BulkEditMarks::moved(const BulkOperation &operation,
                                                        const std::vector<qint64> &before,
                                                        const std::vector<std::optional<qint64>> &tracked)
{
    std::vector<qint64> after;
    switch (operation.kind) {
    case BulkOperation::Kind::Replace:
        return before;
    case BulkOperation::Kind::KeepLines:
    case BulkOperation::Kind::DeleteLines: {
        if (!operation.lines)
            return std::nullopt;
        const bool keep = operation.keeps();
        for (const qint64 line : before) {
            if (operation.lines->contains(line) != keep)
                continue;
            const qint64 rank = operation.lines->rank(line);
            after.push_back(keep ? rank : line - rank);
        }
        return after;
    }
    case BulkOperation::Kind::KeepMatching:
    case BulkOperation::Kind::DeleteMatching:
        if (tracked.size() != before.size())
            return std::nullopt;
        for (size_t i = 0; i < before.size(); ++i) {
            if (tracked[i])
                after.push_back(before[i] - *tracked[i]);
        }
        return after;
    }
    return std::nullopt;
}

void BulkEditMarks::onFinished(const BulkEditor::Result &result)
{
    if (result.task == BulkEditor::Task::Apply && result.status != BulkEditor::Status::Done)
        m_prepared = false;
    if (!m_marks || result.status != BulkEditor::Status::Done)
        return;
    follow(result);
    onHistoryChanged();
}

void BulkEditMarks::follow(const BulkEditor::Result &result)
{
    switch (result.task) {
    case BulkEditor::Task::Count:
        return;
    case BulkEditor::Task::Apply: {
        const bool prepared = m_prepared;
        m_prepared = false;
        m_redo.clear();
        const std::optional<std::vector<qint64>> after =
            prepared ? moved(m_operation, m_before, result.tracked) : std::nullopt;
        if (!after || !result.undoable) {
            m_undo.clear();
        } else {
            m_undo.push_back({m_before, *after});
        }
        if (after)
            m_marks->setLines(*after);
        return;
    }
    case BulkEditor::Task::Undo:
    case BulkEditor::Task::Redo: {
        const bool undo = result.task == BulkEditor::Task::Undo;
        std::vector<Step> &from = undo ? m_undo : m_redo;
        std::vector<Step> &to = undo ? m_redo : m_undo;
        if (from.empty())
            return; // a step whose marks were not known: the tab keeps them in range
        const Step step = from.back();
        from.pop_back();
        if (result.undoable)
            to.push_back(step);
        else
            to.clear();
        m_marks->setLines(undo ? step.before : step.after);
        return;
    }
    }
}

// Steps the editor dropped (another file, a new edit elsewhere) drop their marks too; the steps
// it moves while it finishes a task are followed in onFinished().
void BulkEditMarks::onHistoryChanged()
{
    if (!m_editor || m_writing)
        return;
    if (!m_editor->canUndo())
        m_undo.clear();
    if (!m_editor->canRedo())
        m_redo.clear();
}
