#include "bulkrewriter.h"

#include "faultguard.h"
#include "fileeditorio.h"
#include "filerewriter.h"
#include "mappedfile.h"
#include "searchtranscoder.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QThread>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(Q_OS_LINUX)
#include <fcntl.h>
#endif

namespace {

// Write-back of the new file is started every this many bytes, so that the final flush finds
// most of it on its way to the disk already.
constexpr qint64 kWriteBackBytes = 32 << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("BulkRewriter", text);
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes);
}

void startWriteBack(int fd, qint64 from, qint64 length)
{
#if defined(Q_OS_LINUX)
    ::sync_file_range(fd, off64_t(from), off64_t(length), SYNC_FILE_RANGE_WRITE);
#else
    Q_UNUSED(fd);
    Q_UNUSED(from);
    Q_UNUSED(length);
#endif
}

// One pass over a mapped file: blocks handed out to workers in file order; for a rewrite, each
// written at its place once the blocks before it are.
class Pass {
public:
    Pass(const BulkTransform &transform, const MappedRegion &region, int outFd, const BulkRewriter::Progress &progress,
         qint64 blockBytes)
        : m_transform(transform)
        , m_region(region)
        , m_data(region.data())
        , m_size(region.size())
        , m_outFd(outFd)
        , m_progress(progress)
        , m_blockBytes(qMax<qint64>(1, blockBytes))
    {
    }

    void run(int threads)
    {
        if (m_size == 0)
            return;
        if (m_transform.numbersLines())
            threads = 1;
        std::vector<std::thread> workers;
        for (int i = 1; i < threads; ++i)
            workers.emplace_back([this] { work(); });
        work();
        for (std::thread &worker : workers)
            worker.join();
    }

