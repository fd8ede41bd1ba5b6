#include "highlightrulematcher.h"

#include <algorithm>
#include <vector>

namespace {

// The text as UTF-8 (an unpaired surrogate as U+FFFD), and for each of its bytes, and for its end,
// the UTF-16 index of the character the byte belongs to.
void toUtf8(QStringView text, QByteArray &utf8, std::vector<int> &unitOf)
{
    utf8.reserve(text.size() * 3);
    unitOf.reserve(size_t(text.size()) * 3 + 1);
    const auto put = [&](uchar byte, int unit) {
        utf8.append(char(byte));
        unitOf.push_back(unit);
    };
    for (int i = 0; i < text.size(); ++i) {
        const int unit = i;
        char32_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i].unicode(), text[i + 1].unicode());
            ++i;
        } else if (QChar::isSurrogate(c))
            c = QChar::ReplacementCharacter;
        if (c < 0x80) {
            put(uchar(c), unit);
        } else if (c < 0x800) {
            put(uchar(0xc0 | (c >> 6)), unit);
            put(uchar(0x80 | (c & 0x3f)), unit);
        } else if (c < 0x10000) {
            put(uchar(0xe0 | (c >> 12)), unit);
            put(uchar(0x80 | ((c >> 6) & 0x3f)), unit);
            put(uchar(0x80 | (c & 0x3f)), unit);
        } else {
            put(uchar(0xf0 | (c >> 18)), unit);
            put(uchar(0x80 | ((c >> 12) & 0x3f)), unit);
            put(uchar(0x80 | ((c >> 6) & 0x3f)), unit);
            put(uchar(0x80 | (c & 0x3f)), unit);
        }
    }
    unitOf.push_back(int(text.size()));
}

} // namespace

HighlightRuleMatcher::HighlightRuleMatcher(const QList<HighlightRule> &rules)
    : m_rules(rules)
{
    m_matchers.resize(rules.size());
    m_errors.resize(rules.size());
    m_scratches.resize(size_t(rules.size()));
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const HighlightRule &rule = rules.at(i);
        if (!rule.enabled || rule.pattern.isEmpty() || (!rule.hasForeground() && !rule.hasBackground()))
            continue;
        // PCRE2 decides every match of one line (matchesInLine) whatever engine scans files:
        // no other engine is built.
        m_matchers[i] = SearchMatcher::compile(rule.searchOptions(), &m_errors[i], {}, SearchMatcher::Engine::Pcre2);
        if (m_matchers[i]) {
            m_scratches[size_t(i)] = m_matchers[i]->makeScratch();
            ++m_active;
        }
    }
}

QString HighlightRuleMatcher::error(int index) const
{
    return index >= 0 && index < m_errors.size() ? m_errors.at(index) : QString();
}

QList<HighlightRuleMatcher::Run> HighlightRuleMatcher::match(QStringView text) const
{
    QList<Run> runs;
    if (isEmpty() || text.isEmpty())
        return runs;
    QByteArray utf8;
    std::vector<int> unitOf;
    toUtf8(text, utf8, unitOf);
    std::vector<int> foreground(size_t(text.size()), -1);
    std::vector<int> background(size_t(text.size()), -1);
    bool coloured = false;
    for (int r = 0; r < int(m_rules.size()); ++r) {
        if (!m_matchers.at(r))
            continue;
        const HighlightRule &rule = m_rules.at(r);
        const QList<SearchMatcher::Span> spans = m_matchers.at(r)->matchesInLine(utf8, *m_scratches[size_t(r)], kMaxMatchesPerRule);
        for (const SearchMatcher::Span &span : spans) {
            if (span.length <= 0)
                continue;
            const int from = unitOf[size_t(span.start)];
            const int to = unitOf[size_t(std::min<qint64>(span.start + span.length, utf8.size()))];
            if (rule.hasForeground())
                std::fill(foreground.begin() + from, foreground.begin() + to, r);
            if (rule.hasBackground())
                std::fill(background.begin() + from, background.begin() + to, r);
            coloured = true;
        }
    }
    if (!coloured)
        return runs;
    for (int i = 0; i < int(text.size());) {
        int j = i + 1;
        while (j < int(text.size()) && foreground[size_t(j)] == foreground[size_t(i)]
               && background[size_t(j)] == background[size_t(i)])
            ++j;
        if (foreground[size_t(i)] >= 0 || background[size_t(i)] >= 0)
            runs.append(Run{i, j - i, foreground[size_t(i)], background[size_t(i)]});
        i = j;
    }
    return runs;
}
