#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QDialogButtonBox;

// View > Encoding > More…: every encoding name Qt knows (TextEncoding::availableNames()), with a
// filter field (any part of a name, any case). Selecting a name says at once whether Tome can
// read it (TextEncoding::fromName()); OK is only on for one it can. The dialog shows nothing of
// the file; use open() or exec() and read chosenName() once accepted.
class EncodingDialog : public QDialog {
    Q_OBJECT
public:
    // `current`: the name to select at first (the file's encoding).
    explicit EncodingDialog(const QByteArray &current, QWidget *parent = nullptr);

    // The selected name, empty when none (or one Tome cannot read) is selected.
    QByteArray chosenName() const;
    // Shows only the names containing `text` (what typing in the filter field does).
    void setFilterText(const QString &text);
    int visibleCount() const;

private:
    void applyFilter();
    void onSelectionChanged();

    QLineEdit *m_filter = nullptr;
    QListWidget *m_list = nullptr;
    QLabel *m_note = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QByteArray m_chosen;
};