    bool failed() const { return !m_error.isEmpty() || m_cancelled; }
    bool cancelled() const { return m_cancelled; }
    QString error() const { return m_error; }
    const BulkTransform::Counts &counts() const { return m_counts; }
    qint64 written() const { return m_written; }
    // Each block written, in file order: where it starts, lines deleted before it.
    struct Block {
        qint64 from = 0;
        qint64 deletedBefore = 0;
    };
    const std::vector<Block> &blocks() const { return m_blocks; }

private:
    void fail(const QString &why, bool cancelled = false)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_stop) {
            m_error = why;
            m_cancelled = cancelled;
        }
        m_stop = true;
        m_turn.notify_all();
    }

    void work()
    {
        const BulkTransform::ScratchPtr scratch = m_transform.makeScratch();
        const bool counting = m_outFd < 0;
        std::vector<char> buffer(size_t(counting ? 1 << 16 : m_blockBytes + m_blockBytes / 4 + 64));
        qint64 line = 0; // the next block's first line (one worker, blocks in order)
        const SearchTranscoder::Encoding encoding = m_transform.operation().options.encoding;
        while (!m_stop.load(std::memory_order_relaxed)) {
            const qint64 index = m_nextBlock.fetch_add(1);
            const qint64 nominal = index * m_blockBytes;
            if (nominal >= m_size)
                break;
            qint64 start = 0;
            qint64 end = m_size;
            const bool bounded = FaultGuard::run(m_data, m_size, [&] {
                if (nominal > 0)
                    start = SearchTranscoder::lineStartAtOrAfter(encoding, m_data, m_size, nominal);
                if (nominal + m_blockBytes < m_size)
                    end = SearchTranscoder::lineStartAtOrAfter(encoding, m_data, m_size, nominal + m_blockBytes);
            });
            if (!bounded)
                return fail(tr("the file became shorter while it was being read"));
            start = qMin(start, end); // a line longer than a block: the block that holds its start has it

            BulkTransform::Cursor cursor = BulkTransform::Cursor::forBlock(start, end, line);
            BulkTransform::Counts counts;
            BulkTransform::Output out;
            if (!counting && qint64(buffer.size()) < end - start)
                buffer.resize(size_t(end - start + (end - start) / 4));
            m_region.prefetch(end, m_blockBytes);
            for (;;) {
                out.data = buffer.data();
                out.capacity = qint64(buffer.size());
                BulkTransform::Outcome outcome = BulkTransform::Outcome::Done;
                qint64 roomNeeded = 0;
                const bool read = FaultGuard::run(m_data, m_size, [&] {
                    outcome = m_transform.run(m_data, &cursor, *scratch, &out, &counts, counting, &roomNeeded);
                });
                if (!read)
                    return fail(tr("the file became shorter while it was being read"));
                if (outcome == BulkTransform::Outcome::Failed)
                    return fail(m_transform.errorText(*scratch));
                if (outcome == BulkTransform::Outcome::Done)
                    break;
                buffer.resize(size_t(qMax(roomNeeded, qint64(buffer.size()) * 2)));
            }
            line = cursor.line;
            if (counting) {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_counts += counts;
                m_done += end - start;
                if (m_progress && !m_stop && !m_progress(m_done, m_size)) {
                    m_stop = true;
                    m_cancelled = true;
                }
            } else if (!write(index, cursor, out, counts)) {
                return;
            }
            m_region.release(start, end - start);
        }
    }

    // Waits for the blocks before `index` to be written, then writes this one.
    bool write(qint64 index, const BulkTransform::Cursor &cursor, const BulkTransform::Output &out,
               const BulkTransform::Counts &counts)
    {
        qint64 at = 0;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_turn.wait(lock, [&] { return m_nextToWrite == index || m_stop; });
            if (m_stop)
                return false;
            at = m_written;
        }
        // Only the block whose turn it is writes: the rest wait above. Blocks that come out as
        // they were are written from the mapping; those before the first change only once a
        // change comes (so a run that changes nothing writes nothing).
        const char *bytes = cursor.changed ? out.data : reinterpret_cast<const char *>(m_data + cursor.from);
        const qint64 length = cursor.changed ? out.length : cursor.to - cursor.from;
        const bool deferred = !m_changeSeen && !cursor.changed;
        QString why;
        if (!deferred && !m_changeSeen) {
            m_changeSeen = true;
            if (!writeChunks(0, reinterpret_cast<const char *>(m_data), at, &why)) { // the unchanged start
                fail(why);
                return false;
            }
        }
        if (!deferred && !writeChunks(at, bytes, length, &why)) {
            fail(why);
            return false;
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        m_blocks.push_back({cursor.from, m_counts.deletedLines});
        m_written = at + length;
        m_counts += counts;
        ++m_nextToWrite;
        if (m_progress && !m_stop && !m_progress(cursor.to, m_size)) {
            m_stop = true;
            m_cancelled = true;
        }
        m_turn.notify_all();
        return !m_stop;
    }

    // Writes [at, at + length) of the new file, starting its write-back every kWriteBackBytes.
    bool writeChunks(qint64 at, const char *bytes, qint64 length, QString *why)
    {
        while (length > 0) {
            const qint64 chunk = qMin(length, kWriteBackBytes);
            if (!FileEditorIo::writeAt(m_outFd, at, bytes, chunk, why))
                return false;
            at += chunk;
            bytes += chunk;
            length -= chunk;
            if (at - m_writeBackFrom >= kWriteBackBytes) {
                startWriteBack(m_outFd, m_writeBackFrom, at - m_writeBackFrom);
                m_writeBackFrom = at;
            }
        }
        return true;
    }

    const BulkTransform &m_transform;
    const MappedRegion &m_region;
    const uchar *m_data;
    const qint64 m_size;
    const int m_outFd;
    const BulkRewriter::Progress &m_progress;
    const qint64 m_blockBytes;
    std::atomic<qint64> m_nextBlock{0};
    std::atomic<bool> m_stop{false};
    qint64 m_writeBackFrom = 0; // the turn's holder only
    bool m_changeSeen = false;  // the turn's holder only

    std::mutex m_mutex; // guards what follows
    std::condition_variable m_turn;
    qint64 m_nextToWrite = 0;
    qint64 m_written = 0;
    qint64 m_done = 0;
    BulkTransform::Counts m_counts;
    std::vector<Block> m_blocks;
    QString m_error;
    bool m_cancelled = false;
};

// Maps `path` and checks that it is `expected`; false with the result filled in otherwise.
bool openExpected(const QString &path, const FileIdentity &expected, MappedFile &file, BulkRewriter::Result *result)
{
    const QString name = QFileInfo(path).fileName();
    const FileIdentity now = MappedFile::identityOf(path);
    if (now.size < 0) {
        result->changed = true;
        result->error = tr("%1 was deleted since Tome read it; nothing was written.").arg(name);
        return false;
    }
    const auto same = [](const FileIdentity &a, const FileIdentity &b) { return a == b; };
    if (expected.size >= 0 && !same(now, expected)) {
        result->changed = true;
        result->error = tr("%1 has changed on disk since Tome last read it; nothing was written.").arg(name);
        return false;
    }
    if (file.open(path) != OpenError::None) {
        result->error = file.errorString();
        return false;
    }
    result->before = file.identity();
    result->oldSize = result->before.size;
    if (expected.size >= 0 && !same(result->before, expected)) {
        result->changed = true;
        result->error = tr("%1 has changed on disk since Tome last read it; nothing was written.").arg(name);
        return false;
    }
    return true;
}

