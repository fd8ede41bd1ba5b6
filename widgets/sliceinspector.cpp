#include "sliceinspector.h"

#include "byteformat.h"
#include "document.h"
#include "fixedfont.h"
#include "offsetparser.h"
#include "slicelocation.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

constexpr int kInputDelayMs = 250;
constexpr int kMaxMarkedInvalid = 2000;
constexpr int kHexRowChars = 79;

QPlainTextEdit *makePane(QWidget *parent, QPlainTextEdit::LineWrapMode wrap)
{
    auto *pane = new QPlainTextEdit(parent);
    pane->setReadOnly(true);
    pane->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    pane->setLineWrapMode(wrap);
    pane->setWordWrapMode(QTextOption::WrapAnywhere);
    pane->setFont(fixedFont());
    pane->setUndoRedoEnabled(false);
    pane->setTabStopDistance(8 * QFontMetricsF(pane->font()).horizontalAdvance(QLatin1Char(' ')));
    return pane;
}

QLabel *makeTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QWidget *section(QWidget *parent, QWidget *header, QWidget *body, QWidget *footer = nullptr)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(header);
    layout->addWidget(body, 1);
    if (footer)
        layout->addWidget(footer);
    return box;
}

} // namespace

SliceInspector::SliceInspector(Document *document, QWidget *parent)
    : QDockWidget(tr("Slice Inspector"), parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("sliceInspectorDock"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(buildInputs());

    m_error = new QLabel(content);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);
    m_notice = new QLabel(content);
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(QStringLiteral("color: #9a6700;"));
    m_notice->hide();
    layout->addWidget(m_notice);
    m_location = new QLabel(content);
    m_location->setWordWrap(true);
    m_location->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_location);
    layout->addWidget(buildPanes(), 1);
    setWidget(content);

    m_inputDelay = new QTimer(this);
    m_inputDelay->setSingleShot(true);
    m_inputDelay->setInterval(kInputDelayMs);
    connect(m_inputDelay, &QTimer::timeout, this, [this] { applyInputs(true); });

    m_document = nullptr;
    setDocument(document);
    m_location->setText(tr("Type a start and an end offset, a line number, or select text in the view."));
}

void SliceInspector::setDocument(Document *document)
{
    if (m_document == document && !m_documentConnections.isEmpty())
        return;
    for (const QMetaObject::Connection &connection : std::as_const(m_documentConnections))
        disconnect(connection);
    m_documentConnections.clear();
    const bool changed = m_document != document;
    m_document = document;
    if (m_document) {
        m_documentConnections << connect(m_document, &Document::opened, this, &SliceInspector::documentChanged);
        m_documentConnections << connect(m_document, &Document::closed, this, &SliceInspector::documentChanged);
        const auto locate = [this] {
            if (!m_locationKnown)
                updateLocation();
        };
        m_documentConnections << connect(m_document, &Document::lineCountChanged, this, locate);
        m_documentConnections << connect(m_document, &Document::indexFinished, this, locate);
    }
    if (changed && m_location)
        documentChanged();
}

QWidget *SliceInspector::buildInputs()
{
    auto *box = new QWidget(this);
    auto *grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(4);

    m_start = new QLineEdit(box);
    m_start->setPlaceholderText(tr("e.g. 11 or 0xb"));
    m_start->setToolTip(tr("First byte of the slice: decimal, or hex with 0x"));
    m_end = new QLineEdit(box);
    m_end->setPlaceholderText(tr("empty: end of file"));
    m_end->setToolTip(tr("Byte after the slice (exclusive, as in Python's data[start:end]); empty: to the end of "
                         "the file"));
    m_line = new QLineEdit(box);
    m_line->setPlaceholderText(tr("line number"));
    m_line->setToolTip(tr("Inspect a whole line (1-based); press Enter"));
    m_withEnding = new QCheckBox(tr("with line ending"), box);
    m_withEnding->setChecked(true);
    m_follow = new QToolButton(box);
    m_follow->setText(tr("Follow selection"));
    m_follow->setToolTip(tr("Inspect whatever is selected in the view"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);

    auto *startLabel = new QLabel(tr("&Start"), box);
    startLabel->setBuddy(m_start);
    auto *endLabel = new QLabel(tr("&End"), box);
    endLabel->setBuddy(m_end);
    auto *lineLabel = new QLabel(tr("&Line"), box);
    lineLabel->setBuddy(m_line);
    grid->addWidget(startLabel, 0, 0);
    grid->addWidget(m_start, 0, 1);
    grid->addWidget(endLabel, 0, 2);
    grid->addWidget(m_end, 0, 3);
    grid->addWidget(lineLabel, 1, 0);
    grid->addWidget(m_line, 1, 1);
    grid->addWidget(m_withEnding, 1, 2, 1, 2);
    grid->addWidget(m_follow, 0, 4, 2, 1);
    m_editBytes = new QPushButton(tr("Edit &Bytes…"), box);
    m_editBytes->setObjectName(QStringLiteral("editBytes"));
    m_editBytes->setToolTip(tr("Replace the bytes of this range (as text, hex or a Python bytes literal)"));
    m_editBytes->setEnabled(false);
    grid->addWidget(m_editBytes, 0, 5, 2, 1);
    connect(m_editBytes, &QPushButton::clicked, this, [this] {
        if (const auto shown = range())
            emit editRequested(shown->first, shown->second);
    });
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);

    for (QLineEdit *edit : {m_start, m_end}) {
        connect(edit, &QLineEdit::textEdited, this, [this] { m_inputDelay->start(); });
        connect(edit, &QLineEdit::returnPressed, this, [this] {
            m_inputDelay->stop();
            applyInputs(true);
        });
    }
    connect(m_line, &QLineEdit::returnPressed, this, &SliceInspector::applyLine);
    connect(m_withEnding, &QCheckBox::toggled, this, [this] {
        if (!m_line->text().trimmed().isEmpty())
            applyLine();
    });
    connect(m_follow, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            emit selectionRequested();
    });
    return box;
}

