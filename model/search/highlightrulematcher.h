#pragma once

#include "highlightrule.h"
#include "searchmatcher.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <memory>
#include <vector>

// The enabled rules of a list, compiled with search's own matcher (SearchMatcher: PCRE2 with the
// line as the whole subject), matching one line of text at a time. A rule colours exactly what
// search finds in the same text with the same options.
//
// Overlaps are resolved per colour: a character takes the foreground of the last rule in the list
// that matches it and has a foreground, and the background of the last one that has a background
// (later rules are painted over earlier ones). Empty matches colour nothing.
//
// Thread-safety: match() uses scratch space the matcher keeps (no allocation per rule and line),
// so one thread at a time. match() costs the matching plus O(text length x rules). Move-only.
class HighlightRuleMatcher {
public:
    // Characters [start, start + length) of the text (UTF-16 units) coloured by the same rules.
    struct Run {
        int start = 0;
        int length = 0;
        int foregroundRule = -1; // index into rules(); -1: none
        int backgroundRule = -1;
        friend bool operator==(const Run &, const Run &) = default;
    };

    // At most this many matches of one rule in one line are coloured.
    static constexpr int kMaxMatchesPerRule = 100000;

    HighlightRuleMatcher() = default;
    // Rules that are off, have an empty pattern or no colour are left out; so is a pattern that
    // does not compile, and error() says why.
    explicit HighlightRuleMatcher(const QList<HighlightRule> &rules);

    const QList<HighlightRule> &rules() const { return m_rules; }
    // Why rule `index` is left out because of its pattern (a human message); empty otherwise.
    QString error(int index) const;
    // No rule can colour anything.
    bool isEmpty() const { return m_active == 0; }

    // Runs in text order, non-overlapping, each with at least one colour.
    QList<Run> match(QStringView text) const;

private:
    QList<HighlightRule> m_rules;
    QList<std::shared_ptr<const SearchMatcher>> m_matchers; // parallel to m_rules; null: left out
    QStringList m_errors;                                   // parallel to m_rules
    mutable std::vector<SearchMatcher::ScratchPtr> m_scratches; // parallel to m_rules
    int m_active = 0;
};
