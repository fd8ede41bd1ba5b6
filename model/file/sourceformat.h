#pragma once

#include <QString>

// What a file holds as far as opening it goes: plain bytes to map, a compressed stream to
// decompress first, or a file that reports a size of 0 yet has content (procfs, some FUSE
// mounts), which must be read to its end rather than mapped. Told by content, never by name.
namespace SourceFormat {

enum class Kind {
    Plain,
    Gzip,   // 1f 8b (also several members one after another)
    Bzip2,  // "BZh" + block size digit
    Xz,     // fd "7zXZ" 00
    Zstd,   // 28 b5 2f fd
    Unsized, // a regular file of size 0 whose read() yields bytes
};

// Looks at the first bytes of `path` (a few bytes read, O(1)). Plain for anything that cannot be
// read: opening it then reports why.
Kind detect(const QString &path);
// Kind of the bytes at the start of a file (for tests and detect()), given the size the file reported
// before and after those bytes were read. Unsized needs 0 both times: a log emptied and written again
// while it is looked at (copytruncate rotation) had a size by the time its bytes were read, and is Plain.
Kind fromHeader(const QByteArray &header, qint64 sizeBeforeRead, qint64 sizeAfterRead);
// "gzip", "bzip2", "xz", "zstd"; empty for Plain and Unsized.
QString name(Kind kind);

} // namespace SourceFormat