QWidget *SliceInspector::buildPanes()
{
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);

    m_hex = makePane(splitter, QPlainTextEdit::NoWrap);
    // Wide enough for a whole row of the dump: "00000000  " + 16 bytes + "  |" + 16 chars + "|".
    m_hex->setMinimumWidth(QFontMetrics(m_hex->font()).horizontalAdvance(QString(kHexRowChars, QLatin1Char('0')))
        + 2 * int(m_hex->document()->documentMargin()) + 2 * m_hex->frameWidth()
        + m_hex->verticalScrollBar()->sizeHint().width() + 2);
    splitter->addWidget(section(splitter, makeTitle(tr("Hex dump"), splitter), m_hex));

    auto *literalHeader = new QWidget(splitter);
    auto *literalRow = new QHBoxLayout(literalHeader);
    literalRow->setContentsMargins(0, 0, 0, 0);
    m_literalTitle = makeTitle(tr("Python bytes literal"), literalHeader);
    auto *copy = new QToolButton(literalHeader);
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy the literal to the clipboard"));
    connect(copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(literalText()); });
    literalRow->addWidget(m_literalTitle, 1);
    literalRow->addWidget(copy);
    m_literal = makePane(splitter, QPlainTextEdit::WidgetWidth);
    splitter->addWidget(section(splitter, literalHeader, m_literal));

    auto *textHeader = new QWidget(splitter);
    auto *textRow = new QHBoxLayout(textHeader);
    textRow->setContentsMargins(0, 0, 0, 0);
    m_encoding = new QComboBox(textHeader);
    const std::pair<QString, LineDecoder::Encoding> encodings[] = {
        {QStringLiteral("UTF-8"), LineDecoder::Encoding::Utf8},
        {QStringLiteral("Latin-1"), LineDecoder::Encoding::Latin1},
        {QStringLiteral("UTF-16LE"), LineDecoder::Encoding::Utf16LE},
        {QStringLiteral("UTF-16BE"), LineDecoder::Encoding::Utf16BE},
    };
    for (const auto &[name, encoding] : encodings)
        m_encoding->addItem(name, QVariant::fromValue(encoding));
    connect(m_encoding, &QComboBox::currentIndexChanged, this, [this] {
        if (m_hasRange)
            renderDecoded();
    });
    m_invalid = new QLabel(textHeader);
    textRow->addWidget(makeTitle(tr("Decoded text"), textHeader));
    textRow->addWidget(m_encoding);
    textRow->addWidget(m_invalid, 1);
    m_decoded = makePane(splitter, QPlainTextEdit::WidgetWidth);
    m_decoded->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_character = new QLabel(splitter);
    m_character->setWordWrap(true);
    m_character->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_decoded, &QPlainTextEdit::cursorPositionChanged, this, &SliceInspector::updateCharacter);
    splitter->addWidget(section(splitter, textHeader, m_decoded, m_character));

    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 3);
    return splitter;
}

void SliceInspector::setRange(qint64 start, qint64 end)
{
    m_inputDelay->stop();
    m_start->setText(QString::number(start));
    m_end->setText(QString::number(end));
    m_line->clear();
    applyInputs(false);
}

