# CMake toolchain file: Windows x86_64 with Debian's MinGW-w64 (posix threads), for Tome and for the
# dependencies packaging/windows/deps.sh builds. The target libraries (Qt, KF6 SyntaxHighlighting,
# PCRE2, zstd) live in one prefix, given as TOME_WINDOWS_PREFIX (cache variable or environment).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(tome_mingw x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${tome_mingw}-gcc-posix)
set(CMAKE_CXX_COMPILER ${tome_mingw}-g++-posix)
set(CMAKE_RC_COMPILER ${tome_mingw}-windres)
set(CMAKE_AR ${tome_mingw}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${tome_mingw}-gcc-ranlib-posix CACHE FILEPATH "")

if(NOT TOME_WINDOWS_PREFIX AND DEFINED ENV{TOME_WINDOWS_PREFIX})
    set(TOME_WINDOWS_PREFIX "$ENV{TOME_WINDOWS_PREFIX}")
endif()
# try_compile() projects read this file again: hand the prefix on to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES TOME_WINDOWS_PREFIX)

set(CMAKE_FIND_ROOT_PATH /usr/${tome_mingw} ${TOME_WINDOWS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config (PCRE2) reads the target's .pc files only.
if(TOME_WINDOWS_PREFIX)
    set(ENV{PKG_CONFIG_LIBDIR} "${TOME_WINDOWS_PREFIX}/lib/pkgconfig")
    set(ENV{PKG_CONFIG_PATH} "")
    set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
endif()
