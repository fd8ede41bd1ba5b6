#pragma once

#include "lineset.h"
#include "searchoptions.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

class MappedRegion;
class SearchMatcher;

// One pattern of a filter: the lines it matches are shown or hidden.
struct FilterRule {
    enum class Action { Show, Hide };
    SearchOptions options;
    Action action = Action::Show;
    bool enabled = true;

    friend bool operator==(const FilterRule &, const FilterRule &) = default;
};

// Computes which lines of a file a filter shows, as a LineSet of 0-based line numbers: a line is
// shown when it matches at least one enabled Show rule (or no Show rule is enabled) and no enabled
// Hide rule. Patterns are matched line by line by SearchMatcher, exactly as search finds lines.
//
// start() scans in the background on a worker thread owned by this object (compiling the patterns
// there too): linesAdded() hands the shown lines to the owner thread in file order, the first
// batch as soon as it holds a screenful (or the scan ends), later ones at most every ~30 ms, then
// finished(). extend() scans bytes a growing file added since, keeping what is shown. cancel()
// returns at once; no signal of a cancelled run arrives afterwards.
//
// The worker reads the file through FaultGuard, a block at a time, releasing what it has passed
// (MappedRegion::release), so memory stays bounded by the block and by the set (LineSet: a few
// bytes per shown line, nothing per hidden line).
//
// Thread-safety: owner thread only. The destructor cancels and joins.
class LineFilter : public QObject {
    Q_OBJECT
public:
    enum class Status { Idle, Running, Finished, Cancelled, Failed };
    Q_ENUM(Status)

    static constexpr qint64 kBlockSize = 1 << 20;
    static constexpr qint64 kFirstBatchLines = 200;
    static constexpr qint64 kParallelBytes = 16 * kBlockSize; // from this size on, two threads

    explicit LineFilter(QObject *parent = nullptr);
    ~LineFilter() override;

    // Whether the rules filter anything (at least one enabled rule).
    static bool isActive(const QList<FilterRule> &rules);

    // Cancels any run and filters `region` from its start with `rules` (all of them in the
    // encoding of `encoding`, whatever their options say).
    void start(std::shared_ptr<const MappedRegion> region, const QList<FilterRule> &rules,
               LineDecoder::Encoding encoding);
    // After finished(Finished): filters what `region` (the same file, grown) holds past the last
    // complete line seen; the last line, if it had no line ending, is filtered again.
    void extend(std::shared_ptr<const MappedRegion> region);
    void cancel();
    // Blocks until the worker has ended (its signals still wait in the event queue). For tools and
    // tests, never the GUI thread.
    void waitForFinished();

    Status status() const { return m_status; }
    QString errorMessage() const { return m_error; }
    QList<FilterRule> rules() const { return m_rules; }
    // The shown lines delivered so far.
    const LineSet &lines() const { return m_lines; }
    // Bytes of the file filtered so far (its lines in lines()).
    qint64 filteredBytes() const { return m_filteredBytes; }

    // The filter over [from, to) of a mapping, synchronously: `from` is a line start, the line
    // number of which is `firstLine`, and `to` a line start or the end of the mapping. Appends
    // shown lines to *out; returns the number of lines in the range (a last line without an ending
    // counts), or -1 if the mapping faulted or `cancel` was set. For tools and the worker.
    struct Compiled;
    static qint64 filterRange(const Compiled &compiled, const MappedRegion &region, qint64 from, qint64 to,
                              qint64 firstLine, LineSet *out, const std::atomic<bool> *cancel = nullptr);
    // Compiles enabled rules; nullptr and *error when a pattern is invalid.
    static std::shared_ptr<const Compiled> compile(const QList<FilterRule> &rules, LineDecoder::Encoding encoding,
                                                   QByteArrayView sample, QString *error);

signals:
    // lines() grew; `shownLines` is its new count.
    void linesAdded(qint64 shownLines);
    void progress(qint64 filteredBytes, qint64 totalBytes);
    void finished(LineFilter::Status status);

private:
    struct Run;
    void launch(std::shared_ptr<const MappedRegion> region, qint64 from, qint64 firstLine);
    void stopRun();
    void work(Run *run);
    void deliver(quint64 generation, LineSet &&batch, qint64 filteredBytes, qint64 completeBytes,
                 qint64 completeLines, qint64 total, Status end, const QString &error);

    QList<FilterRule> m_rules;
    LineDecoder::Encoding m_encoding = LineDecoder::Encoding::Utf8;
    std::shared_ptr<const Compiled> m_compiled;
    std::shared_ptr<Run> m_run;
    std::vector<std::shared_ptr<Run>> m_retired; // cancelled or ended, worker maybe still running
    quint64 m_generation = 0;
    Status m_status = Status::Idle;
    QString m_error;
    LineSet m_lines;
    qint64 m_filteredBytes = 0;
    // Where extend() goes on: the end of the last line that had an ending, and the lines before it.
    qint64 m_completeBytes = 0;
    qint64 m_completeLines = 0;
};
