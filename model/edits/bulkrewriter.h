#pragma once

#include "bulktransform.h"
#include "fileidentity.h"
#include "fileversions.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

// Runs a BulkTransform over a whole file: count() says what it would do, run() does it as one
// crash-safe rewrite, streaming.
//
// Both map the file and cut it into blocks of whole lines (kBlockBytes), which several threads
// transform at once (the line-set kinds, which number lines, one block after another); a block's
// pages are released once it is done, so memory stays bounded by the blocks in flight. count()
// writes nothing: it is a search with counting, at search speed.
//
// run() writes the new version beside the file (".NAME.tome-tmp-PID-XXXX", as FileRewriter
// does), each block at its place in file order as soon as it is ready (a block that does not
// change is written straight from the mapping), starting the write-back to the disk as it goes;
// then it flushes it, gives it the original's mode and owner, optionally keeps the previous
// version for undo (FileVersions), renames the new file over the original atomically and flushes
// the folder. It refuses to start when the file is not `expected` or the folder lacks the free
// space, and refuses to rename when the file changed during the run. Whatever fails, and
// wherever the process is killed, the path names either the old file or the complete new one;
// a failed or cancelled run removes what it wrote, and Document::open() removes what a killed
// one left. When nothing would change (no match), the file is not touched (Result::unchanged).
//
// Both are synchronous and O(file size): call them from a worker thread (BulkEditor does).
// Thread-safety: reentrant; `progress` is called from one worker thread at a time.
class BulkRewriter {
public:
    static constexpr qint64 kBlockBytes = 4 << 20;

    struct Plan {
        QString path;
        FileIdentity expected;  // what the caller last saw (size < 0: do not check)
        std::shared_ptr<const BulkTransform> transform;
        bool keepPrevious = false; // keep the old version for undo (FileVersions)
        bool allowCopy = true;     // ... also when only a copy of it can keep it
        bool checkFreeSpace = true;
        qint64 newSizeHint = -1;   // the new size, when a count() found it (for the free-space check)
        int threads = 0;           // 0: one per core
        qint64 blockBytes = kBlockBytes; // (smaller for tests of the block boundaries)
        // Line starts of the file, in increasing order, whose lines the caller follows (marks):
        // Result::tracked says where they went. Keep and delete by pattern only.
        std::vector<qint64> trackedOffsets;
    };

    struct Result {
        bool ok = false;
        bool cancelled = false;
        bool changed = false;   // refused: the file is not what the plan expected
        bool unchanged = false; // ok, and nothing to change: the file was not touched
        QString error;          // a sentence for the user when !ok && !cancelled
        BulkTransform::Counts counts;
        qint64 oldSize = 0;
        qint64 newSize = 0;
        FileIdentity before;    // the file that was read
        FileIdentity written;   // the new file (ok && !unchanged)
        std::optional<FileVersions::Kept> kept; // the previous version, when kept
        // Per Plan::trackedOffsets (ok && !unchanged): nullopt when that line was deleted, else
        // how many lines before it were (its new 0-based number is the old one minus that).
        // Costs a count of the blocks that hold them. Empty for the other kinds, or when unknown.
        std::vector<std::optional<qint64>> tracked;
    };

    // Called with input bytes done and the file's size, at most once per block; false cancels.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    static Result count(const QString &path, const FileIdentity &expected,
                        const std::shared_ptr<const BulkTransform> &transform, const Progress &progress = {},
                        int threads = 0, qint64 blockBytes = kBlockBytes);
    static Result run(const Plan &plan, const Progress &progress = {});
};
