#pragma once

#include <QByteArrayView>
#include <QString>

// Checks parseOffset() against a strict reference: a regular expression of the accepted forms
// (spaces or tabs around; ASCII decimal digits grouped by one ',', '_' or ' '; or 0x/0X and hex
// digits) and the value in range. Returns what went wrong, or "".
QString checkOffsetParser(const QString &text);
