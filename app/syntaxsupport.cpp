#include "syntaxsupport.h"

#include "linehighlighter.h"
#include "syntaxmenu.h"

#include <KSyntaxHighlighting/Definition>

#include <QAbstractItemModel>
#include <QEvent>
#include <QMenu>
#include <QMimeDatabase>

using namespace KSyntaxHighlighting;

SyntaxSupport::SyntaxSupport(QAbstractItemModel *model, LineView *view, QMenu *viewMenu, const QString &initialTheme,
                             QObject *parent)
    : QObject(parent)
    , m_highlighter(new LineHighlighter(
          [model](int row) { return model->data(model->index(row, 0), Qt::DisplayRole).toString(); }, this))
    , m_menu(new SyntaxMenu(m_repository, viewMenu->addMenu(tr("&Syntax")), viewMenu->addMenu(tr("&Theme")), this))
    , m_view(view)
{
    setThemeName(initialTheme);
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
        m_chosenTheme = theme;
        applyTheme();
        emit themeChosen(themeName());
    });
}

SyntaxSupport::~SyntaxSupport()
{
    m_view->setStyler(nullptr);
    m_view->setColors({});
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

void SyntaxSupport::setThemeName(const QString &name)
{
    // Repository::theme() falls back to a default theme for an unknown name: look it up exactly.
    m_chosenTheme = Theme();
    if (!name.isEmpty()) {
        const QList<Theme> themes = m_repository.themes();
        for (const Theme &theme : themes)
            if (theme.name() == name)
                m_chosenTheme = theme;
    }
    m_menu->setCurrentTheme(m_chosenTheme);
    applyTheme();
}

QString SyntaxSupport::themeName() const
{
    return m_chosenTheme.isValid() ? m_chosenTheme.name() : QString();
}

LineView::Colors SyntaxSupport::colorsFor(const Theme &theme)
{
    auto color = [](QRgb rgb) { return rgb ? QColor::fromRgba(rgb) : QColor(); };
    LineView::Colors colors;
    if (!theme.isValid())
        return colors;
    colors.background = color(theme.editorColor(Theme::BackgroundColor));
    colors.text = color(theme.textColor(Theme::Normal));
    colors.gutterBackground = color(theme.editorColor(Theme::IconBorder));
    colors.lineNumber = color(theme.editorColor(Theme::LineNumbers));
    colors.currentLineNumber = color(theme.editorColor(Theme::CurrentLineNumber));
    colors.currentLine = color(theme.editorColor(Theme::CurrentLine));
    colors.selection = color(theme.editorColor(Theme::TextSelection));
    colors.searchHighlight = color(theme.editorColor(Theme::SearchHighlight));
    return colors;
}

void SyntaxSupport::applyTheme()
{
    if (m_chosenTheme.isValid()) {
        m_highlighter->setTheme(m_chosenTheme);
        m_view->setColors(colorsFor(m_chosenTheme));
    } else {
        m_highlighter->setTheme(m_repository.themeForPalette(m_view->palette()));
        m_view->setColors({});
    }
}

bool SyntaxSupport::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::PaletteChange && !m_chosenTheme.isValid())
        applyTheme();
    return QObject::eventFilter(watched, event);
}
