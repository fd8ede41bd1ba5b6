#include "linefilter.h"

#include "faultguard.h"
#include "mappedregion.h"
#include "newlinescan.h"
#include "searchmatcher.h"
#include "searchtranscoder.h"

#include <QElapsedTimer>
#include <QMetaObject>

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

namespace {
constexpr int kOutCapacity = 4096;
constexpr qint64 kPublishIntervalMs = 30;

NewlineScan::ByteOrder byteOrder(LineDecoder::Encoding encoding)
{
    return encoding == LineDecoder::Encoding::Utf16BE ? NewlineScan::ByteOrder::BigEndian
                                                      : NewlineScan::ByteOrder::LittleEndian;
}

// Line endings in [data + from, data + to) (`from` at a code unit's start for UTF-16).
qint64 countEndings(LineDecoder::Encoding encoding, const uchar *data, qint64 from, qint64 to)
{
    if (to <= from)
        return 0;
    return SearchTranscoder::isUtf16(encoding) ? NewlineScan::countUtf16(data + from, to - from, byteOrder(encoding))
                             : NewlineScan::count(data + from, to - from);
}

// The start of the last line of [from, to) (`from` a line start): `to` when the range ends with a
// line ending. Searches backwards, so it costs the last line's length.
qint64 lastLineStart(LineDecoder::Encoding encoding, const uchar *data, qint64 from, qint64 to)
{
    if (SearchTranscoder::isUtf16(encoding)) {
        const bool bigEndian = encoding == LineDecoder::Encoding::Utf16BE;
        qint64 unit = from + ((to - from) & ~qint64(1)) - 2; // the last whole unit
        if (unit + 2 == to && unit >= from && data[unit + (bigEndian ? 0 : 1)] == 0
            && data[unit + (bigEndian ? 1 : 0)] == '\n')
            return to;
        for (; unit >= from; unit -= 2)
            if (data[unit + (bigEndian ? 0 : 1)] == 0 && data[unit + (bigEndian ? 1 : 0)] == '\n')
                return unit + 2;
        return from;
    }
    if (to > from && data[to - 1] == '\n')
        return to;
    for (qint64 at = to - 1; at >= from; --at)
        if (data[at] == '\n')
            return at + 1;
    return from;
}

// Whether the text [0, size) ends with a line ending (the last line then has one).
bool endsWithEnding(LineDecoder::Encoding encoding, const uchar *data, qint64 size)
{
    if (SearchTranscoder::isUtf16(encoding)) {
        if (size < 2 || size % 2)
            return false;
        const uchar hi = encoding == LineDecoder::Encoding::Utf16BE ? data[size - 2] : data[size - 1];
        const uchar lo = encoding == LineDecoder::Encoding::Utf16BE ? data[size - 1] : data[size - 2];
        return hi == 0 && lo == '\n';
    }
    return size > 0 && data[size - 1] == '\n';
}

void mergeUnique(std::vector<qint64> &lines)
{
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
}
} // namespace

struct LineFilter::Compiled {
    LineDecoder::Encoding encoding = LineDecoder::Encoding::Utf8;
    std::vector<std::shared_ptr<const SearchMatcher>> show;
    std::vector<std::shared_ptr<const SearchMatcher>> hide;
};

struct LineFilter::Run {
    std::shared_ptr<const MappedRegion> region;
    std::shared_ptr<const Compiled> compiled;
    QList<FilterRule> rules; // to compile on the worker when `compiled` is not there yet
    LineDecoder::Encoding encoding = LineDecoder::Encoding::Utf8;
    qint64 from = 0;
    qint64 firstLine = 0;
    quint64 generation = 0;
    std::atomic<bool> cancelled{false};
    std::atomic<bool> done{false};
    std::thread thread;
};

LineFilter::LineFilter(QObject *parent) : QObject(parent) {}

LineFilter::~LineFilter()
{
    stopRun();
    waitForFinished();
}

bool LineFilter::isActive(const QList<FilterRule> &rules)
{
    return std::any_of(rules.begin(), rules.end(), [](const FilterRule &rule) { return rule.enabled; });
}

