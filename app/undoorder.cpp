#include "undoorder.h"

void UndoOrder::setBulk(const FileEditor *editor, BulkEditor *bulk) { m_steps[editor].bulk = bulk; }

BulkEditor *UndoOrder::bulkOf(const FileEditor *editor) const
{
    const auto it = m_steps.constFind(editor);
    return it == m_steps.cend() ? nullptr : it->bulk.data();
}

bool UndoOrder::nextIsBulk(const FileEditor *editor, bool undo) const
{
    const auto it = m_steps.constFind(editor);
    if (it == m_steps.cend() || !it->bulk)
        return false;
    return (undo ? it->undo : it->redo).endsWith(u'b');
}

void UndoOrder::clear(const FileEditor *editor)
{
    const auto it = m_steps.find(editor);
    if (it == m_steps.end())
        return;
    it->undo.clear();
    it->redo.clear();
}

void UndoOrder::editDone(const FileEditor *editor, Request request, const FileEditor::Result &result)
{
    Steps &steps = m_steps[editor];
    switch (request) {
    case Request::New:
        steps.undo += u'e';
        steps.redo.clear();
        if (steps.bulk)
            steps.bulk->clearRedo();
        break;
    case Request::Undo:
        steps.undo.chop(1);
        steps.redo += u'e';
        if (steps.bulk && steps.undo.endsWith(u'b'))
            steps.bulk->setUndoStart(result.produced); // the bulk step before starts from this file now
        break;
    case Request::Redo:
        steps.redo.chop(1);
        steps.undo += u'e';
        if (steps.bulk && steps.redo.endsWith(u'b'))
            steps.bulk->setRedoStart(result.produced);
        break;
    }
}

void UndoOrder::bulkDone(FileEditor *editor, const BulkEditor::Result &result)
{
    Steps &steps = m_steps[editor];
    const auto cannotGoBack = [&] {
        steps.undo.clear(); // the file is another one now, with no way back: older steps are out of reach
        editor->clearHistory();
    };
    switch (result.task) {
    case BulkEditor::Task::Apply:
        steps.redo.clear();
        if (result.undoable)
            steps.undo += u'b';
        else
            cannotGoBack();
        break;
    case BulkEditor::Task::Undo:
        if (steps.undo.endsWith(u'b'))
            steps.undo.chop(1);
        if (steps.bulk && steps.bulk->canRedo())
            steps.redo += u'b';
        else
            steps.redo.clear();
        break;
    case BulkEditor::Task::Redo:
        if (steps.redo.endsWith(u'b'))
            steps.redo.chop(1);
        if (result.undoable)
            steps.undo += u'b';
        else
            cannotGoBack();
        break;
    case BulkEditor::Task::Count:
        break;
    }
}
