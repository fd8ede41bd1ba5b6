#pragma once

#include "searchoptions.h"
#include "searchresultsmodel.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class Document;
class LineModel;
class LineView;
class QLabel;
class QLineEdit;
class QToolButton;
class SearchEngine;

// The find bar over a LineView: a pattern field, toggles (regex, case, whole word), next/previous
// buttons, the match count (growing while the search runs), the current match's line, column
// and byte offset, a wrap-around notice and an inline error for an invalid regex.
//
// Keys in the field: Enter / F3 next, Shift+Enter / Shift+F3 previous, Esc asks to close
// (closeRequested). Enter with a changed pattern or toggles starts a new search (in the
// background, SearchEngine) and selects the first match at or after the cursor as soon as it is
// found. Every match on the visible lines is highlighted (LineView::setHighlights), computed
// for the visible rows only. Owns the engine and the results model (resultsModel()).
class SearchBar : public QWidget {
    Q_OBJECT
public:
    SearchBar(Document *document, LineModel *lineModel, LineView *view, QWidget *parent = nullptr);
    ~SearchBar() override;

    SearchResultsModel *resultsModel() const { return m_results; }
    SearchOptions options() const;
    QLineEdit *patternEdit() const { return m_pattern; }
    QString statusText() const;
    QString errorText() const;
    std::optional<SearchResultsModel::Match> currentMatch() const { return m_current; }

public slots:
    // Shows the bar and puts the focus in the pattern field, its text selected.
    void activate();
    void findNext();
    void findPrevious();
    // Selects the first match of the results model's row `row`.
    void goToResult(int row);
    // Cancels the search and removes its highlights (the bar is being closed).
    void clear();

signals:
    void closeRequested();
    void searchFinished(qint64 matchingLines);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Direction { Forward, Backward };
    void find(Direction direction);
    bool startSearch();
    void tryPendingJump();
    void goTo(const SearchResultsModel::Match &match, bool wrapped);
    qint64 cursorByteOffset() const;
    void scheduleHighlights();
    void updateHighlights();
    void updateStatus();
    void onMatchesFound(const QList<qint64> &lineStarts);
    void onFinished();

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
    std::optional<SearchOptions> m_searched; // what the results belong to
    std::optional<SearchResultsModel::Match> m_current;
    std::optional<Direction> m_pendingJump;   // waiting for the first results
    qint64 m_pendingFrom = 0;
    bool m_wrapped = false;
    bool m_running = false;
    bool m_highlightsScheduled = false;
};
