#pragma once

#include <QFont>

// The font for text on a character grid (the line view, the inspector, results, marks): the
// platform's fixed font, or, where that resolves to a proportional one (Qt's offscreen platform
// on Windows names "monospace", a family its font database lacks), the first fixed-pitch family
// installed.
QFont fixedFont();
