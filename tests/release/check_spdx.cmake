# Fails, naming the files, when a header under include/ or single_include/ does not open
# with hearsay's SPDX license line. Run as: cmake -DSOURCE_DIR=<checkout> -P check_spdx.cmake

cmake_minimum_required(VERSION 3.16)

set(spdx_line "// SPDX-License-Identifier: BSL-1.0\n")
string(LENGTH "${spdx_line}" spdx_length)

file(GLOB_RECURSE headers "${SOURCE_DIR}/include/*.hpp" "${SOURCE_DIR}/single_include/*.hpp")
if(NOT headers)
    message(FATAL_ERROR "no headers found under ${SOURCE_DIR}")
endif()

set(missing "")
foreach(header IN LISTS headers)
    file(READ "${header}" start LIMIT ${spdx_length})
    if(NOT start STREQUAL spdx_line)
        file(RELATIVE_PATH name "${SOURCE_DIR}" "${header}")
        string(APPEND missing "\n  ${name}")
    endif()
endforeach()
if(missing)
    string(STRIP "${spdx_line}" spdx_text)
    message(FATAL_ERROR "these headers must start with the line \"${spdx_text}\":${missing}")
endif()
list(LENGTH headers count)
message(STATUS "${count} headers carry the SPDX line")
