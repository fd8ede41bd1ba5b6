#pragma once

#include <QByteArray>
#include <QString>

// The few raw file operations the write paths need (FileEditor, EditJournal, FileRewriter),
// each reporting failure as a sentence for the user rather than an errno. POSIX; on Windows the
// descriptors wrap CreateFileW handles that share reading, writing and deletion with other
// programs, reads and writes are positional (ReadFile/WriteFile at an offset) and flushing is
// FlushFileBuffers.
//
// Thread-safety: reentrant. None of these touch a mapping, so none can raise SIGBUS.
namespace FileEditorIo {

// open(2) wrappers; -1 and *error on failure.
int openForWrite(const QString &path, QString *error);
int openForRead(const QString &path, QString *error);
// Creates `path` exclusively (fails if it exists) with `mode` (less the umask).
int createExclusive(const QString &path, QString *error, int mode = 0600);
void closeFile(int fd);

// Writes all of `bytes` at `byteOffset` (pwrite, retried on EINTR and short writes).
bool writeAt(int fd, qint64 byteOffset, const char *bytes, qint64 len, QString *error);
// Reads up to len bytes at byteOffset into *out (fewer only at end of file).
bool readAt(int fd, qint64 byteOffset, qint64 len, QByteArray *out, QString *error);
// Sets the file's size (no flush).
bool truncate(int fd, qint64 size, QString *error);
// Opens `path` read-write, creating it (mode 0600) if needed.
int openOrCreate(const QString &path, QString *error);
// Flushes the file's data to the device: fdatasync (F_FULLFSYNC on macOS, FlushFileBuffers on Windows).
bool flushData(int fd, QString *error);
// Flushes the folder holding `path`, so that a create, rename or unlink in it is durable.
bool flushFolderOf(const QString &path, QString *error);

// "Disk full", "Read-only file system", … for the current errno (POSIX) / last error.
QString lastErrorText();
// Whether process `pid` is still running (true for this process; false when unknown on Windows).
bool isProcessAlive(qint64 pid);
qint64 currentProcessId();

} // namespace FileEditorIo
