#include "syntaxsupport.h"

#include "linehighlighter.h"
#include "syntaxmenu.h"

#include <KSyntaxHighlighting/Definition>

#include <QAbstractItemModel>
#include <QEvent>
#include <QMenu>
#include <QMimeDatabase>

using namespace KSyntaxHighlighting;

SyntaxSupport::SyntaxSupport(QMenu *viewMenu, const QString &initialTheme, QObject *parent)
    : QObject(parent)
    , m_menu(new SyntaxMenu(m_repository, viewMenu->addMenu(tr("&Syntax")), viewMenu->addMenu(tr("&Theme")), this))
{
    setThemeName(initialTheme);
    connect(m_menu, &SyntaxMenu::definitionChosen, this, [this](const Definition &definition) {
        if (LineHighlighter *highlighter = this->highlighter()) {
            highlighter->setDefinition(definition);
            m_current->viewport()->update();
        }
    });
    connect(m_menu, &SyntaxMenu::themeChosen, this, [this](const Theme &theme) {
        m_chosenTheme = theme;
        applyTheme();
        emit themeChosen(themeName());
    });
}

SyntaxSupport::~SyntaxSupport()
{
    for (LineView *view : std::as_const(m_views)) {
        if (view) {
            view->setStyler(nullptr);
            view->setColors({});
        }
    }
}

void SyntaxSupport::addView(QAbstractItemModel *model, LineView *view)
{
    // The highlighter is the view's child: it goes with the view.
    auto *highlighter = new LineHighlighter(
        [model](int row) { return model->data(model->index(row, 0), Qt::DisplayRole).toString(); }, view);
    highlighter->setObjectName(QStringLiteral("lineHighlighter"));
    view->setStyler(highlighter);
    view->installEventFilter(this);
    auto forget = [highlighter] { highlighter->invalidate(0); };
    connect(model, &QAbstractItemModel::modelReset, highlighter, forget);
    connect(model, &QAbstractItemModel::dataChanged, highlighter,
            [highlighter](const QModelIndex &topLeft) { highlighter->invalidate(topLeft.row()); });
    m_views.removeAll(nullptr);
    m_views.append(view);
    applyTheme(view);
    if (!m_current)
        setCurrentView(view);
}

LineHighlighter *SyntaxSupport::highlighterOf(const LineView *view) const
{
    return view ? view->findChild<LineHighlighter *>(QStringLiteral("lineHighlighter"), Qt::FindDirectChildrenOnly)
                : nullptr;
}

LineHighlighter *SyntaxSupport::highlighter() const
{
    return highlighterOf(m_current);
}

void SyntaxSupport::setCurrentView(LineView *view)
{
    m_current = view;
    if (LineHighlighter *highlighter = highlighterOf(view))
        m_menu->setCurrentDefinition(highlighter->definition());
}

void SyntaxSupport::fileOpened(LineView *view, const QString &path)
{
    LineHighlighter *highlighter = highlighterOf(view);
    if (!highlighter)
        return;
    Definition definition = m_repository.definitionForFileName(path);
    if (!definition.isValid()) {
        const QMimeType mime = QMimeDatabase().mimeTypeForFile(path, QMimeDatabase::MatchDefault);
        definition = m_repository.definitionForMimeType(mime.name());
    }
    highlighter->setDefinition(definition);
    if (view == m_current)
        m_menu->setCurrentDefinition(definition);
}

QString SyntaxSupport::currentDefinitionName() const
{
    const LineHighlighter *highlighter = this->highlighter();
    return highlighter ? highlighter->definition().name() : QString();
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
    for (LineView *view : std::as_const(m_views))
        if (view)
            applyTheme(view);
}

void SyntaxSupport::applyTheme(LineView *view)
{
    LineHighlighter *highlighter = highlighterOf(view);
    if (!highlighter)
        return;
    if (m_chosenTheme.isValid()) {
        highlighter->setTheme(m_chosenTheme);
        view->setColors(colorsFor(m_chosenTheme));
    } else {
        highlighter->setTheme(m_repository.themeForPalette(view->palette()));
        view->setColors({});
    }
}

bool SyntaxSupport::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && !m_chosenTheme.isValid())
        if (auto *view = qobject_cast<LineView *>(watched))
            applyTheme(view);
    return QObject::eventFilter(watched, event);
}
