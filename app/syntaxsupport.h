#pragma once

#include "lineview.h"

#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <QObject>

class LineHighlighter;
class QAbstractItemModel;
class QMenu;
class SyntaxMenu;

// Syntax highlighting for the line view: owns the definition repository and the highlighter,
// fills the View menu's Syntax and Theme submenus, picks a definition for each opened file
// (by name, then by MIME type from name and content) and a theme.
//
// A chosen theme paints the whole view: background, gutter, line numbers, current line,
// selection and search highlights from its editor colours, text from its styles. "Automatic"
// keeps the palette's colours for the view and picks the theme whose text suits the palette
// (a dark one for a dark palette), again whenever the palette changes.
class SyntaxSupport : public QObject {
    Q_OBJECT
public:
    // `initialTheme`: the theme to start with (a saved choice); empty or unknown: Automatic.
    SyntaxSupport(QAbstractItemModel *model, LineView *view, QMenu *viewMenu, const QString &initialTheme = {},
                  QObject *parent = nullptr);
    ~SyntaxSupport() override;

    // Chooses the definition for a newly opened file.
    void fileOpened(const QString &path);
    QString currentDefinitionName() const;
    LineHighlighter *highlighter() const { return m_highlighter; }

    // Applies a theme by name, as View > Theme does; empty or unknown: Automatic.
    void setThemeName(const QString &name);
    // The chosen theme's name; empty for Automatic.
    QString themeName() const;
    // The colours a theme gives the view.
    static LineView::Colors colorsFor(const KSyntaxHighlighting::Theme &theme);

signals:
    // The user chose a theme (empty name: Automatic); for the settings.
    void themeChosen(const QString &name);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyTheme();

    KSyntaxHighlighting::Repository m_repository;
    LineHighlighter *m_highlighter;
    SyntaxMenu *m_menu;
    LineView *m_view;
    KSyntaxHighlighting::Theme m_chosenTheme; // invalid: Automatic
};
