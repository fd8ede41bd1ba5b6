# cmake -D PREFIX=DIR -D QT_PREFIX=DIR [-D KF_VERSION=6.13.0] [-D WORK=DIR] -P build-kf6-syntax-highlighting.cmake
#
# Builds KF6 SyntaxHighlighting and the Extra CMake Modules it needs from KDE's release tags and installs
# both into PREFIX. For platforms whose package managers lack KF6 (Windows, macOS with Homebrew); the CI
# workflow caches PREFIX. Needs git, Ninja, a C++ compiler, Perl and Qt 6 (QT_PREFIX).

if(NOT PREFIX OR NOT QT_PREFIX)
    message(FATAL_ERROR "usage: cmake -D PREFIX=DIR -D QT_PREFIX=DIR [-D KF_VERSION=X.Y.Z] -P ${CMAKE_SCRIPT_MODE_FILE}")
endif()
if(NOT KF_VERSION)
    set(KF_VERSION 6.13.0)
endif()
if(NOT WORK)
    set(WORK "${PREFIX}-src")
endif()
file(TO_CMAKE_PATH "${PREFIX}" PREFIX)
file(TO_CMAKE_PATH "${QT_PREFIX}" QT_PREFIX)
file(TO_CMAKE_PATH "${WORK}" WORK)

function(run)
    execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
endfunction()

foreach(project extra-cmake-modules syntax-highlighting)
    set(src "${WORK}/${project}")
    set(bin "${WORK}/${project}-build")
    file(REMOVE_RECURSE "${src}" "${bin}")
    run(git clone --quiet --depth 1 --branch v${KF_VERSION}
        https://invent.kde.org/frameworks/${project}.git "${src}")
    run("${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G Ninja
        -DCMAKE_BUILD_TYPE=Release
        "-DCMAKE_INSTALL_PREFIX=${PREFIX}"
        "-DCMAKE_PREFIX_PATH=${PREFIX};${QT_PREFIX}"
        -DBUILD_TESTING=OFF
        -DBUILD_QCH=OFF
        -DBUILD_HTML_DOCS=OFF -DBUILD_MAN_DOCS=OFF -DBUILD_QTHELP_DOCS=OFF)
    run("${CMAKE_COMMAND}" --build "${bin}" --parallel)
    run("${CMAKE_COMMAND}" --install "${bin}")
endforeach()
message(STATUS "KF6 SyntaxHighlighting ${KF_VERSION} installed in ${PREFIX}")
