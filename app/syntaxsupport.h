#pragma once

#include <KSyntaxHighlighting/Repository>

#include <QObject>

class LineHighlighter;
class LineView;
class QAbstractItemModel;
class QMenu;
class SyntaxMenu;

// Syntax highlighting for the line view: owns the definition repository and the highlighter,
// fills the View menu's Syntax and Theme submenus, picks a definition for each opened file
// (by name, then by MIME type from name and content) and a theme that follows the palette.
class SyntaxSupport : public QObject {
    Q_OBJECT
public:
    SyntaxSupport(QAbstractItemModel *model, LineView *view, QMenu *viewMenu, QObject *parent = nullptr);
    ~SyntaxSupport() override;

    // Chooses the definition for a newly opened file.
    void fileOpened(const QString &path);
    QString currentDefinitionName() const;
    LineHighlighter *highlighter() const { return m_highlighter; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyTheme();

    KSyntaxHighlighting::Repository m_repository;
    LineHighlighter *m_highlighter;
    SyntaxMenu *m_menu;
    LineView *m_view;
    bool m_automaticTheme = true;
};
