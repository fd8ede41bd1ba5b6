#include "documenttab.h"

#include "document.h"
#include "documentstatus.h"
#include "linemarks.h"
#include "linemodel.h"
#include "lineview.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QStringDecoder>
#include <QVBoxLayout>

#include <algorithm>

namespace {
// Copying is limited to this many bytes (MainWindow::kMaxCopyBytes).
constexpr qint64 kMaxCopyBytes = 256 * 1024 * 1024;

} // namespace

DocumentTab::DocumentTab(QWidget *parent)
    : QWidget(parent)
    , m_document(std::make_unique<Document>())
    , m_view(new LineView(this))
    , m_marks(new LineMarks(this))
{
    m_model = new LineModel(m_document.get(), this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setFocusProxy(m_view);
    m_view->setModel(m_model);
    m_view->setTextSource([this](TextPosition from, TextPosition to) { return exactText(from, to); });
    m_view->setLineMarker([this](int row) { return !m_marks->isEmpty() && m_marks->isMarked(m_model->lineOfRow(row)); });
    connect(m_view, &LineView::gutterClicked, this, &DocumentTab::toggleMarkOnRow);
    connect(m_marks, &LineMarks::changed, this, &DocumentTab::onMarksChanged);

    connect(m_document.get(), &Document::opened, this, &DocumentTab::onOpened);
    connect(m_document.get(), &Document::failed, this,
            [this](OpenError, const QString &message) { onFailed(message); });
    connect(m_document.get(), &Document::lineCountChanged, this, &DocumentTab::applyPendingLine);
    connect(m_document.get(), &Document::linesReset, this, &DocumentTab::applyFilter);
    connect(m_document.get(), &Document::sizeChanged, this, &DocumentTab::extendFilter);
    connect(m_document.get(), &Document::indexFinished, this, [this](LineIndex::Status status) {
        m_indexFinished = true;
        m_marks->clip(m_document->lineCount());
        applyPendingLine();
        extendFilter();
        if (status == LineIndex::Status::Failed)
            setMessage(tr("The file changed while it was being indexed. Reload with F5."));
        if (m_document->lineCount() == 0 && m_document->state() == Document::State::Open)
            m_view->setPlaceholderText(tr("This file is empty."));
    });
    connect(m_view, &LineView::screenPainted, this, &DocumentTab::onScreenPainted);

    connect(&m_filter, &LineFilter::linesAdded, this, [this] {
        m_model->rowFilterGrew();
        placeFilterCursor();
        emit filterChanged();
    });
    connect(&m_filter, &LineFilter::progress, this, &DocumentTab::filterChanged);
    connect(&m_filter, &LineFilter::finished, this, [this](LineFilter::Status status) {
        m_model->rowFilterGrew();
        if (status == LineFilter::Status::Failed)
            setMessage(tr("Filter: %1").arg(m_filter.errorMessage()));
        placeFilterCursor();
        extendFilter();
        emit filterChanged();
    });
}

DocumentTab::~DocumentTab()
{
    // Controllers' per-tab objects (a search, an editor, a follower) read the document: they go first,
    // the most recent first.
    for (auto it = m_attachOrder.rbegin(); it != m_attachOrder.rend(); ++it)
        delete m_attachments.value(*it).data();
    m_attachments.clear();
    m_filter.cancel();
    m_view->setModel(nullptr);
    delete m_model;
    m_model = nullptr;
}

void DocumentTab::attach(const void *key, QObject *object)
{
    if (QObject *old = m_attachments.value(key))
        delete old;
    else
        m_attachOrder.push_back(key);
    m_attachments.insert(key, object);
}

QString DocumentTab::decode(const QByteArray &bytes, LineDecoder::Encoding encoding)
{
    switch (encoding) {
    case LineDecoder::Encoding::Latin1:
        return QString::fromLatin1(bytes);
    case LineDecoder::Encoding::Utf16LE: { // a byte order mark is dropped, an odd last byte is U+FFFD
        QStringDecoder decoder(QStringDecoder::Utf16LE, QStringDecoder::Flag::Stateless);
        return decoder.decode(bytes);
    }
    case LineDecoder::Encoding::Utf16BE: {
        QStringDecoder decoder(QStringDecoder::Utf16BE, QStringDecoder::Flag::Stateless);
        return decoder.decode(bytes);
    }
    case LineDecoder::Encoding::Codec: {
        QStringDecoder decoder(encoding.codecName(), QStringDecoder::Flag::Stateless);
        return decoder.decode(bytes);
    }
    case LineDecoder::Encoding::Utf8:
        break;
    }
    return QString::fromUtf8(bytes);
}

QString DocumentTab::title() const
{
    if (m_path.isEmpty())
        return tr("New Tab");
    const QString name = QFileInfo(m_path).fileName();
    if (m_fileGone)
        return tr("%1 (deleted)").arg(name);
    if (m_changedUnseen)
        return tr("%1 (changed)").arg(name);
    return name;
}

void DocumentTab::setFileGone(bool gone)
{
    if (m_fileGone == gone)
        return;
    m_fileGone = gone;
    emit titleChanged();
}

void DocumentTab::setChangedUnseen(bool changed)
{
    if (m_changedUnseen == changed)
        return;
    m_changedUnseen = changed;
    emit titleChanged();
}

void DocumentTab::setFollowing(bool on)
{
    if (m_following == on)
        return;
    m_following = on;
    emit followingChanged(on);
}

void DocumentTab::setMessage(const QString &message)
{
    m_message = message;
    emit messageChanged(message);
}

void DocumentTab::open(const QString &path, std::optional<qint64> line)
{
    m_pendingLine = line;
    m_pendingLineEstimated = false;
    m_pendingTopLine.reset();
    m_waitingForFirstScreen = true;
    m_path = path;
    m_fileGone = false;
    m_changedUnseen = false;
    m_marks->clear();
    emit titleChanged();
    m_view->setPlaceholderText(tr("Opening %1…").arg(path));
    m_document->open(path);
}

void DocumentTab::onOpened()
{
    m_indexFinished = m_document->isIndexComplete() && m_model->rowCount() == m_document->lineCount();
    m_path = m_document->path();
    m_fileGone = false;
    emit titleChanged();
    setMessage(QString());
    m_view->setPlaceholderText(m_document->size() == 0 ? tr("This file is empty.") : QString());
    applyFilter();
    emit opened(m_path);
    applyPendingLine();
}

void DocumentTab::onFailed(const QString &message)
{
    m_pendingLine.reset();
    m_view->setPlaceholderText(message);
    setMessage(message);
}

void DocumentTab::onScreenPainted()
{
    if (!m_waitingForFirstScreen)
        return;
    // With a file, the first screen is one that shows its lines (or says why it cannot).
    const bool hasContent = m_model->rowCount() > 0 || m_document->state() != Document::State::Open
        || m_document->isIndexComplete();
    if (!hasContent)
        return;
    m_waitingForFirstScreen = false;
    emit firstScreenShown();
}

std::optional<bool> DocumentTab::toggleMarkOnRow(int row)
{
    if (m_model->isEstimate()) {
        setMessage(tr("Marks need exact line numbers: these are estimates until the index reaches them."));
        return std::nullopt;
    }
    const qint64 line = m_model->lineOfRow(row);
    if (line < 0)
        return std::nullopt;
    return m_marks->toggle(line);
}

qint64 DocumentTab::cursorLine() const
{
    return std::max<qint64>(0, m_model->lineOfRow(m_view->cursorPosition().row));
}

void DocumentTab::goToLine(qint64 line)
{
    m_pendingLine = line;
    m_pendingLineEstimated = false;
    applyPendingLine();
}

void DocumentTab::applyPendingLine()
{
    if (m_document->state() != Document::State::Open)
        return;
    applyPendingCursorLine();
    // A saved session's first visible line, once the cursor is placed (the top wins over centring).
    if (m_pendingTopLine && !m_pendingLine && !m_filterCursorLine
        && (m_indexFinished || *m_pendingTopLine < m_model->rowCount())) {
        const int row = m_model->revealNearestRowOfLine(*m_pendingTopLine);
        m_view->setFirstVisibleRow(std::max(0, row));
        m_pendingTopLine.reset();
    }
}

void DocumentTab::applyPendingCursorLine()
{
    if (!m_pendingLine)
        return;
    const qint64 line = *m_pendingLine;
    const qint64 lines = m_document->lineCount(); // what the index has reached
    if (line > lines && !m_indexFinished) {
        // Where the line probably is, at once; the exact line once the index reaches it.
        if (m_pendingLineEstimated)
            return;
        if (!isFiltered() && m_model->revealDocumentRow(line - 1) >= 0 && m_model->isEstimate()) {
            m_pendingLineEstimated = true;
            const int row = m_model->nearestRowOfLine(line - 1);
            m_view->setCursorPosition({row, 0}, true);
            m_view->setFocus();
            setMessage(tr("\u2248 line %L1: an estimate from the lines indexed so far; going to the exact line once the index reaches it…")
                           .arg(line));
        } else {
            setMessage(tr("Going to line %L1 once the index reaches it…").arg(line));
        }
        return;
    }
    const qint64 target = std::clamp<qint64>(line, 1, std::max<qint64>(1, lines)) - 1;
    if (!m_model->showsLine(target)) {
        if (isFiltered() && !m_onlyMarked && m_filter.status() == LineFilter::Status::Running) {
            m_pendingLine.reset();
            m_filterCursorLine = target; // placed once the filter gets there
            placeFilterCursor();
            return;
        }
        if (!isFiltered() && !m_indexFinished)
            return; // the model trails the index a little: its rows arrive in a moment
    }
    m_pendingLine.reset();
    if (m_pendingLineEstimated && line <= lines)
        setMessage(tr("Line %L1, exactly: the index has reached it.").arg(line));
    m_pendingLineEstimated = false;
    if (line > lines)
        setMessage(tr("The file has %1.").arg(DocumentStatus::lineCountText(lines)));
    else if (isFiltered() && !m_model->showsLine(target))
        setMessage(tr("Line %L1 is hidden by the filter; showing the nearest shown line.").arg(target + 1));
    const int row = m_model->revealNearestRowOfLine(target);
    if (row < 0)
        return;
    m_view->setCursorPosition({row, 0}, true);
    m_view->setFocus();
}

bool DocumentTab::goToOffset(qint64 byteOffset)
{
    if (m_document->state() != Document::State::Open || byteOffset < 0 || byteOffset >= m_document->size()) {
        setMessage(tr("Byte offset %L1 is outside the file (%L2 bytes).").arg(byteOffset).arg(m_document->size()));
        return false;
    }
    const std::optional<LineModel::Place> place = m_model->revealPlaceOf(byteOffset);
    if (!place) {
        const std::optional<qint64> line = m_document->lineNumberAt(byteOffset);
        if (line && isFiltered())
            setMessage(tr("Byte offset %L1 is on line %L2, which the filter hides.").arg(byteOffset).arg(*line + 1));
        else
            setMessage(tr("Byte offset %L1 is not indexed yet; try again in a moment.").arg(byteOffset));
        return false;
    }
    m_view->setCursorPosition({place->row, place->column}, true);
    m_view->setFocus();
    return true;
}

QString DocumentTab::exactText(TextPosition from, TextPosition to) const
{
    // A position at the end of a row's display text is the end of its line; at the end of the
    // last line of a fully indexed file, the end of the file (its final line ending included).
    // The start of the first row is the file's first byte (its byte order mark).
    // TextPosition::kEndOfRow is the end of a line still being measured (its column count not
    // known yet).
    const auto endOfRow = [this](TextPosition at) {
        if (at.column == TextPosition::kEndOfRow)
            return true;
        bool exact = false;
        const qint64 columns = m_model->columnCount(at.row, &exact);
        return exact && at.column >= columns;
    };
    const auto byteAt = [&](TextPosition at) -> std::optional<qint64> {
        const qint64 line = m_model->lineOfRow(at.row);
        if (line == 0 && at.column == 0)
            return 0;
        const bool lastLine = line == m_document->lineCount() - 1 && m_document->isIndexComplete();
        if (endOfRow(at)) {
            if (lastLine)
                return m_document->size();
            // The row's own span: the right line also where its number is an estimate.
            const QModelIndex row = m_model->index(at.row);
            const QVariant start = row.data(LineModel::ByteOffsetRole);
            if (start.isValid())
                return start.toLongLong() + row.data(LineModel::ByteLengthRole).toLongLong();
        }
        return m_model->byteOffsetAt({at.row, at.column});
    };
    // With a filter, a selection over several rows is the shown lines' text, joined by line feeds.
    std::vector<std::pair<qint64, qint64>> ranges;
    if (isFiltered() && from.row != to.row) {
        for (int row = from.row; row <= to.row; ++row) {
            const qint64 line = m_model->lineOfRow(row);
            const std::optional<LineSpan> span = m_document->lineSpan(line);
            if (!span)
                continue;
            const qint64 start = row == from.row ? byteAt(from).value_or(span->byteOffset) : span->byteOffset;
            const qint64 end = row == to.row ? byteAt(to).value_or(start) : span->byteOffset + span->textLength;
            ranges.emplace_back(start, std::max(start, end));
        }
    } else {
        const qint64 start = byteAt(from).value_or(0);
        ranges.emplace_back(start, std::max(start, byteAt(to).value_or(start)));
    }
    qint64 total = 0;
    for (const auto &[start, end] : ranges)
        total += end - start + 1;
    if (total - 1 > kMaxCopyBytes) {
        const_cast<DocumentTab *>(this)->setMessage(
            tr("The selection is %1; copying is limited to %2.")
                .arg(DocumentStatus::humanSize(total - 1), DocumentStatus::humanSize(kMaxCopyBytes)));
        return {};
    }
    QString text;
    for (size_t i = 0; i < ranges.size(); ++i) {
        const std::optional<QByteArray> bytes = m_document->readBytes(ranges[i].first, ranges[i].second - ranges[i].first);
        if (!bytes) {
            const_cast<DocumentTab *>(this)->setMessage(tr("The file changed under the selection; nothing was copied."));
            return {};
        }
        if (i > 0)
            text += u'\n';
        text += decode(*bytes, m_model->encoding());
    }
    return text;
}

void DocumentTab::setFilterRules(const QList<FilterRule> &rules)
{
    if (rules == m_rules)
        return;
    m_rules = rules;
    if (m_filterOn)
        applyFilter();
    emit filterChanged();
}

void DocumentTab::setFilterOn(bool on)
{
    if (m_filterOn == on)
        return;
    m_filterOn = on;
    applyFilter();
    emit filterChanged();
}

void DocumentTab::setShowOnlyMarked(bool on)
{
    if (m_onlyMarked == on)
        return;
    m_onlyMarked = on;
    applyFilter();
    emit filterChanged();
}

bool DocumentTab::isFiltered() const
{
    return m_model->isFiltered();
}

const LineSet *DocumentTab::shownLines() const
{
    if (!isFiltered())
        return nullptr;
    return m_onlyMarked ? &m_markedSet : &m_filter.lines();
}

void DocumentTab::applyFilter()
{
    const qint64 keepLine = m_model->rowCount() > 0 ? cursorLine() : -1;
    const bool open = m_document->state() == Document::State::Open;
    if (m_onlyMarked && open) {
        m_filter.cancel();
        m_markedSet = LineSet();
        for (const qint64 line : m_marks->lines())
            m_markedSet.append(line);
        m_markedSet.squeeze();
        m_model->setRowFilter(&m_markedSet);
    } else if (m_filterOn && open && LineFilter::isActive(m_rules)) {
        m_filter.start(m_document->file().region(), m_rules, m_document->encoding());
        m_model->setRowFilter(&m_filter.lines());
    } else {
        m_filter.cancel();
        m_model->setRowFilter(nullptr);
    }
    if (keepLine >= 0) {
        m_filterCursorLine = keepLine;
        placeFilterCursor();
    }
}

// Puts the cursor on the line it was on before the filter changed, or the nearest shown one, once
// the filter has reached it.
void DocumentTab::placeFilterCursor()
{
    if (!m_filterCursorLine)
        return;
    const qint64 line = *m_filterCursorLine;
    const bool running = isFiltered() && !m_onlyMarked && m_filter.status() == LineFilter::Status::Running;
    if (running && m_filter.lines().last().value_or(-1) < line && !m_model->showsLine(line))
        return;
    if (m_model->rowCount() == 0 && running)
        return;
    m_filterCursorLine.reset();
    const int row = m_model->revealNearestRowOfLine(line);
    if (row >= 0)
        m_view->setCursorPosition({row, 0}, true);
}

void DocumentTab::extendFilter()
{
    if (!m_filterOn || m_onlyMarked || m_filter.status() != LineFilter::Status::Finished)
        return;
    if (m_document->state() == Document::State::Open && m_document->size() > m_filter.filteredBytes())
        m_filter.extend(m_document->file().region());
}

void DocumentTab::onMarksChanged()
{
    if (m_onlyMarked)
        applyFilter();
    m_view->viewport()->update();
}

QJsonObject DocumentTab::ruleToJson(const FilterRule &rule)
{
    return QJsonObject{{QStringLiteral("pattern"), rule.options.pattern},
                       {QStringLiteral("regex"), rule.options.regex},
                       {QStringLiteral("caseSensitive"), rule.options.caseSensitive},
                       {QStringLiteral("wholeWord"), rule.options.wholeWord},
                       {QStringLiteral("hide"), rule.action == FilterRule::Action::Hide},
                       {QStringLiteral("enabled"), rule.enabled}};
}

FilterRule DocumentTab::ruleFromJson(const QJsonObject &json)
{
    FilterRule rule;
    rule.options.pattern = json.value(QStringLiteral("pattern")).toString();
    rule.options.regex = json.value(QStringLiteral("regex")).toBool();
    rule.options.caseSensitive = json.value(QStringLiteral("caseSensitive")).toBool(true);
    rule.options.wholeWord = json.value(QStringLiteral("wholeWord")).toBool();
    rule.action = json.value(QStringLiteral("hide")).toBool() ? FilterRule::Action::Hide : FilterRule::Action::Show;
    rule.enabled = json.value(QStringLiteral("enabled")).toBool(true);
    return rule;
}

QJsonObject DocumentTab::state() const
{
    QJsonArray rules;
    for (const FilterRule &rule : m_rules)
        rules.append(ruleToJson(rule));
    QJsonArray marks;
    for (const qint64 line : m_marks->lines())
        marks.append(line);
    const int top = m_view->firstVisibleRow();
    return QJsonObject{{QStringLiteral("path"), m_path},
                       {QStringLiteral("line"), cursorLine()},
                       {QStringLiteral("top"), m_model->rowCount() > 0 ? m_model->lineOfRow(top) : 0},
                       {QStringLiteral("filters"), rules},
                       {QStringLiteral("filterOn"), m_filterOn},
                       {QStringLiteral("onlyMarked"), m_onlyMarked},
                       {QStringLiteral("marks"), marks},
                       {QStringLiteral("follow"), m_following}};
}

void DocumentTab::restoreState(const QJsonObject &state)
{
    QList<FilterRule> rules;
    for (const QJsonValue &rule : state.value(QStringLiteral("filters")).toArray())
        rules.append(ruleFromJson(rule.toObject()));
    const QJsonArray marks = state.value(QStringLiteral("marks")).toArray();
    {
        const QSignalBlocker block(m_marks);
        for (const QJsonValue &line : marks)
            m_marks->set(qint64(line.toDouble()), true);
    }
    m_rules = rules;
    m_filterOn = state.value(QStringLiteral("filterOn")).toBool();
    m_onlyMarked = state.value(QStringLiteral("onlyMarked")).toBool();
    setFollowing(state.value(QStringLiteral("follow")).toBool());
    const qint64 top = qint64(state.value(QStringLiteral("top")).toDouble());
    const qint64 line = qint64(state.value(QStringLiteral("line")).toDouble());
    m_pendingTopLine = top;
    if (!m_pendingLine)
        m_pendingLine = line + 1;
    applyFilter();
    applyPendingLine();
    emit filterChanged();
}
