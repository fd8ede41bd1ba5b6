#include "chunkedliteral.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <QByteArrayView>

#include <cctype>

namespace {

pcre2_code *compileExpression(const QByteArray &expression, bool caseSensitive)
{
    uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    if (!caseSensitive)
        flags |= PCRE2_CASELESS;
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code *compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(expression.constData()),
                                         PCRE2_SIZE(expression.size()), flags, &code, &offset, nullptr);
    if (compiled)
        pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE);
    return compiled;
}

} // namespace

QByteArray ChunkedLiteral::escape(QByteArrayView utf8)
{
    QByteArray out;
    out.reserve(utf8.size() * 2);
    for (const char c : utf8) {
        const auto u = uchar(c);
        if (u < 0x20 || u == 0x7f) {
            out += "\\x{";
            out += QByteArray::number(u, 16);
            out += '}';
        } else if (u < 0x80 && !std::isalnum(u)) {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

ChunkedLiteral::ChunkedLiteral(const QByteArray &utf8, bool caseSensitive, bool wholeWord)
{
    m_valid = !utf8.isEmpty();
    qsizetype pos = 0;
    while (m_valid && pos < utf8.size()) {
        qsizetype end = qMin(utf8.size(), pos + kChunkBytes);
        while (end < utf8.size() && (uchar(utf8[end]) & 0xc0) == 0x80)
            --end; // cut between characters
        pcre2_code *chunk = compileExpression(escape(QByteArrayView(utf8).sliced(pos, end - pos)), caseSensitive);
        m_valid = chunk != nullptr;
        if (chunk)
            m_chunks.push_back(chunk);
        pos = end;
    }
    if (m_valid && wholeWord) {
        m_noWordBefore = compileExpression("(?<![\\w])", true);
        m_noWordAfter = compileExpression("(?![\\w])", true);
        m_valid = m_noWordBefore && m_noWordAfter;
    }
}

ChunkedLiteral::~ChunkedLiteral()
{
    for (void *chunk : m_chunks)
        pcre2_code_free(static_cast<pcre2_code *>(chunk));
    pcre2_code_free(static_cast<pcre2_code *>(m_noWordBefore));
    pcre2_code_free(static_cast<pcre2_code *>(m_noWordAfter));
}

bool ChunkedLiteral::find(const unsigned char *subject, qint64 len, qint64 from, void *matchData,
                          void *matchContext, qint64 *start, qint64 *end) const
{
    if (!m_valid)
        return false;
    auto *data = static_cast<pcre2_match_data *>(matchData);
    auto *context = static_cast<pcre2_match_context *>(matchContext);
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
    const auto length = PCRE2_SIZE(len);
    const auto matchAt = [&](const void *code, qint64 at, uint32_t options) {
        return pcre2_match(static_cast<const pcre2_code *>(code), subject, length, PCRE2_SIZE(at), options, data,
                           context)
               >= 0;
    };
    qint64 pos = from;
    while (pos <= len) {
        if (!matchAt(m_chunks.front(), pos, 0))
            return false;
        const auto first = qint64(ovector[0]);
        qint64 last = qint64(ovector[1]);
        bool ok = true;
        for (size_t i = 1; ok && i < m_chunks.size(); ++i) {
            ok = matchAt(m_chunks[i], last, PCRE2_ANCHORED);
            if (ok)
                last = qint64(ovector[1]);
        }
        if (ok && m_noWordBefore)
            ok = matchAt(m_noWordBefore, first, PCRE2_ANCHORED) && matchAt(m_noWordAfter, last, PCRE2_ANCHORED);
        if (ok) {
            *start = first;
            *end = last;
            return true;
        }
        pos = first + 1;
        while (pos < len && (subject[pos] & 0xc0) == 0x80)
            ++pos;
    }
    return false;
}
