#include "searchbar.h"

#include "patterntoggles.h"

#include "document.h"
#include "linemodel.h"
#include "lineview.h"
#include "replacerow.h"
#include "searchengine.h"

#include <QAction>
#include <QFuture>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPromise>
#include <QScrollBar>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// `primary` and the platform's keys for `standard`, each key once: a key registered twice on one
// action is an ambiguous shortcut, and Qt then triggers neither.
QList<QKeySequence> uniqueKeys(const QKeySequence &primary, QKeySequence::StandardKey standard)
{
    QList<QKeySequence> keys{primary};
    for (const QKeySequence &key : QKeySequence::keyBindings(standard)) {
        if (!keys.contains(key))
            keys.append(key);
    }
    return keys;
}

struct Compiled {
    std::shared_ptr<const SearchMatcher> matcher;
    QString error;
};

bool sameHighlights(const QVector<LineView::Highlight> &a, const QVector<LineView::Highlight> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const LineView::Highlight &x, const LineView::Highlight &y) {
                          return x.row == y.row && x.column == y.column && x.length == y.length;
                      });
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
    const PatternToggles toggles(this);
    m_regex = toggles.regex;
    m_case = toggles.matchCase;
    m_word = toggles.word;
    auto *previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+F3)"));
    previous->setAutoRaise(true);
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (F3)"));
    next->setAutoRaise(true);
    m_historyButton = new QToolButton(this);
    m_historyButton->setObjectName(u"history"_s);
    m_historyButton->setArrowType(Qt::DownArrow);
    m_historyButton->setToolTip(tr("Search history (Up/Down in the field)"));
    m_historyButton->setAutoRaise(true);
    m_historyButton->setPopupMode(QToolButton::InstantPopup);
    m_historyButton->setStyleSheet(u"QToolButton::menu-indicator { image: none; }"_s);
    auto *historyMenu = new QMenu(m_historyButton);
    m_historyButton->setMenu(historyMenu);
    connect(historyMenu, &QMenu::aboutToShow, this, &SearchBar::showHistoryMenu);
    connect(historyMenu, &QMenu::triggered, this, [this](QAction *action) {
        if (action->data().isNull())
            return;
        m_pattern->setText(action->data().toString());
        m_historyIndex = -1;
        findNext();
    });
    // The messages share one slot whose size ignores them, so that no message moves the field
    // or the buttons; the bar takes the width its container gives it.
    auto *messages = new QWidget(this);
    messages->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    messages->setMinimumWidth(fontMetrics().horizontalAdvance(u"0,000,000 matching lines"_s) / 2);
    m_status = new QLabel(messages);
    m_error = new QLabel(messages);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->hide();
    auto *messagesLayout = new QHBoxLayout(messages);
    messagesLayout->setContentsMargins(0, 0, 0, 0);
    for (QLabel *label : {m_error, m_status}) {
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        messagesLayout->addWidget(label);
    }
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    m_typingTimer = new QTimer(this);
    m_typingTimer->setSingleShot(true);
    m_typingTimer->setInterval(kTypingDelayMs);
    connect(m_typingTimer, &QTimer::timeout, this, &SearchBar::onTypingPaused);

    m_findNextAction = new QAction(tr("Find &Next"), this);
    m_findNextAction->setShortcuts(uniqueKeys(QKeySequence(Qt::Key_F3), QKeySequence::FindNext));
    m_findPreviousAction = new QAction(tr("Find &Previous"), this);
    m_findPreviousAction->setShortcuts(
        uniqueKeys(QKeySequence(Qt::SHIFT | Qt::Key_F3), QKeySequence::FindPrevious));
    for (QAction *action : {m_findNextAction, m_findPreviousAction})
        action->setShortcutContext(Qt::WindowShortcut);
    connect(m_findNextAction, &QAction::triggered, this, &SearchBar::findNext);
    connect(m_findPreviousAction, &QAction::triggered, this, &SearchBar::findPrevious);
    auto *close = new QToolButton(this);
    close->setText(u"✕"_s);
    close->setToolTip(tr("Close (Esc)"));
    close->setAutoRaise(true);

    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pattern, 2);
    for (QWidget *widget :
         std::initializer_list<QWidget *>{m_historyButton, m_regex, m_case, m_word, previous, next})
        layout->addWidget(widget);
    layout->addWidget(messages, 2);
    layout->addWidget(close);
    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(4, 2, 4, 2);
    rows->setSpacing(2);
    rows->addLayout(layout);
    rows->addWidget(createReplaceRow());

    connect(next, &QToolButton::clicked, this, &SearchBar::findNext);
    connect(previous, &QToolButton::clicked, this, &SearchBar::findPrevious);
    connect(close, &QToolButton::clicked, this, &SearchBar::closeRequested);
    connect(m_pattern, &QLineEdit::textEdited, this, [this] {
        m_error->hide();
        m_historyIndex = -1;
        m_typingTimer->start();
    });
    for (QToolButton *button : {m_regex, m_case, m_word}) {
        connect(button, &QToolButton::toggled, this, [this] {
            if (!m_pattern->text().isEmpty())
                m_typingTimer->start();
        });
    }
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

