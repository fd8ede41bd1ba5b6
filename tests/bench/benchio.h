#pragma once

#include "fileeditor.h"

#include <functional>

#include <QString>

class Document;
class QEventLoop;

// Output and shared steps of the tome-bench subcommands.
namespace BenchIo {

void printLine(const QString &text);  // UTF-8, to stdout, with "\n"
int fail(const QString &message);     // prints "tome-bench: message" on stderr, returns 1
// Opens `path` into `document`; on failure prints the reason and returns false.
bool openDocument(Document &document, const QString &path);
// Runs an event loop until done() holds (returns at once if it does): wire() connects the signals
// after which it is checked to the loop, with `check` as their slot.
void waitUntil(const std::function<bool()> &done,
               const std::function<void(QEventLoop &loop, const std::function<void()> &check)> &wire);
// Runs the event loop until the document knows `lines` lines or indexing has ended.
void waitForLines(Document &document, qint64 lines);
// Applies an edit with a FileEditor on `document` (waiting for a rewrite to end) and prints
// {"mode":"in-place"|"rewrite","ms":T}; on failure prints the reason. Returns the exit code.
int runEdit(Document &document, const std::function<FileEditor::Result(FileEditor &)> &apply);
// The peak resident set of this process so far, in bytes (-1 where unknown).
qint64 peakResidentBytes();

} // namespace BenchIo
