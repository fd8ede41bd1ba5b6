#include "mainwindow.h"

#include "appendcontroller.h"
#include "followcontroller.h"
#include "appsettings.h"
#include "decompressor.h"
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
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
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
    connect(m_document.get(), &Document::closed, this, &MainWindow::updateReloadEnabled);
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
    // Compressed and unsized files are decoded into the per-user cache; what a crash left goes now.
    const QString cacheDir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    Decompressor::removeStaleCacheFiles(cacheDir);
    m_document->setCacheDirectory(cacheDir);
    connect(m_document.get(), &Document::decodeProgress, this, [this](qint64 read, qint64 total, qint64) {
        if (total > 0)
            statusBar()->showMessage(tr("Decompressing: %1% of the compressed file read").arg(read * 100 / total), 1000);
    });
    connect(m_document.get(), &Document::decodeFinished, this, [this](bool complete, const QString &message) {
        if (!complete)
            m_status->setMessage(message);
    });

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
    m_reloadAction = fileMenu->addAction(tr("&Reload"), this, &MainWindow::reloadFile);
    m_reloadAction->setShortcut(QKeySequence(Qt::Key_F5));
    updateReloadEnabled();
    fileMenu->addSeparator();
    QAction *quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    QMenu *editMenu = m_editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *copyAction = editMenu->addAction(tr("&Copy"), this, [this] {
        if (m_lineView->hasSelection() || m_document->state() != Document::State::Open || m_document->size() > 0)
            m_lineView->copy();
        else
            QApplication::clipboard()->setText(QString()); // all of an empty file is no text
    });
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
    m_syntax = new SyntaxSupport(m_model, m_lineView, m_viewMenu, m_settings.themeName(), this);
    connect(m_syntax, &SyntaxSupport::themeChosen, this, [this](const QString &name) { m_settings.setThemeName(name); });
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
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString &path = files.at(i);
        QString shown = path;
        shown.replace(QLatin1Char('&'), QLatin1String("&&"));
        // "&1" … "&9", then "1&0": a key for each of the first ten.
        const QString number = i < 9 ? QStringLiteral("&%1").arg(i + 1) : QStringLiteral("1&0");
        QAction *action = m_recentMenu->addAction(QStringLiteral("%1  %2").arg(number, shown), this,
                                                  [this, path] { openFile(path); });
        action->setData(path);
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear Menu"), this, [this] {
            const QStringList all = m_settings.recentFiles();
            for (const QString &path : all)
                m_settings.removeRecentFile(path);
            rebuildRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::updateReloadEnabled()
{
    if (m_reloadAction)
        m_reloadAction->setEnabled(!m_document->path().isEmpty() && m_document->state() != Document::State::Closed);
}

void MainWindow::updateTitle()
{
    if (m_titlePath.isEmpty()) {
        setWindowTitle(QStringLiteral("Tome"));
        return;
    }
    const QString name = QFileInfo(m_titlePath).fileName();
    setWindowTitle(m_fileGone ? tr("%1 (deleted) — Tome").arg(name) : tr("%1 — Tome").arg(name));
}

void MainWindow::setFileGone(bool gone)
{
    if (m_fileGone == gone)
        return;
    m_fileGone = gone;
    updateTitle();
}

void MainWindow::reloadFile()
{
    if (m_document->path().isEmpty() || m_document->state() == Document::State::Closed)
        return;
    const QString path = m_document->path();
    const bool gone = m_document->state() == Document::State::Open && !QFileInfo::exists(path);
    if (gone) {
        setFileGone(true);
        QMessageBox box(QMessageBox::Warning, tr("Reload %1").arg(QFileInfo(path).fileName()),
                        tr("%1 was deleted.").arg(QDir::toNativeSeparators(path)), QMessageBox::Cancel, this);
        box.setInformativeText(tr("What Tome shows is the last readable copy of it. Reloading discards that copy "
                                  "and cannot bring it back."));
        QPushButton *discard = box.addButton(tr("Reload and Discard"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != discard)
            return;
    }
    m_document->reload();
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
    m_titlePath = path;
    m_fileGone = false;
    updateTitle();
    m_lineView->setPlaceholderText(tr("Opening %1…").arg(path));
    m_document->open(path);
}

void MainWindow::onOpened()
{
    m_indexFinished = m_document->isIndexComplete() && m_model->rowCount() == m_document->lineCount();
    const QString path = m_document->path();
    m_titlePath = path;
    m_fileGone = false;
    updateTitle();
    updateReloadEnabled();
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
    updateReloadEnabled();
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
                                                     : tr("The file has %1.").arg(DocumentStatus::lineCountText(
                                                           m_document->lineCount())));
        m_lineView->setCursorPosition({int(row), 0}, true);
        m_lineView->setFocus();
    } else {
        m_status->setMessage(tr("Going to line %L1 once the index reaches it…").arg(line));
    }
}

