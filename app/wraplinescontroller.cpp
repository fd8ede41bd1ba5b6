#include "wraplinescontroller.h"

#include "appsettings.h"
#include "lineview.h"
#include "mainwindow.h"

#include <QAction>
#include <QMenu>

WrapLinesController::WrapLinesController(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    m_action = window->menu(MainWindow::Menu::View)->addAction(tr("&Wrap Lines"));
    m_action->setObjectName(QStringLiteral("wrapLinesAction"));
    m_action->setCheckable(true);
    m_action->setChecked(window->settings().wrapLines());
    m_action->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Z));
    m_action->setShortcutContext(Qt::WindowShortcut);
    connect(m_action, &QAction::toggled, this, [this](bool on) {
        m_window->settings().setWrapLines(on);
        apply();
    });
    connect(window, &MainWindow::currentDocumentChanged, this, &WrapLinesController::apply);
    apply();
}

void WrapLinesController::apply()
{
    if (LineView *view = m_window->lineView())
        view->setWrapLines(m_action->isChecked());
}
