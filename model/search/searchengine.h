#pragma once

#include "mappedregion.h"
#include "searchmatcher.h"

#include <QList>
#include <QObject>

#include <memory>
#include <vector>

// Runs one search at a time over a mapped file in the background and streams the matching lines.
//
// The file is split at line boundaries into one part per thread; the parts are searched at once,
// in blocks of kBlockSize (the cancel flag is checked between blocks), each block read under
// FaultGuard. Matches are handed to the owner thread in file order by queued signals, in batches
// at most every ~30 ms (the first match as soon as it is found), so the first screenful shows
// while the rest of the file is still being searched.
//
// Thread-safety: start(), cancel(), waitForFinished() and the destructor from the owner thread.
class SearchEngine : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Idle,
        Running,
        Finished,
        Cancelled,
        Failed, // the file shrank under the search (its mapped bytes faulted)
    };
    Q_ENUM(Status)

    static constexpr qint64 kBlockSize = 1 << 20;

    explicit SearchEngine(QObject *parent = nullptr);
    ~SearchEngine() override; // cancels and joins

    // Threads to search with (default: QThread::idealThreadCount()). Takes effect on start().
    void setThreadCount(int threads);

    // Cancels any running search and searches `region` (a snapshot, kept alive until the run
    // ends) with `matcher`. Emits matchesFound/progress and then finished, never synchronously.
    void start(std::shared_ptr<const MappedRegion> region, std::shared_ptr<const SearchMatcher> matcher);
    // Stops the running search; no signal of it arrives afterwards. Never waits for the workers
    // (start() neither): they stop after their current block and are joined once they have
    // returned, in the background of the owner's event loop.
    void cancel();
    // Blocks until the workers of every run, cancelled ones too, have ended (signals still wait
    // in the event queue). For tools and tests, never the GUI thread.
    void waitForFinished();
    // Workers, of this and of cancelled runs, that have not returned yet.
    int liveWorkers() const;

    Status status() const { return m_status; }
    qint64 matchingLines() const { return m_matchingLines; }

signals:
    // Start offsets of further matching lines, in file order, after those already announced.
    void matchesFound(const QList<qint64> &lineStarts);
    void progress(qint64 searchedBytes, qint64 totalBytes);
    void finished(SearchEngine::Status status, qint64 matchingLines);

private:
    struct Run;

    void stopRun();
    void reapRetired();
    void work(Run *run, int part);
    void publish(Run *run, bool force);
    void deliver(quint64 generation, const QList<qint64> &lineStarts, qint64 searched, qint64 total,
                 Status end);

    std::unique_ptr<Run> m_run;
    std::vector<std::unique_ptr<Run>> m_retired; // cancelled or ended, workers maybe still running
    quint64 m_generation = 0;
    Status m_status = Status::Idle;
    qint64 m_matchingLines = 0;
    int m_threadCount = 0;
};
