# Installers, made by `cpack` in a build directory (`make package` runs it in build/release):
#   Linux     .deb, .rpm and .tar.gz, depending on the distribution's Qt 6 and KF6 SyntaxHighlighting
#   Windows   an NSIS installer (.exe) and a .zip, with Qt and KF6 deployed next to tome.exe
#   macOS     a drag-and-drop .dmg holding tome.app, with Qt and KF6 deployed inside the bundle
include(${CMAKE_CURRENT_LIST_DIR}/Deploy.cmake)

set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_PACKAGE_NAME tome)
set(CPACK_PACKAGE_VENDOR "The Tome developers")
set(CPACK_PACKAGE_CONTACT "The Tome developers <tome@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Tome opens text files of any size instantly, through a memory mapping of the"
    "file: multi-gigabyte logs, CSV exports and dumps show their first screen at"
    "once while the line index is built in the background. Read, search, inspect"
    "the exact bytes, edit lines in place and append, with syntax highlighting.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Tome)
set(CPACK_PACKAGE_EXECUTABLES tome Tome)
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME "tome-${PROJECT_VERSION}")
string(REGEX REPLACE "([][+.*?()^$|\\])" "\\\\\\1" tome_top "${PROJECT_SOURCE_DIR}")
set(CPACK_SOURCE_IGNORE_FILES
    "^${tome_top}/\\.git/" "^${tome_top}/build/" "^${tome_top}/\\.tome-cache/" "^${tome_top}/CMakeUserPresets\\.json$")
string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" tome_arch)

if(UNIX AND NOT APPLE)
    set(CPACK_GENERATOR "DEB;RPM;TGZ")
    set(CPACK_PACKAGE_FILE_NAME "tome-${PROJECT_VERSION}-linux-${tome_arch}")

    # Debian: tome_VERSION_ARCH.deb. Dependencies come from dpkg-shlibdeps (libc, libstdc++, Qt 6,
    # KF6 SyntaxHighlighting); the platform plugins ship with libqt6gui6, the SVG icon plugin is a
    # recommendation. The desktop, icon and MIME caches are refreshed by dpkg triggers.
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION editors)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-svg-plugins")

    # RPM: tome-VERSION-1.ARCH.rpm; requirements come from rpmbuild's automatic ELF dependencies.
    set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
    set(CPACK_RPM_PACKAGE_RELEASE 1)
    set(CPACK_RPM_PACKAGE_LICENSE "GPL-3.0-or-later")
    set(CPACK_RPM_PACKAGE_GROUP "Applications/Editors")
    set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
    set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
    set(CPACK_RPM_PACKAGE_AUTOREQ ON)
    set(CPACK_RPM_PACKAGE_AUTOPROV OFF)
    # Directories that belong to the system (filesystem, hicolor-icon-theme), not to this package.
    set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/applications
        /usr/share/icons
        /usr/share/icons/hicolor
        /usr/share/icons/hicolor/scalable
        /usr/share/icons/hicolor/scalable/apps
        /usr/share/metainfo)
elseif(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
    set(CPACK_PACKAGE_FILE_NAME "tome-${PROJECT_VERSION}-windows-${tome_arch}")
    set(CPACK_NSIS_PACKAGE_NAME Tome)
    if(CMAKE_SIZEOF_VOID_P EQUAL 8)
        set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64") # not "Program Files (x86)"
        if(CMAKE_CROSSCOMPILING)
            # A 64-bit installer (Debian's NSIS has the amd64 stubs): Wine without 32-bit support runs it.
            set(CPACK_NSIS_DEFINES "Target amd64-unicode")
        endif()
    endif()
    set(CPACK_NSIS_DISPLAY_NAME Tome)
    set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/resources/tome.ico")
    set(CPACK_NSIS_MUI_UNIICON "${PROJECT_SOURCE_DIR}/resources/tome.ico")
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\tome.exe")
    set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
    set(CPACK_NSIS_CONTACT "${CPACK_PACKAGE_CONTACT}")
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
    set(CPACK_NSIS_MUI_FINISHPAGE_RUN tome.exe)
    set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY Tome)
    # "Open with > Tome" for text files; removed again by the uninstaller.
    set(tome_open_key "Software\\Classes\\Applications\\tome.exe")
    set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS "
        WriteRegStr SHCTX '${tome_open_key}' 'FriendlyAppName' 'Tome'
        WriteRegStr SHCTX '${tome_open_key}\\shell\\open\\command' '' '\"$INSTDIR\\bin\\tome.exe\" \"%1\"'
        WriteRegStr SHCTX '${tome_open_key}\\SupportedTypes' '.txt' ''
        WriteRegStr SHCTX '${tome_open_key}\\SupportedTypes' '.log' ''
        WriteRegStr SHCTX '${tome_open_key}\\SupportedTypes' '.csv' ''
        WriteRegStr SHCTX '${tome_open_key}\\SupportedTypes' '.tsv' ''
        WriteRegStr SHCTX '${tome_open_key}\\SupportedTypes' '.json' ''
        WriteRegStr SHCTX '${tome_open_key}\\SupportedTypes' '.xml' ''
        WriteRegStr SHCTX 'Software\\Classes\\.txt\\OpenWithList\\tome.exe' '' ''
        WriteRegStr SHCTX 'Software\\Classes\\.log\\OpenWithList\\tome.exe' '' ''
        WriteRegStr SHCTX 'Software\\Classes\\.csv\\OpenWithList\\tome.exe' '' ''
    ")
    set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "
        DeleteRegKey SHCTX '${tome_open_key}'
        DeleteRegKey SHCTX 'Software\\Classes\\.txt\\OpenWithList\\tome.exe'
        DeleteRegKey SHCTX 'Software\\Classes\\.log\\OpenWithList\\tome.exe'
        DeleteRegKey SHCTX 'Software\\Classes\\.csv\\OpenWithList\\tome.exe'
    ")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
    set(CPACK_PACKAGE_FILE_NAME "tome-${PROJECT_VERSION}-macos-${tome_arch}")
    set(CPACK_DMG_VOLUME_NAME "Tome ${PROJECT_VERSION}")
    set(CPACK_PACKAGE_ICON "${PROJECT_SOURCE_DIR}/resources/tome.icns")
    set(CPACK_DMG_FORMAT UDZO)
endif()
include(CPack)
