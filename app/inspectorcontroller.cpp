#include "inspectorcontroller.h"

#include "linemodel.h"
#include "mainwindow.h"
#include "sliceinspector.h"
#include "sliceinspectorlink.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>

InspectorController::InspectorController(MainWindow *window)
    : QObject(window)
{
    m_inspector = new SliceInspector(window->document(), window);
    m_inspector->setEncoding(window->lineModel()->encoding());
    m_inspector->hide();
    window->addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    m_link = new SliceInspectorLink(m_inspector, window->lineView(), window->lineModel(), window->document(), this);

    QAction *toggle = m_inspector->toggleViewAction();
    toggle->setText(tr("Slice &Inspector"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    toggle->setShortcutContext(Qt::WindowShortcut);
    QMenu *menu = window->menu(MainWindow::Menu::View);
    menu->addSeparator();
    menu->addAction(toggle);
}
