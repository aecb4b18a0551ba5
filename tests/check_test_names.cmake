# Fails, naming them, when test case names contain `;`: ctest's discovery splits a name
# there (a CMake list separator), so the case would never run under its own name.
# Run as: cmake -DTEST_EXECUTABLE=<hearsay_tests> -P check_test_names.cmake

cmake_minimum_required(VERSION 3.16)

execute_process(COMMAND "${TEST_EXECUTABLE}" --list-test-names-only "*,[.]"
                OUTPUT_VARIABLE names RESULT_VARIABLE status)
if(status LESS 1)
    message(FATAL_ERROR "${TEST_EXECUTABLE} listed no test cases (${status})")
endif()

# Walk the lines without making a CMake list of them, which `;` would break.
set(bad "")
set(count 0)
while(NOT names STREQUAL "")
    string(FIND "${names}" "\n" end)
    if(end EQUAL -1)
        string(LENGTH "${names}" end)
    endif()
    string(SUBSTRING "${names}" 0 ${end} name)
    math(EXPR next "${end} + 1")
    string(LENGTH "${names}" length)
    if(next GREATER length)
        set(next ${length})
    endif()
    string(SUBSTRING "${names}" ${next} -1 names)
    if(NOT name STREQUAL "")
        math(EXPR count "${count} + 1")
    endif()
    if(name MATCHES ";")
        string(APPEND bad "\n  ${name}")
    endif()
endwhile()
if(bad)
    message(FATAL_ERROR "test case names must not contain ';' (write ',' instead):${bad}")
endif()
message(STATUS "${count} test case names, none with ';'")