std::shared_ptr<const LineFilter::Compiled> LineFilter::compile(const QList<FilterRule> &rules,
                                                                LineDecoder::Encoding encoding,
                                                                QByteArrayView sample, QString *error)
{
    auto compiled = std::make_shared<Compiled>();
    compiled->encoding = encoding;
    for (const FilterRule &rule : rules) {
        if (!rule.enabled)
            continue;
        SearchOptions options = rule.options;
        options.encoding = encoding;
        QString why;
        std::shared_ptr<const SearchMatcher> matcher = SearchMatcher::compile(options, &why, sample);
        if (!matcher) {
            if (error)
                *error = tr("“%1”: %2").arg(rule.options.pattern, why);
            return nullptr;
        }
        (rule.action == FilterRule::Action::Show ? compiled->show : compiled->hide).push_back(std::move(matcher));
    }
    return compiled;
}

qint64 LineFilter::filterRange(const Compiled &compiled, const MappedRegion &region, qint64 from, qint64 to,
                               qint64 firstLine, LineSet *out, const std::atomic<bool> *cancel)
{
    const uchar *data = region.data();
    const qint64 size = region.size();
    to = qMin(to, size);
    const LineDecoder::Encoding encoding = compiled.encoding;

    std::vector<const SearchMatcher *> matchers;
    std::vector<SearchMatcher::ScratchPtr> scratches;
    for (const auto *list : {&compiled.show, &compiled.hide}) {
        for (const auto &matcher : *list) {
            matchers.push_back(matcher.get());
            scratches.push_back(matcher->makeScratch());
        }
    }
    const size_t showCount = compiled.show.size();
    std::vector<qint64> starts(kOutCapacity);
    std::vector<qint64> numbers(kOutCapacity);
    std::vector<qint64> shown, hidden;
    qint64 *startData = starts.data();
    qint64 *numberData = numbers.data();

    qint64 pos = from;
    qint64 line = firstLine;
    while (pos < to) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return -1;
        qint64 blockEnd = to;
        qint64 blockLines = 0;
        bool ok = FaultGuard::run(data, size, [&] {
            blockEnd = qMin(to, SearchTranscoder::lineStartAtOrAfter(encoding, data, size, pos + kBlockSize));
            if (matchers.empty())
                blockLines = countEndings(encoding, data, pos, blockEnd);
        });
        if (!ok)
            return -1;
        shown.clear();
        hidden.clear();
        for (size_t m = 0; m < matchers.size(); ++m) {
            std::vector<qint64> &into = m < showCount ? shown : hidden;
            qint64 at = pos;
            qint64 counted = pos; // line starts are numbered by counting endings from here
            qint64 number = line;
            while (at < blockEnd) {
                int found = 0;
                qint64 resume = blockEnd;
                ok = FaultGuard::run(data, size, [&] {
                    found = matchers[m]->scanLines(data, at, blockEnd, *scratches[m], startData, kOutCapacity,
                                                   &resume);
                    for (int i = 0; i < found; ++i) {
                        number += countEndings(encoding, data, counted, startData[i]);
                        counted = startData[i];
                        numberData[i] = number;
                    }
                });
                if (!ok)
                    return -1;
                into.insert(into.end(), numbers.begin(), numbers.begin() + found);
                if (resume <= at)
                    break;
                at = resume;
            }
            // The block's line count from the first pattern's pass: the endings counted up to its
            // last match, and those after it (the bytes are in the cache now: no pass of its own).
            if (m == 0 && !FaultGuard::run(data, size, [&] { blockLines = number - line + countEndings(encoding, data, counted, blockEnd); }))
                return -1;
        }
        if (blockEnd == size && !FaultGuard::run(data, size, [&] { blockLines += endsWithEnding(encoding, data, size) ? 0 : 1; }))
            return -1;
        if (matchers.size() > 1) {
            mergeUnique(shown);
            mergeUnique(hidden);
        }
        if (showCount > 0) {
            auto hide = hidden.begin();
            for (qint64 shownLine : shown) {
                while (hide != hidden.end() && *hide < shownLine)
                    ++hide;
                if (hide == hidden.end() || *hide != shownLine)
                    out->append(shownLine);
            }
        } else {
            qint64 next = line;
            for (qint64 hiddenLine : hidden) {
                if (hiddenLine > next)
                    out->appendRange(next, hiddenLine - next);
                next = hiddenLine + 1;
            }
            if (next < line + blockLines)
                out->appendRange(next, line + blockLines - next);
        }
        region.release(pos, blockEnd - pos);
        line += blockLines;
        pos = blockEnd;
    }
    return line - firstLine;
}

