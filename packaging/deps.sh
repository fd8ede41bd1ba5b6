# The packages Tome needs to build, test and run, per package manager. Sourced by packaging/buildenv.
# shellcheck disable=SC2034
TOME_DEB_PACKAGES=(
    g++ cmake ninja-build make pkg-config
    qt6-base-dev qt6-base-dev-tools libkf6syntaxhighlighting-dev
    xvfb xauth fontconfig fonts-dejavu-core libgl-dev
    ripgrep
    libvectorscan-dev libpcre2-dev
    zlib1g-dev libbz2-dev liblzma-dev libzstd-dev
    libuchardet-dev
    desktop-file-utils appstream dpkg-dev rpm file
    python3
)
# The Windows cross-build's toolchain (packaging/windows/), installed on demand by `make windows`:
# not part of the normal build environment.
TOME_WINDOWS_DEB_PACKAGES=(
    g++-mingw-w64-x86-64-posix mingw-w64-tools wine wine64 nsis dpkg-dev xz-utils perl
)
# Only in the Debian build root (the host has its own).
TOME_ROOT_EXTRA_PACKAGES=(ca-certificates coreutils util-linux procps)
TOME_RPM_PACKAGES=(
    gcc-c++ cmake ninja-build make qt6-qtbase-devel kf6-syntax-highlighting-devel
    xorg-x11-server-Xvfb xauth fontconfig dejavu-sans-mono-fonts mesa-libGL-devel ripgrep
    pcre2-devel pkgconf-pkg-config desktop-file-utils appstream rpm-build python3
    zlib-devel bzip2-devel xz-devel libzstd-devel uchardet-devel
)
TOME_PACMAN_PACKAGES=(
    gcc cmake ninja make qt6-base syntax-highlighting xorg-server-xvfb xorg-xauth fontconfig
    ttf-dejavu ripgrep pcre2 vectorscan pkgconf desktop-file-utils appstream python
    zlib bzip2 xz zstd uchardet
)
