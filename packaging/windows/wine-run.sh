#!/bin/sh
# packaging/windows/wine-run.sh PROGRAM.exe [ARGS...]
#
# Runs a program of the Windows cross-build under Wine: the CMAKE_CROSSCOMPILING_EMULATOR of
# build/windows, so that CTest runs the tests this way. The dependencies' DLLs (Qt, KF6, MinGW's
# runtime) are found through WINEPATH; the Wine prefix is made on first use, kept in the cache.
# Wine passes the environment on, except variables starting with QT_: tests that need the
# offscreen platform get `-platform offscreen` as an argument instead (cmake/TomeTesting.cmake).
#
# Environment: TOME_WINEPREFIX (default: $TOME_WINDOWS_CACHE/wine-tests), WINEDEBUG (default -all).
set -eu
cache=${TOME_WINDOWS_CACHE:?run through packaging/buildenv}
prefix=$cache/x86_64-w64-mingw32
export WINEPREFIX="${TOME_WINEPREFIX:-$cache/wine-tests}"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}" # no Mono or Gecko installer prompts
# Wine's Wayland driver asks for a runtime directory even where there is no Wayland (the build root).
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="$WINEPREFIX.run"
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
fi
gccdir=$(dirname "$(x86_64-w64-mingw32-g++-posix -print-libgcc-file-name)")
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
WINEPATH="$(winpath "$prefix/bin");$(winpath "$gccdir");$(winpath /usr/x86_64-w64-mingw32/lib)"
export WINEPATH
# The prefix's own environment (HKCU\Environment) carries what Wine would drop: Qt sends its messages,
# Qt Test's output among them, to OutputDebugString (which nobody reads here) unless told to use stderr.
ready=$WINEPREFIX/.tome-ready-2
if [ ! -f "$ready" ]; then
    mkdir -p "$(dirname "$WINEPREFIX")"
    (
        flock 9
        if [ ! -f "$ready" ]; then
            wineboot -i >/dev/null 2>&1
            wine reg add 'HKCU\Environment' /v QT_FORCE_STDERR_LOGGING /d 1 /f >/dev/null 2>&1
            wineserver -w
            touch "$ready"
        fi
    ) 9>"$WINEPREFIX.lock"
fi
exec wine "$@"
