#pragma once

#include <QString>

#include <optional>

// Parses a non-negative number typed by a person. Accepted, after leading and trailing spaces and
// tabs: decimal digits, optionally grouped by one ',', '_' or ' ' between two digits ("1234",
// "1,234", "1 234", "1_234"); or "0x" / "0X" followed by hexadecimal digits only ("0x4d2").
// Only ASCII digits count. nullopt for anything else: signs, a second prefix ("0x0x10"), other
// whitespace or control characters anywhere, trailing garbage, values past the qint64 range.
// Pure; O(text).
std::optional<qint64> parseOffset(const QString &text);

// What parseOffset() accepts, in words for a person (translated), to complete an error message:
// "use decimal (1234) or hex (0x4d2)".
QString offsetSyntaxHint();