QWidget *SearchBar::createReplaceRow()
{
    m_replaceRow = new ReplaceRow(this);
    connect(m_replaceRow, &ReplaceRow::replaceRequested, this, &SearchBar::replaceRequested);
    connect(m_replaceRow, &ReplaceRow::replaceAllRequested, this, &SearchBar::replaceAllRequested);
    connect(m_replaceRow, &ReplaceRow::closeRequested, this, &SearchBar::closeRequested);
    connect(m_pattern, &QLineEdit::textChanged, m_replaceRow,
            [this](const QString &text) { m_replaceRow->setPatternPresent(!text.isEmpty()); });
    m_replaceRow->hide();
    return m_replaceRow;
}

void SearchBar::setReplaceVisible(bool visible)
{
    m_replaceRow->setVisible(visible);
}

bool SearchBar::isReplaceVisible() const
{
    return !m_replaceRow->isHidden();
}

QString SearchBar::replacementText() const
{
    return m_replaceRow->replacement();
}

QLineEdit *SearchBar::replacementEdit() const
{
    return m_replaceRow->replacementEdit();
}

void SearchBar::activateReplace()
{
    setReplaceVisible(true);
    activate();
    if (!m_pattern->text().isEmpty())
        m_replaceRow->focusReplacement();
}

SearchOptions SearchBar::options() const
{
    SearchOptions options{m_pattern->text(), m_regex->isChecked(), m_case->isChecked(), m_word->isChecked()};
    if (m_lineModel)
        options.encoding = m_lineModel->encoding(); // a new encoding is a new search
    return options;
}

void SearchBar::setOptions(const SearchOptions &options)
{
    const QSignalBlocker blockRegex(m_regex), blockCase(m_case), blockWord(m_word);
    m_pattern->setText(options.pattern);
    m_regex->setChecked(options.regex);
    m_case->setChecked(options.caseSensitive);
    m_word->setChecked(options.wholeWord);
}

void SearchBar::setHistory(const QStringList &history)
{
    m_history = history.mid(0, kMaxHistory);
    m_historyIndex = -1;
}

void SearchBar::addToHistory(const QString &pattern)
{
    if (pattern.isEmpty() || (!m_history.isEmpty() && m_history.first() == pattern))
        return;
    m_history.removeAll(pattern);
    m_history.prepend(pattern);
    while (m_history.size() > kMaxHistory)
        m_history.removeLast();
    m_historyIndex = -1;
    emit historyChanged(m_history);
}

void SearchBar::stepHistory(int step)
{
    const int index = qBound(-1, m_historyIndex + step, int(m_history.size()) - 1);
    if (index == m_historyIndex)
        return;
    if (m_historyIndex == -1)
        m_typedText = m_pattern->text();
    m_historyIndex = index;
    m_pattern->setText(index < 0 ? m_typedText : m_history.at(index));
    m_typingTimer->start();
}

void SearchBar::showHistoryMenu()
{
    QMenu *menu = m_historyButton->menu();
    menu->clear();
    if (m_history.isEmpty())
        menu->addAction(tr("No searches yet"))->setEnabled(false);
    const QFontMetrics metrics = fontMetrics();
    for (const QString &pattern : std::as_const(m_history)) {
        QString label = metrics.elidedText(pattern, Qt::ElideRight, metrics.averageCharWidth() * 60);
        label.replace(u'&', u"&&"_s);
        menu->addAction(label)->setData(pattern);
    }
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
    ++m_compileGeneration; // a compile still running is dropped
    m_typingTimer->stop();
    m_engine->cancel();
    m_running = false;
    m_searched.reset();
    m_current.reset();
    m_pendingJump.reset();
    m_results->reset(nullptr);
    m_highlights.clear();
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
        case Qt::Key_Up:
            stepHistory(1);
            return true;
        case Qt::Key_Down:
            stepHistory(-1);
            return true;
        case Qt::Key_Tab:
            if (isReplaceVisible() && !key->modifiers()) {
                m_replaceRow->focusReplacement(); // find, then replace: the next field is the replacement
                return true;
            }
            break;
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
    m_typingTimer->stop();
    addToHistory(m_pattern->text());
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

void SearchBar::onTypingPaused()
{
    if (m_pattern->text().isEmpty()) {
        clear();
        return;
    }
    if (m_searched && *m_searched == options())
        return;
    m_wrapped = false;
    m_pendingFrom = cursorByteOffset();
    if (startSearch())
        m_pendingJump = Direction::Forward;
}

// Starts compiling the pattern on a pool thread; onCompiled starts the engine. Returns at once.
bool SearchBar::startSearch()
{
    m_typingTimer->stop();
    m_engine->cancel();
    const quint64 generation = ++m_compileGeneration;
    m_current.reset();
    m_pendingJump.reset();
    if (!m_document || m_document->state() != Document::State::Open) {
        m_status->setText(tr("No file"));
        return false;
    }
    const SearchOptions searched = options();
    m_error->hide();
    m_searched = searched;
    m_results->reset(nullptr);
    m_running = true;
    const QByteArray sample = m_document->readBytes(0, SearchMatcher::kSampleBytes).value_or(QByteArray());
    auto promise = std::make_shared<QPromise<Compiled>>();
    QFuture<Compiled> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, searched, sample] {
        Compiled compiled;
        compiled.matcher = SearchMatcher::compile(searched, &compiled.error, sample);
        promise->addResult(std::move(compiled));
        promise->finish();
    });
    future.then(this, [this, generation](const Compiled &compiled) {
        onCompiled(generation, compiled.matcher, compiled.error);
    });
    updateStatus();
    scheduleHighlights();
    return true;
}

