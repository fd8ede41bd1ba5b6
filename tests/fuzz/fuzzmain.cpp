// libFuzzer entry point: a failed check prints its message and aborts, so libFuzzer keeps the
// input as a crash (see the README's "Fuzzing" section).
#include "fuzzcheck.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString error = fuzzCheck(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!error.isEmpty()) {
        std::fprintf(stderr, "check failed: %s\n", error.toLocal8Bit().constData());
        std::abort();
    }
    return 0;
}
