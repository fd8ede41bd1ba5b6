#pragma once

#include "fileidentity.h"

#include <QByteArray>
#include <QString>

#include <functional>

// Replaces a byte range of a file by bytes of another length, safely: a new file is written
// beside the old one (".NAME.tome-tmp-PID-XXXXXX" in the same folder), the unchanged parts copied
// in the kernel (copy_file_range, which clones extents where the file system can; read/write
// otherwise), the new bytes in between; it is flushed, given the original's mode (and owner where
// permitted), renamed over the original atomically, and the folder flushed.
//
// Guarantees: whatever fails, and wherever the process is killed, the path names either the old
// file or the complete new one. A failed or cancelled run removes its temporary file; one left by a
// killed process is removed by removeStrayTemps() (called on every Document::open()).
// Windows will not replace a file while a view of it is mapped (as Tome's own view is): there the
// old file is first renamed aside to ".NAME.tome-old-*", so a kill between the two renames leaves
// the old file under that name rather than at the path.
// The original is never written to, only read (with read(2), never through a mapping: no SIGBUS).
// The run refuses to start when the file is not what the caller last saw (`expected`), when the
// folder's free space is short of the new size, and refuses to rename when the file changed during
// the run.
//
// run() is synchronous and O(file size); call it from a worker thread (FileEditor does).
// Thread-safety: reentrant.
class FileRewriter {
public:
    struct Plan {
        QString path;
        qint64 byteOffset = 0;   // start of the replaced range
        qint64 oldLength = 0;    // bytes replaced
        QByteArray newBytes;     // what takes their place
        FileIdentity expected;   // what the caller last saw (size < 0: do not check)
        bool checkFreeSpace = true;
        bool checkOldBytes = false;  // refuse unless the range holds expectedOldBytes
        QByteArray expectedOldBytes;
    };

    struct Result {
        bool ok = false;
        bool cancelled = false;
        QString error;          // a sentence for the user when !ok && !cancelled
        bool changed = false;   // refused because the file is not what the plan expected
        FileIdentity written;   // identity of the new file when ok
    };

    // Called at a coarse grain (every 64 MiB) with bytes done and total; return false to cancel.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    static Result run(const Plan &plan, const Progress &progress = {});

    // The free space a rewrite to `newSize` bytes needs in the file's folder: the new file, written
    // beside the original until it replaces it (a full disk met anyway fails cleanly).
    static qint64 requiredFreeBytes(qint64 newSize);
    // Free bytes in the folder of `path` (-1 if unknown).
    static qint64 freeBytesFor(const QString &path);

    // Deletes ".NAME.tome-tmp-*" files beside `path` whose writer process is gone, and on Windows the
    // ".NAME.tome-old-*" files a rewrite moved aside that nobody maps any more (only while `path`
    // exists). Returns how many.
    static int removeStrayTemps(const QString &path);

    // Creates `path` holding `bytes` (temporary file + flush + rename + folder flush); replaces an
    // existing file at `path`.
    static bool createFile(const QString &path, const QByteArray &bytes, QString *error);

    static QString tempPrefix(const QString &path);

    // The steps run() is made of, for writers of whole new versions (BulkRewriter): a new
    // temporary name beside `path` (removeStrayTemps() knows it); the original's mode (and owner
    // where permitted) onto the temporary file; the atomic rename of the temporary file over
    // `path` (on Windows with the old file moved aside, as above).
    static QString newTempPath(const QString &path);
    static void copyPermissions(int original, int temp);
    static bool replaceWith(const QString &tempPath, const QString &path, QString *error);
};
