#pragma once

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <QMenu>

class QActionGroup;

// The View menu's "Syntax" and "Theme" submenus over a KSyntaxHighlighting repository:
// every definition by section, with "None" first; every theme, with "Automatic" (follows
// the light or dark palette) first. Emits what the user picks; the caller applies it.
class SyntaxMenu : public QObject {
    Q_OBJECT
public:
    SyntaxMenu(KSyntaxHighlighting::Repository &repository, QMenu *syntaxMenu, QMenu *themeMenu,
               QObject *parent = nullptr);

    // Ticks the entry of `definition` (invalid: "None").
    void setCurrentDefinition(const KSyntaxHighlighting::Definition &definition);
    // Ticks the entry of `theme` (invalid: "Automatic"). Emits nothing.
    void setCurrentTheme(const KSyntaxHighlighting::Theme &theme);

signals:
    void definitionChosen(const KSyntaxHighlighting::Definition &definition);
    // An invalid theme means "Automatic".
    void themeChosen(const KSyntaxHighlighting::Theme &theme);

private:
    KSyntaxHighlighting::Repository &m_repository;
    QActionGroup *m_definitions;
    QActionGroup *m_themes;
};
