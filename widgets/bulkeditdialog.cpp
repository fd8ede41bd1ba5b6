#include "bulkeditdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BulkEditDialog::BulkEditDialog(const QString &title, const QString &what, const QString &applyText, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    setObjectName(u"bulkEditDialog"_s);
    auto *whatLabel = new QLabel(what, this);
    whatLabel->setWordWrap(true);
    whatLabel->setTextFormat(Qt::PlainText);
    m_summary = new QLabel(tr("Counting…"), this);
    m_summary->setObjectName(u"summary"_s);
    m_summary->setWordWrap(true);
    m_undo = new QLabel(this);
    m_undo->setObjectName(u"undoCost"_s);
    m_undo->setWordWrap(true);
    m_undo->hide();
    m_error = new QLabel(this);
    m_error->setObjectName(u"error"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->hide();
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_apply = m_buttons->addButton(applyText, QDialogButtonBox::AcceptRole);
    m_apply->setEnabled(false);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (m_phase == Phase::Ready && m_canApply)
            emit applyRequested();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &BulkEditDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(whatLabel);
    layout->addWidget(m_summary);
    layout->addWidget(m_undo);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);
}

void BulkEditDialog::setProgress(qint64 done, qint64 total)
{
    const int value = total > 0 ? int(qBound(qint64(0), done * 1000 / total, qint64(1000))) : 0;
    m_progress->setValue(value);
    if (m_phase == Phase::Counting)
        m_summary->setText(tr("Counting… %1%").arg(value / 10));
}

void BulkEditDialog::setCounted(const QString &summary, bool canApply)
{
    m_phase = canApply ? Phase::Ready : Phase::Done;
    m_canApply = canApply;
    m_summary->setText(summary);
    m_progress->setValue(0);
    m_progress->setVisible(canApply);
    m_apply->setEnabled(canApply);
    if (canApply)
        m_apply->setDefault(true);
    else
        m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    fitText();
}

void BulkEditDialog::setUndoCost(const QString &text, bool possible)
{
    m_undo->setText(text);
    m_undo->setStyleSheet(possible ? QString() : u"color: #b26a00;"_s);
    m_undo->show();
    fitText();
}

// Wrapped labels that got longer need more height than the dialog was opened with.
void BulkEditDialog::fitText()
{
    layout()->activate();
    const int wanted = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : sizeHint().height();
    if (height() < wanted)
        resize(width(), wanted);
}

void BulkEditDialog::setRunning()
{
    m_phase = Phase::Running;
    m_error->hide();
    m_apply->setEnabled(false);
    m_progress->setValue(0);
    m_progress->show();
}

void BulkEditDialog::showError(const QString &message, bool final)
{
    m_error->setText(message);
    m_error->show();
    m_phase = final || !m_canApply ? Phase::Done : Phase::Ready;
    m_apply->setEnabled(m_phase == Phase::Ready);
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(true);
    if (m_phase == Phase::Done)
        m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    fitText();
}

QString BulkEditDialog::summaryText() const
{
    return m_summary->text();
}

QString BulkEditDialog::undoText() const
{
    return m_undo->isHidden() ? QString() : m_undo->text();
}

QString BulkEditDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void BulkEditDialog::reject()
{
    switch (m_phase) {
    case Phase::Running:
        // The rewrite stops at its next block; the owner closes the dialog when it has.
        m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(false);
        m_summary->setText(tr("Cancelling…"));
        emit cancelRequested();
        return;
    case Phase::Counting:
        emit cancelRequested();
        break;
    case Phase::Ready:
    case Phase::Done:
        break;
    }
    QDialog::reject();
}
