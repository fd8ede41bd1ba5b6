#pragma once

#include <QTranslator>

// The plural forms of Tome's own English texts, so that counts read right without a translation
// loaded: a source text with a count (tr("%Ln line(s)", nullptr, n)) becomes "1 line" or
// "2 lines". Marks: "(s)" and "(es)" are the plural ending; "word|words" chooses a whole word
// (singular|plural, no spaces). Texts without a count (n < 0) and texts without a mark are left
// to the next translator, so a real translation installed later still wins.
//
// Complexity: O(length of the text) per lookup. Thread-safety: what QTranslator promises.
class EnglishPlurals : public QTranslator {
    Q_OBJECT
public:
    using QTranslator::QTranslator;

    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override;
    bool isEmpty() const override { return false; }

    // The form of `text` for count `n` (exposed for tests).
    static QString pluralForm(const QString &text, int n);
};
