#pragma once

#include <compare>
#include <limits>

#include <QtGlobal>

// A place in the view: a row of the model and a column in that row's display text
// (QChar index; lines of gigabytes have more columns than an int holds). Ordered as a reader
// reads.
struct TextPosition {
    // A column standing for the end of its row, however long the row turns out to be: where a
    // selection ends that goes to the end of a line still being measured (Select All, Shift+End).
    static constexpr qint64 kEndOfRow = std::numeric_limits<qint64>::max();

    int row = 0;
    qint64 column = 0;

    friend auto operator<=>(const TextPosition &, const TextPosition &) = default;
};
