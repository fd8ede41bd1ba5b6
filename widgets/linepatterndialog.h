#pragma once

#include "searchoptions.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QPushButton;

// Asks for the pattern of Delete Matching Lines / Keep Only Matching Lines: the pattern with the
// find bar's toggles (regular expression, match case, whole words) and a sentence saying what
// will happen. OK is off while the pattern is empty. Use open() or exec().
class LinePatternDialog : public QDialog {
    Q_OBJECT
public:
    LinePatternDialog(const QString &title, const QString &explanation, const SearchOptions &initial,
                      QWidget *parent = nullptr);

    // The pattern and toggles (the encoding is the initial one's).
    SearchOptions options() const;
    QLineEdit *patternEdit() const { return m_pattern; }
    QPushButton *okButton() const { return m_ok; }

private:
    SearchOptions m_initial;
    QLineEdit *m_pattern = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_case = nullptr;
    QCheckBox *m_word = nullptr;
    QPushButton *m_ok = nullptr;
};