void SearchBar::onCompiled(quint64 generation, const std::shared_ptr<const SearchMatcher> &matcher,
                           const QString &error)
{
    if (generation != m_compileGeneration)
        return; // cancelled or superseded
    if (!m_document || m_document->state() != Document::State::Open) {
        clear();
        m_status->setText(tr("No file"));
        return;
    }
    if (!matcher) {
        m_running = false;
        m_searched.reset();
        m_pendingJump.reset();
        m_results->reset(nullptr);
        m_error->setText(error);
        m_error->setToolTip(error);
        m_error->show();
        m_status->clear();
        m_highlights.clear();
        if (m_view)
            m_view->setHighlights({});
        return;
    }
    m_results->reset(matcher);
    if (m_lineModel)
        m_results->setDecoderOptions(m_lineModel->decoderOptions());
    m_engine->start(m_document->file().region(), matcher);
    updateStatus();
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
        if (line && m_lineModel->showsLine(*line)) {
            const int row = m_lineModel->revealNearestRowOfLine(*line); // with a filter on, the row that shows the line
            const qint64 inLine = match.byteOffset - match.lineStart;
            const qint64 from = m_lineModel->columnForByteInLine(row, inLine);
            const qint64 to = m_lineModel->columnForByteInLine(row, inLine + match.length);
            m_view->setCursorPosition(TextPosition{row, from}, true); // centred
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
    return m_lineModel->byteOffsetAt({cursor.row, cursor.column}).value_or(0);
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
    // The columns on screen of each row: a long line's matches are looked for around them only.
    const QVector<LineView::VisibleColumns> shown = m_results->matchingLines() > 0 ? m_view->visibleColumns()
                                                                                     : QVector<LineView::VisibleColumns>();
    for (const LineView::VisibleColumns &part : shown) {
        const int row = part.row;
        const qint64 start = m_lineModel->data(m_lineModel->index(row), LineModel::ByteOffsetRole).toLongLong();
        if (m_results->indexOfLine(start) < 0)
            continue;
        const qint64 fromByte = m_lineModel->byteInLineForColumn(row, part.from);
        const qint64 toByte = m_lineModel->byteInLineForColumn(row, part.to) + 1;
        for (const SearchMatcher::Span &span : m_results->matchesInLineRange(start, fromByte, toByte)) {
            const qint64 from = m_lineModel->columnForByteInLine(row, span.start);
            const qint64 to = m_lineModel->columnForByteInLine(row, span.start + span.length);
            highlights.append(LineView::Highlight{row, from, qMax<qint64>(1, to - from)});
        }
    }
    if (sameHighlights(highlights, m_highlights))
        return; // a repaint would ask again (screenPainted): only changes are handed over
    m_highlights = highlights;
    m_view->setHighlights(std::move(highlights));
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
        qint64 column = 0;
        const std::optional<int> row = line && m_lineModel ? m_lineModel->rowOfLine(*line) : std::nullopt;
        if (row)
            column = m_lineModel->columnForByteInLine(*row, m_current->byteOffset - m_current->lineStart);
        text += tr(" · line %1, column %2, byte offset %3")
                    .arg(line ? locale.toString(*line + 1) : u"?"_s)
                    .arg(column + 1)
                    .arg(m_current->byteOffset);
    }
    if (m_current && m_lineModel && m_lineModel->isFiltered() && m_document) {
        const std::optional<qint64> line = m_document->lineNumberAt(m_current->lineStart);
        if (line && !m_lineModel->showsLine(*line))
            text += tr(" (hidden by the filter)");
    }
    if (m_wrapped)
        text += tr(" · wrapped around");
    m_status->setText(text);
    m_status->setToolTip(text);
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
