#include "syntaxsupport.h"

#include "linehighlighter.h"
#include "lineview.h"
#include "syntaxmenu.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Theme>

#include <QAbstractItemModel>
#include <QEvent>
#include <QMenu>
#include <QMimeDatabase>

using namespace KSyntaxHighlighting;

SyntaxSupport::SyntaxSupport(QAbstractItemModel *model, LineView *view, QMenu *viewMenu, QObject *parent)
    : QObject(parent)
    , m_highlighter(new LineHighlighter(
          [model](int row) { return model->data(model->index(row, 0), Qt::DisplayRole).toString(); }, this))
    , m_menu(new SyntaxMenu(m_repository, viewMenu->addMenu(tr("&Syntax")), viewMenu->addMenu(tr("&Theme")), this))
    , m_view(view)
{
    applyTheme();
    view->setStyler(m_highlighter);
    view->installEventFilter(this);

    auto forget = [this] { m_highlighter->invalidate(0); };
    connect(model, &QAbstractItemModel::modelReset, this, forget);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft) { m_highlighter->invalidate(topLeft.row()); });
    connect(m_menu, &SyntaxMenu::definitionChosen, this, [this](const Definition &definition) {
        m_highlighter->setDefinition(definition);
        m_view->viewport()->update();
    });
    connect(m_menu, &SyntaxMenu::themeChosen, this, [this](const Theme &theme) {
        m_automaticTheme = !theme.isValid();
        if (m_automaticTheme)
            applyTheme();
        else
            m_highlighter->setTheme(theme);
    });
}

SyntaxSupport::~SyntaxSupport()
{
    m_view->setStyler(nullptr);
}

void SyntaxSupport::fileOpened(const QString &path)
{
    Definition definition = m_repository.definitionForFileName(path);
    if (!definition.isValid()) {
        const QMimeType mime = QMimeDatabase().mimeTypeForFile(path, QMimeDatabase::MatchDefault);
        definition = m_repository.definitionForMimeType(mime.name());
    }
    m_highlighter->setDefinition(definition);
    m_menu->setCurrentDefinition(definition);
}

QString SyntaxSupport::currentDefinitionName() const
{
    return m_highlighter->definition().name();
}

void SyntaxSupport::applyTheme()
{
    if (m_automaticTheme)
        m_highlighter->setTheme(m_repository.themeForPalette(m_view->palette()));
}

bool SyntaxSupport::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::PaletteChange)
        applyTheme();
    return QObject::eventFilter(watched, event);
}
