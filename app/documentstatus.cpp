#include "documentstatus.h"

#include "document.h"
#include "linemodel.h"
#include "lineview.h"

#include <QCoreApplication>
#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>

#include <climits>

namespace {

constexpr int kItemSpacing = 10;   // the bar's spacing and item frame, per shown widget
constexpr int kMessageMinimum = 80; // pixels a message keeps before the bar compacts for it

} // namespace

DocumentStatus::DocumentStatus(Document *document, LineModel *model, LineView *view, QStatusBar *bar)
    : QObject(bar)
    , m_document(document)
    , m_model(model)
    , m_view(view)
    , m_bar(bar)
    , m_message(new QLabel(bar))
    , m_size(new QLabel(bar))
    , m_lines(new QLabel(bar))
    , m_progress(new QProgressBar(bar))
    , m_position(new QLabel(bar))
    , m_encoding(new QLabel(bar))
    , m_readOnly(new QLabel(bar))
{
    m_message->setObjectName(QStringLiteral("statusMessage"));
    m_size->setObjectName(QStringLiteral("statusSize"));
    m_lines->setObjectName(QStringLiteral("statusLines"));
    m_position->setObjectName(QStringLiteral("statusPosition"));
    m_encoding->setObjectName(QStringLiteral("statusEncoding"));
    m_readOnly->setObjectName(QStringLiteral("statusReadOnly"));
    // The message takes what the permanent parts leave, elided to fit (fitWidth()).
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_message->setMinimumWidth(1);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_readOnly->hide();
    bar->addWidget(m_message, 1);
    bar->addPermanentWidget(m_size);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_lines);
    bar->addPermanentWidget(m_position);
    bar->addPermanentWidget(m_encoding);
    bar->addPermanentWidget(m_readOnly);
    bar->installEventFilter(this);
    m_message->installEventFilter(this);

    setTarget(document, model, view);
    connect(bar, &QStatusBar::messageChanged, this, &DocumentStatus::fitWidth);
    refresh();
}

void DocumentStatus::setTarget(Document *document, LineModel *model, LineView *view)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_document = document;
    m_model = model;
    m_view = view;
    if (!document)
        return;
    m_connections << connect(m_document, &Document::indexProgress, this, [this](qint64 indexed, qint64 total) {
        m_progress->setVisible(total > 0 && indexed < total);
        m_progress->setValue(total > 0 ? int(indexed * 1000 / total) : 0);
        m_progress->setFormat(tr("Indexing %1%").arg(total > 0 ? indexed * 100 / total : 0));
    });
    m_connections << connect(m_document, &Document::lineCountChanged, this, &DocumentStatus::updateLines);
    m_connections << connect(m_document, &Document::indexFinished, this, [this] {
        m_progress->hide();
        updateLines();
    });
    m_connections << connect(m_document, &Document::sizeChanged, this, &DocumentStatus::updateSize);
    m_connections << connect(m_document, &Document::opened, this, &DocumentStatus::refresh);
    m_connections << connect(m_document, &Document::encodingChanged, this, &DocumentStatus::refresh);
    m_connections << connect(m_document, &Document::closed, this, &DocumentStatus::refresh);
    m_connections << connect(m_document, &Document::failed, this, &DocumentStatus::refresh);
    m_connections << connect(m_view, &LineView::cursorPositionChanged, this, &DocumentStatus::updatePosition);
    // The model trails the index: the first rows may come just after opened().
    m_connections << connect(m_model, &QAbstractItemModel::rowsInserted, this, &DocumentStatus::updatePosition);
    m_connections << connect(m_model, &QAbstractItemModel::rowsInserted, this, &DocumentStatus::updateLines);
    m_connections << connect(m_model, &QAbstractItemModel::modelReset, this, &DocumentStatus::updatePosition);
    m_connections << connect(m_model, &QAbstractItemModel::modelReset, this, &DocumentStatus::updateLines);
    m_progress->hide();
    refresh();
}