std::optional<std::pair<qint64, qint64>> SliceInspector::range() const
{
    if (!m_hasRange)
        return std::nullopt;
    return std::pair{m_slice.start(), m_slice.end()};
}

void SliceInspector::setEncoding(LineDecoder::Encoding encoding)
{
    for (int i = 0; i < m_encoding->count(); ++i) {
        if (m_encoding->itemData(i).value<LineDecoder::Encoding>() == encoding) {
            m_encoding->setCurrentIndex(i);
            return;
        }
    }
    // Another codec (View > Encoding): listed from now on.
    m_encoding->addItem(QString::fromLatin1(encoding.name()), QVariant::fromValue(encoding));
    m_encoding->setCurrentIndex(m_encoding->count() - 1);
}

LineDecoder::Encoding SliceInspector::encoding() const
{
    return m_encoding->currentData().value<LineDecoder::Encoding>();
}

void SliceInspector::setDisplayLimit(qint64 bytes)
{
    m_displayLimit = qMax<qint64>(1, bytes);
    if (m_hasRange)
        applyInputs(false);
}

bool SliceInspector::followsSelection() const
{
    return m_follow->isChecked();
}

void SliceInspector::setFollowsSelection(bool follow)
{
    m_follow->setChecked(follow);
}

QString SliceInspector::hexDumpText() const
{
    return m_hex->toPlainText();
}
QString SliceInspector::literalText() const
{
    return m_literal->toPlainText();
}
QString SliceInspector::decodedText() const
{
    return m_text.text();
}
QString SliceInspector::errorText() const
{
    return m_error->text();
}
QString SliceInspector::noticeText() const
{
    return m_notice->text();
}
QString SliceInspector::locationText() const
{
    return m_location->text();
}
QString SliceInspector::characterText() const
{
    return m_character->text();
}

void SliceInspector::applyInputs(bool byPerson)
{
    const QString startText = m_start->text().trimmed();
    const QString endText = m_end->text().trimmed();
    const std::optional<qint64> start = parseOffset(startText);
    // An empty End: to the end of the file, as data[start:] is.
    const std::optional<qint64> end =
        endText.isEmpty() && m_document ? std::optional<qint64>(m_document->size()) : parseOffset(endText);
    if (startText.isEmpty() && endText.isEmpty())
        return;
    if (!start)
        return showError(tr("Start \"%1\" is not a byte offset: %2.").arg(startText, offsetSyntaxHint()));
    if (!end)
        return showError(tr("End \"%1\" is not a byte offset: %2.").arg(endText, offsetSyntaxHint()));
    if (!m_document)
        return showError(tr("No file is open."));

    // Hidden: check the range now, read its bytes when the dock is shown.
    m_dirty = !isVisible();
    m_slice = Slice::read(*m_document, *start, *end, m_dirty ? 0 : m_displayLimit);
    if (!m_slice.isValid())
        return showError(m_slice.errorString());
    m_hasRange = true;
    m_editBytes->setEnabled(true);
    m_error->clear();
    m_error->hide();
    if (!m_dirty)
        render();
    if (byPerson)
        emit rangeEdited(m_slice.start(), m_slice.end());
}

void SliceInspector::applyLine()
{
    const QString text = m_line->text().trimmed();
    const std::optional<qint64> line = parseOffset(text);
    if (!line || *line < 1)
        return showError(tr("\"%1\" is not a line number (lines count from 1).").arg(text));
    if (!m_document || m_document->state() != Document::State::Open)
        return showError(tr("No file is open."));
    const std::optional<LineSpan> span = m_document->lineSpan(*line - 1);
    if (!span) {
        return showError(m_document->isIndexComplete()
                ? (m_document->lineCount() == 1 ? tr("The file has 1 line.")
                                                : tr("The file has %L1 lines.").arg(m_document->lineCount()))
                : tr("Line %L1 is not indexed yet; try again in a moment.").arg(*line));
    }
    const qint64 end = m_withEnding->isChecked() ? span->endOffset() : span->byteOffset + span->textLength;
    m_inputDelay->stop();
    m_start->setText(QString::number(span->byteOffset));
    m_end->setText(QString::number(end));
    applyInputs(true);
}

void SliceInspector::showError(const QString &message)
{
    m_hasRange = false;
    m_editBytes->setEnabled(false);
    m_slice = Slice();
    m_text = SliceText();
    m_error->setText(message);
    m_error->show();
    m_notice->clear();
    m_notice->hide();
    m_location->clear();
    m_hex->clear();
    m_literal->clear();
    m_decoded->clear();
    m_invalid->clear();
    m_character->clear();
}

