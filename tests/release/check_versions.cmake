# Fails when the places that state hearsay's version disagree with version.hpp.
# Run as: cmake -DSOURCE_DIR=<checkout> -DPROJECT_VERSION=<x.y.z> [-DPC_FILE=<hearsay.pc>]
#         -P check_versions.cmake

cmake_minimum_required(VERSION 3.16)

file(READ "${SOURCE_DIR}/include/hearsay/version.hpp" header)
set(version "")
foreach(part MAJOR MINOR PATCH)
    if(NOT header MATCHES "\n#define HEARSAY_VERSION_${part} +([0-9]+)\n")
        message(FATAL_ERROR "version.hpp: no HEARSAY_VERSION_${part}")
    endif()
    list(APPEND version "${CMAKE_MATCH_1}")
endforeach()
string(REPLACE ";" "." version "${version}")

set(mismatches "")
# Checks that FILE's text matches REGEX, whose first group must be the version.
function(expect_version what file regex)
    if(NOT EXISTS "${file}")
        set(found "(file missing)")
    else()
        file(READ "${file}" text)
        if(text MATCHES "${regex}")
            set(found "${CMAKE_MATCH_1}")
        else()
            set(found "(no version found)")
        endif()
    endif()
    if(NOT found STREQUAL version)
        set(mismatches "${mismatches}\n  ${what}: ${found}" PARENT_SCOPE)
    else()
        message(STATUS "${what}: ${found}")
    endif()
endfunction()

if(NOT PROJECT_VERSION STREQUAL version)
    string(APPEND mismatches "\n  CMake project(): ${PROJECT_VERSION}")
endif()
expect_version("conanfile.py" "${SOURCE_DIR}/conanfile.py"
               "\n    version = \"([^\"]*)\"")
expect_version("packaging/vcpkg/ports/hearsay/vcpkg.json"
               "${SOURCE_DIR}/packaging/vcpkg/ports/hearsay/vcpkg.json"
               "\n  \"version\": \"([^\"]*)\"")
expect_version("CHANGELOG.md (newest release)" "${SOURCE_DIR}/CHANGELOG.md"
               "\n## \\[([0-9][^]]*)\\]")
if(PC_FILE)
    expect_version("hearsay.pc" "${PC_FILE}" "\nVersion: ([^\n]*)")
endif()

if(mismatches)
    message(FATAL_ERROR "version.hpp says ${version}, but:${mismatches}")
endif()
message(STATUS "every place says ${version}")
