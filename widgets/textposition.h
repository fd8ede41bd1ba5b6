#pragma once

#include <compare>

#include <QtGlobal>

// A place in the view: a row of the model and a column in that row's display text
// (QChar index; lines of gigabytes have more columns than an int holds). Ordered as a reader
// reads.
struct TextPosition {
    int row = 0;
    qint64 column = 0;

    friend auto operator<=>(const TextPosition &, const TextPosition &) = default;
};
