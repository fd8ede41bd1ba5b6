#include "appendpanel.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

AppendPanel::AppendPanel(QWidget *parent)
    : QWidget(parent)
    , m_text(new QPlainTextEdit(this))
    , m_perLine(new QRadioButton(tr("One per &line"), this))
    , m_whitespace(new QRadioButton(tr("Split on &whitespace"), this))
    , m_append(new QPushButton(tr("&Append"), this))
    , m_status(new QLabel(this))
{
    m_text->setPlaceholderText(tr("Words or lines to append to the end of the file (UTF-8)"));
    m_text->setTabChangesFocus(true);
    m_text->installEventFilter(this);
    m_perLine->setChecked(true);
    m_append->setToolTip(tr("Append to the end of the file (Ctrl+Enter)"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *options = new QHBoxLayout;
    options->addWidget(m_perLine);
    options->addWidget(m_whitespace);
    options->addStretch(1);
    options->addWidget(m_append);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addLayout(options);
    layout->addWidget(m_status);

    connect(m_append, &QPushButton::clicked, this, &AppendPanel::requestAppend);
}

QString AppendPanel::text() const
{
    return m_text->toPlainText();
}

void AppendPanel::setText(const QString &text)
{
    m_text->setPlainText(text);
}

Appender::Splitting AppendPanel::splitting() const
{
    return m_whitespace->isChecked() ? Appender::Splitting::OnWhitespace : Appender::Splitting::OnePerLine;
}

void AppendPanel::setSplitting(Appender::Splitting splitting)
{
    (splitting == Appender::Splitting::OnWhitespace ? m_whitespace : m_perLine)->setChecked(true);
}

void AppendPanel::setAppendEnabled(bool enabled, const QString &reason)
{
    const QString previousReason = m_disabledReason;
    m_disabledReason = enabled ? QString() : reason;
    m_append->setEnabled(enabled);
    m_append->setToolTip(enabled ? tr("Append to the end of the file (Ctrl+Enter)") : reason);
    if (!enabled && !reason.isEmpty()) {
        m_status->setStyleSheet(QString());
        m_status->setText(reason);
    } else if (enabled && !previousReason.isEmpty() && m_status->text() == previousReason) {
        m_status->clear();
    }
}

bool AppendPanel::isAppendEnabled() const
{
    return m_append->isEnabled();
}

void AppendPanel::showAppended(qint64 entries, qint64 lineCount)
{
    m_text->clear();
    m_status->setStyleSheet(QString());
    const QString appended = entries == 1 ? tr("Appended 1 line.") : tr("Appended %L1 lines.").arg(entries);
    const QString total = lineCount == 1 ? tr("The file now has 1 line.") : tr("The file now has %L1 lines.").arg(lineCount);
    m_status->setText(lineCount >= 0 ? appended + u' ' + total : appended);
}

void AppendPanel::showError(const QString &message)
{
    m_status->setStyleSheet(QStringLiteral("color: #c0392b; font-weight: bold;"));
    m_status->setText(message);
}

QString AppendPanel::statusText() const
{
    return m_status->text();
}

void AppendPanel::focusText()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
}

void AppendPanel::requestAppend()
{
    if (!m_append->isEnabled()) {
        if (!m_disabledReason.isEmpty())
            showError(m_disabledReason);
        return;
    }
    if (Appender::split(text(), splitting()).isEmpty()) {
        showError(tr("Nothing to append: type a word or a line first."));
        return;
    }
    emit appendRequested(text(), splitting());
}

bool AppendPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && (key->modifiers() & Qt::ControlModifier)) {
            requestAppend();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
