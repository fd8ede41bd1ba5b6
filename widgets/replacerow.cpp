#include "replacerow.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QToolButton>

using namespace Qt::StringLiterals;

ReplaceRow::ReplaceRow(QWidget *parent)
    : QWidget(parent)
    , m_replacement(new QLineEdit(this))
    , m_replace(new QToolButton(this))
    , m_replaceAll(new QToolButton(this))
{
    setObjectName(u"replaceRow"_s);
    m_replacement->setObjectName(u"replacement"_s);
    m_replacement->setPlaceholderText(tr("Replace with"));
    m_replacement->setClearButtonEnabled(true);
    m_replacement->setToolTip(tr("The text that replaces each match (Enter: Replace). With .* on, PCRE2 "
                                 "substitution: $1 or ${1} for a group, ${name} for a named group, $$ for a "
                                 "dollar sign."));
    m_replacement->installEventFilter(this);
    m_replace->setObjectName(u"replace"_s);
    m_replace->setText(tr("Replace"));
    m_replace->setToolTip(tr("Replace the current match, then go to the next one"));
    m_replaceAll->setObjectName(u"replaceAll"_s);
    m_replaceAll->setText(tr("Replace All"));
    m_replaceAll->setToolTip(tr("Replace every match in the file (it says how many first)"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_replacement, 2);
    layout->addWidget(m_replace);
    layout->addWidget(m_replaceAll);
    layout->addStretch(2);
    connect(m_replace, &QToolButton::clicked, this, &ReplaceRow::replaceRequested);
    connect(m_replaceAll, &QToolButton::clicked, this, &ReplaceRow::replaceAllRequested);
    setPatternPresent(false);
}

QString ReplaceRow::replacement() const
{
    return m_replacement->text();
}

void ReplaceRow::setPatternPresent(bool present)
{
    m_patternPresent = present;
    m_replace->setEnabled(present);
    m_replaceAll->setEnabled(present);
}

void ReplaceRow::focusReplacement()
{
    m_replacement->setFocus(Qt::ShortcutFocusReason);
    m_replacement->selectAll();
}

bool ReplaceRow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_replacement && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (m_patternPresent)
                emit replaceRequested();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            emit closeRequested();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
