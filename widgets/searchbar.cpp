#include "searchbar.h"

#include "document.h"
#include "linemodel.h"
#include "lineview.h"
#include "searchengine.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {

QToolButton *toggle(const QString &text, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setCheckable(true);
    button->setAutoRaise(true);
    return button;
}

} // namespace

SearchBar::SearchBar(Document *document, LineModel *lineModel, LineView *view, QWidget *parent)
    : QWidget(parent), m_document(document), m_lineModel(lineModel), m_view(view)
{
    m_engine = new SearchEngine(this);
    m_results = new SearchResultsModel(document, this);

    m_pattern = new QLineEdit(this);
    m_pattern->setPlaceholderText(tr("Find"));
    m_pattern->setClearButtonEnabled(true);
    m_pattern->installEventFilter(this);
    m_regex = toggle(u".*"_s, tr("Regular expression"), this);
    m_case = toggle(u"Aa"_s, tr("Match case"), this);
    m_word = toggle(u"W"_s, tr("Whole words"), this);
    auto *previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+F3)"));
    previous->setAutoRaise(true);
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (F3)"));
    next->setAutoRaise(true);
    m_status = new QLabel(this);
    m_error = new QLabel(this);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->hide();
    auto *close = new QToolButton(this);
    close->setText(u"✕"_s);
    close->setToolTip(tr("Close (Esc)"));
    close->setAutoRaise(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_pattern, 2);
    for (QWidget *widget : {static_cast<QWidget *>(m_regex), static_cast<QWidget *>(m_case),
                            static_cast<QWidget *>(m_word), static_cast<QWidget *>(previous),
                            static_cast<QWidget *>(next)})
        layout->addWidget(widget);
    layout->addWidget(m_error, 1);
    layout->addWidget(m_status, 1);
    layout->addWidget(close);

    connect(next, &QToolButton::clicked, this, &SearchBar::findNext);
    connect(previous, &QToolButton::clicked, this, &SearchBar::findPrevious);
    connect(close, &QToolButton::clicked, this, &SearchBar::closeRequested);
    connect(m_pattern, &QLineEdit::textEdited, this, [this] { m_error->hide(); });
    connect(m_engine, &SearchEngine::matchesFound, this, &SearchBar::onMatchesFound);
    connect(m_engine, &SearchEngine::finished, this, &SearchBar::onFinished);
    if (m_view) {
        connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &SearchBar::scheduleHighlights);
        connect(m_view, &LineView::screenPainted, this, [this] {
            if (m_results->matchingLines() > 0)
                scheduleHighlights();
        });
    }
    if (m_document)
        connect(m_document, &Document::closed, this, &SearchBar::clear);
    updateStatus();
}

SearchBar::~SearchBar() = default;

SearchOptions SearchBar::options() const
{
    return SearchOptions{m_pattern->text(), m_regex->isChecked(), m_case->isChecked(), m_word->isChecked()};
}

QString SearchBar::statusText() const
{
    return m_status->text();
}

QString SearchBar::errorText() const
{
    return m_error->isVisible() || !m_error->isHidden() ? m_error->text() : QString();
}

void SearchBar::activate()
{
    show();
    if (m_view && m_view->hasSelection() && m_view->selectionStart().row == m_view->selectionEnd().row) {
        const QString selected = m_view->selectedText();
        if (!selected.isEmpty() && selected.size() < 200)
            m_pattern->setText(selected);
    }
    m_pattern->setFocus(Qt::ShortcutFocusReason);
    m_pattern->selectAll();
}

void SearchBar::findNext()
{
    find(Direction::Forward);
}

void SearchBar::findPrevious()
{
    find(Direction::Backward);
}

void SearchBar::clear()
{
    m_engine->cancel();
    m_running = false;
    m_searched.reset();
    m_current.reset();
    m_pendingJump.reset();
    m_results->reset(nullptr);
    if (m_view)
        m_view->setHighlights({});
    updateStatus();
}

bool SearchBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_pattern && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool shift = key->modifiers() & Qt::ShiftModifier;
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_F3:
            find(shift ? Direction::Backward : Direction::Forward);
            return true;
        case Qt::Key_Escape:
            emit closeRequested();
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SearchBar::find(Direction direction)
{
    if (m_pattern->text().isEmpty())
        return;
    m_wrapped = false;
    if (!m_searched || *m_searched != options()) {
        m_pendingFrom = cursorByteOffset();
        if (!startSearch())
            return;
        m_pendingJump = direction;
        return;
    }
    m_pendingFrom = m_current ? m_current->byteOffset + (direction == Direction::Forward ? 1 : 0)
                              : cursorByteOffset();
    m_pendingJump = direction;
    tryPendingJump();
}

bool SearchBar::startSearch()
{
    m_engine->cancel();
    m_current.reset();
    m_pendingJump.reset();
    if (!m_document || m_document->state() != Document::State::Open) {
        m_status->setText(tr("No file"));
        return false;
    }
    QString error;
    const QByteArray sample = m_document->readBytes(0, SearchMatcher::kSampleBytes).value_or(QByteArray());
    const std::shared_ptr<const SearchMatcher> matcher = SearchMatcher::compile(options(), &error, sample);
    if (!matcher) {
        m_searched.reset();
        m_results->reset(nullptr);
        m_error->setText(error);
        m_error->show();
        m_status->clear();
        if (m_view)
            m_view->setHighlights({});
        return false;
    }
    m_error->hide();
    m_searched = options();
    m_results->reset(matcher);
    if (m_lineModel)
        m_results->setDecoderOptions(m_lineModel->decoderOptions());
    m_running = true;
    m_engine->start(m_document->file().region(), matcher);
    updateStatus();
    scheduleHighlights();
    return true;
}

