#pragma once

#include <QString>

#include <optional>

// Parses a non-negative number typed by a person: decimal ("1234", "1,234", "1 234", "1_234")
// or hexadecimal with 0x ("0x4d2"). nullopt for anything else, negative numbers included.
std::optional<qint64> parseOffset(const QString &text);
