#include "decompressedcopycontroller.h"

#include "document.h"
#include "documenttab.h"
#include "mainwindow.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSaveFile>
#include <QTimer>

namespace {

constexpr int kWaitForDecoderMs = 50;

// "log.txt" for "log.txt.gz"; "data-decompressed" for a compressed "data".
QString suggestedName(const QString &path)
{
    const QFileInfo source(path);
    const QString base = source.completeBaseName();
    return source.dir().filePath(base.isEmpty() || base == source.fileName()
                                     ? source.fileName() + DecompressedCopyController::tr("-decompressed")
                                     : base);
}

} // namespace

DecompressedCopyController::DecompressedCopyController(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    QMenu *file = window->menu(MainWindow::Menu::File);
    m_action = new QAction(tr("Save &Decompressed Copy As…"), this);
    m_action->setObjectName(QStringLiteral("saveDecompressedCopy"));
    m_action->setStatusTip(tr("Write the decompressed text of this compressed file to a new file, which can be edited"));
    connect(m_action, &QAction::triggered, this, &DecompressedCopyController::chooseAndSave);
    const QList<QAction *> fileActions = file->actions();
    file->insertAction(fileActions.value(fileActions.size() - 2), m_action); // before Quit's separator

    const auto watch = [this](DocumentTab *tab) {
        // A compressed file says at once that it is read only, and what to do to edit it.
        connect(tab, &DocumentTab::opened, this, [tab] {
            if (!tab->document()->decodedPath().isEmpty() && tab->message().isEmpty())
                tab->setMessage(tab->document()->editRefusal());
        });
        connect(tab->document(), &Document::opened, this, &DecompressedCopyController::updateAction);
        connect(tab->document(), &Document::closed, this, &DecompressedCopyController::updateAction);
    };
    window->forEveryTab(this, watch);
    connect(window, &MainWindow::currentDocumentChanged, this, &DecompressedCopyController::updateAction);
    updateAction();
}

DecompressedCopyController::~DecompressedCopyController()
{
    if (m_out)
        m_out->cancelWriting();
}

void DecompressedCopyController::updateAction()
{
    const Document *document = m_window->document();
    const bool decoded = document && document->state() == Document::State::Open && !document->decodedPath().isEmpty();
    m_action->setEnabled(decoded && !isCopying());
}

void DecompressedCopyController::chooseAndSave()
{
    const Document *document = m_window->document();
    if (!document || document->decodedPath().isEmpty())
        return;
    const QString target =
        QFileDialog::getSaveFileName(m_window, tr("Save Decompressed Copy As"), suggestedName(document->path()));
    if (target.isEmpty())
        return;
    if (!saveCopy(target) && !m_window->isHidden())
        QMessageBox::warning(m_window, tr("Save Decompressed Copy"), m_window->currentTab()->message());
}

bool DecompressedCopyController::saveCopy(const QString &path)
{
    Document *document = m_window->document();
    const auto refuse = [this](const QString &why) {
        if (DocumentTab *tab = m_window->currentTab())
            tab->setMessage(why);
        emit copyFinished(false, why);
        return false;
    };
    if (isCopying())
        return refuse(tr("A decompressed copy is being written already."));
    if (!document || document->state() != Document::State::Open || document->decodedPath().isEmpty())
        return refuse(tr("The current file is not compressed: there is nothing to decompress."));
    if (QFileInfo(path).absoluteFilePath() == QFileInfo(document->path()).absoluteFilePath())
        return refuse(tr("Choose another file: the copy would overwrite the compressed file it is made from."));

    auto in = std::make_unique<QFile>(document->decodedPath());
    if (!in->open(QIODevice::ReadOnly))
        return refuse(tr("Cannot read the decompressed text: %1").arg(in->errorString()));
    auto out = std::make_unique<QSaveFile>(path);
    if (!out->open(QIODevice::WriteOnly))
        return refuse(tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), out->errorString()));
    m_in = std::move(in);
    m_out = std::move(out);
    m_document = document;
    m_copied = 0;
    m_decodeEnded = !document->isDecoding();
    m_decodeError = m_decodeEnded ? document->decodeError() : QString();
    m_connections[0] = connect(document, &Document::decodeFinished, this, [this](bool complete, const QString &message) {
        m_decodeEnded = true;
        m_decodeError = complete ? QString() : message;
    });
    m_connections[1] = connect(document, &Document::closed, this, [this] {
        if (!m_decodeEnded) // the decoder and what it would still write are gone
            finish(false, tr("The file was closed before it was all decompressed; nothing was saved."));
    });

    m_progress = new QProgressDialog(tr("Writing the decompressed text to %1…").arg(QFileInfo(path).fileName()),
                                     tr("Cancel"), 0, 1000, m_window);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(500);
    m_progress->setValue(0);
    connect(m_progress, &QProgressDialog::canceled, this, [this] { finish(false, tr("Saving the decompressed copy was cancelled.")); });
    updateAction();
    QTimer::singleShot(0, this, &DecompressedCopyController::copyChunk);
    return true;
}

void DecompressedCopyController::copyChunk()
{
    if (!m_in)
        return;
    const QByteArray chunk = m_in->read(kChunkBytes);
    if (m_in->error() != QFileDevice::NoError && chunk.isEmpty()) {
        finish(false, tr("Reading the decompressed text failed: %1").arg(m_in->errorString()));
        return;
    }
    if (!chunk.isEmpty()) {
        if (m_out->write(chunk) != chunk.size()) {
            finish(false, tr("Writing %1 failed: %2").arg(QFileInfo(m_out->fileName()).fileName(), m_out->errorString()));
            return;
        }
        m_copied += chunk.size();
        const qint64 known = qMax(m_copied, m_in->size());
        if (m_progress)
            m_progress->setValue(int(m_copied * 1000 / qMax<qint64>(1, known)));
        QTimer::singleShot(0, this, &DecompressedCopyController::copyChunk);
        return;
    }
    if (!m_decodeEnded) { // at the end of what is out so far: wait for the decoder
        QTimer::singleShot(kWaitForDecoderMs, this, &DecompressedCopyController::copyChunk);
        return;
    }
    if (m_in->size() > m_copied) { // the decoder's last bytes arrived after this read
        QTimer::singleShot(0, this, &DecompressedCopyController::copyChunk);
        return;
    }
    const QString name = QFileInfo(m_out->fileName()).fileName();
    if (!m_out->commit()) {
        const QString error = m_out->errorString();
        m_out.reset();
        finish(false, tr("Writing %1 failed: %2").arg(name, error));
        return;
    }
    const QString size = QLocale().formattedDataSize(m_copied);
    m_out.reset();
    if (m_decodeError.isEmpty())
        finish(true, tr("Saved the decompressed text to %1 (%2).").arg(name, size));
    else
        finish(true, tr("Saved to %1 (%2) the text that could be decompressed: %3").arg(name, size, m_decodeError));
}

void DecompressedCopyController::finish(bool ok, const QString &message)
{
    if (!m_in)
        return;
    if (m_out)
        m_out->cancelWriting();
    m_out.reset();
    m_in.reset();
    for (QMetaObject::Connection &connection : m_connections)
        disconnect(connection);
    if (m_progress) {
        m_progress->disconnect(this);
        m_progress->close();
    }
    const QList<DocumentTab *> tabs = m_window->tabs();
    for (DocumentTab *tab : tabs) {
        if (tab->document() == m_document)
            tab->setMessage(message);
    }
    m_document.clear();
    updateAction();
    emit copyFinished(ok, message);
}
