#include "filtercontroller.h"

#include "appsettings.h"
#include "bulkeditcontroller.h"
#include "document.h"
#include "documentstatus.h"
#include "documenttab.h"
#include "filterbar.h"
#include "linemodel.h"
#include "linesetwriter.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSaveFile>
#include <QStatusBar>
#include <QTimer>

#include <memory>

FilterController::FilterController(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_bar(new FilterBar)
    , m_dock(new QDockWidget(tr("Filter"), window))
{
    m_dock->setObjectName(QStringLiteral("filterDock"));
    m_dock->setWidget(m_bar);
    m_dock->hide();
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_bar->setHistory(window->settings().filterHistory());
    connect(m_bar, &FilterBar::historyChanged, this,
            [this](const QStringList &history) { m_window->settings().setFilterHistory(history); });

    QMenu *view = window->menu(MainWindow::Menu::View);
    view->addSeparator();
    QAction *show = view->addAction(tr("Filter &Lines…"), this, [this] {
        m_dock->show();
        m_dock->raise();
        m_bar->focusPattern();
    });
    show->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    show->setStatusTip(tr("Show only the lines that match patterns, or hide them"));
    m_onAction = view->addAction(tr("Filter &On"));
    m_onAction->setCheckable(true);
    m_onAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    m_onAction->setStatusTip(tr("Apply the filter's rules (the cursor stays on its line)"));
    connect(m_onAction, &QAction::triggered, this, [this](bool on) { m_window->currentTab()->setFilterOn(on); });

    QMenu *file = window->menu(MainWindow::Menu::File);
    m_saveAction = new QAction(tr("Save &Visible Lines As…"), this);
    m_saveAction->setStatusTip(tr("Write the lines the view shows (with the filter) to a new file"));
    connect(m_saveAction, &QAction::triggered, this, [this] {
        const DocumentTab *tab = m_window->currentTab();
        saveLines(m_window, tab->shownLines(), tab->isFiltered() ? tr("the visible lines") : tr("every line"));
    });
    const QList<QAction *> fileActions = file->actions();
    file->insertAction(fileActions.value(fileActions.size() - 2), m_saveAction); // before Quit's separator

    connect(m_bar, &FilterBar::rulesEdited, this, [this](const QList<FilterRule> &rules) {
        m_window->currentTab()->setFilterRules(rules);
    });
    connect(m_bar, &FilterBar::filterToggled, this, [this](bool on) { m_window->currentTab()->setFilterOn(on); });
    connect(m_bar, &FilterBar::onlyMarkedToggled, this,
            [this](bool on) { m_window->currentTab()->setShowOnlyMarked(on); });
    if (auto *bulk = window->findChild<BulkEditController *>()) // Apply to File: a bulk edit
        connect(m_bar, &FilterBar::applyToFileRequested, bulk, &BulkEditController::applyFilterToFile);
    connect(window, &MainWindow::currentDocumentChanged, this, &FilterController::showCurrent);
    showCurrent();
}

void FilterController::showCurrent()
{
    if (m_tab)
        disconnect(m_tab, nullptr, this, nullptr);
    m_tab = m_window->currentTab();
    if (!m_tab)
        return;
    connect(m_tab, &DocumentTab::filterChanged, this, &FilterController::updateStatus);
    connect(m_tab->lineModel(), &QAbstractItemModel::rowsInserted, this, &FilterController::updateStatus);
    updateStatus();
}

void FilterController::updateStatus()
{
    const DocumentTab *tab = m_tab;
    if (!tab)
        return;
    if (m_bar->rules() != tab->filterRules())
        m_bar->setRules(tab->filterRules());
    m_bar->setFilterOn(tab->isFilterOn());
    m_bar->setOnlyMarked(tab->showsOnlyMarked());
    m_onAction->setChecked(tab->isFilterOn());
    m_saveAction->setEnabled(tab->document()->state() == Document::State::Open);
    const QString applyWhy = BulkEditController::whyNotApplyFilter(tab);
    m_bar->setApplyToFileEnabled(applyWhy.isEmpty(),
                                 applyWhy.isEmpty() ? tr("Rewrite the file to the lines shown (Edit ▸ Undo puts it back)")
                                                    : applyWhy);
    const QLocale locale;
    QString text;
    const LineFilter *filter = tab->lineFilter();
    if (!tab->isFiltered()) {
        text = tab->filterRules().isEmpty() ? tr("No rules: every line is shown.") : tr("Filter off: every line is shown.");
    } else {
        const qint64 shown = tab->lineModel()->rowCount();
        text = tr("%1 of %2 shown").arg(locale.toString(shown), DocumentStatus::lineCountText(tab->document()->lineCount()));
        if (!tab->showsOnlyMarked() && filter->status() == LineFilter::Status::Running) {
            const qint64 size = qMax<qint64>(1, tab->document()->size());
            text = tr("Filtering… %1% · %2").arg(filter->filteredBytes() * 100 / size).arg(text);
        }
        if (!tab->showsOnlyMarked() && filter->status() == LineFilter::Status::Failed)
            text = filter->errorMessage();
    }
    m_bar->setStatusText(text);
}

bool FilterController::saveLines(MainWindow *window, const LineSet *lines, const QString &what, const QString &path)
{
    DocumentTab *tab = window->currentTab();
    Document *document = tab->document();
    if (document->state() != Document::State::Open)
        return false;
    QString target = path;
    if (target.isEmpty()) {
        const QFileInfo source(document->path());
        target = QFileDialog::getSaveFileName(
            window, tr("Save %1 As").arg(what), source.dir().filePath(source.completeBaseName() + tr("-filtered.") + source.suffix()));
        if (target.isEmpty())
            return false;
    }
    if (QFileInfo(target).absoluteFilePath() == QFileInfo(document->path()).absoluteFilePath()) {
        QMessageBox::warning(window, tr("Save %1").arg(what),
                             tr("Choose another file: Tome does not write a filtered copy over the file it reads."));
        return false;
    }
    auto file = std::make_shared<QSaveFile>(target);
    if (!file->open(QIODevice::WriteOnly)) {
        QMessageBox::warning(window, tr("Save %1").arg(what), file->errorString());
        return false;
    }
    auto writer = std::make_shared<LineSetWriter>(*document, lines, *file);
    auto *progress = new QProgressDialog(tr("Writing %1 to %2…").arg(what, QFileInfo(target).fileName()), tr("Cancel"),
                                         0, 1000, window);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    // One chunk per turn of the event loop; the document closing (a reload) ends it.
    auto *timer = new QTimer(progress);
    QPointer<Document> watched = document;
    auto ended = std::make_shared<bool>(false);
    const auto finish = [window, progress, timer, file, writer, target, what, ended](const QString &error) {
        if (*ended)
            return;
        *ended = true;
        timer->stop();
        progress->close();
        if (error.isEmpty() && file->commit()) {
            window->statusBar()->showMessage(tr("Wrote %n line(s) to %1.", nullptr, int(qMin<qint64>(writer->linesWritten(), INT_MAX)))
                                                 .arg(QDir::toNativeSeparators(target)),
                                             10000);
            return;
        }
        file->cancelWriting();
        if (!error.isEmpty() && error != tr("Cancelled."))
            QMessageBox::warning(window, tr("Save %1").arg(what), tr("Nothing was written: %1").arg(error));
    };
    connect(document, &Document::closed, timer, [finish] { finish(tr("the file was reloaded while it was being written.")); });
    connect(progress, &QProgressDialog::canceled, timer, [finish] { finish(tr("Cancelled.")); });
    connect(timer, &QTimer::timeout, progress, [writer, progress, finish] {
        if (!writer->writeChunk())
            return finish(writer->error());
        if (writer->isDone())
            return finish(QString());
        progress->setValue(int(writer->bytesWritten() * 1000 / qMax<qint64>(1, writer->totalBytes())));
    });
    timer->start(0);
    return true;
}
