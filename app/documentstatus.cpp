#include "documentstatus.h"

#include "document.h"
#include "linemodel.h"
#include "lineview.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>

DocumentStatus::DocumentStatus(Document *document, LineModel *model, LineView *view, QStatusBar *bar)
    : QObject(bar)
    , m_document(document)
    , m_model(model)
    , m_view(view)
    , m_message(new QLabel(bar))
    , m_size(new QLabel(bar))
    , m_lines(new QLabel(bar))
    , m_progress(new QProgressBar(bar))
    , m_position(new QLabel(bar))
    , m_encoding(new QLabel(bar))
    , m_readOnly(new QLabel(bar))
{
    m_message->setObjectName(QStringLiteral("statusMessage"));
    m_lines->setObjectName(QStringLiteral("statusLines"));
    m_position->setObjectName(QStringLiteral("statusPosition"));
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

    connect(m_document, &Document::indexProgress, this, [this](qint64 indexed, qint64 total) {
        m_progress->setVisible(total > 0 && indexed < total);
        m_progress->setValue(total > 0 ? int(indexed * 1000 / total) : 0);
        m_progress->setFormat(tr("Indexing %1%").arg(total > 0 ? indexed * 100 / total : 0));
    });
    connect(m_document, &Document::lineCountChanged, this, &DocumentStatus::updateLines);
    connect(m_document, &Document::indexFinished, this, [this] {
        m_progress->hide();
        updateLines();
    });
    connect(m_document, &Document::opened, this, &DocumentStatus::refresh);
    connect(m_document, &Document::closed, this, &DocumentStatus::refresh);
    connect(m_view, &LineView::cursorPositionChanged, this, &DocumentStatus::updatePosition);
    refresh();
}

QString DocumentStatus::humanSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

void DocumentStatus::setMessage(const QString &text)
{
    m_message->setText(text);
}

void DocumentStatus::setReadOnly(bool readOnly)
{
    m_readOnly->setText(tr("Read-only"));
    m_readOnly->setVisible(readOnly);
}

void DocumentStatus::refresh()
{
    const bool open = m_document->state() == Document::State::Open;
    m_size->setText(open ? humanSize(m_document->size()) : QString());
    m_size->setToolTip(open ? tr("%L1 bytes").arg(m_document->size()) : QString());
    static const char *const kEncodingNames[] = {"UTF-8", "Latin-1", "UTF-16LE", "UTF-16BE"};
    m_encoding->setText(open ? QString::fromLatin1(kEncodingNames[int(m_model->encoding())]) : QString());
    if (!open)
        m_progress->hide();
    updateLines();
    updatePosition();
}

void DocumentStatus::updateLines()
{
    if (m_document->state() != Document::State::Open) {
        m_lines->clear();
        return;
    }
    const qint64 lines = m_document->lineCount();
    QString text = m_document->isIndexComplete() ? tr("%L1 lines").arg(lines) : tr("%L1+ lines").arg(lines);
    if (m_model->isCapped())
        text += tr(" (showing the first %L1)").arg(m_model->rowLimit());
    m_lines->setText(text);
}

void DocumentStatus::updatePosition()
{
    if (m_document->state() != Document::State::Open || m_model->rowCount() == 0) {
        m_position->clear();
        return;
    }
    const TextPosition cursor = m_view->cursorPosition();
    const QModelIndex index = m_model->index(cursor.row, 0);
    const qint64 offset = m_model->data(index, LineModel::ByteOffsetRole).toLongLong();
    m_position->setText(tr("Ln %L1, Col %L2 · byte %L3")
                            .arg(qint64(cursor.row) + 1)
                            .arg(cursor.column + 1)
                            .arg(offset + m_model->byteInLineForColumn(cursor.row, cursor.column)));
}
