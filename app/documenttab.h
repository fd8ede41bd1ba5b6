#pragma once

#include "linefilter.h"
#include "lineset.h"
#include "textposition.h"

#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QWidget>

#include <memory>
#include <optional>

class Document;
class LineMarks;
class LineModel;
class LineView;

// One open file in the window (a tab): its Document, LineModel and LineView, where the view is
// (a line waiting for the index, the first screen), its filter and its marks. The window hosts
// one per tab; feature controllers act on the current one and keep their per-file objects here
// (attach()), so that every tab has its own search, edit history, follower and appender.
//
// Filter: a line is a row when it matches at least one enabled Show rule (or none is enabled)
// and no enabled Hide rule (LineFilter, in the background, following growth), or, with "only
// marked lines", when it is marked. Turning either on or off keeps the cursor on its line (or
// the nearest shown one). Line numbers stay the file's.
//
// State for a later session: state() / restoreState() (position, filter, marks, follow).
// GUI thread.
class DocumentTab : public QWidget {
    Q_OBJECT
public:
    explicit DocumentTab(QWidget *parent = nullptr);
    // Deletes the attached objects first (they read the document), then the view's model.
    ~DocumentTab() override;

    Document *document() const { return m_document.get(); }
    LineModel *lineModel() const { return m_model; }
    LineView *lineView() const { return m_view; }
    LineMarks *marks() const { return m_marks; }

    // Opens `path`; with `line`, shows that 1-based line once the index reaches it.
    void open(const QString &path, std::optional<qint64> line = std::nullopt);
    // The path asked for (also while opening and after a failure); empty for a blank tab.
    QString path() const { return m_path; }
    bool isBlank() const { return m_path.isEmpty(); }
    // "name.log", "name.log (deleted)", "name.log (changed)"; "New Tab" when blank.
    QString title() const;
    bool isFileGone() const { return m_fileGone; }
    void setFileGone(bool gone);
    // Another program changed the file while this tab was not the current one; cleared when shown.
    void setChangedUnseen(bool changed);

    // View > Follow End for this file (kept in the session; FollowController acts on it).
    bool isFollowing() const { return m_following; }
    void setFollowing(bool on);

    // The line the cursor is on (0-based), whatever the filter.
    qint64 cursorLine() const;
    // Marks or unmarks the line a row shows: whether it is marked now; nullopt (and a message)
    // where line numbers are estimates (LineModel::isEstimate()).
    std::optional<bool> toggleMarkOnRow(int row);
    // Shows a 1-based line (waits for the index; with a filter hiding it, the nearest shown line).
    void goToLine(qint64 line);
    // Shows the line holding a byte offset, the cursor on that byte; false (and a message) if it cannot.
    bool goToOffset(qint64 byteOffset);
    // The exact text between two view positions, as MainWindow::exactText() says.
    QString exactText(TextPosition from, TextPosition to) const;

    // The left-hand status message for this tab (errors, notices).
    QString message() const { return m_message; }
    void setMessage(const QString &message);

    // Filter rules (kept when the filter is off) and whether they apply.
    QList<FilterRule> filterRules() const { return m_rules; }
    void setFilterRules(const QList<FilterRule> &rules);
    bool isFilterOn() const { return m_filterOn; }
    void setFilterOn(bool on);
    bool showsOnlyMarked() const { return m_onlyMarked; }
    void setShowOnlyMarked(bool on);
    // Whether rows are a subset of lines now (a filter or only-marked is in effect).
    bool isFiltered() const;
    const LineFilter *lineFilter() const { return &m_filter; }
    // The shown lines (every line when not filtered: nullptr).
    const LineSet *shownLines() const;

    // Session state: {"path", "line", "top", "filters", "filterOn", "onlyMarked", "marks", "follow"}.
    QJsonObject state() const;
    // Applies a saved state after open() (the position waits for the index).
    void restoreState(const QJsonObject &state);

    // Per-tab objects of the feature controllers, by the controller's key (any stable address).
    QObject *attachment(const void *key) const { return m_attachments.value(key); }
    void attach(const void *key, QObject *object);

    // Bytes of the file as text in its encoding (a UTF-16 byte order mark dropped).
    static QString decode(const QByteArray &bytes, LineDecoder::Encoding encoding);

    static QJsonObject ruleToJson(const FilterRule &rule);
    static FilterRule ruleFromJson(const QJsonObject &json);

signals:
    void titleChanged();
    void messageChanged(const QString &message);
    // The file opened (also after a reload): `path` for the recent files.
    void opened(const QString &path);
    // The first complete screen of the current content has been painted.
    void firstScreenShown();
    // The filter's rules, state or progress changed (filtered share, running, error).
    void filterChanged();
    void followingChanged(bool on);

private:
    void onOpened();
    void onFailed(const QString &message);
    void applyPendingLine();
    void applyPendingCursorLine();
    void onScreenPainted();
    void applyFilter();
    void onMarksChanged();
    void extendFilter();
    void placeFilterCursor();

    std::unique_ptr<Document> m_document;
    LineModel *m_model = nullptr;
    LineView *m_view = nullptr;
    LineMarks *m_marks = nullptr;
    LineFilter m_filter;
    LineSet m_markedSet; // the marks as a set, while only-marked lines are shown
    QList<FilterRule> m_rules;
    bool m_filterOn = false;
    bool m_onlyMarked = false;
    bool m_following = false;
    QString m_path;
    QString m_message;
    std::optional<qint64> m_pendingLine; // 1-based
    bool m_pendingLineEstimated = false; // its estimated place is shown
    std::optional<qint64> m_pendingTopLine; // 0-based, from a saved session
    std::optional<qint64> m_filterCursorLine; // 0-based: where the cursor goes once the filter reaches it
    bool m_waitingForFirstScreen = true;
    bool m_fileGone = false;
    bool m_changedUnseen = false;
    bool m_indexFinished = false;
    QHash<const void *, QPointer<QObject>> m_attachments;
    std::vector<const void *> m_attachOrder;
};
