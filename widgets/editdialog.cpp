#include "editdialog.h"

#include "filerewriter.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

EditDialog::EditDialog(const Context &context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
{
    setWindowTitle(tr("Edit"));
    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    auto *heading = new QLabel(tr("Editing %1 (%2):")
                                   .arg(context.what, context.encoding == Encoding::Utf8 ? QStringLiteral("UTF-8")
                                                                                         : QStringLiteral("Latin-1")),
                               this);
    heading->setWordWrap(true);
    layout->addWidget(heading);

    const QString original = context.encoding == Encoding::Utf8 ? QString::fromUtf8(context.original)
                                                                : QString::fromLatin1(context.original);
    m_lossyOriginal = context.encoding == Encoding::Utf8 && original.toUtf8() != context.original;
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (context.multiLine) {
        m_textEdit = new QPlainTextEdit(this);
        m_textEdit->setObjectName(QStringLiteral("text"));
        m_textEdit->setFont(fixed);
        m_textEdit->setPlainText(original);
        m_textEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
        connect(m_textEdit, &QPlainTextEdit::textChanged, this, &EditDialog::updateSummary);
        layout->addWidget(m_textEdit, 1);
    } else {
        m_lineEdit = new QLineEdit(this);
        m_lineEdit->setObjectName(QStringLiteral("text"));
        m_lineEdit->setFont(fixed);
        m_lineEdit->setText(original);
        m_lineEdit->setMinimumWidth(560);
        connect(m_lineEdit, &QLineEdit::textChanged, this, &EditDialog::updateSummary);
        layout->addWidget(m_lineEdit);
    }

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setMinimumHeight(m_summary->fontMetrics().lineSpacing() * 4);
    m_summary->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_summary);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();
    layout->addWidget(m_error);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->hide();
    layout->addWidget(m_progress);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_apply = m_buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("apply"));
    m_apply->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canApply() && !m_running) {
            m_error->hide();
            emit applyRequested(newBytes());
        }
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EditDialog::reject);
    layout->addWidget(m_buttons);
    updateSummary();
}

QString EditDialog::text() const
{
    return m_textEdit ? m_textEdit->toPlainText() : m_lineEdit->text();
}

void EditDialog::setText(const QString &text)
{
    if (m_textEdit)
        m_textEdit->setPlainText(text);
    else
        m_lineEdit->setText(text);
}

QString EditDialog::encodingProblem() const
{
    if (m_context.encoding != Encoding::Latin1)
        return QString();
    const QString current = text();
    for (const QChar c : current) {
        if (c.unicode() > 0xff)
            return tr("\"%1\" cannot be written in Latin-1.").arg(c);
    }
    return QString();
}

QByteArray EditDialog::newBytes() const
{
    if (!encodingProblem().isEmpty())
        return QByteArray();
    return m_context.encoding == Encoding::Utf8 ? text().toUtf8() : text().toLatin1();
}

bool EditDialog::isSameLength() const
{
    return newBytes().size() == m_context.original.size();
}

bool EditDialog::canApply() const
{
    if (!m_context.readOnlyReason.isEmpty() || !encodingProblem().isEmpty() || newBytes() == m_context.original)
        return false;
    if (isSameLength() || m_context.freeBytes < 0)
        return true;
    const qint64 newSize = m_context.fileSize - m_context.original.size() + newBytes().size();
    return m_context.freeBytes >= FileRewriter::requiredFreeBytes(newSize);
}

QString EditDialog::durationText(qint64 bytes, qint64 bytesPerSecond)
{
    const double seconds = double(bytes) / double(qMax<qint64>(1, bytesPerSecond));
    if (seconds < 1)
        return tr("under a second");
    if (seconds < 90) {
        const int rounded = int(seconds + 0.5);
        return rounded == 1 ? tr("about a second") : tr("about %1 seconds").arg(rounded);
    }
    return tr("about %1 minutes").arg(int(seconds / 60 + 0.5));
}

QString EditDialog::summary() const
{
    return m_summary->text();
}

void EditDialog::updateSummary()
{
    const QLocale locale;
    QString text;
    const QByteArray bytes = newBytes();
    const QString problem = encodingProblem();
    if (!m_context.readOnlyReason.isEmpty()) {
        text = tr("Read only: %1").arg(m_context.readOnlyReason);
    } else if (!problem.isEmpty()) {
        text = problem;
    } else if (bytes == m_context.original) {
        text = tr("No change.");
    } else if (isSameLength()) {
        text = tr("Same length (%1 bytes): written in place, at once.").arg(locale.toString(bytes.size()));
    } else {
        const qint64 delta = bytes.size() - m_context.original.size();
        const qint64 newSize = m_context.fileSize + delta;
        const qint64 needed = FileRewriter::requiredFreeBytes(newSize);
        text = tr("The length changes by %1 bytes: the file (%2) will be rewritten beside the original, then put in "
                  "its place. This takes %3 and needs %4 of free disk space")
                   .arg(delta > 0 ? QStringLiteral("+%1").arg(locale.toString(delta)) : locale.toString(delta),
                        locale.formattedDataSize(m_context.fileSize),
                        durationText(newSize, m_context.copyBytesPerSecond), locale.formattedDataSize(needed));
        if (m_context.freeBytes >= 0) {
            text += tr(" (%1 free).").arg(locale.formattedDataSize(m_context.freeBytes));
            if (m_context.freeBytes < needed)
                text += QLatin1Char(' ') + tr("Not enough free disk space.");
        } else {
            text += QLatin1Char('.');
        }
    }
    if (m_lossyOriginal)
        text += QLatin1Char(' ') + tr("Note: the original holds bytes that are not valid UTF-8; they will be "
                                      "written as U+FFFD.");
    m_summary->setText(text);
    m_apply->setEnabled(canApply() && !m_running);
    m_apply->setToolTip(m_context.readOnlyReason);
    if (!m_running)
        m_apply->setText(isSameLength() ? tr("&Apply") : tr("&Rewrite File"));
}

void EditDialog::setRunning(bool running)
{
    m_running = running;
    if (m_textEdit)
        m_textEdit->setReadOnly(running);
    else
        m_lineEdit->setReadOnly(running);
    m_progress->setVisible(running);
    m_progress->setRange(0, 0); // busy until the first progress report
    m_apply->setEnabled(canApply() && !running);
}

void EditDialog::setProgress(qint64 doneBytes, qint64 totalBytes)
{
    m_progress->setRange(0, 1000);
    m_progress->setValue(totalBytes > 0 ? int(doneBytes * 1000 / totalBytes) : 0);
    m_progress->setFormat(tr("%1 of %2").arg(QLocale().formattedDataSize(doneBytes),
                                              QLocale().formattedDataSize(totalBytes)));
}

void EditDialog::showError(const QString &message)
{
    setRunning(false);
    m_error->setText(message);
    m_error->show();
}

void EditDialog::reject()
{
    if (m_running) {
        emit cancelRequested();
        return;
    }
    QDialog::reject();
}
