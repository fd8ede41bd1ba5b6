#pragma once

#include <QByteArrayView>

// Whether a regular expression can be searched for across a whole buffer of lines at once
// (PCRE2, multiline mode, '\n' line ends) without losing any line that matches on its own.
//
// A line-local pattern has a buffer-wide match starting in every line that matches alone, and a
// buffer-wide match that stays within one line is a match of that line alone: ^, $, \b and \B
// see a '\n' neighbour as they see a subject's end, and plain backtracking can only find more in
// a longer subject. What breaks that (\A, \z, \Z, \G, \K, lookarounds, atomic groups, possessive
// quantifiers, conditionals, backtracking verbs, callouts, options that turn off multiline) makes
// the pattern not line-local; such patterns are matched line by line.
//
// The test is lexical and errs on the safe side: a pattern that merely mentions such a construct
// (escaped, in a class or a comment) is reported as not line-local. O(pattern).
class RegexLocality {
public:
    static bool isLineLocal(QByteArrayView pattern);
};
