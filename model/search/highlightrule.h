#pragma once

#include "searchoptions.h"

#include <QList>
#include <QString>

// A person's colour rule: the text `pattern` matches (with search's meaning of literal, regex,
// case and whole word: see SearchOptions) is drawn in these colours. Colours are kept as names
// ("#rrggbb", or "#aarrggbb" with transparency; empty: unchanged), so model/ stays free of QtGui;
// the painter reads them with QColor.
struct HighlightRule {
    QString pattern;
    bool regex = false;
    bool caseSensitive = true;
    bool wholeWord = false;
    bool enabled = true;
    QString foreground; // the text's colour; empty: the text keeps its own (syntax) colour
    QString background; // painted behind the text; empty: none

    // The options search would use for the same pattern (UTF-8 text).
    SearchOptions searchOptions() const { return SearchOptions{pattern, regex, caseSensitive, wholeWord}; }
    bool hasForeground() const { return !foreground.isEmpty(); }
    bool hasBackground() const { return !background.isEmpty(); }

    friend bool operator==(const HighlightRule &, const HighlightRule &) = default;
};