void LineFilter::start(std::shared_ptr<const MappedRegion> region, const QList<FilterRule> &rules,
                       LineDecoder::Encoding encoding)
{
    stopRun();
    m_rules = rules;
    m_encoding = encoding;
    m_compiled.reset();
    m_error.clear();
    m_lines = LineSet();
    m_filteredBytes = 0;
    m_completeBytes = 0;
    m_completeLines = 0;
    launch(std::move(region), 0, 0);
}

void LineFilter::extend(std::shared_ptr<const MappedRegion> region)
{
    if (m_status != Status::Finished || !m_compiled || !region)
        return;
    stopRun();
    m_lines.removeFrom(m_completeLines);
    launch(std::move(region), m_completeBytes, m_completeLines);
}

void LineFilter::launch(std::shared_ptr<const MappedRegion> region, qint64 from, qint64 firstLine)
{
    m_status = Status::Running;
    auto run = std::make_shared<Run>();
    run->region = std::move(region);
    run->compiled = m_compiled;
    run->rules = m_rules;
    run->encoding = m_encoding;
    run->from = from;
    run->firstLine = firstLine;
    run->generation = ++m_generation;
    m_run = run;
    run->thread = std::thread([this, raw = run.get()] { work(raw); });
}

void LineFilter::work(Run *run)
{
    QString error;
    Status end = Status::Finished;
    std::shared_ptr<const Compiled> compiled = run->compiled;
    const qint64 size = run->region ? run->region->size() : 0;
    if (!compiled) {
        QByteArray sample;
        if (run->region && size > 0) {
            const qint64 len = qMin<qint64>(size, SearchMatcher::kSampleBytes);
            sample.resize(len);
            char *into = sample.data();
            const uchar *data = run->region->data();
            if (!FaultGuard::run(data, size, [&] { std::memcpy(into, data, size_t(len)); }))
                sample.clear();
        }
        compiled = compile(run->rules, run->encoding, sample, &error);
        if (!compiled)
            end = Status::Failed;
    }

    LineSet pending;
    qint64 line = run->firstLine;
    qint64 pos = run->from;
    qint64 completeBytes = run->from;
    qint64 completeLines = run->firstLine;
    bool announced = false;
    QElapsedTimer sinceLast;
    sinceLast.start();
    auto publish = [&](Status status) {
        const quint64 generation = run->generation;
        LineSet batch = std::move(pending);
        pending = LineSet();
        const qint64 filtered = pos;
        QMetaObject::invokeMethod(
            this,
            [this, generation, batch = std::move(batch), filtered, completeBytes, completeLines, size, status,
             error, compiled]() mutable {
                if (!m_compiled && compiled && generation == m_generation)
                    m_compiled = compiled;
                deliver(generation, std::move(batch), filtered, completeBytes, completeLines, size, status, error);
            },
            Qt::QueuedConnection);
        announced = true;
        sinceLast.restart();
    };

    if (compiled && run->region) {
        const MappedRegion &region = *run->region;
        const LineDecoder::Encoding encoding = compiled->encoding;
        const uchar *data = region.data();
        // A large range is split in two at a line start: the second half is filtered at once on
        // a thread of its own, its lines numbered from 0 and renumbered when the first half ends.
        qint64 split = size;
        if (size - pos >= kParallelBytes
            && !FaultGuard::run(data, size, [&] {
                   split = SearchTranscoder::lineStartAtOrAfter(encoding, data, size, pos + (size - pos) / 2);
               }))
            split = size;
        LineSet tail;
        qint64 tailLines = 0;
        std::thread tailWorker;
        if (split < size) {
            tailWorker = std::thread([&] {
                tailLines = filterRange(*compiled, region, split, size, 0, &tail, &run->cancelled);
            });
        }
        while (pos < split) {
            if (run->cancelled.load(std::memory_order_relaxed))
                break;
            qint64 blockEnd = split;
            const bool ok = FaultGuard::run(data, size, [&] {
                blockEnd = qMin(split, SearchTranscoder::lineStartAtOrAfter(encoding, data, size, pos + 4 * kBlockSize));
            });
            const qint64 lines = ok ? filterRange(*compiled, region, pos, blockEnd, line, &pending, &run->cancelled)
                                    : -1;
            if (lines < 0) {
                if (!run->cancelled.load())
                    end = Status::Failed;
                break;
            }
            line += lines;
            pos = blockEnd;
            const bool firstScreen = !announced && pending.count() >= kFirstBatchLines;
            if (pos < size && (firstScreen || sinceLast.elapsed() >= kPublishIntervalMs))
                publish(Status::Running);
        }
        if (tailWorker.joinable()) {
            tailWorker.join();
            if (tailLines < 0 && !run->cancelled.load())
                end = Status::Failed;
            if (pos == split && tailLines >= 0 && end != Status::Failed) {
                pending.appendSet(std::move(tail), line);
                line += tailLines;
                pos = size;
            }
        }
        if (run->cancelled.load())
            end = Status::Cancelled;
        if (end == Status::Failed)
            error = tr("The file changed while it was being filtered.");
        // Where extend() goes on: after the last line ending (a last line without one is filtered
        // again when the file grows).
        completeBytes = pos;
        completeLines = line;
        if (end == Status::Finished && pos > run->from) {
            qint64 lastStart = -1;
            if (FaultGuard::run(data, size, [&] { lastStart = lastLineStart(encoding, data, run->from, pos); })
                && lastStart < pos) {
                completeBytes = lastStart;
                completeLines = line - 1;
            }
        }
    }
    run->done = true;
    publish(end);
}

