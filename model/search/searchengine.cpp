#include "searchengine.h"

#include "faultguard.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QThread>

#include <atomic>
#include <thread>
#include <vector>

namespace {

constexpr int kOutCapacity = 4096;
constexpr qint64 kPublishIntervalMs = 30;

} // namespace

struct SearchEngine::Run {
    struct Part {
        qint64 begin = 0;
        qint64 end = 0;
        std::vector<qint64> pending; // found, not yet handed over
        bool done = false;
    };

    std::shared_ptr<const MappedRegion> region;
    std::shared_ptr<const SearchMatcher> matcher;
    quint64 generation = 0;
    std::atomic<bool> cancelled{false};
    std::atomic<bool> failed{false};
    std::atomic<qint64> searched{0};
    std::atomic<int> live{0}; // workers that have not returned yet
    std::vector<std::thread> threads;

    QMutex mutex; // guards the parts, nextPart, sinceLast, announced, ended
    std::vector<Part> parts;
    size_t nextPart = 0; // parts before it are done and handed over
    QElapsedTimer sinceLast;
    bool announced = false; // some batch went out
    bool ended = false;
};

SearchEngine::SearchEngine(QObject *parent) : QObject(parent) {}

SearchEngine::~SearchEngine()
{
    stopRun();
    waitForFinished();
}

void SearchEngine::setThreadCount(int threads)
{
    m_threadCount = threads;
}

void SearchEngine::start(std::shared_ptr<const MappedRegion> region, std::shared_ptr<const SearchMatcher> matcher)
{
    stopRun();
    m_status = Status::Running;
    m_matchingLines = 0;
    auto run = std::make_unique<Run>();
    run->region = std::move(region);
    run->matcher = std::move(matcher);
    run->generation = ++m_generation;
    run->sinceLast.start();

    const qint64 size = run->region ? run->region->size() : 0;
    const uchar *data = run->region ? run->region->data() : nullptr;
    const int threads = qMax(1, m_threadCount > 0 ? m_threadCount : QThread::idealThreadCount());
    // Part boundaries: the first line start at or past each even split (in the text's encoding).
    const SearchMatcher *splitter = run->matcher.get();
    qint64 begin = 0;
    for (int i = 1; i <= threads && begin < size; ++i) {
        qint64 end = i == threads ? size : size / threads * i;
        if (end < size && end > begin) {
            qint64 lineStart = size;
            const bool ok =
                FaultGuard::run(data, size, [&] { lineStart = splitter->lineStartAtOrAfter(data, size, end); });
            end = ok ? lineStart : size;
        }
        if (end <= begin)
            continue;
        run->parts.push_back(Run::Part{begin, end, {}, false});
        begin = end;
    }
    m_run = std::move(run);
    Run *current = m_run.get();
    if (current->parts.empty()) { // an empty file: finish at once, but through the queue
        publish(current, true);
        return;
    }
    current->live = int(current->parts.size());
    for (size_t i = 0; i < current->parts.size(); ++i) {
        current->threads.emplace_back([this, current, i] {
            work(current, int(i));
            if (current->live.fetch_sub(1) == 1) // the last one: its run may be joined now
                QMetaObject::invokeMethod(this, &SearchEngine::reapRetired, Qt::QueuedConnection);
        });
    }
}

void SearchEngine::cancel()
{
    if (m_run && m_status == Status::Running) {
        stopRun();
        m_status = Status::Cancelled;
    }
}

void SearchEngine::waitForFinished()
{
    const auto join = [](Run &run) {
        for (std::thread &thread : run.threads) {
            if (thread.joinable())
                thread.join();
        }
    };
    if (m_run)
        join(*m_run);
    for (const std::unique_ptr<Run> &run : m_retired)
        join(*run);
    reapRetired();
}

int SearchEngine::liveWorkers() const
{
    int live = m_run ? m_run->live.load() : 0;
    for (const std::unique_ptr<Run> &run : m_retired)
        live += run->live.load();
    return live;
}

void SearchEngine::stopRun()
{
    if (!m_run)
        return;
    // Never waits: the workers see the flag after their current block and end on their own; the
    // run is joined once its last worker has returned (reapRetired) or by the destructor.
    m_run->cancelled = true;
    ++m_generation; // drops whatever the run still has in the event queue
    m_retired.push_back(std::move(m_run));
    reapRetired();
}

