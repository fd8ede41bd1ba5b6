#pragma once

#include "highlightrule.h"

#include <QList>
#include <QString>

// A named list of rules, kept in the settings. The order is the painting order: where two rules
// colour the same character, the later one wins.
struct HighlightRuleSet {
    QString name;
    QList<HighlightRule> rules;

    friend bool operator==(const HighlightRuleSet &, const HighlightRuleSet &) = default;
};
