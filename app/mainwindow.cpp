#include "mainwindow.h"

#include "appendcontroller.h"
#include "bulkeditcontroller.h"
#include "followcontroller.h"
#include "appsettings.h"
#include "decompressedcopycontroller.h"
#include "decompressor.h"
#include "documenttab.h"
#include "filtercontroller.h"
#include "markscontroller.h"
#include "document.h"
#include "documentstatus.h"
#include "editcontroller.h"
#include "encodingcontroller.h"
#include "highlightrulescontroller.h"
#include "inspectorcontroller.h"
#include "linemodel.h"
#include "lineview.h"
#include "offsetparser.h"
#include "searchcontroller.h"
#include "wraplinescontroller.h"

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
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QMouseEvent>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>

MainWindow::MainWindow(AppSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(QStringLiteral("Tome"));
    setAcceptDrops(true);
    m_tabs->setObjectName(QStringLiteral("documentTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setTabBarAutoHide(true); // one file looks as it always did
    m_tabs->tabBar()->installEventFilter(this); // middle click closes
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this,
            [this](int index) { closeTab(qobject_cast<DocumentTab *>(m_tabs->widget(index))); });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentChanged);

    // Compressed and unsized files are decoded into the per-user cache; what a crash left goes now.
    Decompressor::removeStaleCacheFiles(QStandardPaths::writableLocation(QStandardPaths::CacheLocation));
    DocumentTab *first = newTab();
    m_status = new DocumentStatus(first->document(), first->lineModel(), first->lineView(), statusBar());
    createActions();

    // Feature controllers: each adds its own actions, docks and panels (one line each).
    new SearchController(this);
    new EncodingController(this);
    new EditController(this);
    new InspectorController(this);
    new AppendController(this);
    new FollowController(this);
    new BulkEditController(this);
    new FilterController(this);
    new DecompressedCopyController(this);
    new MarksController(this);
    new HighlightRulesController(this);
    new WrapLinesController(this);

    emit tabCreated(first);
    onCurrentChanged();
    if (!restoreGeometry(m_settings.windowGeometry()))
        resize(1100, 720);
    restoreState(m_settings.windowState());
}

MainWindow::~MainWindow()
{
    m_closing = true;
    m_status->setTarget(nullptr, nullptr, nullptr);
    // Tabs delete their controllers' per-tab objects, then their views and documents.
    while (m_tabs->count() > 0) {
        QWidget *tab = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete tab;
    }
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
    delete m_syntax;
    m_syntax = nullptr;
#endif
}

DocumentTab *MainWindow::newTab()
{
    auto *tab = new DocumentTab;
    tab->document()->setCacheDirectory(QStandardPaths::writableLocation(QStandardPaths::CacheLocation));
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
    if (m_syntax)
        m_syntax->addView(tab->lineModel(), tab->lineView());
#endif
    connect(tab, &DocumentTab::titleChanged, this, [this, tab] {
        const int index = m_tabs->indexOf(tab);
        if (index >= 0) {
            m_tabs->setTabText(index, QString(tab->title()).replace(u'&', QLatin1String("&&")));
            m_tabs->setTabToolTip(index, QDir::toNativeSeparators(tab->path()));
        }
        if (tab == currentTab())
            updateTitle();
    });
    connect(tab, &DocumentTab::messageChanged, this, [this, tab](const QString &message) {
        if (tab == currentTab())
            m_status->setMessage(message);
    });
    connect(tab, &DocumentTab::opened, this, [this, tab](const QString &path) {
        m_settings.addRecentFile(path);
        rebuildRecentMenu();
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
        if (m_syntax)
            m_syntax->fileOpened(tab->lineView(), path);
#endif
        if (tab == currentTab()) {
            m_status->setReadOnly(!QFileInfo(path).isWritable());
            updateReloadEnabled();
        }
    });
    connect(tab, &DocumentTab::firstScreenShown, this, [this, tab] {
        if (tab == currentTab())
            emit firstScreenShown();
    });
    connect(tab->document(), &Document::closed, this, &MainWindow::updateReloadEnabled);
    connect(tab->document(), &Document::failed, this, &MainWindow::updateReloadEnabled);
    connect(tab->document(), &Document::decodeProgress, this, [this, tab](qint64 read, qint64 total, qint64) {
        if (total > 0 && tab == currentTab())
            statusBar()->showMessage(tr("Decompressing: %1% of the compressed file read").arg(read * 100 / total), 1000);
    });
    connect(tab->document(), &Document::decodeFinished, tab, [tab](bool complete, const QString &message) {
        if (!complete)
            tab->setMessage(message);
    });
    const int index = m_tabs->addTab(tab, tab->title());
    if (m_status) // the first tab is made before the controllers, which hear of it from the constructor
        emit tabCreated(tab);
    m_tabs->setCurrentIndex(index);
    return tab;
}

