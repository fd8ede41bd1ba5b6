#pragma once

#include <QDialog>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

// Edits a line, or a byte range, of a file, and says before anything is written what applying will
// do: an in-place write of the same number of bytes, or a rewrite of the whole file (its size, an
// estimate of the time, the free disk it needs), with the old and new lengths. The new bytes are
// typed in one of the forms the inspector shows (Form): text in the file's encoding, hex, or a
// Python bytes literal; switching the form converts what is typed when it parses.
//
// When the file changes under the dialog, the owner calls setStale(reason): the dialog says so,
// Apply is off, the typed text stays (it can be copied, or applied after setStale(QString())).
//
// The dialog writes nothing itself. Apply emits applyRequested(newBytes()); the owner then either
// closes it (accept()) or, for a rewrite, calls setRunning(true), feeds setProgress() and ends with
// accept() or showError(). While running, Cancel and Escape emit cancelRequested() instead of
// closing. Use open() (window-modal, never blocks the event loop).
class EditDialog : public QDialog {
    Q_OBJECT
public:
    enum class Encoding { Utf8, Latin1, Utf16LE, Utf16BE, Codec };
    enum class Form { Text, Hex, PythonLiteral };

    struct Context {
        QString what;                  // "line 12 of app.log", "bytes 100 to 200 of app.log"
        QByteArray original;           // the bytes being edited
        Encoding encoding = Encoding::Utf8;
        QByteArray codecName;          // Encoding::Codec: which one (see TextEncoding::fromName())
        bool multiLine = false;        // a byte range may hold line breaks; a line does not
        qint64 fileSize = 0;
        qint64 freeBytes = -1;         // free space in the file's folder, -1 if unknown
        qint64 copyBytesPerSecond = qint64(1) << 30;
        QString readOnlyReason;        // non-empty: the text can be read, not applied
    };

    explicit EditDialog(const Context &context, QWidget *parent = nullptr);

    QString text() const;
    void setText(const QString &text);
    Form form() const { return m_form; }
    // Switches the form, converting what is typed when it parses (kept as it is otherwise).
    void setForm(Form form);
    // What is typed, read in the current form (empty with canApply() false if it cannot be).
    QByteArray newBytes() const;
    // Why what is typed cannot be read in its form; empty when it can.
    QString inputProblem() const;
    // The file changed under the dialog: why (empty: it is current again).
    void setStale(const QString &reason);
    QString staleReason() const { return m_stale; }
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
    static QString encodingName(const Context &context);
    // Text <-> bytes in the file's encoding (for Form::Text).
    QString decode(const QByteArray &bytes) const;
    QByteArray encode(const QString &text) const;
    std::optional<QByteArray> parse(QString *error) const;
    QString render(const QByteArray &bytes, Form form) const;

    Context m_context;
    QLineEdit *m_lineEdit = nullptr;
    QPlainTextEdit *m_textEdit = nullptr;
    QComboBox *m_formBox = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_stalePanel = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_apply = nullptr;
    bool m_running = false;
    bool m_lossyOriginal = false;
    Form m_form = Form::Text;
    QString m_stale;
};
