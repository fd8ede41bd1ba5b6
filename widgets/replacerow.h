#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

// The find bar's second row (Edit ▸ Replace): the replacement field and the Replace and Replace
// All buttons. It only asks (replaceRequested, replaceAllRequested); Enter in the field asks for
// Replace, Esc to close the bar. The buttons are enabled while the bar has a pattern
// (setPatternPresent).
class ReplaceRow : public QWidget {
    Q_OBJECT
public:
    explicit ReplaceRow(QWidget *parent = nullptr);

    QLineEdit *replacementEdit() const { return m_replacement; }
    QString replacement() const;
    void setPatternPresent(bool present);
    // Puts the focus in the replacement field, its text selected.
    void focusReplacement();

signals:
    void replaceRequested();
    void replaceAllRequested();
    void closeRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLineEdit *m_replacement;
    QToolButton *m_replace;
    QToolButton *m_replaceAll;
    bool m_patternPresent = false;
};
