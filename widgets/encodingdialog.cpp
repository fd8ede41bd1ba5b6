#include "encodingdialog.h"

#include "textencoding.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

EncodingDialog::EncodingDialog(const QByteArray &current, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Choose Encoding"));
    setObjectName(QStringLiteral("encodingDialog"));
    auto *layout = new QVBoxLayout(this);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("encodingFilter"));
    m_filter->setPlaceholderText(tr("Filter encodings (for example 1251, jis, koi8)"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("encodingList"));
    QStringList names = TextEncoding::availableNames();
    names.sort(Qt::CaseInsensitive);
    names.removeDuplicates();
    m_list->addItems(names);
    layout->addWidget(m_list, 1);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, &EncodingDialog::applyFilter);
    connect(m_list, &QListWidget::currentItemChanged, this, &EncodingDialog::onSelectionChanged);
    connect(m_list, &QListWidget::itemActivated, this, [this] {
        if (!m_chosen.isEmpty())
            accept();
    });
    const QList<QListWidgetItem *> found = m_list->findItems(QString::fromLatin1(current), Qt::MatchFixedString);
    if (!found.isEmpty())
        m_list->setCurrentItem(found.first());
    onSelectionChanged();
    m_filter->setFocus();
    resize(420, 520);
}

QByteArray EncodingDialog::chosenName() const
{
    return m_chosen;
}

void EncodingDialog::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

int EncodingDialog::visibleCount() const
{
    int count = 0;
    for (int i = 0; i < m_list->count(); ++i)
        count += m_list->item(i)->isHidden() ? 0 : 1;
    return count;
}

void EncodingDialog::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    QListWidgetItem *firstShown = nullptr;
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        const bool shown = text.isEmpty() || item->text().contains(text, Qt::CaseInsensitive);
        item->setHidden(!shown);
        if (shown && !firstShown)
            firstShown = item;
    }
    if (!m_list->currentItem() || m_list->currentItem()->isHidden())
        m_list->setCurrentItem(firstShown);
    onSelectionChanged();
}

void EncodingDialog::onSelectionChanged()
{
    m_chosen.clear();
    QListWidgetItem *item = m_list->currentItem();
    if (!item || item->isHidden()) {
        m_note->setText(visibleCount() == 0 ? tr("No encoding has that in its name.") : QString());
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
        return;
    }
    QString error;
    const std::optional<TextEncoding> encoding = TextEncoding::fromName(item->text().toLatin1(), &error);
    if (encoding) {
        m_chosen = encoding->name();
        m_note->setText(encoding->name() == item->text().toLatin1()
                            ? QString()
                            : tr("%1 is read as %2.").arg(item->text(), QString::fromLatin1(encoding->name())));
    } else {
        m_note->setText(error);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(encoding.has_value());
}
