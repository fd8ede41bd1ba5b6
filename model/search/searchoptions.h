#pragma once

#include "linedecoder.h"

#include <QString>

// What to look for. A pattern is matched line by line, like grep: each line is the whole subject
// (its ending, "\n" or the UTF-16 unit U+000A, is not part of it; a "\r" before it is), so a
// match never spans lines and \A, \z, ^, $ and lookarounds see only the line. Case folding and
// word characters follow Unicode (letters, digits and '_' make up words).
struct SearchOptions {
    QString pattern;
    bool regex = false;         // PCRE syntax; otherwise the pattern is a literal string
    bool caseSensitive = true;  // false: Unicode case folding (CASTAÑA finds castaña)
    bool wholeWord = false;     // the match is neither preceded nor followed by a word character
    // How the file's bytes are text. The pattern matches the decoded text (UTF-16 lines end at
    // the code unit U+000A; a byte order mark at the file's start is not text); offsets are
    // always bytes of the file. Pass the document's encoding (LineModel::encoding()).
    LineDecoder::Encoding encoding = LineDecoder::Encoding::Utf8;

    friend bool operator==(const SearchOptions &, const SearchOptions &) = default;
};
