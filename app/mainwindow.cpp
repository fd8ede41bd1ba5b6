#include "mainwindow.h"

#include "appsettings.h"
#include "lineview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>

MainWindow::MainWindow(AppSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_lineView(new LineView(this))
{
    setWindowTitle(QStringLiteral("Tome"));
    setAcceptDrops(true);
    setCentralWidget(m_lineView);
    m_statusLabel = new QLabel(this);
    statusBar()->addWidget(m_statusLabel, 1);
    createActions();
    connect(m_lineView, &LineView::screenPainted, this, [this] {
        if (!m_firstScreenShown) {
            m_firstScreenShown = true;
            emit firstScreenShown();
        }
    });
    if (!restoreGeometry(m_settings.windowGeometry()))
        resize(1100, 720);
    restoreState(m_settings.windowState());
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *openAction = fileMenu->addAction(tr("&Open…"), this, &MainWindow::openDialog);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    fileMenu->addSeparator();
    QAction *quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Tome"), this, &MainWindow::showAbout);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
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
    m_statusLabel->setText(tr("No file"));
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open File"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openFile(const QString &path, std::optional<qint64> line)
{
    Q_UNUSED(line);
    const QFileInfo info(path);
    setWindowTitle(tr("%1 — Tome").arg(info.fileName()));
    m_settings.addRecentFile(path);
    rebuildRecentMenu();
    m_statusLabel->setText(info.absoluteFilePath());
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Tome"),
                       tr("<h3>Tome %1</h3><p>Opens text files of any size instantly: read, search, inspect, "
                          "edit and append, through a memory mapping of the file.</p>"
                          "<p>Built with Qt %2.</p>")
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
