#include "mainwindow.h"

#include "appendcontroller.h"
#include "followcontroller.h"
#include "appsettings.h"
#include "document.h"
#include "documentstatus.h"
#include "editcontroller.h"
#include "inspectorcontroller.h"
#include "linemodel.h"
#include "lineview.h"
#include "offsetparser.h"
#include "searchcontroller.h"

#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
#include "syntaxsupport.h"
#endif

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QStringDecoder>

MainWindow::MainWindow(AppSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_document(std::make_unique<Document>())
    , m_lineView(new LineView(this))
{
    m_model = new LineModel(m_document.get(), this);
    setWindowTitle(QStringLiteral("Tome"));
    setAcceptDrops(true);
    setCentralWidget(m_lineView);
    m_lineView->setModel(m_model);
    m_lineView->setTextSource([this](TextPosition from, TextPosition to) { return exactText(from, to); });
    m_status = new DocumentStatus(m_document.get(), m_model, m_lineView, statusBar());
    createActions();

    connect(m_document.get(), &Document::opened, this, &MainWindow::onOpened);
    connect(m_document.get(), &Document::failed, this,
            [this](OpenError, const QString &message) { onFailed(message); });
    connect(m_document.get(), &Document::lineCountChanged, this, &MainWindow::applyPendingLine);
    connect(m_document.get(), &Document::indexFinished, this, [this](LineIndex::Status status) {
        m_indexFinished = true;
        applyPendingLine();
        if (status == LineIndex::Status::Failed)
            m_status->setMessage(tr("The file changed while it was being indexed. Reload with F5."));
        if (m_document->lineCount() == 0 && m_document->state() == Document::State::Open)
            m_lineView->setPlaceholderText(tr("This file is empty."));
    });
    connect(m_lineView, &LineView::screenPainted, this, &MainWindow::onScreenPainted);

    // Feature controllers: each adds its own actions, docks and panels (one line each).
    new SearchController(this);
    new EditController(this);
    new InspectorController(this);
    new AppendController(this);
    new FollowController(this);

    if (!restoreGeometry(m_settings.windowGeometry()))
        resize(1100, 720);
    restoreState(m_settings.windowState());
}

MainWindow::~MainWindow()
{
    // The view and the highlighter read the model; let them go before the document.
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
    delete m_syntax;
    m_syntax = nullptr;
#endif
    m_lineView->setModel(nullptr);
}

void MainWindow::createActions()
{
    QMenu *fileMenu = m_fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *openAction = fileMenu->addAction(tr("&Open…"), this, &MainWindow::openDialog);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    QAction *reloadAction = fileMenu->addAction(tr("&Reload"), this, [this] {
        if (m_document->state() != Document::State::Closed)
            m_document->reload();
    });
    reloadAction->setShortcut(QKeySequence(Qt::Key_F5));
    fileMenu->addSeparator();
    QAction *quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    QMenu *editMenu = m_editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *copyAction = editMenu->addAction(tr("&Copy"), m_lineView, &LineView::copy);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_lineView->addAction(copyAction);
    QAction *selectAllAction = editMenu->addAction(tr("Select &All"), m_lineView, &LineView::selectAll);
    selectAllAction->setShortcut(QKeySequence::SelectAll);
    selectAllAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_lineView->addAction(selectAllAction);

    QMenu *goMenu = m_goMenu = menuBar()->addMenu(tr("&Go"));
    goMenu->addAction(tr("Go to &Line…"), QKeySequence(Qt::CTRL | Qt::Key_G), this, &MainWindow::goToLineDialog);
    goMenu->addAction(tr("Go to &Byte Offset…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), this,
                      &MainWindow::goToOffsetDialog);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QMenu *encodingMenu = m_viewMenu->addMenu(tr("&Encoding"));
    auto *encodings = new QActionGroup(this);
    const std::pair<QString, LineDecoder::Encoding> choices[] = {
        {QStringLiteral("UTF-8"), LineDecoder::Encoding::Utf8},
        {QStringLiteral("Latin-1"), LineDecoder::Encoding::Latin1},
        {QStringLiteral("UTF-16LE"), LineDecoder::Encoding::Utf16LE},
        {QStringLiteral("UTF-16BE"), LineDecoder::Encoding::Utf16BE},
    };
    for (const auto &[name, encoding] : choices) {
        QAction *action = encodingMenu->addAction(name);
        action->setCheckable(true);
        action->setChecked(encoding == m_model->decoderOptions().encoding);
        encodings->addAction(action);
        connect(action, &QAction::triggered, this, [this, encoding] {
            LineDecoder::Options options = m_model->decoderOptions();
            options.encoding = encoding;
            m_model->setDecoderOptions(options);
            m_status->refresh();
        });
    }
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
    m_syntax = new SyntaxSupport(m_model, m_lineView, m_viewMenu, this);
#endif

    QMenu *helpMenu = m_helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Tome"), this, &MainWindow::showAbout);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QMenu *MainWindow::menu(Menu which) const
{
    switch (which) {
    case Menu::File: return m_fileMenu;
    case Menu::Edit: return m_editMenu;
    case Menu::Go: return m_goMenu;
    case Menu::View: return m_viewMenu;
    case Menu::Help: return m_helpMenu;
    }
    return m_helpMenu;
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_settings.recentFiles();
    for (const QString &path : files)
        m_recentMenu->addAction(path, this, [this, path] { openFile(path); });
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::showWelcome()
{
    m_lineView->setPlaceholderText(tr("Open a file with Ctrl+O, or drop one here."));
    m_status->setMessage(tr("No file"));
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open File"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openFile(const QString &path, std::optional<qint64> line)
{
    m_pendingLine = line;
    m_waitingForFirstScreen = true;
    setWindowTitle(tr("%1 — Tome").arg(QFileInfo(path).fileName()));
    m_lineView->setPlaceholderText(tr("Opening %1…").arg(path));
    m_document->open(path);
}

void MainWindow::onOpened()
{
    m_indexFinished = m_document->isIndexComplete() && m_model->rowCount() == m_document->lineCount();
    const QString path = m_document->path();
    m_settings.addRecentFile(path);
    rebuildRecentMenu();
    m_status->setMessage(QString());
    m_status->setReadOnly(!QFileInfo(path).isWritable());
    m_lineView->setPlaceholderText(m_document->size() == 0 ? tr("This file is empty.") : QString());
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
    m_syntax->fileOpened(path);
#endif
    applyPendingLine();
}

void MainWindow::onFailed(const QString &message)
{
    m_pendingLine.reset();
    m_lineView->setPlaceholderText(message);
    m_status->setMessage(message);
}

void MainWindow::onScreenPainted()
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

void MainWindow::goToLine(qint64 line)
{
    m_pendingLine = line;
    applyPendingLine();
}

void MainWindow::applyPendingLine()
{
    if (!m_pendingLine || m_document->state() != Document::State::Open)
        return;
    const qint64 line = *m_pendingLine;
    const qint64 rows = m_model->rowCount(); // what the view can show now (the model trails the index a little)
    if (line <= rows || m_indexFinished || m_model->isCapped()) {
        m_pendingLine.reset();
        const qint64 row = std::clamp<qint64>(line, 1, std::max<qint64>(1, rows)) - 1;
        if (line > rows)
            m_status->setMessage(m_model->isCapped() ? tr("Line %L1 is past the lines the view can show.").arg(line)
                                                     : tr("The file has %L1 lines.").arg(m_document->lineCount()));
        m_lineView->setCursorPosition({int(row), 0}, true);
        m_lineView->setFocus();
    } else {
        m_status->setMessage(tr("Going to line %L1 once the index reaches it…").arg(line));
    }
}

qint64 MainWindow::byteOffsetOf(TextPosition position) const
{
    const QModelIndex index = m_model->index(position.row, 0);
    return m_model->data(index, LineModel::ByteOffsetRole).toLongLong()
        + m_model->byteInLineForColumn(position.row, position.column);
}

QString MainWindow::exactText(TextPosition from, TextPosition to) const
{
    const qint64 start = byteOffsetOf(from);
    const qint64 end = byteOffsetOf(to);
    if (end - start > kMaxCopyBytes) {
        m_status->setMessage(tr("The selection is %1; copying is limited to %2.")
                                 .arg(DocumentStatus::humanSize(end - start), DocumentStatus::humanSize(kMaxCopyBytes)));
        return {};
    }
    const std::optional<QByteArray> bytes = m_document->readBytes(start, end - start);
    if (!bytes) {
        m_status->setMessage(tr("The file changed under the selection; nothing was copied."));
        return {};
    }
    switch (m_model->encoding()) {
    case LineDecoder::Encoding::Latin1:
        return QString::fromLatin1(*bytes);
    case LineDecoder::Encoding::Utf16LE:
        return QStringDecoder(QStringDecoder::Utf16LE).decode(*bytes);
    case LineDecoder::Encoding::Utf16BE:
        return QStringDecoder(QStringDecoder::Utf16BE).decode(*bytes);
    case LineDecoder::Encoding::Utf8:
        break;
    }
    return QString::fromUtf8(*bytes);
}

bool MainWindow::goToOffset(qint64 byteOffset)
{
    if (m_document->state() != Document::State::Open || byteOffset < 0 || byteOffset >= m_document->size()) {
        m_status->setMessage(tr("Byte offset %L1 is outside the file (%L2 bytes).").arg(byteOffset).arg(m_document->size()));
        return false;
    }
    const std::optional<qint64> line = m_document->lineNumberAt(byteOffset);
    if (!line || *line >= m_model->rowCount()) {
        m_status->setMessage(tr("Byte offset %L1 is not indexed yet; try again in a moment.").arg(byteOffset));
        return false;
    }
    const int row = int(*line);
    const qint64 lineStart = m_model->data(m_model->index(row, 0), LineModel::ByteOffsetRole).toLongLong();
    m_lineView->setCursorPosition({row, m_model->columnForByteInLine(row, byteOffset - lineStart)}, true);
    m_lineView->setFocus();
    return true;
}

void MainWindow::goToLineDialog()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Go to Line"),
                                               tr("Line (1 to %L1):").arg(std::max<qint64>(1, m_document->lineCount())),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    const std::optional<qint64> line = parseOffset(text);
    if (!line || *line < 1) {
        m_status->setMessage(tr("\"%1\" is not a line number.").arg(text));
        return;
    }
    goToLine(*line);
}

void MainWindow::goToOffsetDialog()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Go to Byte Offset"),
                                               tr("Byte offset (decimal, or hex with 0x):"), QLineEdit::Normal,
                                               QString(), &ok);
    if (!ok)
        return;
    const std::optional<qint64> offset = parseOffset(text);
    if (!offset) {
        m_status->setMessage(tr("\"%1\" is not a byte offset.").arg(text));
        return;
    }
    goToOffset(*offset);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Tome"),
                       tr("<h3>Tome %1</h3><p>Opens text files of any size instantly: read, search, inspect, "
                          "edit and append, through a memory mapping of the file.</p>"
                          "<p>Licensed under the GNU General Public License, version 3 or later.</p>"
                          "<p>Built with Qt %2 (LGPL-3.0) and KDE Frameworks KSyntaxHighlighting (MIT).</p>")
                           .arg(QStringLiteral(TOME_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    m_settings.sync();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        openFile(urls.first().toLocalFile());
}
