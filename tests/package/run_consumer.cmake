# Configures, builds and runs one consumer project; see tests/package/CMakeLists.txt.
# Runs in script mode (cmake -P) with MODE, HEARSAY_SOURCE_DIR, HEARSAY_BINARY_DIR,
# HEARSAY_VERSION, CONSUMER_SOURCE_DIR, WORK_DIR, GENERATOR, MAKE_PROGRAM,
# CXX_COMPILER, CXX_STANDARD and CONFIG defined.

cmake_minimum_required(VERSION 3.16)

function(run_step what)
    message(STATUS "${what}: ${ARGN}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "${what} failed (${status})")
    endif()
endfunction()

if(NOT CONFIG)
    set(CONFIG Debug)
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(configure_args
    -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${CONFIG}"
    "-DHEARSAY_EXPECTED_VERSION=${HEARSAY_VERSION}")
if(MAKE_PROGRAM)
    list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_STANDARD)
    list(APPEND configure_args "-DCMAKE_CXX_STANDARD=${CXX_STANDARD}")
endif()

if(MODE STREQUAL "find_package")
    # Install into a staging prefix, then move it: the package must not remember where
    # it was installed.
    run_step("install" "${CMAKE_COMMAND}" --install "${HEARSAY_BINARY_DIR}"
             --prefix "${WORK_DIR}/staging" --config "${CONFIG}")
    file(RENAME "${WORK_DIR}/staging" "${WORK_DIR}/prefix")
    list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
elseif(MODE STREQUAL "add_subdirectory")
    list(APPEND configure_args "-DHEARSAY_SOURCE_DIR=${HEARSAY_SOURCE_DIR}")
elseif(MODE STREQUAL "fetch_content")
    # Pack what a release archive holds; the consumer fetches it by file:// URL.
    set(archive_entries CMakeLists.txt cmake include)
    foreach(optional_entry LICENSE README.md)
        if(EXISTS "${HEARSAY_SOURCE_DIR}/${optional_entry}")
            list(APPEND archive_entries ${optional_entry})
        endif()
    endforeach()
    # Entries are relative, so the archive unpacks into a single top-level folder.
    file(MAKE_DIRECTORY "${WORK_DIR}/hearsay-${HEARSAY_VERSION}")
    foreach(entry IN LISTS archive_entries)
        file(COPY "${HEARSAY_SOURCE_DIR}/${entry}" DESTINATION "${WORK_DIR}/hearsay-${HEARSAY_VERSION}")
    endforeach()
    execute_process(
        COMMAND "${CMAKE_COMMAND}" -E tar czf "${WORK_DIR}/hearsay.tar.gz" "hearsay-${HEARSAY_VERSION}"
        WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "packing the source archive failed (${status})")
    endif()
    file(REMOVE_RECURSE "${WORK_DIR}/hearsay-${HEARSAY_VERSION}")
    list(APPEND configure_args "-DHEARSAY_ARCHIVE=${WORK_DIR}/hearsay.tar.gz")
else()
    message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()

run_step("configure" "${CMAKE_COMMAND}" ${configure_args})
run_step("build" "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" --config "${CONFIG}")

set(program "${WORK_DIR}/build/consumer")
if(IS_DIRECTORY "${WORK_DIR}/build/${CONFIG}") # multi-config generators
    set(program "${WORK_DIR}/build/${CONFIG}/consumer")
endif()
run_step("run" "${program}")
