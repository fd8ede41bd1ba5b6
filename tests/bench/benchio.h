#pragma once

#include <QString>

class Document;

// Output and shared steps of the tome-bench subcommands.
namespace BenchIo {

void printLine(const QString &text);  // UTF-8, to stdout, with "\n"
int fail(const QString &message);     // prints "tome-bench: message" on stderr, returns 1
// Opens `path` into `document`; on failure prints the reason and returns false.
bool openDocument(Document &document, const QString &path);
// Runs the event loop until the document knows `lines` lines or indexing has ended.
void waitForLines(Document &document, qint64 lines);
// The peak resident set of this process so far, in bytes (-1 where unknown).
qint64 peakResidentBytes();

} // namespace BenchIo
