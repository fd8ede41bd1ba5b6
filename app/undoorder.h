#pragma once

#include "bulkeditor.h"
#include "fileeditor.h"

#include <QHash>
#include <QPointer>
#include <QString>

// The order of a tab's undo and redo steps across its two kinds of edit: its FileEditor's (the
// edit dialog, Replace) and its BulkEditor's (Replace All, keep or delete lines), so that Undo
// takes back the latest step of either kind. Keyed by the tab's FileEditor. GUI thread.
class UndoOrder {
public:
    enum class Request { New, Undo, Redo };

    void setBulk(const FileEditor *editor, BulkEditor *bulk);
    BulkEditor *bulkOf(const FileEditor *editor) const;
    // Whether the next undo (redo) of `editor`'s tab is a bulk edit's.
    bool nextIsBulk(const FileEditor *editor, bool undo) const;
    // Forgets the steps (another file); keeps the bulk editor.
    void clear(const FileEditor *editor);
    void remove(const FileEditor *editor) { m_steps.remove(editor); }

    // A FileEditor step is done: a new edit, an undo or a redo.
    void editDone(const FileEditor *editor, Request request, const FileEditor::Result &result);
    // A bulk step is done. A step that cannot be undone puts the older steps out of reach:
    // `editor`'s history is cleared.
    void bulkDone(FileEditor *editor, const BulkEditor::Result &result);

private:
    // Oldest first: 'e' a FileEditor step, 'b' a bulk step.
    struct Steps {
        QString undo;
        QString redo;
        QPointer<BulkEditor> bulk;
    };
    QHash<const FileEditor *, Steps> m_steps;
};
