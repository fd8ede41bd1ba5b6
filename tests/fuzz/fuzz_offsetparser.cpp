// Fuzz harness: parseOffset() against a strict reference, on the input read as UTF-8 and as
// Latin-1 (so NULs and every control character get through).
#include "fuzzcheck.h"
#include "offsetcheck.h"

QString fuzzCheck(QByteArrayView input)
{
    const QString error = checkOffsetParser(QString::fromUtf8(input));
    return error.isEmpty() ? checkOffsetParser(QString::fromLatin1(input)) : error;
}