void SearchBar::tryPendingJump()
{
    if (!m_pendingJump)
        return;
    bool wrapped = false;
    const std::optional<SearchResultsModel::Match> match = *m_pendingJump == Direction::Forward
                                                               ? m_results->matchFrom(m_pendingFrom, &wrapped)
                                                               : m_results->matchBefore(m_pendingFrom, &wrapped);
    if (match) {
        m_pendingJump.reset();
        goTo(*match, wrapped);
    } else if (m_results->isComplete()) {
        m_pendingJump.reset();
        updateStatus();
    }
}

void SearchBar::goToResult(int row)
{
    if (row < 0 || row >= m_results->rowCount())
        return;
    m_wrapped = false;
    m_pendingJump = Direction::Forward;
    m_pendingFrom = m_results->lineStart(row);
    tryPendingJump();
}

void SearchBar::goTo(const SearchResultsModel::Match &match, bool wrapped)
{
    m_current = match;
    m_wrapped = wrapped;
    if (m_view && m_lineModel && m_document) {
        const std::optional<qint64> line = m_document->lineNumberAt(match.lineStart);
        if (line && *line < m_lineModel->rowCount()) {
            const int row = int(*line);
            const qint64 inLine = match.byteOffset - match.lineStart;
            const int from = m_lineModel->columnForByteInLine(row, inLine);
            const int to = m_lineModel->columnForByteInLine(row, inLine + match.length);
            m_view->select(TextPosition{row, from}, TextPosition{row, qMax(to, from)});
        }
    }
    updateStatus();
    scheduleHighlights();
}

qint64 SearchBar::cursorByteOffset() const
{
    if (!m_view || !m_lineModel)
        return 0;
    const TextPosition cursor = m_view->hasSelection() ? m_view->selectionStart() : m_view->cursorPosition();
    const QVariant start = m_lineModel->data(m_lineModel->index(cursor.row), LineModel::ByteOffsetRole);
    return start.isValid() ? start.toLongLong() + m_lineModel->byteInLineForColumn(cursor.row, cursor.column) : 0;
}

void SearchBar::scheduleHighlights()
{
    if (m_highlightsScheduled)
        return;
    m_highlightsScheduled = true;
    QTimer::singleShot(0, this, &SearchBar::updateHighlights);
}

void SearchBar::updateHighlights()
{
    m_highlightsScheduled = false;
    if (!m_view || !m_lineModel)
        return;
    QVector<LineView::Highlight> highlights;
    const int first = m_view->firstVisibleRow();
    const int last = qMin(m_lineModel->rowCount() - 1, first + m_view->visibleRowCount());
    for (int row = first; m_results->matchingLines() > 0 && row <= last; ++row) {
        const qint64 start = m_lineModel->data(m_lineModel->index(row), LineModel::ByteOffsetRole).toLongLong();
        if (m_results->indexOfLine(start) < 0)
            continue;
        for (const SearchMatcher::Span &span : m_results->matchesInLine(start)) {
            const int from = m_lineModel->columnForByteInLine(row, span.start);
            const int to = m_lineModel->columnForByteInLine(row, span.start + span.length);
            highlights.append(LineView::Highlight{row, from, qMax(1, to - from)});
        }
    }
    m_view->setHighlights(highlights);
}

void SearchBar::updateStatus()
{
    if (!m_searched) {
        m_status->clear();
        return;
    }
    const QLocale locale;
    QString text = m_running ? tr("%1 matching lines…").arg(locale.toString(m_results->matchingLines()))
                             : m_results->matchingLines() == 1
                                   ? tr("1 matching line")
                                   : tr("%1 matching lines").arg(locale.toString(m_results->matchingLines()));
    if (!m_running && m_results->matchingLines() == 0)
        text = tr("No matches");
    if (m_current && m_document) {
        const std::optional<qint64> line = m_document->lineNumberAt(m_current->lineStart);
        int column = 0;
        if (line && m_lineModel && *line < m_lineModel->rowCount())
            column = m_lineModel->columnForByteInLine(int(*line), m_current->byteOffset - m_current->lineStart);
        text += tr(" · line %1, column %2, byte offset %3")
                    .arg(line ? locale.toString(*line + 1) : u"?"_s)
                    .arg(column + 1)
                    .arg(m_current->byteOffset);
    }
    if (m_wrapped)
        text += tr(" · wrapped around");
    m_status->setText(text);
}

void SearchBar::onMatchesFound(const QList<qint64> &lineStarts)
{
    m_results->appendLines(lineStarts);
    tryPendingJump();
    updateStatus();
    scheduleHighlights();
}

void SearchBar::onFinished()
{
    m_running = false;
    m_results->setComplete(true);
    tryPendingJump();
    updateStatus();
    scheduleHighlights();
    emit searchFinished(m_results->matchingLines());
}
