#include "rulehighlighter.h"

RuleHighlighter::RuleHighlighter(QObject *parent)
    : LineStyler(parent)
    , m_cache(kCacheChars)
{
}

void RuleHighlighter::setRules(const QList<HighlightRule> &rules)
{
    m_matcher = HighlightRuleMatcher(rules);
    m_foregrounds.clear();
    m_backgrounds.clear();
    for (const HighlightRule &rule : rules) {
        // An unreadable colour name gives an invalid colour: that colour is not painted.
        m_foregrounds.append(rule.hasForeground() ? QColor::fromString(rule.foreground) : QColor());
        m_backgrounds.append(rule.hasBackground() ? QColor::fromString(rule.background) : QColor());
    }
    m_cache.clear();
    m_rowsMatched = 0;
    emit stylesChanged();
}

void RuleHighlighter::prepare(int, int)
{
}

QVector<StyledSpan> RuleHighlighter::spans(int, const QString &text)
{
    if (m_matcher.isEmpty() || text.isEmpty())
        return {};
    if (const QVector<StyledSpan> *cached = m_cache.object(text))
        return *cached;
    ++m_rowsMatched;
    QVector<StyledSpan> result;
    const QList<HighlightRuleMatcher::Run> runs = m_matcher.match(text);
    for (const HighlightRuleMatcher::Run &run : runs) {
        StyledSpan span;
        span.start = run.start;
        span.length = run.length;
        if (run.foregroundRule >= 0)
            span.foreground = m_foregrounds.at(run.foregroundRule);
        if (run.backgroundRule >= 0)
            span.background = m_backgrounds.at(run.backgroundRule);
        if (span.foreground.isValid() || span.background.isValid())
            result.append(span);
    }
    m_cache.insert(text, new QVector<StyledSpan>(result), qMax<qsizetype>(1, text.size()));
    return result;
}

void RuleHighlighter::invalidate(int)
{
    // Results are keyed on the text itself: a changed line is a different key.
}
