# tome_set_compile_options(TARGET): the project's warnings and, when asked for, sanitizers.
add_library(tome_compile_options INTERFACE)
if(MSVC)
    target_compile_options(tome_compile_options INTERFACE /W4 /permissive- $<$<BOOL:${TOME_WARNINGS_AS_ERRORS}>:/WX>)
else()
    target_compile_options(tome_compile_options INTERFACE
        -Wall -Wextra -Wpedantic
        $<$<BOOL:${TOME_WARNINGS_AS_ERRORS}>:-Werror>)
    if(TOME_SANITIZE)
        target_compile_options(tome_compile_options INTERFACE
            -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
        target_link_options(tome_compile_options INTERFACE -fsanitize=address,undefined)
    endif()
endif()
target_compile_definitions(tome_compile_options INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_USE_QSTRINGBUILDER
    TOME_VERSION="${PROJECT_VERSION}")
