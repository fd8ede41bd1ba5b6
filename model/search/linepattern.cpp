#include "linepattern.h"

namespace LinePattern {

pcre2_code *compile(const QByteArray &pattern, bool caseSensitive, int *code, PCRE2_SIZE *offset)
{
    uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE;
    if (!caseSensitive)
        flags |= PCRE2_CASELESS;
    pcre2_compile_context *context = pcre2_compile_context_create(nullptr);
    pcre2_set_newline(context, PCRE2_NEWLINE_LF);
    pcre2_code *compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.constData()),
                                         PCRE2_SIZE(pattern.size()), flags, code, offset, context);
    pcre2_compile_context_free(context);
    if (compiled)
        pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE);
    return compiled;
}

QByteArray wordWrapped(const QByteArray &pattern)
{
    return "(?<![\\w])(?:" + pattern + ")(?![\\w])";
}

QString errorMessage(int code)
{
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(code, message, sizeof message);
    return QString::fromUtf8(reinterpret_cast<const char *>(message));
}

} // namespace LinePattern