DocumentTab *MainWindow::currentTab() const
{
    return qobject_cast<DocumentTab *>(m_tabs->currentWidget());
}

QList<DocumentTab *> MainWindow::tabs() const
{
    QList<DocumentTab *> all;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *tab = qobject_cast<DocumentTab *>(m_tabs->widget(i)))
            all.append(tab);
    return all;
}

Document *MainWindow::document() const
{
    return m_shownTab ? m_shownTab->document() : currentTab()->document();
}

LineModel *MainWindow::lineModel() const
{
    return m_shownTab ? m_shownTab->lineModel() : currentTab()->lineModel();
}

LineView *MainWindow::lineView() const
{
    return m_shownTab ? m_shownTab->lineView() : currentTab()->lineView();
}

DocumentTab *MainWindow::tabFor(const QString &path) const
{
    const QString wanted = QFileInfo(path).absoluteFilePath();
    for (DocumentTab *tab : tabs())
        if (!tab->isBlank() && QFileInfo(tab->path()).absoluteFilePath() == wanted)
            return tab;
    return nullptr;
}

void MainWindow::onCurrentChanged()
{
    DocumentTab *tab = currentTab();
    if (!tab || !m_status || m_closing || tab == m_shownTab)
        return; // (the first tab is made before the status bar and the controllers)
    m_shownTab = tab;
    tab->setChangedUnseen(false);
    m_status->setTarget(tab->document(), tab->lineModel(), tab->lineView());
    m_status->setMessage(tab->message());
    m_status->setReadOnly(!tab->isBlank() && tab->document()->state() == Document::State::Open
                          && !QFileInfo(tab->path()).isWritable());
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
    if (m_syntax)
        m_syntax->setCurrentView(tab->lineView());
#endif
    updateTitle();
    updateReloadEnabled();
    emit currentDocumentChanged();
    tab->lineView()->setFocus();
}

void MainWindow::closeTab(DocumentTab *tab)
{
    if (!tab || m_tabs->indexOf(tab) < 0)
        return;
    if (m_tabs->count() == 1) {
        if (tab->isBlank())
            return;
        newTab(); // the window always has a tab: a blank one with the welcome text
        showWelcome();
    }
    m_tabs->removeTab(m_tabs->indexOf(tab)); // another tab becomes current first
    delete tab;
}

void MainWindow::createActions()
{
    QMenu *fileMenu = m_fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *openAction = fileMenu->addAction(tr("&Open…"), this, &MainWindow::openDialog);
    openAction->setShortcut(QKeySequence::Open);
    QAction *closeAction = fileMenu->addAction(tr("&Close Tab"), this, [this] { closeTab(currentTab()); });
    closeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
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
        if (lineView()->hasSelection() || document()->state() != Document::State::Open || document()->size() > 0)
            lineView()->copy();
        else
            QApplication::clipboard()->setText(QString()); // all of an empty file is no text
    });
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tabs->addAction(copyAction);
    QAction *selectAllAction = editMenu->addAction(tr("Select &All"), this, [this] { lineView()->selectAll(); });
    selectAllAction->setShortcut(QKeySequence::SelectAll);
    selectAllAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tabs->addAction(selectAllAction);

    QMenu *goMenu = m_goMenu = menuBar()->addMenu(tr("&Go"));
    goMenu->addAction(tr("Go to &Line…"), QKeySequence(Qt::CTRL | Qt::Key_G), this, &MainWindow::goToLineDialog);
    goMenu->addAction(tr("Go to &Byte Offset…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), this,
                      &MainWindow::goToOffsetDialog);

    goMenu->addSeparator();
    QAction *nextTab = goMenu->addAction(tr("&Next Tab"), this, [this] {
        if (m_tabs->count() > 1)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count());
    });
    nextTab->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    QAction *previousTab = goMenu->addAction(tr("&Previous Tab"), this, [this] {
        if (m_tabs->count() > 1)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });
    previousTab->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                               QKeySequence(Qt::CTRL | Qt::Key_PageUp)});

    m_viewMenu = menuBar()->addMenu(tr("&View"));
#ifdef TOME_HAVE_SYNTAX_HIGHLIGHTING
    m_syntax = new SyntaxSupport(m_viewMenu, m_settings.themeName(), this);
    connect(m_syntax, &SyntaxSupport::themeChosen, this, [this](const QString &name) { m_settings.setThemeName(name); });
    for (DocumentTab *tab : tabs())
        m_syntax->addView(tab->lineModel(), tab->lineView());
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
    if (m_reloadAction && currentTab())
        m_reloadAction->setEnabled(!document()->path().isEmpty() && document()->state() != Document::State::Closed);
}

