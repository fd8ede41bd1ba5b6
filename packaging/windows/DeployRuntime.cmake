# Install-time half of packaging/windows/Deploy.cmake (run by `cmake --install` and cpack): copies the Qt
# plugins a clean Windows needs and every DLL that tome.exe, KF6 SyntaxHighlighting and those plugins
# load, found by reading the PE imports (objdump). Set beforehand: tome_exe, tome_plugins_dir,
# tome_plugin_globs, tome_dll_dirs, tome_objdump, tome_bin (the destination, relative to the prefix).
#
# file(GET_RUNTIME_DEPENDENCIES) on the windows+pe platform compares DLL names in lower case, which a
# Linux file system does not: "Qt6Core.dll" is reported unresolved as "qt6core.dll". Such names are
# looked up here without regard to case, and the DLLs found are examined in turn until nothing new
# turns up.
cmake_policy(VERSION 3.25) # an install script has no project policies of its own
set(bin "${CMAKE_INSTALL_PREFIX}/${tome_bin}")
set(plugins "")
foreach(glob IN LISTS tome_plugin_globs)
    file(GLOB found "${tome_plugins_dir}/${glob}")
    foreach(plugin IN LISTS found)
        file(RELATIVE_PATH relative "${tome_plugins_dir}" "${plugin}")
        get_filename_component(folder "${relative}" DIRECTORY)
        file(INSTALL "${plugin}" DESTINATION "${bin}/${folder}")
        list(APPEND plugins "${plugin}")
    endforeach()
endforeach()
if(NOT plugins MATCHES qwindows)
    message(FATAL_ERROR "the Qt windows platform plugin is missing in ${tome_plugins_dir}")
endif()

# Every DLL in the search folders, by its lower-case name.
set(known "")
foreach(dir IN LISTS tome_dll_dirs)
    file(GLOB dlls "${dir}/*.dll")
    foreach(dll IN LISTS dlls)
        get_filename_component(name "${dll}" NAME)
        string(TOLOWER "${name}" lower)
        if(NOT DEFINED "tome_dll_${lower}")
            set("tome_dll_${lower}" "${dll}")
        endif()
    endforeach()
endforeach()

set(CMAKE_GET_RUNTIME_DEPENDENCIES_PLATFORM windows+pe)
set(CMAKE_GET_RUNTIME_DEPENDENCIES_TOOL objdump)
set(CMAKE_GET_RUNTIME_DEPENDENCIES_COMMAND "${tome_objdump}")
set(libraries ${plugins} ${tome_extra_dlls})
set(found_by_name "")
while(TRUE)
    file(GET_RUNTIME_DEPENDENCIES
        EXECUTABLES "${tome_exe}"
        LIBRARIES ${libraries}
        DIRECTORIES ${tome_dll_dirs}
        PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-"
        RESOLVED_DEPENDENCIES_VAR resolved
        UNRESOLVED_DEPENDENCIES_VAR unresolved)
    set(new "")
    foreach(name IN LISTS unresolved)
        string(TOLOWER "${name}" lower)
        if(DEFINED "tome_dll_${lower}" AND NOT "${tome_dll_${lower}}" IN_LIST libraries)
            list(APPEND new "${tome_dll_${lower}}")
        endif()
    endforeach()
    if(NOT new)
        break()
    endif()
    list(APPEND libraries ${new})
    list(APPEND found_by_name ${new})
endwhile()
list(APPEND resolved ${found_by_name})
list(REMOVE_DUPLICATES resolved)
foreach(dll IN LISTS resolved)
    message(STATUS "Runtime: ${dll}")
    file(INSTALL "${dll}" DESTINATION "${bin}")
endforeach()
# What is left is Windows' own (kernel32.dll, user32.dll, ...).
