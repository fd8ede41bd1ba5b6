#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

// Edits a line, or a byte range, of a file as text in the file's encoding, and says before
// anything is written what applying will do: an in-place write of the same number of bytes, or a
// rewrite of the whole file (its size, an estimate of the time, the free disk it needs).
//
// The dialog writes nothing itself. Apply emits applyRequested(newBytes()); the owner then either
// closes it (accept()) or, for a rewrite, calls setRunning(true), feeds setProgress() and ends with
// accept() or showError(). While running, Cancel and Escape emit cancelRequested() instead of
// closing. Use open() (window-modal, never blocks the event loop).
class EditDialog : public QDialog {
    Q_OBJECT
public:
    enum class Encoding { Utf8, Latin1 };

    struct Context {
        QString what;                  // "line 12 of app.log", "bytes 100 to 200 of app.log"
        QByteArray original;           // the bytes being edited
        Encoding encoding = Encoding::Utf8;
        bool multiLine = false;        // a byte range may hold line breaks; a line does not
        qint64 fileSize = 0;
        qint64 freeBytes = -1;         // free space in the file's folder, -1 if unknown
        qint64 copyBytesPerSecond = qint64(1) << 30;
        QString readOnlyReason;        // non-empty: the text can be read, not applied
    };

    explicit EditDialog(const Context &context, QWidget *parent = nullptr);

    QString text() const;
    void setText(const QString &text);
    // The text encoded in the file's encoding (empty with canApply() false if it cannot be).
    QByteArray newBytes() const;
    bool isSameLength() const;
    bool canApply() const;
    // What applying will do, as shown in the dialog.
    QString summary() const;

    void setRunning(bool running);
    bool isRunning() const { return m_running; }
    void setProgress(qint64 doneBytes, qint64 totalBytes);
    // Shows why the edit did not happen; the dialog stays open for another try.
    void showError(const QString &message);

    // "under a second", "about 12 seconds", "about 3 minutes"
    static QString durationText(qint64 bytes, qint64 bytesPerSecond);

signals:
    void applyRequested(const QByteArray &newBytes);
    void cancelRequested();

public slots:
    void reject() override;

private:
    void updateSummary();
    QString encodingProblem() const;

    Context m_context;
    QLineEdit *m_lineEdit = nullptr;
    QPlainTextEdit *m_textEdit = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_apply = nullptr;
    bool m_running = false;
    bool m_lossyOriginal = false;
};
