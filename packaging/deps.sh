# The packages Tome needs to build, test and run, per package manager. Sourced by packaging/buildenv.
# shellcheck disable=SC2034
TOME_DEB_PACKAGES=(
    g++ cmake ninja-build make pkg-config
    qt6-base-dev qt6-base-dev-tools libkf6syntaxhighlighting-dev
    xvfb xauth fontconfig fonts-dejavu-core libgl-dev
    ripgrep
    libvectorscan-dev libpcre2-dev
    desktop-file-utils appstream dpkg-dev rpm file
)
# Only in the Debian build root (the host has its own).
TOME_ROOT_EXTRA_PACKAGES=(ca-certificates coreutils util-linux procps)
TOME_RPM_PACKAGES=(
    gcc-c++ cmake ninja-build make qt6-qtbase-devel kf6-syntax-highlighting-devel
    xorg-x11-server-Xvfb xauth fontconfig dejavu-sans-mono-fonts mesa-libGL-devel ripgrep
    pcre2-devel pkgconf-pkg-config desktop-file-utils appstream rpm-build
)
TOME_PACMAN_PACKAGES=(
    gcc cmake ninja make qt6-base syntax-highlighting xorg-server-xvfb xorg-xauth fontconfig
    ttf-dejavu ripgrep pcre2 vectorscan pkgconf desktop-file-utils appstream
)
