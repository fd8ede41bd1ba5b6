#include "inspectorcontroller.h"

#include "documenttab.h"
#include "editcontroller.h"
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
    m_link = new SliceInspectorLink(m_inspector, window->lineView(), window->lineModel(), this);
    // The inspector follows the current tab: its document, and a link to its view.
    connect(window, &MainWindow::currentDocumentChanged, this, [this, window] {
        m_inspector->setDocument(window->document());
        m_inspector->setEncoding(window->lineModel()->encoding());
        delete m_link;
        m_link = new SliceInspectorLink(m_inspector, window->lineView(), window->lineModel(), this);
    });

    // Edit Bytes… opens the edit dialog on the inspected range (the edit controller is made first).
    if (auto *edits = window->findChild<EditController *>()) {
        connect(m_inspector, &SliceInspector::editRequested, edits, &EditController::editRange);
        const auto refreshAfterEdits = [this](DocumentTab *, FileEditor *editor) {
            connect(editor, &FileEditor::finished, m_inspector, &SliceInspector::refresh);
        };
        for (DocumentTab *tab : window->tabs())
            if (FileEditor *editor = EditController::editorOf(tab))
                refreshAfterEdits(tab, editor);
        connect(edits, &EditController::editorCreated, this, refreshAfterEdits);
    }

    QAction *toggle = m_inspector->toggleViewAction();
    toggle->setText(tr("Slice &Inspector"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    toggle->setShortcutContext(Qt::WindowShortcut);
    QMenu *menu = window->menu(MainWindow::Menu::View);
    menu->addSeparator();
    menu->addAction(toggle);
}
