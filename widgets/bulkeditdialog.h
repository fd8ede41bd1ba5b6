#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;

// The dialog of a bulk edit (Replace All, Delete / Keep Only Matching Lines, a filter applied to
// the file). It says what will be done to which file, then the count as it is made ("Counting…",
// then "1,069,944 replacements on 1,024,578 lines"), what Undo will cost (or that the edit cannot
// be undone), and only then offers the Apply button; while the file is rewritten it shows the
// progress. Cancel (and Escape, and closing) stop a count or a rewrite.
//
// The dialog writes nothing: it asks (applyRequested, cancelRequested) and the owner tells it
// what happens (setProgress, setCounted, setUndoCost, setRunning, showError, accept). A count is
// cancelled and the dialog closed at once; a running rewrite is asked to stop and the dialog
// stays until the owner closes it. Use open() (window-modal, never blocks the event loop).
class BulkEditDialog : public QDialog {
    Q_OBJECT
public:
    enum class Phase { Counting, Ready, Running, Done };

    // `what`: the edit and the file ("Replace “a” with “b” in app.log (2.0 GB)"); `applyText`:
    // the Apply button ("Replace All").
    BulkEditDialog(const QString &title, const QString &what, const QString &applyText, QWidget *parent = nullptr);

    Phase phase() const { return m_phase; }
    void setProgress(qint64 done, qint64 total);
    // The count is known: its sentence; `canApply` false when there is nothing to do.
    void setCounted(const QString &summary, bool canApply);
    // What Undo takes; `possible` false: the edit cannot be undone (a warning).
    void setUndoCost(const QString &text, bool possible);
    void setRunning();
    // Something went wrong: said in red; the dialog goes back to where Apply can be tried again
    // (or to Done when `final`).
    void showError(const QString &message, bool final = false);

    QString summaryText() const;
    QString undoText() const;
    QString errorText() const;
    QPushButton *applyButton() const { return m_apply; }

signals:
    void applyRequested();
    void cancelRequested();

public slots:
    void reject() override;

private:
    void fitText();

    Phase m_phase = Phase::Counting;
    bool m_canApply = false;
    QLabel *m_summary = nullptr;
    QLabel *m_undo = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_apply = nullptr;
};
