# Warning policy for hearsay's own compiled targets (tests, examples, benchmarks).
# Never applied to the INTERFACE target: consumers keep their own flags.

include_guard(GLOBAL)

# Sets OUT to hearsay's strict warning flags (errors included). A function rather than a
# variable: include_guard(GLOBAL) would leave a variable in the first includer's scope only.
function(hearsay_strict_warning_flags out)
    if(MSVC)
        set(${out} /W4 /WX /permissive- PARENT_SCOPE)
    else()
        set(${out}
            -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
            -Werror
            PARENT_SCOPE)
    endif()
endfunction()

# Adds hearsay's strict warnings, as errors, to TARGET.
function(hearsay_strict_warnings target)
    hearsay_strict_warning_flags(flags)
    target_compile_options(${target} PRIVATE ${flags})
endfunction()
