#pragma once

#include "searchoptions.h"
#include "lineview.h"
#include "searchresultsmodel.h"

#include <QPointer>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <optional>

class Document;
class LineModel;
class QAction;
class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;
class ReplaceRow;
class SearchEngine;

// The find bar over a LineView: a pattern field, toggles (regex, case, whole word), next/previous
// buttons, the match count (growing while the search runs), the current match's line, column
// and byte offset, a wrap-around notice and an inline error for an invalid regex.
//
// Keys in the field: Enter / F3 next, Shift+Enter / Shift+F3 previous, Up/Down through the
// search history (also a drop-down button), Esc asks to close (closeRequested). Typing searches
// as you type (kTypingDelayMs after the last key, cancelling the previous run); Enter with a
// changed pattern or toggles starts at once. A new search selects the first match at or after
// the cursor as soon as it is found, centred in the view. Every match on the visible lines is
// highlighted (LineView::setHighlights), computed for the visible rows only.
//
// A second row (a ReplaceRow: setReplaceVisible, Edit ▸ Replace) holds the replacement field and
// Replace / Replace All buttons; the bar only asks (replaceRequested, replaceAllRequested): whoever listens
// makes the edit. Enter in the replacement field asks for Replace.
//
// Nothing here waits on the GUI thread: the pattern is compiled on a pool thread and the engine
// cancels without joining. Owns the engine and the results model (resultsModel()). The history
// is given and handed back (setHistory / historyChanged): the bar never reads settings.
class SearchBar : public QWidget {
    Q_OBJECT
public:
    static constexpr int kTypingDelayMs = 250;
    static constexpr int kMaxHistory = 50;

    SearchBar(Document *document, LineModel *lineModel, LineView *view, QWidget *parent = nullptr);
    ~SearchBar() override;

    SearchResultsModel *resultsModel() const { return m_results; }
    SearchOptions options() const;
    // Sets the pattern and the toggles without searching.
    void setOptions(const SearchOptions &options);
    // Most recent first.
    QStringList history() const { return m_history; }
    void setHistory(const QStringList &history);
    // Edit ▸ Find Next / Find Previous: F3 / Shift+F3 and the platform's keys, each key once.
    // Not added to any widget: the window adds them (a menu) so that they work wherever the
    // focus is in it.
    QAction *findNextAction() const { return m_findNextAction; }
    QAction *findPreviousAction() const { return m_findPreviousAction; }
    // The engine (for tools and tests that look at its threads).
    const SearchEngine *engine() const { return m_engine; }
    // A search is being compiled or run.
    bool isSearching() const { return m_running; }
    QLineEdit *patternEdit() const { return m_pattern; }
    QString statusText() const;
    QString errorText() const;
    std::optional<SearchResultsModel::Match> currentMatch() const { return m_current; }
    // The replacement row.
    void setReplaceVisible(bool visible);
    bool isReplaceVisible() const;
    QString replacementText() const;
    QLineEdit *replacementEdit() const;

public slots:
    // Shows the bar and puts the focus in the pattern field, its text selected.
    void activate();
    // The same with the replacement row shown; the focus in the replacement field when there is
    // a pattern already.
    void activateReplace();
    void findNext();
    void findPrevious();
    // Selects the first match of the results model's row `row`.
    void goToResult(int row);
    // Cancels the search and removes its highlights (the bar is being closed).
    void clear();

signals:
    void closeRequested();
    void searchFinished(qint64 matchingLines);
    void historyChanged(const QStringList &history);
    // Replace the current match / every match (the replacement row's buttons, Enter in its field).
    void replaceRequested();
    void replaceAllRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Direction { Forward, Backward };
    void find(Direction direction);
    bool startSearch();
    void onCompiled(quint64 generation, const std::shared_ptr<const SearchMatcher> &matcher,
                    const QString &error);
    void onTypingPaused();
    void addToHistory(const QString &pattern);
    void stepHistory(int step);
    void showHistoryMenu();
    void tryPendingJump();
    void goTo(const SearchResultsModel::Match &match, bool wrapped);
    qint64 cursorByteOffset() const;
    void scheduleHighlights();
    void updateHighlights();
    void updateStatus();
    void onMatchesFound(const QList<qint64> &lineStarts);
    void onFinished();
    QWidget *createReplaceRow();

    QPointer<Document> m_document;
    QPointer<LineModel> m_lineModel;
    QPointer<LineView> m_view;
    SearchEngine *m_engine = nullptr;
    SearchResultsModel *m_results = nullptr;
    QLineEdit *m_pattern = nullptr;
    QToolButton *m_regex = nullptr;
    QToolButton *m_case = nullptr;
    QToolButton *m_word = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_error = nullptr;
    QToolButton *m_historyButton = nullptr;
    ReplaceRow *m_replaceRow = nullptr;
    QAction *m_findNextAction = nullptr;
    QAction *m_findPreviousAction = nullptr;
    QTimer *m_typingTimer = nullptr;
    QStringList m_history;
    int m_historyIndex = -1; // Up/Down position in m_history, -1: the text being typed
    QString m_typedText;     // what was typed before Up
    quint64 m_compileGeneration = 0;
    QVector<LineView::Highlight> m_highlights; // last handed to the view
    std::optional<SearchOptions> m_searched; // what the results belong to
    std::optional<SearchResultsModel::Match> m_current;
    std::optional<Direction> m_pendingJump;   // waiting for the first results
    qint64 m_pendingFrom = 0;
    bool m_wrapped = false;
    bool m_running = false;
    bool m_highlightsScheduled = false;
};
