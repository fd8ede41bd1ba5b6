#pragma once

#include "lineset.h"
#include "searchoptions.h"

#include <QString>

#include <memory>

// What a bulk edit does to every line of a file. Lines are as search has them (SearchOptions):
// a line's text excludes its ending ("\n", or the UTF-16 unit U+000A; a "\r" before it is text),
// and every line that stays keeps its own ending exactly as it was, a last line without one too.
//
//  - Replace: every match of `options` in each line (leftmost first, non-overlapping, as
//    PCRE2's global substitution walks a line) becomes `replacement`. For a literal pattern the
//    replacement is literal text; for a regular expression it uses PCRE2's substitution syntax:
//    $1 or ${1} a numbered group, ${name} a named one, $$ a dollar sign (an unset group is empty).
//    UTF-8 text only.
//  - KeepMatching / DeleteMatching: the lines `options` matches stay / go (grep / grep -v).
//  - KeepLines / DeleteLines: the 0-based lines of `lines` stay / go (a filter applied to the
//    file).
// A UTF-16 byte order mark at the file's start is not a line and always stays.
struct BulkOperation {
    enum class Kind { Replace, KeepMatching, DeleteMatching, KeepLines, DeleteLines };
    Kind kind = Kind::Replace;
    SearchOptions options; // its encoding is the file's (for line sets too)
    QString replacement;
    std::shared_ptr<const LineSet> lines;

    bool usesPattern() const { return kind != Kind::KeepLines && kind != Kind::DeleteLines; }
    bool keeps() const { return kind == Kind::KeepMatching || kind == Kind::KeepLines; }
};
