# Builds and runs consumer.cpp one way; see tests/package/CMakeLists.txt. Runs in script
# mode (cmake -P) with the variables that file passes. docs/install.md shows each route
# with the commands used here.

cmake_minimum_required(VERSION 3.16)

if(SKIP)
    message("hearsay package test skipped: ${SKIP}")
    return()
endif()

# Runs a command and stops the test when it fails; OUTPUT_VARIABLE <var> keeps its output.
function(run_step what)
    cmake_parse_arguments(PARSE_ARGV 1 step "" "OUTPUT_VARIABLE" "")
    message(STATUS "${what}: ${step_UNPARSED_ARGUMENTS}")
    if(step_OUTPUT_VARIABLE)
        execute_process(COMMAND ${step_UNPARSED_ARGUMENTS} RESULT_VARIABLE status
                        OUTPUT_VARIABLE output ERROR_VARIABLE output)
        message("${output}")
        set(${step_OUTPUT_VARIABLE} "${output}" PARENT_SCOPE)
    else()
        execute_process(COMMAND ${step_UNPARSED_ARGUMENTS} RESULT_VARIABLE status)
    endif()
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "${what} failed (${status})")
    endif()
endfunction()

# Installs this build's hearsay into WORK_DIR/staging, then moves it to WORK_DIR/prefix:
# the package must not remember where it was installed.
function(install_moved)
    run_step("install" "${CMAKE_COMMAND}" --install "${HEARSAY_BINARY_DIR}"
             --prefix "${WORK_DIR}/staging" --config "${CONFIG}")
    file(RENAME "${WORK_DIR}/staging" "${WORK_DIR}/prefix")
endfunction()

# Compiles consumer.cpp with one compiler call (no build system) and runs it.
function(compile_and_run)
    run_step("compile" "${CXX_COMPILER}" ${STANDARD_FLAG} ${ARGN}
             "-DHEARSAY_EXPECTED_VERSION=\"${HEARSAY_VERSION}\""
             "${HEARSAY_SOURCE_DIR}/tests/package/consumer.cpp" -o "${WORK_DIR}/consumer")
    run_step("run" "${WORK_DIR}/consumer")
endfunction()

if(NOT CONFIG)
    set(CONFIG Debug)
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(MODE STREQUAL "single_header")
    # Nothing but the one file on the include path, and hearsay's own strict warnings.
    separate_arguments(strict UNIX_COMMAND "${STRICT_FLAGS}")
    compile_and_run(${strict} "-I${HEARSAY_SOURCE_DIR}/single_include")
    return()
elseif(MODE STREQUAL "pkg_config")
    install_moved()
    set(ENV{PKG_CONFIG_PATH} "${WORK_DIR}/prefix/share/pkgconfig")
    run_step("pkg-config" "${PKG_CONFIG}" --modversion hearsay OUTPUT_VARIABLE version)
    string(STRIP "${version}" version)
    if(NOT version STREQUAL HEARSAY_VERSION)
        message(FATAL_ERROR "pkg-config says hearsay ${version}, the build says ${HEARSAY_VERSION}")
    endif()
    run_step("pkg-config" "${PKG_CONFIG}" --cflags hearsay OUTPUT_VARIABLE cflags)
    separate_arguments(cflags UNIX_COMMAND "${cflags}")
    compile_and_run(${cflags})
    return()
elseif(MODE STREQUAL "conan")
    # A Conan home of its own: no remotes, profiles or packages of the user's are touched.
    set(ENV{CONAN_HOME} "${WORK_DIR}/conan-home")
    run_step("conan profile" "${CONAN}" profile detect)
    # test_package builds in its own folder, so it runs from a copy beside the program it
    # compiles; the recipe and its sources are exported from the checkout untouched.
    file(COPY "${HEARSAY_SOURCE_DIR}/test_package" DESTINATION "${WORK_DIR}")
    file(COPY "${HEARSAY_SOURCE_DIR}/tests/package/consumer.cpp"
         DESTINATION "${WORK_DIR}/tests/package")
    run_step("conan create" "${CONAN}" create "${HEARSAY_SOURCE_DIR}" --no-remote
             --test-folder "${WORK_DIR}/test_package" OUTPUT_VARIABLE log)
    if(NOT log MATCHES "3 replicas converged")
        message(FATAL_ERROR "conan create passed but test_package's program did not run")
    endif()
    return()
endif()

set(configure_args
    -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${CONFIG}")
if(MAKE_PROGRAM)
    list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_STANDARD)
    list(APPEND configure_args "-DCMAKE_CXX_STANDARD=${CXX_STANDARD}")
endif()

if(MODE STREQUAL "find_package")
    install_moved()
    list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix"
         "-DHEARSAY_EXPECTED_VERSION=${HEARSAY_VERSION}")
elseif(MODE STREQUAL "add_subdirectory")
    list(APPEND configure_args "-DHEARSAY_SOURCE_DIR=${HEARSAY_SOURCE_DIR}"
         "-DHEARSAY_EXPECTED_VERSION=${HEARSAY_VERSION}")
elseif(MODE STREQUAL "fetch_content")
    # Pack what a release archive holds; the consumer fetches it by file:// URL.
    set(archive_entries CMakeLists.txt cmake include LICENSE)
    foreach(optional_entry README.md)
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
    list(APPEND configure_args "-DHEARSAY_ARCHIVE=${WORK_DIR}/hearsay.tar.gz"
         "-DHEARSAY_EXPECTED_VERSION=${HEARSAY_VERSION}")
elseif(MODE STREQUAL "vcpkg")
    # The offline launcher prints its root; a vcpkg of the user's has VCPKG_ROOT or lives
    # in its root.
    execute_process(COMMAND "${VCPKG}" --print-root OUTPUT_VARIABLE root
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE status)
    if(NOT status EQUAL 0 OR NOT EXISTS "${root}/scripts/buildsystems/vcpkg.cmake")
        if(DEFINED ENV{VCPKG_ROOT})
            set(root "$ENV{VCPKG_ROOT}")
        else()
            get_filename_component(root "${VCPKG}" REALPATH)
            get_filename_component(root "${root}" DIRECTORY)
        endif()
    endif()
    if(NOT EXISTS "${root}/scripts/buildsystems/vcpkg.cmake")
        message(FATAL_ERROR "cannot find the vcpkg root of ${VCPKG} (set VCPKG_ROOT)")
    endif()
    run_step("overlay port" "${CMAKE_COMMAND}" "-DOVERLAY_DIR=${WORK_DIR}/ports"
             -P "${HEARSAY_SOURCE_DIR}/packaging/vcpkg/make_local_overlay.cmake")
    # vcpkg's scratch folders go in this test's folder too, not in the vcpkg root.
    list(APPEND configure_args
         "-DCMAKE_TOOLCHAIN_FILE=${root}/scripts/buildsystems/vcpkg.cmake"
         "-DVCPKG_OVERLAY_PORTS=${WORK_DIR}/ports"
         "-DVCPKG_INSTALL_OPTIONS=--x-buildtrees-root=${WORK_DIR}/vcpkg-buildtrees\;--x-packages-root=${WORK_DIR}/vcpkg-packages")
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
