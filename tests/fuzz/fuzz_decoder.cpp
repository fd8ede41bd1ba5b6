// Fuzz harness: LineDecoder against a reference (see decodercheck.h).
#include "decodercheck.h"
#include "fuzzcheck.h"

QString fuzzCheck(QByteArrayView input)
{
    return checkLineDecoder(input);
}
