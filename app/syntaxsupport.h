#pragma once

#include "lineview.h"

#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

#include <QObject>
#include <QPointer>

class LineHighlighter;
class QAbstractItemModel;
class QMenu;
class SyntaxMenu;

// Syntax highlighting for the line views (one per tab): owns the definition repository and a
// highlighter per view, fills the View menu's Syntax and Theme submenus, picks a definition for
// each opened file (by name, then by MIME type from name and content) and a theme for all views.
//
// A chosen theme paints the whole view: background, gutter, line numbers, current line,
// selection and search highlights from its editor colours, text from its styles. "Automatic"
// keeps the palette's colours for the view and picks the theme whose text suits the palette
// (a dark one for a dark palette), again whenever the palette changes.
class SyntaxSupport : public QObject {
    Q_OBJECT
public:
    // `initialTheme`: the theme to start with (a saved choice); empty or unknown: Automatic.
    SyntaxSupport(QMenu *viewMenu, const QString &initialTheme = {}, QObject *parent = nullptr);
    ~SyntaxSupport() override;

    // Highlights `view` (showing `model`) from now on, with a highlighter of its own that lives as
    // long as the view. The Syntax menu acts on the current view (setCurrentView()).
    void addView(QAbstractItemModel *model, LineView *view);
    void setCurrentView(LineView *view);
    // Chooses the definition for a file newly opened in `view`.
    void fileOpened(LineView *view, const QString &path);
    QString currentDefinitionName() const;
    // The current view's highlighter (nullptr without one).
    LineHighlighter *highlighter() const;
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
    void applyTheme(LineView *view);
    LineHighlighter *highlighterOf(const LineView *view) const;

    KSyntaxHighlighting::Repository m_repository;
    SyntaxMenu *m_menu;
    QList<QPointer<LineView>> m_views;
    QPointer<LineView> m_current;
    KSyntaxHighlighting::Theme m_chosenTheme; // invalid: Automatic
};
