#pragma once

#include <QString>

// What to look for. A pattern is matched line by line, like grep: a match never spans a '\n'
// (a "\r" before it is part of the line's text). Text is UTF-8; case folding and word characters
// follow Unicode (letters, digits and '_' make up words).
struct SearchOptions {
    QString pattern;
    bool regex = false;         // PCRE syntax; otherwise the pattern is a literal string
    bool caseSensitive = true;  // false: Unicode case folding (CASTAÑA finds castaña)
    bool wholeWord = false;     // the match is neither preceded nor followed by a word character

    friend bool operator==(const SearchOptions &, const SearchOptions &) = default;
};