void LineFilter::stopRun()
{
    if (!m_run)
        return;
    ++m_generation; // what the cancelled run has queued is dropped
    m_run->cancelled = true;
    m_retired.push_back(std::move(m_run));
    m_run.reset();
    // Join the workers that have already returned; the others are joined later.
    auto finished = std::partition(m_retired.begin(), m_retired.end(),
                                   [](const std::shared_ptr<Run> &run) { return !run->done.load(); });
    for (auto it = finished; it != m_retired.end(); ++it)
        if ((*it)->thread.joinable())
            (*it)->thread.join();
    m_retired.erase(finished, m_retired.end());
    if (m_status == Status::Running)
        m_status = Status::Cancelled;
}

void LineFilter::cancel() { stopRun(); }

void LineFilter::waitForFinished()
{
    if (m_run && m_run->thread.joinable())
        m_run->thread.join();
    for (const std::shared_ptr<Run> &run : m_retired)
        if (run->thread.joinable())
            run->thread.join();
    m_retired.clear();
}

void LineFilter::deliver(quint64 generation, LineSet &&batch, qint64 filteredBytes, qint64 completeBytes,
                         qint64 completeLines, qint64 total, Status end, const QString &error)
{
    if (generation != m_generation)
        return;
    const qint64 before = m_lines.count();
    m_lines.appendSet(std::move(batch));
    m_lines.squeeze();
    m_filteredBytes = filteredBytes;
    m_completeBytes = completeBytes;
    m_completeLines = completeLines;
    if (m_lines.count() != before)
        emit linesAdded(m_lines.count());
    emit progress(filteredBytes, total);
    if (end != Status::Running) {
        m_status = end;
        m_error = error;
        if (m_run && m_run->generation == generation && m_run->thread.joinable()) {
            m_run->thread.join();
            m_run.reset();
        }
        emit finished(end);
    }
}
