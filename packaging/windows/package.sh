#!/usr/bin/env bash
# packaging/windows/package.sh: `make windows-package`. Makes the NSIS installer of the Windows
# cross-build (cpack in build/windows), then checks it the way a user would meet it: a silent install
# (/S) into a fresh Wine prefix, the installed `tome.exe --version`, and the installed tome.exe showing
# a file under X (Xvfb when there is no display), saved as a screenshot by Tome itself and checked not
# to be blank (not-blank.py).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$top/build/windows
say() { echo "windows-package: $*"; }
die() { echo "windows-package: $*" >&2; exit 1; }

cd "$build"
rm -f tome-*-windows-*.exe
cpack -G NSIS >cpack.log 2>&1 || { tail -n 30 cpack.log; die "cpack failed (log: $build/cpack.log)"; }
installer=$(ls "$build"/tome-*-windows-*.exe)
say "installer: $installer ($(du -h "$installer" | cut -f1))"

# A fresh prefix, without the dependencies' folders on WINEPATH: the installed program must stand alone.
check=$build/install-check
rm -rf "$check"
mkdir -p "$check"
export WINEPREFIX=$check/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Wine's Wayland driver asks for a runtime directory even where there is no Wayland (the build root).
export XDG_RUNTIME_DIR=$check/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset WINEPATH
wineboot -i >/dev/null 2>&1
wineserver -w
wine "$installer" /S
wineserver -w
exe="$WINEPREFIX/drive_c/Program Files/Tome/bin/tome.exe"
[ -f "$exe" ] || die "the silent install did not create $exe"
[ -f "$WINEPREFIX/drive_c/Program Files/Tome/Uninstall.exe" ] || die "no uninstaller was installed"
[ -f "$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/Tome/Tome.lnk" ] ||
    die "no Start menu entry was made"
wine reg query 'HKLM\Software\Classes\Applications\tome.exe\shell\open\command' >/dev/null 2>&1 ||
    die "no \"Open with\" entry was registered"
say "installed: $exe (with its Start menu entry, \"Open with\" entry and uninstaller)"

version=$(wine "$exe" --version | tr -d '\r')
echo "$version"
case "$version" in "tome "[0-9]*) ;; *) die "tome.exe --version printed '$version'" ;; esac
sample=$check/sample.log
for i in $(seq 1 200); do printf 'line %d: the installed Tome shows this file\n' "$i"; done >"$sample"
shot=$check/screenshot.png
shown=(timeout 120 wine "$exe" --screenshot "$(winepath -w "$shot" 2>/dev/null)" "$(winepath -w "$sample" 2>/dev/null)")
# Wine's desktop process lives as long as its server, with the display it was started under (none so
# far; winepath too starts a server, which outlives it by seconds): the window below needs a server
# started afresh under X, else it never shows.
wineserver -w
if [ -z "${DISPLAY:-}" ]; then
    # An X server of our own.
    display=90
    while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
    Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    trap 'kill "$xvfb" 2>/dev/null || true' EXIT
    export DISPLAY=":$display"
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
fi
shows=
for try in 1 2; do
    "${shown[@]}" || say "tome.exe took no screenshot (try $try)"
    wineserver -k 2>/dev/null || true
    wineserver -w
    [ -s "$shot" ] && python3 "$here/not-blank.py" "$shot" && { shows=1; break; }
done
[ -s "$shot" ] || die "tome.exe saved no screenshot"
[ -n "$shows" ] || die "the screenshot of the installed tome.exe is blank: $shot"
say "screenshot of the installed tome.exe showing $sample: $shot"
say "OK: $(basename "$installer")"