// Counts [from, to) (whole lines) without output; false when the mapping could not be read.
bool countRange(const BulkTransform &transform, const MappedRegion &region, BulkTransform::Scratch &scratch,
                std::vector<char> &buffer, qint64 from, qint64 to, BulkTransform::Counts *counts)
{
    BulkTransform::Cursor cursor = BulkTransform::Cursor::forBlock(from, to);
    for (;;) {
        BulkTransform::Output out{buffer.data(), qint64(buffer.size()), 0};
        BulkTransform::Outcome outcome = BulkTransform::Outcome::Done;
        qint64 roomNeeded = 0;
        if (!FaultGuard::run(region.data(), region.size(), [&] {
                outcome = transform.run(region.data(), &cursor, scratch, &out, counts, true, &roomNeeded);
            }))
            return false;
        if (outcome != BulkTransform::Outcome::NeedRoom)
            return outcome == BulkTransform::Outcome::Done;
        buffer.resize(size_t(qMax(roomNeeded, qint64(buffer.size()) * 2)));
    }
}

// Where the lines starting at `offsets` (sorted) went: see Result::tracked. Reads only the
// blocks that hold them, from their start.
std::vector<std::optional<qint64>> trackLines(const BulkTransform &transform, const MappedRegion &region,
                                              const std::vector<Pass::Block> &blocks,
                                              const std::vector<qint64> &offsets)
{
    std::vector<std::optional<qint64>> tracked(offsets.size());
    if (offsets.empty() || blocks.empty() || !transform.operation().usesPattern())
        return {};
    const BulkTransform::ScratchPtr scratch = transform.makeScratch();
    const SearchTranscoder::Encoding encoding = transform.operation().options.encoding;
    std::vector<char> buffer(1 << 16);
    size_t block = 0;
    qint64 at = 0;      // counted up to here
    qint64 deleted = 0; // lines deleted before `at`
    for (size_t i = 0; i < offsets.size(); ++i) {
        const qint64 offset = offsets[i];
        if (offset < 0 || offset >= region.size() || (i > 0 && offset < offsets[i - 1]))
            return {}; // not line starts in order: nothing is known
        const auto next = std::upper_bound(blocks.begin(), blocks.end(), offset,
                                           [](qint64 value, const Pass::Block &b) { return value < b.from; });
        const size_t holder = size_t(std::max<std::ptrdiff_t>(0, next - blocks.begin() - 1));
        if (holder != block) {
            block = holder;
            at = blocks[holder].from;
            deleted = blocks[holder].deletedBefore;
        }
        if (offset < at) { // the same line again
            tracked[i] = i > 0 ? tracked[i - 1] : std::nullopt;
            continue;
        }
        BulkTransform::Counts before;
        if (!countRange(transform, region, *scratch, buffer, at, offset, &before))
            return {};
        qint64 end = region.size();
        if (!FaultGuard::run(region.data(), region.size(), [&] {
                end = SearchTranscoder::lineStartAtOrAfter(encoding, region.data(), region.size(), offset + 1);
            }))
            return {};
        BulkTransform::Counts own;
        if (!countRange(transform, region, *scratch, buffer, offset, end, &own))
            return {};
        deleted += before.deletedLines;
        if (own.deletedLines == 0)
            tracked[i] = deleted;
        deleted += own.deletedLines;
        at = end;
    }
    return tracked;
}

int threadsFor(int requested)
{
    return requested > 0 ? requested : qMax(1, QThread::idealThreadCount());
}

} // namespace

BulkRewriter::Result BulkRewriter::count(const QString &path, const FileIdentity &expected,
                                         const std::shared_ptr<const BulkTransform> &transform,
                                         const Progress &progress, int threads, qint64 blockBytes)
{
    Result result;
    MappedFile file;
    if (!openExpected(path, expected, file, &result))
        return result;
    const std::shared_ptr<const MappedRegion> region = file.region();
    Pass pass(*transform, *region, -1, progress, blockBytes);
    pass.run(threadsFor(threads));
    result.cancelled = pass.cancelled();
    if (pass.failed()) {
        if (!result.cancelled)
            result.error = tr("Could not read %1: %2.").arg(QFileInfo(path).fileName(), pass.error());
        return result;
    }
    result.ok = true;
    result.counts = pass.counts();
    result.newSize = result.oldSize + result.counts.sizeChange;
    result.unchanged = !result.counts.changesFile();
    return result;
}