void SliceInspector::showEvent(QShowEvent *event)
{
    QDockWidget::showEvent(event);
    if (m_dirty)
        applyInputs(false);
    if (followsSelection())
        emit selectionRequested();
}

void SliceInspector::render()
{
    QStringList notices;
    if (m_slice.isClipped())
        notices << tr("End clipped to the end of the file (%L1 bytes).").arg(m_slice.fileSize());
    if (m_slice.isTruncated())
        notices << tr("Large slice: %1; the other %L2 bytes are hidden.")
                       .arg(m_slice.hiddenNotice())
                       .arg(m_slice.hiddenLength());
    m_notice->setText(notices.join(QLatin1Char(' ')));
    m_notice->setVisible(!notices.isEmpty());

    const QByteArray &bytes = m_slice.shownBytes();
    m_hex->setPlainText(bytes.isEmpty() ? tr("(empty slice)") : ByteFormat::hexDump(bytes, m_slice.start()));
    m_literalTitle->setText(m_slice.isTruncated() ? tr("Python bytes literal (first %L1 bytes)").arg(bytes.size())
                                                  : tr("Python bytes literal"));
    m_literal->setPlainText(ByteFormat::pythonBytesLiteral(bytes));
    renderDecoded();
    updateLocation();
}

void SliceInspector::renderDecoded()
{
    m_text = SliceText::decode(m_slice.shownBytes(), encoding(), m_slice.isTruncated());
    m_decoded->setPlainText(m_text.displayText());

    QList<QTextEdit::ExtraSelection> marks;
    QTextCharFormat invalidFormat;
    invalidFormat.setBackground(QColor(0xff, 0xcd, 0xd2));
    invalidFormat.setForeground(QColor(0xb7, 0x1c, 0x1c));
    for (const int position : m_text.invalidPositions()) {
        if (marks.size() >= kMaxMarkedInvalid)
            break;
        QTextCursor cursor(m_decoded->document());
        cursor.setPosition(position);
        cursor.setPosition(position + 1, QTextCursor::KeepAnchor);
        marks.append({cursor, invalidFormat});
    }
    m_decoded->setExtraSelections(marks);

    const int invalid = m_text.invalidCount();
    m_invalid->setStyleSheet(invalid ? QStringLiteral("color: #c62828;") : QString());
    if (invalid == 0)
        m_invalid->setText(tr("no invalid sequences"));
    else if (invalid == 1)
        m_invalid->setText(tr("1 invalid sequence, shown as \uFFFD"));
    else
        m_invalid->setText(tr("%L1 invalid sequences, each shown as \uFFFD").arg(invalid));
    updateCharacter();
}

void SliceInspector::updateCharacter()
{
    if (!m_hasRange || m_text.text().isEmpty()) {
        m_character->clear();
        return;
    }
    const int position = m_decoded->textCursor().position();
    const std::optional<SliceCharacter> character = m_text.characterAt(position, m_slice.start());
    m_character->setText(
        character ? tr("At cursor: %1").arg(character->describe()) : tr("At cursor: end of the decoded text"));
}

void SliceInspector::updateLocation()
{
    if (!m_hasRange || !m_document) {
        m_location->clear();
        return;
    }
    const qint64 start = m_slice.start();
    const qint64 end = m_slice.end();
    const auto where = [this](qint64 offset) {
        const std::optional<SliceLocation> location = SliceLocation::of(*m_document, offset);
        m_locationKnown = m_locationKnown && location.has_value();
        return location ? location->toString() : tr("? (not indexed yet)");
    };
    m_locationKnown = true;
    QString text = tr("Bytes [%L1, %L2) · %L3 bytes").arg(start).arg(end).arg(m_slice.length());
    if (m_slice.length() == 0) {
        if (start < m_slice.fileSize())
            text += tr(" · empty, before %1").arg(where(start));
        else
            text += tr(" · empty, at the end of the file");
    } else {
        text += tr(" · starts at %1 · last byte at %2").arg(where(start), where(end - 1));
    }
    m_location->setText(text);
    m_location->setToolTip(tr("line:column, both from 1; the column counts bytes from the start of the line"));
}

void SliceInspector::refresh()
{
    if (m_hasRange)
        applyInputs(false);
}

void SliceInspector::documentChanged()
{
    if (!m_document || m_document->state() != Document::State::Open) {
        if (m_hasRange)
            showError(tr("No file is open."));
        return;
    }
    applyInputs(false);
}
