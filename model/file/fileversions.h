#pragma once

#include "fileidentity.h"

#include <QString>

#include <functional>
#include <optional>

// Versions of a file kept for undo, as hidden files beside it (".NAME.tome-undo-PID-XXXX" in the
// same folder, so that putting one back is a rename).
//
// A version is kept, in order of preference, as:
//  - Link: a second name for the file itself (a hard link): nothing is copied and nothing more
//    is used on disk than the old file already uses; the old file's bytes simply stay on disk
//    instead of being freed when a rewrite replaces it. Put back, it is the very same file
//    (device, inode, size, modification time), so edits recorded against it still apply;
//  - Clone: a reflink (FICLONE, Linux; btrfs, XFS, ...): a new file sharing the old one's extents;
//  - Copy: a full copy (kernel copy_file_range where it can), which costs the file's size in free
//    space and the time to copy it.
// The kept file never changes afterwards. Whatever fails or wherever the process is killed, the
// path keeps naming what it named: keeping only adds a hidden name, restore() is one atomic
// rename. A version left by a process that is gone (a crash) is removed by removeStale(), which
// Document::open() runs (through EditJournal::recoverAtOpen()).
//
// Thread-safety: reentrant; keep() and the copy behind it are O(file size) only for Copy, so
// callers run them on a worker thread.
class FileVersions {
public:
    enum class Method { Link, Clone, Copy };

    struct Kept {
        QString path;          // the hidden file
        FileIdentity identity; // of the version (the same file for Link)
        Method method = Method::Link;
        qint64 size = 0;
    };

    // Called at a coarse grain while copying; return false to stop.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    // How the file at `path` (`size` bytes) can be kept now: a hard link is tried for real (and
    // removed); otherwise a copy is assumed (a reflink, if the file system makes one, only costs
    // less), which needs `size` bytes more than `reservedBytes` free in the folder. nullopt and
    // *why when neither is possible.
    static std::optional<Method> probe(const QString &path, qint64 size, qint64 reservedBytes, QString *why);

    // Keeps the file open as `fd` under a new hidden name. The path must still name that file
    // (`identity`); a Copy only with `allowCopy`. nullopt and *error when it cannot be kept.
    static std::optional<Kept> keep(const QString &path, int fd, const FileIdentity &identity, bool allowCopy,
                                    QString *error, const Progress &progress = {});
    // Renames `kept` over `path` and flushes the folder (`kept` is then gone).
    static bool restore(const Kept &kept, const QString &path, QString *error);
    // Deletes a kept version (nothing when the path is empty).
    static void discard(const QString &keptPath);

    // Deletes the hidden versions beside `path` whose process is gone. Returns how many.
    static int removeStale(const QString &path);
    static QString prefix(const QString &path);
};
