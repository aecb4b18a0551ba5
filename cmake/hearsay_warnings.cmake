# Warning policy for hearsay's own compiled targets (tests, examples, benchmarks).
# Never applied to the INTERFACE target: consumers keep their own flags.

include_guard(GLOBAL)

# Adds hearsay's strict warnings, as errors, to TARGET.
function(hearsay_strict_warnings target)
    if(MSVC)
        target_compile_options(${target} PRIVATE /W4 /WX /permissive-)
    else()
        target_compile_options(${target} PRIVATE
            -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
            -Wold-style-cast -Werror)
    endif()
endfunction()
