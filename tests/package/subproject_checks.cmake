# Included by the consumers that build hearsay as a subproject: hearsay must stay out
# of their way, building and installing nothing they did not ask for.

foreach(option HEARSAY_BUILD_TESTS HEARSAY_BUILD_BENCHMARKS HEARSAY_BUILD_EXAMPLES HEARSAY_INSTALL)
    if(NOT DEFINED ${option})
        message(FATAL_ERROR "${option} is not defined")
    endif()
    if(${option})
        message(FATAL_ERROR "${option} must default to OFF when hearsay is a subproject")
    endif()
endforeach()

foreach(target hearsay_tests hearsay_header_checks shopping_cart)
    if(TARGET ${target})
        message(FATAL_ERROR "hearsay as a subproject must not define ${target}")
    endif()
endforeach()

if(NOT TARGET hearsay::hearsay)
    message(FATAL_ERROR "hearsay::hearsay is missing")
endif()
