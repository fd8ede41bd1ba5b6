#pragma once

#include "bulkeditor.h"
#include "bulkoperation.h"

#include <QObject>
#include <QPointer>

#include <vector>

class Document;
class LineMarks;

// Keeps a file's marks on their lines through the bulk edits of its BulkEditor: after Keep /
// Delete Matching Lines or a filter applied to the file, a mark on a line that stays moves to
// that line's new number and a mark on a line that went is dropped; undo puts the marks back as
// they were before the edit, redo as they were after it. Replace All leaves marks where they are.
//
// prepared() is called just before BulkEditor::apply() with the operation, and returns the line
// starts to pass to it (the marked lines, for the pattern kinds); the rest follows the editor's
// signals. Marks past the indexed part of the file, or an edit that was not prepared, leave the
// marks to the tab (kept where they are, clipped to the new line count).
//
// Thread-safety: owner thread. Costs O(marks) per step, plus the rewriter's count of the blocks
// that hold marks.
class BulkEditMarks : public QObject {
    Q_OBJECT
public:
    BulkEditMarks(BulkEditor *editor, LineMarks *marks);

    std::vector<qint64> prepared(const BulkOperation &operation);

    // Where marks on `before` go after an edit: see the class comment. `tracked` as
    // BulkEditor::Result::tracked for the pattern kinds. nullopt when it is not known.
    static std::optional<std::vector<qint64>> moved(const BulkOperation &operation, const std::vector<qint64> &before,
                                                    const std::vector<std::optional<qint64>> &tracked);

private:
    struct Step {
        std::vector<qint64> before;
        std::vector<qint64> after;
    };
    void onFinished(const BulkEditor::Result &result);
    void follow(const BulkEditor::Result &result);
    void onHistoryChanged();

    QPointer<BulkEditor> m_editor;
    QPointer<LineMarks> m_marks;
    bool m_prepared = false;
    bool m_writing = false; // the editor is between started() and finished()
    BulkOperation m_operation;
    std::vector<qint64> m_before;
    std::vector<Step> m_undo;
    std::vector<Step> m_redo;
};
