#!/usr/bin/env bash
# packaging/windows/deps.sh: the Windows x86_64 dependencies of Tome, cross-built once with MinGW-w64.
#
# Runs inside the build environment (packaging/buildenv sets TOME_WINDOWS_CACHE, a per-user cache
# folder beside the build root). Builds, from Debian's source packages:
#   zstd, zlib, bzip2, liblzma (static; the decompressor, and zstd for Qt's resources),
#   PCRE2 (static, 8-bit, JIT), uchardet (static), ICU (shared: Qt's codecs),
#   Qt 6 qtbase at the host Qt's version (Core, Gui, Widgets, Concurrent, Test; the windows and
#   offscreen platforms), and DejaVu fonts for its offscreen platform,
#   with TOME_WINDOWS_SYNTAX=ON also Qt Network, Extra CMake Modules and KF6 SyntaxHighlighting,
# into $TOME_WINDOWS_CACHE/x86_64-w64-mingw32. Each step leaves a stamp: a second run does nothing.
# The toolchain (MinGW-w64, Wine, NSIS) is installed on first use; it is not part of the normal build
# environment. Source packages are fetched through an apt configuration of this script's own, made from
# the environment's apt sources (same mirror and suite) plus the unstable suite (KF6, and any version
# the registry lists but does not serve: the first version that downloads is taken).
#
# Usage: deps.sh [STEP...]   (default: all of zstd icu qt fonts zlib bzip2 xz pcre2 uchardet ksh, in that order)
# Environment: TOME_JOBS (parallel jobs; default: all cores), TOME_WINDOWS_SYNTAX=ON (also KF6
# SyntaxHighlighting; `make windows` sets it, OFF skips it: see README.md, "Windows (cross-built here)").
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=packaging/deps.sh
source "$top/packaging/deps.sh"

die() { echo "windows-deps: $*" >&2; exit 1; }
say() { echo "windows-deps: $* ($(date +%H:%M:%S))" >&2; }

W=${TOME_WINDOWS_CACHE:?run through packaging/buildenv}
prefix=$W/x86_64-w64-mingw32
src=$W/src
bld=$W/build
stamps=$W/stamps
jobs=${TOME_JOBS:-$(nproc)}
toolchain=$here/mingw-w64-x86_64.cmake
host_cmake_dir=$(dirname "$(dirname "$(find /usr/lib /usr/lib64 -maxdepth 4 -name Qt6CoreConfig.cmake -path '*Qt6Core/*' 2>/dev/null | head -n 1)")")
mkdir -p "$prefix" "$src" "$bld" "$stamps"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
done_() { [ -f "$stamps/$1" ]; }
mark() { touch "$stamps/$1"; }

