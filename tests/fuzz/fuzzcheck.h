#pragma once

#include <QByteArrayView>
#include <QString>

// One fuzz harness: checks the invariants of a unit on one input of arbitrary bytes and returns
// what went wrong ("" when all holds). Each fuzz_NAME.cpp defines it; fuzzmain.cpp runs it under
// libFuzzer (aborting on a failure), fuzzreplay.cpp replays the checked-in corpus/NAME/ as an
// ordinary test. Must be deterministic and quick (well under a millisecond per small input).
QString fuzzCheck(QByteArrayView input);
