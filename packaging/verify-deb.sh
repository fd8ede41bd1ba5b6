#!/usr/bin/env bash
# packaging/verify-deb.sh [PATH/TO/tome_VERSION_ARCH.deb]
#
# Proves that the .deb installs and runs on a clean Debian 13: installs it with apt-get into a fresh
# minimal Debian 13 system (debootstrap --variant=minbase) and runs `tome --version` there.
#
# The minimal system is made once and kept pristine in .tome-cache/verify-deb/base (git-ignored);
# every run installs into a throw-away copy of it, so each check starts from a clean system. Only the
# package's declared dependencies are installed (--no-install-recommends), so a missing Depends shows.
# Not part of `make test`: it needs root (or sudo) and the network. Run `make package` first.
#
# Environment:
#   TOME_MIRROR   Debian mirror (default: read from the host's apt sources)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
die() { echo "verify-deb: $*" >&2; exit 1; }
say() { echo "verify-deb: $*" >&2; }

deb=${1:-}
if [ -z "$deb" ]; then
    deb=$(ls -t "$top"/build/release/tome_*.deb 2>/dev/null | head -n 1 || true)
    [ -n "$deb" ] || die "no build/release/tome_*.deb; run 'make package' first, or pass the .deb"
fi
[ -f "$deb" ] || die "not a file: $deb"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "needs root (or sudo) to run: $*"
    fi
}

mirror() {
    if [ -n "${TOME_MIRROR:-}" ]; then echo "$TOME_MIRROR"; return; fi
    local f uri
    for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        uri=$( { grep -E '^[[:space:]]*URIs:' "$f" | awk '{print $2}';
                 grep -E '^[[:space:]]*deb[[:space:]]' "$f" | sed -E 's/\[[^]]*\]//' | awk '{print $2}'; } |
               grep -E '/debian/?$' | head -n 1 || true)
        if [ -n "$uri" ]; then echo "${uri%/}"; return; fi
    done
    die "no Debian mirror found in the host's apt sources; set TOME_MIRROR"
}

cache="$top/.tome-cache/verify-deb"
base="$cache/base"
run="$cache/run"
mkdir -p "$cache"

if [ ! -x "$base/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null 2>&1 || {
        say "installing debootstrap on the host"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
    say "creating a minimal Debian 13 system in $base (once)"
    as_root rm -rf "$base.partial"
    as_root debootstrap --variant=minbase trixie "$base.partial" "$(mirror)" >/dev/null
    as_root mv "$base.partial" "$base"
fi

say "copying the pristine system"
as_root rm -rf "$run"
as_root cp -a "$base" "$run"
as_root cp "$deb" "$run/tmp/"
trap 'as_root rm -rf "$run"' EXIT

# Mounts live in a private mount namespace, so they vanish with the command however it ends.
# shellcheck disable=SC2016
as_root unshare --mount --propagation private bash -c '
    set -e
    root=$1; deb=$2
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive sh -euc "
            cd /tmp
            apt-get update -qq
            echo \"== apt-get install --no-install-recommends ./$deb\"
            apt-get install -y -q --no-install-recommends ./$deb >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; }
            grep -E \"upgraded, .* newly installed\" /tmp/apt.log
            dpkg -s tome | grep -E \"^(Status|Version|Depends)\"
            echo \"== QT_QPA_PLATFORM=offscreen tome --version\"
            QT_QPA_PLATFORM=offscreen tome --version
            for f in /usr/share/applications/org.tome.Tome.desktop \
                     /usr/share/metainfo/org.tome.Tome.metainfo.xml \
                     /usr/share/icons/hicolor/scalable/apps/org.tome.Tome.svg \
                     /usr/share/doc/tome/LICENSE; do
                test -f \$f || { echo \"missing \$f\"; exit 1; }
            done
            echo \"== apt-get purge tome\"
            apt-get purge -y -q tome >/dev/null
            ! test -e /usr/bin/tome
        "
' bash "$run" "$(basename "$deb")"
say "OK: $(basename "$deb") installs on a clean Debian 13 and runs"