# 1. The toolchain, on demand.
install_toolchain() {
    local p missing=()
    for p in "${TOME_WINDOWS_DEB_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    say "installing the Windows toolchain: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# 2. Source packages, through our own apt configuration.
mirror_and_suite() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        sed -E 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2, $3; found = 1; exit }
            END { exit !found }' && return
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        awk '/^URIs:/ { u = $2 } /^Suites:/ { s = $2 } u ~ /\/debian\/?$/ && s != "" { print u, s; found = 1; exit }
            /^$/ { u = ""; s = "" } END { exit !found }' "$f" && return
    done
    die "no Debian mirror in the apt sources"
}
apt_config() {
    local mirror suite
    read -r mirror suite < <(mirror_and_suite)
    mkdir -p "$W/apt/lists/partial" "$W/apt/parts"
    printf 'deb-src %s %s main\ndeb-src %s unstable main\n' "$mirror" "$suite" "$mirror" >"$W/apt/sources.list"
    echo "$suite" >"$W/apt/suite"
    aptopts=(-o "Dir::Etc::SourceList=$W/apt/sources.list" -o "Dir::Etc::SourceParts=$W/apt/parts"
             -o "Dir::State::Lists=$W/apt/lists" -o Acquire::Check-Valid-Until=false
             -o APT::Sandbox::User=root)
    if ! done_ apt-lists; then
        say "reading the source package indexes"
        apt-get "${aptopts[@]}" update -qq
        mark apt-lists
    fi
}
# fetch NAME SPEC...: unpacks the first source package SPEC that can be downloaded into $src/NAME
# (patched as Debian builds it) and records the version.
fetch() {
    local name=$1 spec; shift
    [ -f "$src/$name/.version" ] && return
    rm -rf "${src:?}/$name"; mkdir -p "$src/$name"
    for spec in "$@"; do
        if (cd "$src/$name" && apt-get "${aptopts[@]}" source -qq --download-only "$spec" >/dev/null 2>&1); then
            local dsc
            dsc=$(ls "$src/$name"/*.dsc)
            (cd "$src/$name" && dpkg-source -q -x "$dsc" source >/dev/null)
            sed -n 's/^Version: //p' "$dsc" >"$src/$name/.version"
            say "source $name $(cat "$src/$name/.version") ($spec)"
            return 0
        fi
        say "source $spec cannot be had; trying the next"
        rm -rf "${src:?}/$name"/*
    done
    return 1
}
srcver() { dpkg-query -W -f='${source:Version}' "$1" 2>/dev/null; }
# Every version of source package PKG the indexes list whose upstream version is UPSTREAM (all when
# empty), newest first, as PKG=VERSION: the registry does not serve every version it lists.
versions_of() {
    apt-cache "${aptopts[@]}" showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -u -r -V |
        awk -v p="$1" -v u="${2:-}" '{ v = $0; sub(/^[0-9]+:/, "", v); sub(/-[^-]*$/, "", v)
                                      if (u == "" || v == u) print p "=" $0 }'
}
upstream() { local v=${1#*:}; echo "${v%-*}"; }
# fetch_matching NAME SOURCE-PACKAGE BINARY-PACKAGE: the source of the environment's BINARY-PACKAGE
# version, else of any version of the same upstream release.
fetch_matching() {
    local name=$1 source=$2 version specs
    version=$(srcver "$3")
    mapfile -t specs < <(versions_of "$source" "$(upstream "$version")")
    fetch "$name" "$source=$version" "${specs[@]}"
}

cmake_target() { # cmake_target NAME SOURCE ARGS...: configure, build, install into $prefix
    local name=$1 s=$2; shift 2
    cmake -S "$s" -B "$bld/$name" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DTOME_WINDOWS_PREFIX="$prefix" \
        -DCMAKE_INSTALL_PREFIX="$prefix" "$@" >"$bld/$name.configure.log"
    cmake --build "$bld/$name" --parallel "$jobs" >"$bld/$name.build.log"
    cmake --install "$bld/$name" >"$bld/$name.install.log"
}

build_zstd() {
    done_ zstd && return
    fetch_matching zstd libzstd libzstd-dev || die "no zstd source can be had"
    say "building zstd"
    cmake_target zstd "$src/zstd/source/build/cmake" -DZSTD_BUILD_SHARED=OFF -DZSTD_BUILD_STATIC=ON \
        -DZSTD_BUILD_PROGRAMS=OFF -DZSTD_BUILD_TESTS=OFF -DZSTD_BUILD_CONTRIB=OFF -DZSTD_LEGACY_SUPPORT=OFF
    mark zstd
}

# zlib, bzip2, xz and zstd: what Tome's decompressor links (static; pkg-config files for CMake).
build_zlib() {
    done_ zlib && return
    fetch_matching zlib zlib zlib1g-dev || die "no zlib source can be had"
    say "building zlib"
    local s=$src/zlib/source
    # The library is its top-level C files (Debian's source has no Windows makefile).
    rm -rf "$bld/zlib"; mkdir -p "$bld/zlib"
    (cd "$bld/zlib" && for c in "$s"/*.c; do
        x86_64-w64-mingw32-gcc-posix -O2 -I"$s" -c "$c" || exit 1
    done && x86_64-w64-mingw32-ar rcs libz.a ./*.o) >"$bld/zlib.build.log" 2>&1 ||
        { tail -n 20 "$bld/zlib.build.log"; die "zlib failed"; }
    install -D -m 644 "$bld/zlib/libz.a" "$prefix/lib/libz.a"
    install -D -m 644 -t "$prefix/include" "$s/zlib.h" "$s/zconf.h"
    mkdir -p "$prefix/lib/pkgconfig"
    printf 'prefix=%s\nName: zlib\nDescription: zlib\nVersion: %s\nLibs: -L${prefix}/lib -lz\nCflags: -I${prefix}/include\n' \
        "$prefix" "$(cut -d- -f1 "$src/zlib/.version")" >"$prefix/lib/pkgconfig/zlib.pc"
    mark zlib
}

build_bzip2() {
    done_ bzip2 && return
    fetch_matching bzip2 bzip2 libbz2-dev || die "no bzip2 source can be had"
    say "building bzip2"
    local s=$src/bzip2/source
    make -C "$s" CC=x86_64-w64-mingw32-gcc-posix AR=x86_64-w64-mingw32-ar RANLIB=x86_64-w64-mingw32-ranlib \
        CFLAGS="-O2 -D_FILE_OFFSET_BITS=64" libbz2.a >"$bld/bzip2.build.log" 2>&1 ||
        { tail -n 20 "$bld/bzip2.build.log"; die "bzip2 failed"; }
    install -D -m 644 "$s/libbz2.a" "$prefix/lib/libbz2.a"
    # Its header declares function pointers for loading a DLL at run time on Windows unless
    # BZ_EXPORT is set: this is a static library, so the header says so itself.
    sed 's/^#   ifdef BZ_EXPORT$/#   if 1 \/* static library *\//' "$s/bzlib.h" >"$prefix/include/bzlib.h"
    mark bzip2
}

build_xz() {
    done_ xz && return
    fetch_matching xz xz-utils liblzma-dev || die "no xz-utils source can be had"
    say "building liblzma"
    cmake_target xz "$src/xz/source" -DBUILD_SHARED_LIBS=OFF -DXZ_TOOL_XZ=OFF -DXZ_TOOL_XZDEC=OFF \
        -DXZ_TOOL_LZMADEC=OFF -DXZ_TOOL_LZMAINFO=OFF -DXZ_DOC=OFF -DXZ_NLS=OFF -DBUILD_TESTING=OFF ||
        { tail -n 30 "$bld/xz.configure.log" "$bld/xz.build.log" 2>/dev/null; die "liblzma failed"; }
    # Static on Windows means LZMA_API_STATIC for whoever includes lzma.h.
    printf 'prefix=%s\nName: liblzma\nDescription: liblzma\nVersion: %s\nLibs: -L${prefix}/lib -llzma\nCflags: -I${prefix}/include -DLZMA_API_STATIC\n' \
        "$prefix" "$(cut -d- -f1 "$src/xz/.version")" >"$prefix/lib/pkgconfig/liblzma.pc"
    mark xz
}

build_pcre2() {
    done_ pcre2 && return
    fetch_matching pcre2 pcre2 libpcre2-dev || die "no PCRE2 source can be had"
    say "building PCRE2"
    cmake_target pcre2 "$src/pcre2/source" -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON \
        -DPCRE2_BUILD_PCRE2_8=ON -DPCRE2_BUILD_PCRE2_16=OFF -DPCRE2_BUILD_PCRE2_32=OFF \
        -DPCRE2_SUPPORT_JIT=ON -DPCRE2_SUPPORT_UNICODE=ON -DPCRE2_BUILD_PCRE2GREP=OFF -DPCRE2_BUILD_TESTS=OFF \
        -DPCRE2_SUPPORT_LIBZ=OFF -DPCRE2_SUPPORT_LIBBZ2=OFF -DPCRE2_SUPPORT_LIBEDIT=OFF -DPCRE2_SUPPORT_LIBREADLINE=OFF
    [ -f "$prefix/lib/pkgconfig/libpcre2-8.pc" ] || die "PCRE2 installed no libpcre2-8.pc"
    # Static on Windows means PCRE2_STATIC for whoever includes pcre2.h.
    grep -q PCRE2_STATIC "$prefix/lib/pkgconfig/libpcre2-8.pc" ||
        sed -i 's/^Cflags: .*/& -DPCRE2_STATIC/' "$prefix/lib/pkgconfig/libpcre2-8.pc"
    mark pcre2
}

# uchardet, which names the encoding of text without a byte order mark (static; its header then
# declares no DLL imports).
build_uchardet() {
    done_ uchardet && return
    fetch_matching uchardet uchardet libuchardet-dev || die "no uchardet source can be had"
    say "building uchardet"
    cmake_target uchardet "$src/uchardet/source" -Wno-deprecated -DBUILD_SHARED_LIBS=OFF -DBUILD_BINARY=OFF ||
        { tail -n 30 "$bld/uchardet.configure.log" "$bld/uchardet.build.log" 2>/dev/null; die "uchardet failed"; }
    [ -f "$prefix/lib/pkgconfig/uchardet.pc" ] || die "uchardet installed no uchardet.pc"
    # Its library is C++: whoever links it statically links the C++ runtime too (g++ does).
    mark uchardet
}

# ICU, for Qt's text codecs (Shift_JIS, GB18030, EUC-KR, KOI8-R and the rest that View > Encoding
# offers), its collation and its Unicode tables: the environment's version, as on Linux. A cross build
# of ICU runs tools of its own version while it packs its data, so it is first built natively.
build_icu() {
    done_ icu && return
    local runtime
    runtime=$(dpkg-query -W -f='${Package}\n' 'libicu[0-9]*' 2>/dev/null | head -n 1)
    [ -n "$runtime" ] || die "the build environment has no ICU (libicuNN, which its Qt uses)"
    fetch_matching icu icu "$runtime" || die "no ICU source can be had"
    local s=$src/icu/source/source
    [ -x "$s/configure" ] || die "the ICU source has no source/configure"
    local common=(--disable-tests --disable-samples --disable-extras --disable-icuio --disable-layoutex)
    say "building ICU $(cat "$src/icu/.version") natively (its tools, for the cross build)"
    rm -rf "$bld/icu-host"; mkdir -p "$bld/icu-host"
    (cd "$bld/icu-host" && "$s/configure" "${common[@]}" --disable-static --enable-shared &&
        make -j"$jobs") >"$bld/icu-host.build.log" 2>&1 || { tail -n 30 "$bld/icu-host.build.log"; die "native ICU failed"; }
    say "building ICU for Windows (log: $bld/icu.build.log)"
    rm -rf "$bld/icu"; mkdir -p "$bld/icu"
    (cd "$bld/icu" && "$s/configure" "${common[@]}" --host=x86_64-w64-mingw32 --with-cross-build="$bld/icu-host" \
        --prefix="$prefix" --enable-shared --disable-static --with-data-packaging=library \
        CC=x86_64-w64-mingw32-gcc-posix CXX=x86_64-w64-mingw32-g++-posix CFLAGS=-O2 CXXFLAGS=-O2 &&
        make -j"$jobs" && make install) >"$bld/icu.build.log" 2>&1 || { tail -n 30 "$bld/icu.build.log"; die "ICU failed"; }
    mark icu
}

# Debian's +dfsg qtbase drops the Wintab headers the windows platform plugin includes; Wine's
# development package has them (extracted, not installed). Its wintab.h names its A/W variants with
# two macros of Wine's own windef.h, which MinGW-w64's headers lack, and lacks the API calling
# convention macro the plugin declares its function pointers with: all three are defined before it.
wintab_headers() {
    local dst=$src/qtbase/source/src/3rdparty/wintab
    grep -qs 'define API WINAPI' "$dst/wintab.h" && [ -f "$dst/pktdef.h" ] && return
    mkdir -p "$src/wine" "$dst"
    [ -d "$src/wine/root" ] || (cd "$src/wine" && rm -f ./*.deb &&
        apt-get -o APT::Sandbox::User=root download -qq libwine-dev >/dev/null && dpkg-deb -x ./*.deb root)
    cp "$(find "$src/wine/root" -name pktdef.h | head -n 1)" "$dst/"
    {
        printf '%s\n' '#ifndef WINELIB_NAME_AW' '# ifdef UNICODE' '#  define WINELIB_NAME_AW(name) name##W' \
            '# else' '#  define WINELIB_NAME_AW(name) name##A' '# endif' '#endif' '#ifndef DECL_WINELIB_TYPE_AW' \
            '# define DECL_WINELIB_TYPE_AW(type) typedef WINELIB_NAME_AW(type) type;' '#endif' \
            '#ifndef API' '# define API WINAPI' '#endif'
        cat "$(find "$src/wine/root" -name wintab.h | head -n 1)"
    } >"$dst/wintab.h"
}

configure_qt() {
    say "configuring Qt $(cat "$src/qtbase/.version")"
    rm -rf "$bld/qtbase"; mkdir -p "$bld/qtbase"
    (cd "$bld/qtbase" && "$src/qtbase/source/configure" -prefix "$prefix" -xplatform win32-g++ \
        -qt-host-path /usr -release -shared -nomake tests -nomake examples -unity-build -no-sbom \
        -no-opengl -no-dbus -icu -no-pkg-config -no-openssl -no-libjpeg -qt-zlib -qt-pcre -qt-libpng \
        -qt-freetype -qt-harfbuzz -qt-doubleconversion -no-feature-sql -no-feature-printsupport \
        -no-feature-xml -no-feature-direct2d1_1 -no-feature-sqlmodel -- -G Ninja \
        -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DTOME_WINDOWS_PREFIX="$prefix" -DFEATURE_zstd=ON \
        -DQT_HOST_PATH_CMAKE_DIR="$host_cmake_dir" -DQT_NO_PACKAGE_VERSION_CHECK=TRUE -DICU_ROOT="$prefix" \
        >"$bld/qtbase.configure.log" 2>&1) || { tail -n 30 "$bld/qtbase.configure.log"; die "Qt configure failed"; }
    grep -q '^QT_FEATURE_zstd:INTERNAL=ON' "$bld/qtbase/CMakeCache.txt" || die "Qt was configured without zstd"
    grep -q '^QT_FEATURE_icu:INTERNAL=ON' "$bld/qtbase/CMakeCache.txt" || die "Qt was configured without ICU"
    mark qtbase-configured
}

qt_has() { grep -q "^QT_FEATURE_$1:INTERNAL=ON" "$bld/qtbase/CMakeCache.txt" 2>/dev/null; }
build_qt() {
    done_ qtbase && [ -d "$prefix/lib/cmake/Qt6Network" ] && qt_has icu && return
    [ -n "$(srcver qt6-base-dev)" ] || die "the host Qt (qt6-base-dev) is missing"
    # Same version as the host Qt, whose moc, rcc and uic the cross build uses.
    fetch_matching qtbase qt6-base qt6-base-dev || die "no qt6-base $(upstream "$(srcver qt6-base-dev)") source can be had"
    wintab_headers
    done_ qtbase-configured || configure_qt
    # Qt Network is what KF6 SyntaxHighlighting needs (its definition downloader); a Qt configured
    # without it by an earlier version of this script gets it switched on in place.
    qt_has network || cmake -DFEATURE_network=ON "$bld/qtbase" >>"$bld/qtbase.configure.log" 2>&1 ||
        die "Qt configure failed"
    # Likewise ICU (a Qt of an earlier version of this script was configured with -no-icu).
    qt_has icu || cmake -DFEATURE_icu=ON -DICU_ROOT="$prefix" "$bld/qtbase" >>"$bld/qtbase.configure.log" 2>&1 ||
        die "Qt configure failed"
    qt_has icu || { tail -n 30 "$bld/qtbase.configure.log"; die "Qt cannot find ICU in $prefix"; }
    say "building Qt (the long step; log: $bld/qtbase.build.log)"
    cmake --build "$bld/qtbase" --parallel "$jobs" >"$bld/qtbase.build.log" 2>&1 ||
        { tail -n 40 "$bld/qtbase.build.log"; die "Qt build failed"; }
    cmake --install "$bld/qtbase" >"$bld/qtbase.install.log"
    mark qtbase
}

# Qt's offscreen platform on Windows reads fonts from its own lib/fonts (Wine does not pass on
# QT_QPA_FONTDIR): the environment's DejaVu fonts, for the GUI tests.
fonts() {
    done_ fonts && return
    local dir
    dir=$(dirname "$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null || true)")
    [ -d "$dir" ] || die "no DejaVu fonts in the build environment (fonts-dejavu-core)"
    mkdir -p "$prefix/lib/fonts"
    cp "$dir"/DejaVu*.ttf "$prefix/lib/fonts/"
    mark fonts
}

build_ksh() {
    done_ ksh && return
    [ -d "$prefix/lib/cmake/Qt6Network" ] || die "Qt was built without Network, which KF6 SyntaxHighlighting needs"
    # KF6 SyntaxHighlighting: the environment's suite's if its source can be had, else unstable's.
    fetch ksh "kf6-syntax-highlighting/$suite" "kf6-syntax-highlighting/unstable" ||
        die "no KF6 SyntaxHighlighting source can be had"
    # Extra CMake Modules (build scripts only): of the same release if it can be had, else the
    # environment's suite's, else the newest that can.
    local kver ecm_specs
    kver=$(upstream "$(cat "$src/ksh/.version")")
    mapfile -t ecm_specs < <(versions_of kf6-extra-cmake-modules "$kver"; echo "kf6-extra-cmake-modules/$suite";
                             versions_of kf6-extra-cmake-modules)
    fetch ecm "${ecm_specs[@]}" || die "no Extra CMake Modules source can be had"
    local ecmver host=$W/host
    ecmver=$(upstream "$(cat "$src/ecm/.version")")
    say "installing Extra CMake Modules $ecmver (into $host)"
    cmake -S "$src/ecm/source" -B "$bld/ecm" -G Ninja -DCMAKE_INSTALL_PREFIX="$host" -DBUILD_TESTING=OFF \
        -DBUILD_HTML_DOCS=OFF -DBUILD_MAN_DOCS=OFF -DBUILD_QTHELP_DOCS=OFF >"$bld/ecm.configure.log"
    cmake --install "$bld/ecm" >"$bld/ecm.install.log"

    # That release may ask for a newer Qt and ECM than these: it is built against them all the same
    # (its code compiles with Qt 6.8 and ECM 6.13), with four changes to its build scripts:
    #  - the Qt and ECM versions it asks for are the ones at hand;
    #  - an ECM without ecm_generate_headers(SHARED_PREFIX) writes the CamelCase headers into a
    #    KSyntaxHighlighting/ folder of their own instead, which is the layout SHARED_PREFIX makes;
    #  - no API documentation (ecm_generate_qdoc needs Qt's qdoc), no translations (Qt's
    #    LinguistTools), no examples.
    local qtver s=$src/ksh/source
    qtver=$(sed -n 's/^set(QT_REPO_MODULE_VERSION "\(.*\)")/\1/p' "$src/qtbase/source/.cmake.conf")
    sed -i -E -e "s/^set\(REQUIRED_QT_VERSION [0-9.]+\)/set(REQUIRED_QT_VERSION $qtver)/" \
        -e "s/^find_package\(ECM [0-9.]+ /find_package(ECM $ecmver /" -e '/^ *add_subdirectory\(examples\)/d' \
        "$s/CMakeLists.txt"
    grep -qs SHARED_PREFIX "$host/share/ECM/modules/ECMGenerateHeaders.cmake" ||
        sed -i 's|^\( *\)SHARED_PREFIX KSyntaxHighlighting$|\1OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/KSyntaxHighlighting|' \
            "$s/src/lib/CMakeLists.txt"
    find "$s" -name CMakeLists.txt -exec sed -i '/^ecm_generate_qdoc(/d' {} +
    rm -rf "$s/poqm"

    # The indexer runs at build time: built natively, against the host Qt.
    say "building the KF6 SyntaxHighlighting indexer (host)"
    cmake -S "$s" -B "$bld/ksh-host" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$host" \
        -DBUILD_TESTING=OFF -DKSYNTAXHIGHLIGHTING_USE_GUI=OFF -Wno-dev >"$bld/ksh-host.configure.log" 2>&1 ||
        { tail -n 30 "$bld/ksh-host.configure.log"; die "indexer configure failed"; }
    cmake --build "$bld/ksh-host" --parallel "$jobs" --target katehighlightingindexer >"$bld/ksh-host.build.log" 2>&1 ||
        { tail -n 30 "$bld/ksh-host.build.log"; die "indexer build failed"; }
    local indexer
    indexer=$(find "$bld/ksh-host" -name katehighlightingindexer -type f -perm -u+x | head -n 1)

    say "building KF6 SyntaxHighlighting $(cat "$src/ksh/.version") (log: $bld/ksh.build.log)"
    cmake_target ksh "$s" -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR="$host_cmake_dir" \
        -DECM_DIR="$host/share/ECM/cmake" -DKATEHIGHLIGHTINGINDEXER_EXECUTABLE="$indexer" -DBUILD_TESTING=OFF \
        -DKSYNTAXHIGHLIGHTING_USE_GUI=ON -Wno-dev ||
        { tail -n 40 "$bld/ksh.configure.log" "$bld/ksh.build.log" 2>/dev/null; die "KF6 SyntaxHighlighting failed"; }
    mark ksh
}

install_toolchain
apt_config
suite=$(cat "$W/apt/suite")
start=$(date +%s)
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(zstd icu qt fonts zlib bzip2 xz pcre2 uchardet ksh)
for step in "${steps[@]}"; do
    case "$step" in
        fonts) fonts ;;
        ksh) if [ "${TOME_WINDOWS_SYNTAX:-OFF}" = ON ]; then build_ksh; fi ;;
        *) "build_$step" ;;
    esac
done
say "dependencies ready in $prefix ($(($(date +%s) - start)) s this run)"