QString DocumentStatus::humanSize(qint64 bytes)
{
    if (bytes < 1000)
        return QCoreApplication::translate("DocumentStatus", "%Ln byte(s)", nullptr, int(bytes));
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QString DocumentStatus::lineCountText(qint64 lines)
{
    if (lines <= INT_MAX)
        return QCoreApplication::translate("DocumentStatus", "%Ln line(s)", nullptr, int(lines));
    // tr() counts in int; past that the plural form of the largest int is right in English.
    const QLocale locale;
    return QCoreApplication::translate("DocumentStatus", "%Ln line(s)", nullptr, INT_MAX)
        .replace(locale.toString(INT_MAX), locale.toString(lines));
}

void DocumentStatus::setMessage(const QString &text)
{
    m_messageText = text;
    fitWidth();
}

void DocumentStatus::setReadOnly(bool readOnly)
{
    m_readOnly->setText(tr("Read-only"));
    m_readOnly->setVisible(readOnly);
    fitWidth();
}

void DocumentStatus::refresh()
{
    const bool open = m_document->state() == Document::State::Open;
    m_encoding->setText(open ? QString::fromLatin1(m_model->encoding().name()) : QString());
    if (!open)
        m_progress->hide();
    updateSize();
    updateLines();
    updatePosition();
}

void DocumentStatus::updateSize()
{
    const bool open = m_document->state() == Document::State::Open;
    const qint64 size = m_document->size();
    m_size->setText(open ? humanSize(size) : QString());
    m_size->setToolTip(open ? QCoreApplication::translate("DocumentStatus", "%Ln byte(s)", nullptr,
                                                          int(std::min<qint64>(size, INT_MAX)))
                                  .replace(QLocale().toString(std::min<qint64>(size, INT_MAX)),
                                           QLocale().toString(size))
                            : QString());
    updateLines(); // its tooltip tells the size when the size label is given up
}

void DocumentStatus::updateLines()
{
    if (m_document->state() != Document::State::Open) {
        m_linesText.clear();
        m_linesShort.clear();
        m_lines->setToolTip(QString());
        fitWidth();
        return;
    }
    const qint64 lines = m_document->lineCount();
    const QLocale locale;
    m_linesText = m_document->isIndexComplete() ? lineCountText(lines) : tr("%L1+ lines").arg(lines);
    m_linesShort = m_document->isIndexComplete() ? locale.toString(lines) : tr("%L1+").arg(lines);
    if (m_model->isFiltered()) {
        // "1,204 of 1,000,000 lines shown": the filter's share of what is indexed.
        const qint64 shown = m_model->totalRows();
        m_linesText = tr("%L1 of %2 shown").arg(shown).arg(m_linesText);
        m_linesShort = tr("%L1/%2").arg(shown).arg(m_linesShort);
    }
    m_lines->setToolTip(tr("%1 · %2").arg(m_linesText, m_size->toolTip()));
    fitWidth();
}

void DocumentStatus::updatePosition()
{
    if (m_document->state() != Document::State::Open || m_model->rowCount() == 0) {
        m_positionText.clear();
        m_positionShort.clear();
        fitWidth();
        return;
    }
    const TextPosition cursor = m_view->cursorPosition();
    const qint64 byte = m_model->byteOffsetAt({cursor.row, cursor.column}).value_or(0);
    const qint64 line = m_model->lineOfRow(cursor.row) + 1;
    if (m_model->isEstimate()) {
        // Past the index: the line number is an estimate until the index gets there.
        m_positionText = tr("Ln \u2248%L1 (estimated), Col %L2").arg(line).arg(cursor.column + 1);
        m_positionShort = tr("\u2248%L1:%L2").arg(line).arg(cursor.column + 1);
    } else {
        m_positionText = tr("Ln %L1, Col %L2 · byte %L3").arg(line).arg(cursor.column + 1).arg(byte);
        m_positionShort = tr("%L1:%L2").arg(line).arg(cursor.column + 1);
    }
    m_position->setToolTip(m_positionText);
    fitWidth();
}

bool DocumentStatus::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_bar && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        fitWidth();
    else if (watched == m_message && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        elideMessage();
    return QObject::eventFilter(watched, event);
}

void DocumentStatus::setLabelText(QLabel *label, const QString &text)
{
    if (label->text() != text)
        label->setText(text);
}

void DocumentStatus::applyFit(Fit fit)
{
    m_fit = fit;
    const bool open = m_document->state() == Document::State::Open;
    m_encoding->setVisible(open && fit < Fit::NoEncoding);
    setLabelText(m_position, fit < Fit::ShortPosition ? m_positionText : m_positionShort);
    m_position->setVisible(!m_positionText.isEmpty());
    m_size->setVisible(open && fit < Fit::NoSize);
    setLabelText(m_lines, fit < Fit::ShortLines ? m_linesText : m_linesShort);
    m_lines->setVisible(!m_linesText.isEmpty());
}

// What the shown permanent widgets (ours and other controllers') take, with their spacing.
int DocumentStatus::neededWidth() const
{
    int width = 0;
    const QList<QWidget *> children = m_bar->findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
    for (const QWidget *child : children) {
        if (child == m_message || child->isHidden() || child->isWindow())
            continue;
        width += child->sizeHint().width() + kItemSpacing;
    }
    return width;
}

void DocumentStatus::fitWidth()
{
    if (m_fitting)
        return;
    m_fitting = true;
    const QFontMetrics metrics(m_message->font());
    const QString shownMessage = m_bar->currentMessage().isEmpty() ? m_messageText : m_bar->currentMessage();
    const int messageWanted
        = shownMessage.isEmpty() ? 0 : std::min(metrics.horizontalAdvance(shownMessage), kMessageMinimum);
    const int available = m_bar->width() - messageWanted;
    for (int level = int(Fit::Full); level <= int(Fit::ShortLines); ++level) {
        applyFit(Fit(level));
        if (!m_bar->isVisible() || neededWidth() <= available)
            break;
    }
    m_fitting = false;
    elideMessage();
}

void DocumentStatus::elideMessage()
{
    // A label not shown yet has no real width: it is elided again when laid out (Resize).
    const int width = m_message->isVisible() ? m_message->contentsRect().width() : QWIDGETSIZE_MAX;
    const QString elided = m_message->fontMetrics().elidedText(m_messageText, Qt::ElideRight, width);
    setLabelText(m_message, elided);
    m_message->setToolTip(elided == m_messageText ? QString() : m_messageText);
}
