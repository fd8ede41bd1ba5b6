#include "syntaxmenu.h"

#include <QActionGroup>
#include <QMap>

using namespace KSyntaxHighlighting;

SyntaxMenu::SyntaxMenu(Repository &repository, QMenu *syntaxMenu, QMenu *themeMenu, QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_definitions(new QActionGroup(this))
    , m_themes(new QActionGroup(this))
{
    QAction *none = syntaxMenu->addAction(tr("None"));
    none->setCheckable(true);
    none->setChecked(true);
    m_definitions->addAction(none);
    connect(none, &QAction::triggered, this, [this] { emit definitionChosen(Definition()); });
    syntaxMenu->addSeparator();

    QMap<QString, QMenu *> sections;
    const QList<Definition> definitions = m_repository.definitions();
    for (const Definition &definition : definitions) {
        if (definition.isHidden())
            continue;
        QMenu *&section = sections[definition.translatedSection()];
        if (!section)
            section = syntaxMenu->addMenu(definition.translatedSection());
        QAction *action = section->addAction(definition.translatedName());
        action->setCheckable(true);
        action->setData(definition.name());
        m_definitions->addAction(action);
        connect(action, &QAction::triggered, this, [this, definition] { emit definitionChosen(definition); });
    }

    QAction *automatic = themeMenu->addAction(tr("Automatic (follows the palette)"));
    automatic->setCheckable(true);
    automatic->setChecked(true);
    m_themes->addAction(automatic);
    connect(automatic, &QAction::triggered, this, [this] { emit themeChosen(Theme()); });
    themeMenu->addSeparator();
    const QList<Theme> allThemes = m_repository.themes();
    for (const Theme &theme : allThemes) {
        QAction *action = themeMenu->addAction(theme.translatedName());
        action->setCheckable(true);
        action->setData(theme.name());
        m_themes->addAction(action);
        connect(action, &QAction::triggered, this, [this, theme] { emit themeChosen(theme); });
    }
}

void SyntaxMenu::setCurrentTheme(const Theme &theme)
{
    const QList<QAction *> actions = m_themes->actions();
    for (QAction *action : actions) {
        const bool isAutomatic = !action->data().isValid();
        if (theme.isValid() ? action->data().toString() == theme.name() : isAutomatic) {
            action->setChecked(true);
            return;
        }
    }
}

void SyntaxMenu::setCurrentDefinition(const Definition &definition)
{
    const QList<QAction *> actions = m_definitions->actions();
    for (QAction *action : actions) {
        const bool isNone = !action->data().isValid();
        if ((definition.isValid() && action->data().toString() == definition.name())
            || (!definition.isValid() && isNone)) {
            action->setChecked(true);
            return;
        }
    }
}
