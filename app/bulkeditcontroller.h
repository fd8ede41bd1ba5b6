#pragma once

#include "bulkeditor.h"
#include "bulkoperation.h"

#include <QObject>
#include <QPointer>

class BulkEditDialog;
class DocumentTab;
class LineSet;
class MainWindow;
class QAction;
class QProgressDialog;
class SearchBar;

// Wires bulk edits into the main window. Edit ▸ Replace… (Ctrl+H) shows the find bar with its
// replacement row: Replace changes the current match through the edit controller (in place when
// the length stays, else a rewrite; an undo step of its own) and goes to the next; Replace All
// rewrites every match of the file. Edit ▸ Delete Matching Lines… and Keep Only Matching Lines…
// ask for a pattern (the find bar's to start with) and rewrite the file without the other lines;
// applyLineSet() does the same for given lines (a filter's: Apply Filter to File). Marks follow
// the lines (BulkEditMarks). Each tab has its own BulkEditor
// (attached to the tab), whose steps join Edit ▸ Undo / Redo in the order they were made.
//
// Before a bulk edit writes anything, a BulkEditDialog counts in the background and says how many
// replacements on how many lines (or lines kept and deleted), what Undo will cost or that the
// edit cannot be undone; Apply then rewrites with progress and Cancel. A file that changed on
// disk since it was read is not written (Reload is offered).
class BulkEditController : public QObject {
    Q_OBJECT
public:
    explicit BulkEditController(MainWindow *window);

    // The current tab's editor, and a tab's.
    BulkEditor *bulkEditor() const;
    static BulkEditor *bulkEditorOf(const DocumentTab *tab);
    BulkEditDialog *dialog() const;
    // Why a tab's filter cannot be applied to its file now; empty when it can.
    static QString whyNotApplyFilter(const DocumentTab *tab);

public slots:
    void showReplace();
    // Replaces the find bar's current match (with none yet, finds the next one first).
    void replaceCurrent();
    void replaceAll();
    void deleteMatchingLines();
    void keepMatchingLines();
    // Keeps only `lines` (0-based lines of the current tab's file; with keep false deletes them),
    // through the same dialog.
    void applyLineSet(const LineSet &lines, bool keep = true);
    // Apply Filter to File (Edit menu, the filter dock): applyLineSet() with the lines the current
    // tab shows, once its filter has reached the end of the file.
    void applyFilterToFile();

private:
    void addTab(DocumentTab *tab);
    void connectBar(DocumentTab *tab);
    void hideReplaceRow();
    SearchBar *searchBar() const;
    void askForLines(bool keep);
    void start(const BulkOperation &operation, const QString &title, const QString &what, const QString &applyText,
               const QString &stepName);
    void apply();
    void onStarted(BulkEditor *editor, BulkEditor::Task task);
    void onCounted(BulkEditor *editor, const BulkEditor::Result &result);
    void onFinished(BulkEditor *editor, const BulkEditor::Result &result);
    QString countSentence(const BulkEditor::Result &result) const;
    QString doneSentence(const BulkEditor::Result &result) const;
    QString fileText() const;
    void offerReload(const QString &message);
    void updateActions();
    void say(const QString &message);

    MainWindow *m_window;
    QAction *m_replaceAction = nullptr;
    QAction *m_deleteLinesAction = nullptr;
    QAction *m_keepLinesAction = nullptr;
    QAction *m_applyFilterAction = nullptr;
    QPointer<BulkEditDialog> m_dialog;
    QPointer<BulkEditor> m_dialogEditor; // the editor the dialog counts and applies with
    QPointer<QProgressDialog> m_progress; // an undo or redo
    BulkOperation m_operation;
    QString m_stepName;
    BulkEditor::Result m_counted;
    bool m_undoable = false;
    qint64 m_keepLine = 0; // the cursor's line when an edit started
};
