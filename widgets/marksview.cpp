#include "marksview.h"

#include "fixedfont.h"

#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

MarksView::MarksView(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_summary(new QLabel(this))
{
    m_list->setObjectName(QStringLiteral("marksList"));
    m_list->setUniformItemSizes(true);
    m_list->setFont(fixedFont());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    const auto activate = [this](QListWidgetItem *item) {
        const qint64 line = lineAt(m_list->row(item));
        if (line >= 0)
            emit lineActivated(line);
    };
    connect(m_list, &QListWidget::itemClicked, this, activate);
    connect(m_list, &QListWidget::itemActivated, this, activate);
    setMarks({}, {});
}

void MarksView::setMarks(const std::vector<qint64> &lines, const LineText &text)
{
    m_lines.assign(lines.begin(), lines.begin() + qMin<qint64>(qint64(lines.size()), kMaxShown));
    m_list->clear();
    const QLocale locale;
    for (const qint64 line : m_lines) {
        QString shown = text ? text(line) : QString();
        if (shown.size() > kMaxTextChars)
            shown = shown.left(kMaxTextChars) + u'…';
        m_list->addItem(tr("%1: %2").arg(locale.toString(line + 1), shown));
    }
    if (lines.empty())
        m_summary->setText(tr("No marks. Ctrl+M or a click in the line numbers marks a line."));
    else if (qint64(lines.size()) > kMaxShown)
        m_summary->setText(tr("%1 marked lines; the first %2 are listed.")
                               .arg(locale.toString(qint64(lines.size())), locale.toString(kMaxShown)));
    else
        m_summary->setText(tr("%n marked line(s)", nullptr, int(lines.size())));
}

int MarksView::shownCount() const
{
    return m_list->count();
}

qint64 MarksView::lineAt(int index) const
{
    return index >= 0 && index < int(m_lines.size()) ? m_lines[size_t(index)] : -1;
}
