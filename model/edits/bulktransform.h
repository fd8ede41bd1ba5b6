#pragma once

#include "bulkoperation.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>

class ChunkedLiteral;
class SearchMatcher;
class SearchLiteral;

// A compiled BulkOperation: turns blocks of whole lines of a file into the new bytes, counting as
// it goes. Lines are found as search finds them (SearchMatcher::scanLines, the same engines); the
// matches within a line are PCRE2's with the options search compiles (Unicode, case folding,
// whole words), or for a case-sensitive literal a plain byte search, which finds the same ones.
//
// A block is run through a Cursor, which the caller keeps: run() goes on from the cursor and
// stops when the block is done, when the output buffer is too small (NeedRoom: grow it to
// `*roomNeeded` and call again; nothing is lost or done twice) or on an error (Failed: a
// replacement PCRE2 refused; errorText()). Output is produced lazily: while no line of the block
// has changed, nothing is copied, and a block that comes out unchanged is reported as such
// (Cursor::changed false) so that the caller can write the input bytes themselves.
//
// run() reads only [data + cursor.from, data + cursor.to) (and up to two bytes before `from`),
// writes only the output buffer and the scratch, and allocates nothing except where the matcher
// grows its scratch, so it may run under FaultGuard over a mapping.
//
// Thread-safety: immutable once compiled; any number of threads may run blocks, each with its
// own Scratch. The line-set kinds number lines: their blocks must be run in file order, each
// cursor starting at its block's first line number (numbersLines()).
class BulkTransform {
public:
    struct Counts {
        qint64 replacements = 0;
        qint64 changedLines = 0; // lines with at least one replacement
        qint64 keptLines = 0;    // keep and delete kinds
        qint64 deletedLines = 0;
        qint64 sizeChange = 0;   // bytes out minus bytes in
        Counts &operator+=(const Counts &other);
        // Whether the file comes out different.
        bool changesFile() const { return replacements > 0 || deletedLines > 0; }
        friend bool operator==(const Counts &, const Counts &) = default;
    };

    struct Cursor {
        qint64 from = 0;     // the block: a line start (0 for the file's first)
        qint64 to = 0;       // a line start or the end of the file
        qint64 at = -1;      // where to go on (-1: not started)
        qint64 line = 0;     // the 0-based number of the line at `from`, then at `at` (line sets)
        qint64 copiedTo = 0; // input before this is in the output or dropped
        qint64 keptTo = 0;   // KeepMatching: the end of the last kept line
        qint64 countedTo = -1; // Replace: the end of the last line counted as changed
        qint64 hits = 0;       // matching lines of the block so far (keep and delete kinds)
        bool changed = false;  // the block's output differs from its input (it is then in the output)
        static Cursor forBlock(qint64 from, qint64 to, qint64 firstLine = 0);
    };

    struct Output {
        char *data = nullptr;
        qint64 capacity = 0;
        qint64 length = 0;
    };

    enum class Outcome { Done, NeedRoom, Failed };

    class Scratch;
    struct ScratchDeleter {
        void operator()(Scratch *scratch) const;
    };
    using ScratchPtr = std::unique_ptr<Scratch, ScratchDeleter>;

    // nullptr and a message for the user in *error when the operation cannot run (invalid
    // pattern or replacement, an empty pattern, Replace on text that is not UTF-8). `sample`:
    // the file's first bytes (SearchMatcher::kSampleBytes), to tune the literal search.
    static std::shared_ptr<const BulkTransform> compile(const BulkOperation &operation, QString *error,
                                                        QByteArrayView sample = {});
    ~BulkTransform();
    BulkTransform(const BulkTransform &) = delete;
    BulkTransform &operator=(const BulkTransform &) = delete;

    const BulkOperation &operation() const { return m_operation; }
    bool numbersLines() const { return !m_operation.usesPattern(); }

    ScratchPtr makeScratch() const;

    // Runs the block of `cursor` (see the class comment). countOnly: counts without producing
    // output (the output buffer may still be used as room for a replacement).
    Outcome run(const uchar *data, Cursor *cursor, Scratch &scratch, Output *out, Counts *counts, bool countOnly,
                qint64 *roomNeeded) const;
    // Why run() failed, from the scratch it failed with.
    QString errorText(const Scratch &scratch) const;

    // The bytes that replace one match, [matchStart, matchStart + matchLength) of `line` (the
    // line's text, UTF-8), as Replace All would write them; nullopt and *error when that is not
    // a match of the pattern there. Replace only. O(line).
    std::optional<QByteArray> replacementFor(QByteArrayView line, qint64 matchStart, qint64 matchLength,
                                             QString *error) const;

private:
    BulkTransform();
    bool compileLineMatcher(QString *error);
    bool checkReplacement(QString *error) const;

    Outcome runLiteral(const uchar *data, Cursor *cursor, Output *out, Counts *counts, bool countOnly,
                       qint64 *roomNeeded) const;
    Outcome runReplace(const uchar *data, Cursor *cursor, Scratch &scratch, Output *out, Counts *counts,
                       bool countOnly, qint64 *roomNeeded) const;
    Outcome runMatching(const uchar *data, Cursor *cursor, Scratch &scratch, Output *out, Counts *counts,
                        bool countOnly, qint64 *roomNeeded) const;
    Outcome runLineSet(const uchar *data, Cursor *cursor, Output *out, Counts *counts, bool countOnly,
                       qint64 *roomNeeded) const;
    // Replaces the matches of one line into `to` (at most `room` bytes); the number of
    // replacements, or -1 with *needed (more room) or *error (a PCRE2 error code).
    qint64 replaceInLine(const uchar *line, qint64 length, Scratch &scratch, char *to, qint64 room,
                         qint64 *written, qint64 *needed) const;
    bool nextLiteralMatch(const uchar *line, qint64 length, qint64 from, Scratch &scratch, qint64 *start,
                          qint64 *end) const;
    qint64 lineEnd(const uchar *data, qint64 at, qint64 to) const;
    qint64 linesIn(const uchar *data, qint64 from, qint64 to) const;
    qint64 textStart(const uchar *data, const Cursor &cursor) const;

    BulkOperation m_operation;
    std::shared_ptr<const SearchMatcher> m_matcher;
    QByteArray m_needle;      // the literal, UTF-8
    QByteArray m_replacement; // UTF-8
    bool m_plainLiteral = false; // case-sensitive literal, not whole words: a byte search
    bool m_never = false;        // a literal holding a line end matches nothing
    std::unique_ptr<SearchLiteral> m_literal;
    std::unique_ptr<ChunkedLiteral> m_chunked; // a literal too long for one PCRE2 pattern
    void *m_code = nullptr;                    // pcre2_code *: the pattern, for matches within a line
};
