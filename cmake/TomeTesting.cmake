# tome_add_test(NAME SOURCES... [LIBS ...] [GUI])
# The one place a test is registered: builds the Qt Test executable NAME and adds it to CTest.
# GUI tests run on the offscreen platform.
function(tome_add_test name)
    cmake_parse_arguments(ARG "GUI" "" "SOURCES;LIBS" ${ARGN})
    if(NOT ARG_SOURCES)
        set(ARG_SOURCES ${name}.cpp)
    endif()
    qt_add_executable(${name} ${ARG_SOURCES})
    set_target_properties(${name} PROPERTIES MACOSX_BUNDLE OFF WIN32_EXECUTABLE OFF)
    target_link_libraries(${name} PRIVATE Qt6::Test tome_compile_options ${ARG_LIBS})
    set(args "")
    if(ARG_GUI AND WIN32 AND CMAKE_CROSSCOMPILING)
        # Under Wine (CMAKE_CROSSCOMPILING_EMULATOR) variables starting with QT_ do not reach the
        # program: the platform goes on the command line.
        set(args -platform offscreen)
    endif()
    add_test(NAME ${name} COMMAND ${name} ${args})
    set(env "TOME_TEST_DATA=${CMAKE_CURRENT_SOURCE_DIR}")
    if(ARG_GUI)
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
    endif()
    # The room (tests/<room>) as a label: `ctest -L model`.
    get_filename_component(room "${CMAKE_CURRENT_SOURCE_DIR}" NAME)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT 300 LABELS "${room}")
endfunction()
