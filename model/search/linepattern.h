#pragma once

#include <QByteArray>
#include <QString>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

// PCRE2 patterns matched within one line's text, compiled with the options search uses
// (SearchMatcher): UTF-8 with Unicode properties, invalid UTF-8 allowed, lines end at '\n' only,
// JIT-compiled where it can be.
namespace LinePattern {

// nullptr with PCRE2's error code and offset when `pattern` does not compile. The caller frees
// the code (pcre2_code_free).
pcre2_code *compile(const QByteArray &pattern, bool caseSensitive, int *code, PCRE2_SIZE *offset);
// `pattern` matched only as a whole word (no word character on either side).
QByteArray wordWrapped(const QByteArray &pattern);
// PCRE2's message for an error code.
QString errorMessage(int code);

} // namespace LinePattern
