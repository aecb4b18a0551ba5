# Writes single_include/hearsay/hearsay.hpp: the umbrella header include/hearsay/hearsay.hpp
# with each hearsay header it reaches pasted where it is first included, once. Standard
# includes stay as written. Headers under hearsay/sim/ stay out: the simulator is a test
# tool, not the library API, and keeps its own headers. So do the cipher adapters
# (hearsay/security/sodium.hpp, openssl.hpp): they need libsodium or OpenSSL, and a program
# includes the one it links beside the single header.
#
#   cmake -P scripts/amalgamate.cmake                  rewrite the committed file
#   cmake -DCHECK=ON -P scripts/amalgamate.cmake       fail if the committed file is stale
#   cmake -DOUTPUT=<file> -P scripts/amalgamate.cmake  write somewhere else
#
# The text never goes through a CMake list, so `;`, `[` and `\` in C++ survive as they are.

cmake_minimum_required(VERSION 3.16)

get_filename_component(root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(include_dir "${root}/include")
set(committed "${root}/single_include/hearsay/hearsay.hpp")
if(NOT OUTPUT)
    set(OUTPUT "${committed}")
endif()
set(spdx_line "// SPDX-License-Identifier: BSL-1.0\n")
set(left_out_pattern "^hearsay/(sim/|security/(sodium|openssl)\\.hpp$)")

# Sets `out` to the header `name` (a path below include/) with its hearsay includes
# replaced by their expansions; a header pasted before expands to nothing.
function(hearsay_expand name out)
    set_property(GLOBAL APPEND PROPERTY hearsay_pasted "${name}")
    if(NOT EXISTS "${include_dir}/${name}")
        message(FATAL_ERROR "amalgamate: ${name} is included but does not exist")
    endif()
    file(READ "${include_dir}/${name}" rest)
    string(LENGTH "${spdx_line}" spdx_length)
    string(SUBSTRING "${rest}" 0 ${spdx_length} first_line)
    if(NOT first_line STREQUAL spdx_line)
        message(FATAL_ERROR "amalgamate: ${name} does not start with ${spdx_line}")
    endif()
    string(SUBSTRING "${rest}" ${spdx_length} -1 rest)
    string(REGEX REPLACE "\n$" "" rest "${rest}")

    # A leading newline lets every include line be found as "\n#include".
    set(rest "\n${rest}")
    set(done "")
    while(rest MATCHES "\n#include \"(hearsay/[^\"\n]+)\"[^\n]*")
        set(line "${CMAKE_MATCH_0}")
        set(included "${CMAKE_MATCH_1}")
        string(FIND "${rest}" "${line}" position)
        string(SUBSTRING "${rest}" 0 ${position} before)
        string(LENGTH "${line}" line_length)
        math(EXPR after "${position} + ${line_length}")
        string(SUBSTRING "${rest}" ${after} -1 rest)
        string(APPEND done "${before}")

        get_property(pasted GLOBAL PROPERTY hearsay_pasted)
        if(included MATCHES "${left_out_pattern}")
            string(APPEND done "\n// ${included}: not in the single header")
        elseif(NOT included IN_LIST pasted)
            hearsay_expand("${included}" expansion)
            string(APPEND done "\n${expansion}")
        endif()
    endwhile()
    string(APPEND done "${rest}")
    string(SUBSTRING "${done}" 1 -1 done)
    set(${out} "${done}" PARENT_SCOPE)
endfunction()

file(STRINGS "${include_dir}/hearsay/version.hpp" version_lines
     REGEX "^#define HEARSAY_VERSION_(MAJOR|MINOR|PATCH) +[0-9]+$")
set(version "")
foreach(part MAJOR MINOR PATCH)
    if(NOT version_lines MATCHES "HEARSAY_VERSION_${part} +([0-9]+)")
        message(FATAL_ERROR "amalgamate: cannot parse HEARSAY_VERSION_${part}")
    endif()
    list(APPEND version "${CMAKE_MATCH_1}")
endforeach()
string(REPLACE ";" "." version "${version}")

# The license travels with the file: whoever copies it copies the notice too.
file(READ "${root}/LICENSE" license)
string(REGEX REPLACE "\n+$" "" license "${license}")
string(REPLACE "\n" "\n// " license "// ${license}")
string(REGEX REPLACE "// \n" "//\n" license "${license}")

hearsay_expand("hearsay/hearsay.hpp" body)
# Any other quoted include would point nowhere once the file is copied alone.
if(body MATCHES "\n#include \"([^\"\n]*)\"")
    message(FATAL_ERROR "amalgamate: cannot resolve #include \"${CMAKE_MATCH_1}\": headers "
                        "include each other as \"hearsay/...\"")
endif()
set(text "${spdx_line}//
// hearsay ${version}, single-header edition: the API of <hearsay/hearsay.hpp> in one file.
// Generated from include/ by scripts/amalgamate; edit the headers there, not this file.
// The simulator (hearsay/sim/) is not part of it.
//
${license}

${body}
")

if(CHECK)
    file(READ "${committed}" old_text)
    if(NOT old_text STREQUAL text)
        message(FATAL_ERROR "single_include/hearsay/hearsay.hpp is out of date with include/: "
                            "run scripts/amalgamate and commit the result")
    endif()
    message(STATUS "single_include/hearsay/hearsay.hpp is up to date")
else()
    file(WRITE "${OUTPUT}" "${text}")
    message(STATUS "wrote ${OUTPUT}")
endif()
