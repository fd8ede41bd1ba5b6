#!/bin/sh
# Builds and runs the whole test suite twice: optimised, then under AddressSanitizer + UBSan.
# Exits non-zero on any failure; CTest's summary is the last thing printed.
set -e
cmake --preset release >/dev/null
cmake --build --preset release
cmake --preset asan >/dev/null
cmake --build --preset asan
status=0
echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
ctest --preset asan || status=1
echo "== tests (optimised build)"
ctest --preset release || status=1
exit $status