void SearchEngine::reapRetired()
{
    std::erase_if(m_retired, [](const std::unique_ptr<Run> &run) {
        if (run->live.load() > 0)
            return false;
        for (std::thread &thread : run->threads) {
            if (thread.joinable())
                thread.join(); // past work(): returns at once
        }
        return true;
    });
}

void SearchEngine::work(Run *run, int partIndex)
{
    const SearchMatcher &matcher = *run->matcher;
    const SearchMatcher::ScratchPtr scratch = matcher.makeScratch();
    const uchar *data = run->region->data();
    const qint64 size = run->region->size();
    Run::Part &part = run->parts[size_t(partIndex)];
    std::vector<qint64> out(kOutCapacity);
    qint64 *outData = out.data();
    SearchMatcher::Scratch &scratchRef = *scratch;

    qint64 pos = part.begin;
    while (pos < part.end && !run->cancelled.load(std::memory_order_relaxed)) {
        // A block ends at a line start, so no line is cut.
        qint64 blockEnd = qMin(part.end, pos + kBlockSize);
        int found = 0;
        qint64 resume = pos;
        const bool ok = FaultGuard::run(data, size, [&] {
            if (blockEnd < part.end)
                blockEnd = qMin(part.end, matcher.lineStartAtOrAfter(data, part.end, blockEnd));
            found = matcher.scanLines(data, pos, blockEnd, scratchRef, outData, kOutCapacity, &resume);
        });
        if (!ok) {
            run->failed = true;
            run->cancelled = true;
            break;
        }
        run->region->release(pos, resume - pos); // searched: out of our memory, still in the page cache
        run->region->prefetch(resume, kBlockSize);
        run->searched.fetch_add(resume - pos, std::memory_order_relaxed);
        pos = resume;
        if (found > 0) {
            QMutexLocker locker(&run->mutex);
            part.pending.insert(part.pending.end(), out.begin(), out.begin() + found);
        }
        publish(run, false);
    }
    {
        QMutexLocker locker(&run->mutex);
        part.done = true;
    }
    publish(run, true);
}

// Hands the found lines that are in file order (all of the finished leading parts and what the
// first unfinished part has so far) to the owner thread. The batch is queued before the lock is let
// go: two workers that publish at once queue their batches in the order they took them, so the lines
// arrive in file order.
void SearchEngine::publish(Run *run, bool force)
{
    QList<qint64> batch;
    Status end = Status::Running;
    QMutexLocker locker(&run->mutex);
    if (run->ended)
        return;
    const bool firstPending = !run->announced && run->nextPart < run->parts.size()
                              && !run->parts[run->nextPart].pending.empty();
    if (!force && !firstPending && run->sinceLast.elapsed() < kPublishIntervalMs)
        return;
    while (run->nextPart < run->parts.size()) {
        Run::Part &part = run->parts[run->nextPart];
        batch.append(QList<qint64>(part.pending.begin(), part.pending.end()));
        std::vector<qint64>().swap(part.pending);
        if (!part.done)
            break;
        ++run->nextPart;
    }
    const bool allDone = run->nextPart == run->parts.size();
    if (allDone || run->failed)
        end = run->failed ? Status::Failed : (run->cancelled ? Status::Cancelled : Status::Finished);
    if (end != Status::Running)
        run->ended = true;
    if (batch.isEmpty() && end == Status::Running && !force)
        return;
    run->announced = run->announced || !batch.isEmpty();
    run->sinceLast.restart();
    const quint64 generation = run->generation;
    const qint64 searched = run->searched.load();
    const qint64 total = run->region ? run->region->size() : 0;
    QMetaObject::invokeMethod(
        this, [this, generation, batch, searched, total, end] { deliver(generation, batch, searched, total, end); },
        Qt::QueuedConnection);
}

void SearchEngine::deliver(quint64 generation, const QList<qint64> &lineStarts, qint64 searched, qint64 total,
                           Status end)
{
    if (generation != m_generation)
        return;
    if (!lineStarts.isEmpty()) {
        m_matchingLines += lineStarts.size();
        emit matchesFound(lineStarts);
    }
    emit progress(searched, total);
    if (end != Status::Running) {
        m_status = end;
        if (m_run) { // its workers are past their last publish, or cancelled (a failed run)
            m_run->cancelled = true;
            m_retired.push_back(std::move(m_run));
            reapRetired();
        }
        emit finished(end, m_matchingLines);
    }
}
