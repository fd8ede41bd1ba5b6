# What a cross-built Windows installation needs beside tome.exe (included from packaging/Deploy.cmake
# when cross-compiling for Windows, where Qt's windeployqt is not at hand): the DLLs tome.exe and the
# Qt plugins load, found with file(GET_RUNTIME_DEPENDENCIES) reading the PE imports (objdump) among
# the dependencies' prefix and MinGW's runtime, and the plugins a clean Windows needs to start:
# the windows platform, the native style, the image formats and TLS. Installed next to tome.exe,
# where Qt looks for plugins first (bin/platforms/, bin/styles/, ...).

# windres looks for the icon tome.rc names in its include path, not beside the .rc file.
set_source_files_properties(${PROJECT_SOURCE_DIR}/resources/tome.rc TARGET_DIRECTORY tome
    PROPERTIES INCLUDE_DIRECTORIES ${PROJECT_SOURCE_DIR}/resources)
if(NOT CMAKE_OBJDUMP)
    message(FATAL_ERROR "cross-built Windows installations need objdump (CMAKE_OBJDUMP)")
endif()
get_filename_component(tome_qt_prefix "${Qt6_DIR}/../../.." ABSOLUTE)
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-libgcc-file-name
    OUTPUT_VARIABLE tome_libgcc OUTPUT_STRIP_TRAILING_WHITESPACE)
get_filename_component(tome_gcc_dir "${tome_libgcc}" DIRECTORY)
set(tome_dll_dirs "${tome_qt_prefix}/bin" "${tome_gcc_dir}")
foreach(root IN LISTS CMAKE_FIND_ROOT_PATH)
    list(APPEND tome_dll_dirs "${root}/bin" "${root}/lib")
endforeach()
set(tome_plugin_globs platforms/qwindows.dll styles/*.dll imageformats/*.dll tls/qschannelbackend.dll)

set(tome_extra_dlls "")
if(TARGET KF6::SyntaxHighlighting)
    set(tome_extra_dlls "$<TARGET_FILE:KF6::SyntaxHighlighting>")
endif()
install(CODE "
    set(tome_exe \"$<TARGET_FILE:tome>\")
    set(tome_extra_dlls \"${tome_extra_dlls}\")
    set(tome_plugins_dir \"${tome_qt_prefix}/plugins\")
    set(tome_plugin_globs \"${tome_plugin_globs}\")
    set(tome_dll_dirs \"${tome_dll_dirs}\")
    set(tome_objdump \"${CMAKE_OBJDUMP}\")
    set(tome_bin \"${CMAKE_INSTALL_BINDIR}\")
")
install(SCRIPT ${CMAKE_CURRENT_LIST_DIR}/DeployRuntime.cmake)
