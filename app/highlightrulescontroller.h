#pragma once

#include "highlightrulesdialog.h"
#include "highlightruleset.h"

#include <QObject>
#include <QPoint>
#include <QPointer>

#include <optional>

class LineView;
class MainWindow;
class QMenu;
class RuleHighlighter;

// Wires highlight rules into the window: View > Highlight Rules… (a modeless dialog, applied as it
// is edited), the line view's context-menu entries (addContextActions), and the named rule sets,
// kept in the settings; the set chosen last is the one applied.
//
// One RuleHighlighter serves every view: each tab's view gets it as its rule styler when the tab
// is made (MainWindow::tabCreated; the current view again on currentDocumentChanged), so a change
// of the rules repaints every open tab. GUI thread.
class HighlightRulesController : public QObject {
    Q_OBJECT
public:
    explicit HighlightRulesController(MainWindow *window);

    RuleHighlighter *highlighter() const { return m_highlighter; }
    QList<HighlightRuleSet> ruleSets() const { return m_sets; }
    QString currentSetName() const { return m_sets.at(m_current).name; }
    QList<HighlightRule> rules() const { return m_sets.at(m_current).rules; }

    // Adds a rule for the literal `text` (case-sensitive) to the current set, with the palette's
    // next background; nothing for empty text.
    void highlightOccurrences(const QString &text, bool wholeWord);
    // Removes the current set's literal rules whose pattern is `text`.
    void removeHighlight(const QString &text);
    // Removes every rule of the current set (without asking).
    void clearRules();
    void showDialog();
    HighlightRulesDialog *dialog() const { return m_dialog; }

    // Adds "Highlight Occurrences of …" (or "Remove Highlight of …"), "Clear Highlight Rules…" and
    // "Highlight Rules…" to a context menu of the current view. The text is the selection's (its
    // first row) when there is one, else the word under `viewportPoint` (else under the cursor).
    void addContextActions(QMenu *menu, std::optional<QPoint> viewportPoint);
    // The word (letters, digits, '_') at or just before `column` of `text`; empty when none.
    static QString wordAt(const QString &text, int column);

private:
    // The text the context menu offers, and whether it is the selection's.
    std::pair<QString, bool> occurrenceText(std::optional<QPoint> viewportPoint) const;
    bool hasLiteralRule(const QString &text) const;
    void bind(LineView *view);
    // Rules to the highlighter (and the dialog), sets to the settings.
    void apply();

    MainWindow *m_window;
    RuleHighlighter *m_highlighter;
    QList<HighlightRuleSet> m_sets; // never empty
    int m_current = 0;
    QPointer<HighlightRulesDialog> m_dialog;
};
