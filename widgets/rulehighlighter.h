#pragma once

#include "highlightrulematcher.h"
#include "linestyler.h"

#include <QCache>
#include <QColor>
#include <QVector>

// The person's highlight rules as a LineView's rule styler (LineView::setRuleStyler): the spans
// of a displayed row that the rules colour, with the rules' colours (see HighlightRuleMatcher for
// the matching and the overlaps). The rules match the row's display text, so what is coloured is
// what the view shows: tabs as the spaces they expand to, control characters as their pictures.
//
// Only the rows a view paints are matched, and each result is cached keyed on the row's text
// (not its number, so a filter or an edit that moves lines cannot show stale colours): a repaint
// or a scroll back does not match again. The cache holds about kCacheChars characters of text.
// One highlighter may serve several views. GUI thread.
class RuleHighlighter : public LineStyler {
    Q_OBJECT
public:
    static constexpr int kCacheChars = 4 << 20;

    explicit RuleHighlighter(QObject *parent = nullptr);

    // Compiles the rules, forgets every cached row and asks the views to repaint.
    void setRules(const QList<HighlightRule> &rules);
    const HighlightRuleMatcher &matcher() const { return m_matcher; }

    void prepare(int firstRow, int lastRow) override;
    QVector<StyledSpan> spans(int row, const QString &text) override;
    void invalidate(int fromRow) override;

    // Rows matched since the rules were set (cache misses), for tests and measurements.
    qint64 rowsMatched() const { return m_rowsMatched; }

private:
    HighlightRuleMatcher m_matcher;
    QVector<QColor> m_foregrounds; // per rule; invalid: none
    QVector<QColor> m_backgrounds;
    QCache<QString, QVector<StyledSpan>> m_cache;
    qint64 m_rowsMatched = 0;
};