BulkRewriter::Result BulkRewriter::run(const Plan &plan, const Progress &progress)
{
    Result result;
    const QString name = QFileInfo(plan.path).fileName();
    MappedFile file;
    if (!openExpected(plan.path, plan.expected, file, &result))
        return result;
    const qint64 size = result.oldSize;
    const auto fail = [&](const QString &why) {
        result.error = tr("Could not rewrite %1 (%2). The file is unchanged.").arg(name, why);
        return result;
    };

    std::optional<FileVersions::Method> keepMethod;
    if (plan.keepPrevious) {
        QString why;
        keepMethod = FileVersions::probe(plan.path, size, qMax<qint64>(plan.newSizeHint, size), &why);
        if (!keepMethod || (*keepMethod == FileVersions::Method::Copy && !plan.allowCopy))
            return fail(why.isEmpty() ? tr("its previous version cannot be kept for undo") : why);
    }
    if (plan.checkFreeSpace) {
        const qint64 newSize = plan.newSizeHint >= 0 ? plan.newSizeHint : size;
        const qint64 needed = newSize + (keepMethod == FileVersions::Method::Copy ? size : 0);
        const qint64 free = FileRewriter::freeBytesFor(plan.path);
        if (free >= 0 && free < needed) {
            result.error = tr("Not enough free disk space to rewrite %1: it needs %2, and %3 are free.")
                               .arg(name, sizeText(needed), sizeText(free));
            return result;
        }
    }

    QString why;
    const int in = FileEditorIo::openForRead(plan.path, &why);
    if (in < 0)
        return fail(why);
    const QString tempPath = FileRewriter::newTempPath(plan.path);
    const int out = FileEditorIo::createExclusive(tempPath, &why);
    if (out < 0) {
        FileEditorIo::closeFile(in);
        return fail(why + tr(" (in its folder)"));
    }
    const auto abandon = [&](const QString &reason) {
        FileEditorIo::closeFile(out);
        FileEditorIo::closeFile(in);
        QFile::remove(tempPath);
        if (result.kept)
            FileVersions::discard(result.kept->path);
        result.kept.reset();
        return reason.isEmpty() ? result : fail(reason);
    };

    const std::shared_ptr<const MappedRegion> region = file.region();
    Pass pass(*plan.transform, *region, out, progress, plan.blockBytes);
    pass.run(threadsFor(plan.threads));
    result.counts = pass.counts();
    result.newSize = pass.written();
    if (pass.failed()) {
        result.cancelled = pass.cancelled();
        return abandon(result.cancelled ? QString() : pass.error());
    }
    if (!result.counts.changesFile()) {
        result.ok = true;
        result.unchanged = true;
        result.newSize = size;
        return abandon(QString());
    }
    result.tracked = trackLines(*plan.transform, *region, pass.blocks(), plan.trackedOffsets);
    FileRewriter::copyPermissions(in, out);
    if (!FileEditorIo::flushData(out, &why))
        return abandon(why);
    if (plan.keepPrevious) {
        QString keepWhy;
        result.kept = FileVersions::keep(plan.path, in, result.before, plan.allowCopy, &keepWhy);
        if (!result.kept)
            return abandon(tr("its previous version could not be kept for undo: %1").arg(keepWhy));
    }
    if (MappedFile::identityOf(plan.path) != result.before)
        return abandon(tr("another program changed the file during the rewrite; nothing was replaced"));
    FileEditorIo::closeFile(out);
    if (!FileRewriter::replaceWith(tempPath, plan.path, &why)) {
        FileEditorIo::closeFile(in);
        QFile::remove(tempPath);
        if (result.kept)
            FileVersions::discard(result.kept->path);
        result.kept.reset();
        return fail(why);
    }
    FileEditorIo::closeFile(in);
    result.written = MappedFile::identityOf(plan.path);
    if (!FileEditorIo::flushFolderOf(plan.path, &why)) {
        result.ok = true; // the new file is in place; only its durability is in doubt
        result.error = tr("%1 was rewritten, but the folder could not be flushed to disk (%2).").arg(name, why);
        return result;
    }
    result.ok = true;
    return result;
}
