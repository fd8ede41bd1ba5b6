#!/usr/bin/env bash
# packaging/windows/build.sh: `make windows`. Builds Tome for Windows x86_64 in build/windows (Release,
# MinGW-w64, warnings as errors), with the dependencies packaging/windows/deps.sh builds once (a second
# run rebuilds only Tome). KF6 SyntaxHighlighting is used when deps.sh built it (TOME_WINDOWS_SYNTAX=ON).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
start=$(date +%s)
bash "$here/deps.sh"
prefix=$TOME_WINDOWS_CACHE/x86_64-w64-mingw32
host_cmake_dir=$(dirname "$(dirname "$(find /usr/lib /usr/lib64 -maxdepth 4 -name Qt6CoreConfig.cmake -path '*Qt6Core/*' 2>/dev/null | head -n 1)")")
syntax=ON
[ -f "$TOME_WINDOWS_CACHE/stamps/ksh" ] || syntax=OFF
cd "$top"
cmake -S . -B build/windows -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$here/mingw-w64-x86_64.cmake" -DTOME_WINDOWS_PREFIX="$prefix" \
    -DCMAKE_PREFIX_PATH="$prefix" -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR="$host_cmake_dir" \
    -DCMAKE_CROSSCOMPILING_EMULATOR="$here/wine-run.sh" \
    -DTOME_WITH_SYNTAX_HIGHLIGHTING=$syntax -DTOME_WARNINGS_AS_ERRORS=ON >/dev/null
# tome.exe and the model/ and widgets/ tests (what `make windows-test` runs); the benchmarks and the
# app/ tests are not built for Windows here.
mapfile -t tests < <(cd build/windows && ctest -N -L '^(model|widgets)$' | sed -n 's/^ *Test *#[0-9]*: //p')
cmake --build build/windows --parallel "${TOME_JOBS:-$(nproc)}" --target tome "${tests[@]}"
echo "windows: build/windows/tome.exe and ${#tests[@]} tests ($(($(date +%s) - start)) s)"
