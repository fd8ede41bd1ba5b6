#include "linepatterndialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

LinePatternDialog::LinePatternDialog(const QString &title, const QString &explanation, const SearchOptions &initial,
                                     QWidget *parent)
    : QDialog(parent)
    , m_initial(initial)
{
    setWindowTitle(title);
    setObjectName(u"linePatternDialog"_s);
    auto *text = new QLabel(explanation, this);
    text->setWordWrap(true);
    m_pattern = new QLineEdit(initial.pattern, this);
    m_pattern->setPlaceholderText(tr("Pattern"));
    m_pattern->setClearButtonEnabled(true);
    m_pattern->selectAll();
    m_regex = new QCheckBox(tr("&Regular expression"), this);
    m_regex->setChecked(initial.regex);
    m_case = new QCheckBox(tr("Match &case"), this);
    m_case->setChecked(initial.caseSensitive);
    m_word = new QCheckBox(tr("&Whole words"), this);
    m_word->setChecked(initial.wholeWord);
    auto *toggles = new QHBoxLayout;
    toggles->addWidget(m_regex);
    toggles->addWidget(m_case);
    toggles->addWidget(m_word);
    toggles->addStretch(1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Count Lines…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto update = [this] { m_ok->setEnabled(!m_pattern->text().isEmpty()); };
    connect(m_pattern, &QLineEdit::textChanged, this, update);
    update();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_pattern);
    layout->addLayout(toggles);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
}

SearchOptions LinePatternDialog::options() const
{
    SearchOptions options = m_initial;
    options.pattern = m_pattern->text();
    options.regex = m_regex->isChecked();
    options.caseSensitive = m_case->isChecked();
    options.wholeWord = m_word->isChecked();
    return options;
}
