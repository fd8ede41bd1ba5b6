# What a self-contained Windows or macOS installation needs beyond `install(TARGETS tome)`: the platform
# icon, the macOS bundle's Info.plist, and Qt's deployment tools (windeployqt, macdeployqt) run at install
# time, so that `cmake --install` and `cpack` produce a folder or bundle that runs on a machine without
# Qt. Linux packages use the distribution's Qt and KF6 instead, so nothing here applies to them.
# Included from packaging/CPackConfig.cmake, after every target exists.

# qt6_generate_deploy_script, not the versionless qt_generate_deploy_script: that one is a macro, which
# would expand the deploy-time variables (${QT_DEPLOY_...}) in CONTENT at configure time.
if((WIN32 OR APPLE) AND NOT COMMAND qt6_generate_deploy_script)
    message(FATAL_ERROR "Windows and macOS installations need Qt >= 6.5 (qt6_generate_deploy_script)")
endif()

if(WIN32)
    target_sources(tome PRIVATE ${PROJECT_SOURCE_DIR}/resources/tome.rc)
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION . RENAME LICENSE.txt)

    # windeployqt only follows Qt libraries, so KF6 SyntaxHighlighting (a DLL outside Qt's prefix) is
    # installed next to tome.exe and handed to it, so that the Qt modules it needs (Network) come too.
    set(tome_extra_libraries "")
    if(TARGET KF6::SyntaxHighlighting)
        install(IMPORTED_RUNTIME_ARTIFACTS KF6::SyntaxHighlighting RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
        set(tome_extra_libraries
            "ADDITIONAL_LIBRARIES \"\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:KF6::SyntaxHighlighting>\"")
    endif()
    if(CMAKE_CROSSCOMPILING)
        include(${CMAKE_CURRENT_LIST_DIR}/windows/Deploy.cmake) # no windeployqt here
    else()
        qt6_generate_deploy_script(
            TARGET tome
            OUTPUT_SCRIPT tome_deploy_script
            CONTENT "
qt_deploy_runtime_dependencies(
    EXECUTABLE \"\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:tome>\"
    ${tome_extra_libraries}
    GENERATE_QT_CONF
    NO_TRANSLATIONS
)")
        install(SCRIPT ${tome_deploy_script})
    endif()
elseif(APPLE)
    set(tome_icns ${PROJECT_SOURCE_DIR}/resources/tome.icns)
    target_sources(tome PRIVATE ${tome_icns})
    set_source_files_properties(${tome_icns} TARGET_DIRECTORY tome
        PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
    set_target_properties(tome PROPERTIES
        MACOSX_BUNDLE_INFO_PLIST ${CMAKE_CURRENT_LIST_DIR}/macos/Info.plist.in
        MACOSX_BUNDLE_ICON_FILE tome.icns
        MACOSX_BUNDLE_INFO_STRING "Tome ${PROJECT_VERSION}"
        MACOSX_BUNDLE_COPYRIGHT "The Tome developers. GPL-3.0-or-later.")
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION . RENAME LICENSE.txt)

    # macdeployqt copies the Qt frameworks and every other non-system library the bundle links to
    # (KF6 SyntaxHighlighting included) into tome.app/Contents/Frameworks, with the plugins it needs.
    # It rewrites install names, which voids the linker's signatures, so the bundle is signed again
    # (ad hoc: enough to run on Apple silicon; a release would sign with a Developer ID and notarise).
    qt6_generate_deploy_script(
        TARGET tome
        OUTPUT_SCRIPT tome_deploy_script
        CONTENT "
qt_deploy_runtime_dependencies(
    EXECUTABLE \"$<TARGET_FILE_NAME:tome>.app\"
    NO_TRANSLATIONS
)
execute_process(
    COMMAND codesign --force --deep --sign - \"\${QT_DEPLOY_PREFIX}/$<TARGET_FILE_NAME:tome>.app\"
    COMMAND_ERROR_IS_FATAL ANY)
")
    install(SCRIPT ${tome_deploy_script})
endif()
