#pragma once

#include "appender.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

// The "Append words" panel: a text box for words or lines, a choice of how to split them, and an
// Append button (or Ctrl+Enter in the box). It does no file work: appendRequested() carries the
// text and the splitting to whoever appends (AppendController), which answers with
// showAppended() or showError(). On success the box is cleared; on an error the text stays, so
// nothing typed is lost.
class AppendPanel : public QWidget {
    Q_OBJECT
public:
    explicit AppendPanel(QWidget *parent = nullptr);

    QString text() const;
    void setText(const QString &text);
    Appender::Splitting splitting() const;
    void setSplitting(Appender::Splitting splitting);

    // Enables or disables appending; `reason` says why it is off ("No file is open", …).
    void setAppendEnabled(bool enabled, const QString &reason = QString());
    bool isAppendEnabled() const;

    void showAppended(qint64 entries, qint64 lineCount);
    void showError(const QString &message);
    QString statusText() const;

    // Puts the keyboard focus in the text box.
    void focusText();

signals:
    void appendRequested(const QString &text, Appender::Splitting splitting);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void requestAppend();

    QPlainTextEdit *m_text;
    QRadioButton *m_perLine;
    QRadioButton *m_whitespace;
    QPushButton *m_append;
    QLabel *m_status;
    QString m_disabledReason;
};
