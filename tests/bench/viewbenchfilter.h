#pragma once

#include "linefilter.h"

class MainWindow;

// tome-viewbench FILE --filter PATTERN [--hide] [--regex] [--ignore-case] [--word] [--toggles N]
// Filters through the real window: the rule is set on the current tab and switched on, then
// switched off and on N times, then the view switches between the file's tab and a second (small)
// tab N times. Prints {"shown_lines":N,"filter_ms":..,"filter_first_screen_ms":..,
// "toggle_ms_median":..,"toggle_ms_max":..,"tab_switch_ms_median":..,"tab_switch_ms_max":..}:
// from switching the filter on until it has finished; from the first shown lines arriving until
// the screen showing them is painted; each toggle and each tab switch with its repaint.
int runFilterBench(MainWindow &window, const FilterRule &rule, int toggles);