void MainWindow::updateTitle()
{
    const DocumentTab *tab = currentTab();
    setWindowTitle(!tab || tab->isBlank() ? QStringLiteral("Tome") : tr("%1 — Tome").arg(tab->title()));
}

void MainWindow::setFileGone(bool gone)
{
    currentTab()->setFileGone(gone);
}

bool MainWindow::isFileGone() const
{
    return currentTab()->isFileGone();
}

void MainWindow::reloadFile()
{
    Document *document = this->document();
    if (document->path().isEmpty() || document->state() == Document::State::Closed)
        return;
    const QString path = document->path();
    const bool gone = document->state() == Document::State::Open && !QFileInfo::exists(path);
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
    document->reload();
}

void MainWindow::showWelcome()
{
    lineView()->setPlaceholderText(tr("Open a file with Ctrl+O, or drop one here."));
    currentTab()->setMessage(tr("No file"));
}

void MainWindow::openDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open Files"));
    if (!paths.isEmpty())
        openFiles(paths);
}

void MainWindow::openFiles(const QStringList &paths, std::optional<qint64> line)
{
    for (qsizetype i = 0; i < paths.size(); ++i) // tabs in the order given; the first is current
        openFile(paths.at(i), i == 0 ? line : std::nullopt);
    if (DocumentTab *first = paths.isEmpty() ? nullptr : tabFor(paths.first()))
        m_tabs->setCurrentWidget(first);
}

void MainWindow::openFile(const QString &path, std::optional<qint64> line)
{
    if (DocumentTab *open = tabFor(path); open && open->document()->state() == Document::State::Open) {
        m_tabs->setCurrentWidget(open);
        if (line)
            open->goToLine(*line);
        return;
    }
    DocumentTab *tab = currentTab();
    if (!tab || !tab->isBlank())
        tab = newTab();
    m_tabs->setCurrentWidget(tab);
    tab->open(path, line);
    const QJsonObject saved = QJsonDocument::fromJson(m_settings.fileState(tab->document()->path())).object();
    if (!saved.isEmpty() && tab->document()->state() == Document::State::Open && !line)
        tab->restoreState(saved);
}

void MainWindow::goToLine(qint64 line)
{
    currentTab()->goToLine(line);
}

QString MainWindow::exactText(TextPosition from, TextPosition to) const
{
    return currentTab()->exactText(from, to);
}

bool MainWindow::goToOffset(qint64 byteOffset)
{
    return currentTab()->goToOffset(byteOffset);
}

void MainWindow::goToLineDialog()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Go to Line"),
                                               tr("Line (1 to %L1):").arg(std::max<qint64>(1, document()->lineCount())),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    const std::optional<qint64> line = parseOffset(text);
    if (!line || *line < 1) {
        currentTab()->setMessage(tr("\"%1\" is not a line number: %2.").arg(text, offsetSyntaxHint()));
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
        currentTab()->setMessage(tr("\"%1\" is not a byte offset: %2.").arg(text, offsetSyntaxHint()));
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

void MainWindow::saveSession()
{
    QStringList open;
    for (DocumentTab *tab : tabs()) {
        if (tab->isBlank() || tab->document()->state() != Document::State::Open)
            continue;
        open.append(tab->document()->path());
        m_settings.setFileState(tab->document()->path(), QJsonDocument(tab->state()).toJson(QJsonDocument::Compact));
    }
    const DocumentTab *current = currentTab();
    m_settings.setOpenTabs(open, current && !current->isBlank() ? open.indexOf(current->document()->path()) : 0);
}

void MainWindow::restoreSession()
{
    const AppSettings::OpenTabs session = m_settings.openTabs();
    QStringList present;
    for (const QString &path : session.paths)
        if (QFileInfo::exists(path))
            present.append(path);
    if (present.isEmpty()) {
        showWelcome();
        return;
    }
    const QString current = session.paths.value(session.current);
    for (const QString &path : present)
        openFile(path);
    if (DocumentTab *tab = tabFor(current))
        m_tabs->setCurrentWidget(tab);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSession();
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
    QStringList paths;
    const QList<QUrl> urls = event->mimeData()->urls();
    for (const QUrl &url : urls)
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    openFiles(paths);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_tabs->tabBar() && event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::MiddleButton) {
            const int index = m_tabs->tabBar()->tabAt(mouse->position().toPoint());
            if (index >= 0) {
                closeTab(qobject_cast<DocumentTab *>(m_tabs->widget(index)));
                return true;
            }
        }
    }
    return QMainWindow::eventFilter(watched, event);
}
