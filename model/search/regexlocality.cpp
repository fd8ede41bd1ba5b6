#include "regexlocality.h"

namespace {

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// After "(?": the group kinds that keep a pattern line-local.
bool groupIsLocal(QByteArrayView rest)
{
    if (rest.isEmpty())
        return false;
    const char c = rest.front();
    if (c == ':' || c == '|' || c == '#' || c == '\'' || c == '&' || c == 'R' || (c >= '0' && c <= '9')
        || c == '+')
        return true; // groups, branch reset, comments, names, recursion and subroutine calls
    if (c == '<') // a named group, not a lookbehind
        return rest.size() > 1 && rest[1] != '=' && rest[1] != '!' && rest[1] != '*';
    if (c == 'P') // (?P<name>, (?P=name), (?P>name)
        return true;
    if (isLetter(c)) { // option settings: only ones that add, never (?-m) or (?^)
        if (c == 'C')
            return false; // a callout
        for (const char o : rest) {
            if (o == ')' || o == ':')
                return true;
            if (!isLetter(o))
                return false;
        }
    }
    return false;
}

} // namespace

bool RegexLocality::isLineLocal(QByteArrayView pattern)
{
    const qsizetype n = pattern.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = pattern[i];
        const char next = i + 1 < n ? pattern[i + 1] : '\0';
        switch (c) {
        case '\\':
            if (next == 'A' || next == 'z' || next == 'Z' || next == 'G' || next == 'K')
                return false;
            break;
        case '(':
            if (next == '*')
                return false;
            if (next == '?' && !groupIsLocal(pattern.sliced(i + 2)))
                return false;
            break;
        case '*':
        case '+':
        case '?':
        case '}':
            if (next == '+')
                return false; // possessive
            break;
        default:
            break;
        }
    }
    return true;
}
