#pragma once

#include <compare>

// A place in the view: a row of the model and a column in that row's display text
// (QChar index). Ordered as a reader reads.
struct TextPosition {
    int row = 0;
    int column = 0;

    friend auto operator<=>(const TextPosition &, const TextPosition &) = default;
};