QString MainWindow::exactText(TextPosition from, TextPosition to) const
{
    // A position at the end of a row's display text (cut marker included) is the end of its line;
    // at the end of the last line of a fully indexed file, the end of the file (its final line
    // ending included). The start of the first row is the file's first byte (its byte order mark).
    const auto endOfRow = [this](TextPosition at) {
        return at.column >= m_model->index(at.row).data().toString().size();
    };
    const auto byteAt = [&](TextPosition at) -> std::optional<qint64> {
        if (at.row == 0 && at.column == 0)
            return 0;
        const bool lastLine = at.row == m_model->rowCount() - 1 && m_document->isIndexComplete()
            && !m_model->isCapped() && m_model->rowCount() == m_document->lineCount();
        if (endOfRow(at)) {
            if (lastLine)
                return m_document->size();
            if (const std::optional<LineSpan> span = m_document->lineSpan(at.row))
                return span->byteOffset + span->textLength;
        }
        return m_model->byteOffsetAt({at.row, at.column});
    };
    const qint64 start = byteAt(from).value_or(0);
    const qint64 end = qMax(start, byteAt(to).value_or(start));
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
    case LineDecoder::Encoding::Utf16LE: // a byte order mark is dropped, an odd last byte is U+FFFD
        return QStringDecoder(QStringDecoder::Utf16LE, QStringDecoder::Flag::Stateless).decode(*bytes);
    case LineDecoder::Encoding::Utf16BE:
        return QStringDecoder(QStringDecoder::Utf16BE, QStringDecoder::Flag::Stateless).decode(*bytes);
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
    const std::optional<LineModel::Place> place = m_model->placeOf(byteOffset);
    if (!place) {
        m_status->setMessage(tr("Byte offset %L1 is not indexed yet; try again in a moment.").arg(byteOffset));
        return false;
    }
    m_lineView->setCursorPosition({place->row, place->column}, true);
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
        m_status->setMessage(tr("\"%1\" is not a line number: %2.").arg(text, offsetSyntaxHint()));
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
        m_status->setMessage(tr("\"%1\" is not a byte offset: %2.").arg(text, offsetSyntaxHint()));
        return;
    }
    goToOffset(*offset);
}

void MainWindow::showAbout()
{
    QMessageBox box(QMessageBox::NoIcon, tr("About Tome"),
                    tr("<h3>Tome %1</h3><p>Opens text files of any size instantly: read, search, inspect, "
                       "edit and append, through a memory mapping of the file.</p>"
                       "<p>Licensed under the GNU General Public License, version 3 or later.</p>"
                       "<p>Built with Qt %2 (LGPL-3.0) and KDE Frameworks KSyntaxHighlighting (MIT).</p>")
                        .arg(QStringLiteral(TOME_VERSION), QString::fromLatin1(qVersion())),
                    QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("aboutBox"));
    box.setIconPixmap(applicationIcon().pixmap(QSize(64, 64), devicePixelRatio()));
    box.exec();
}

QIcon MainWindow::applicationIcon()
{
    // The SVG needs Qt's SVG plugin, which not every installation has; the ICO's bitmaps do not.
    QIcon icon;
    if (!QIcon(QStringLiteral(":/icons/tome.svg")).pixmap(QSize(64, 64)).isNull())
        icon.addFile(QStringLiteral(":/icons/tome.svg"));
    else
        icon.addFile(QStringLiteral(":/icons/tome.ico"));
    return icon;
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
