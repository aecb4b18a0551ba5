# Finds libsodium and OpenSSL 3 for hearsay's own programs (the security adapters' tests,
# header checks, benchmarks and fuzz target). hearsay's users include
# <hearsay/security/sodium.hpp> or <hearsay/security/openssl.hpp> and link the library
# themselves; nothing here is installed. When found, hearsay_sodium and hearsay_openssl are
# INTERFACE targets bringing the library; HEARSAY_SODIUM_FOUND and HEARSAY_OPENSSL_FOUND say
# which were, and the callers skip the programs of the others.

include_guard(GLOBAL)

find_path(HEARSAY_SODIUM_INCLUDE_DIR sodium.h DOC "Folder holding libsodium's sodium.h")
find_library(HEARSAY_SODIUM_LIBRARY NAMES sodium libsodium DOC "libsodium (Debian: libsodium-dev)")
if(HEARSAY_SODIUM_INCLUDE_DIR AND HEARSAY_SODIUM_LIBRARY)
    set(HEARSAY_SODIUM_FOUND ON)
    add_library(hearsay_sodium INTERFACE)
    target_include_directories(hearsay_sodium SYSTEM INTERFACE "${HEARSAY_SODIUM_INCLUDE_DIR}")
    target_link_libraries(hearsay_sodium INTERFACE "${HEARSAY_SODIUM_LIBRARY}")
    message(STATUS "hearsay: libsodium found (${HEARSAY_SODIUM_LIBRARY}): building the sodium "
                   "adapter's tests")
else()
    set(HEARSAY_SODIUM_FOUND OFF)
    message(STATUS "hearsay: libsodium not found: the sodium adapter's tests are skipped "
                   "(install libsodium-dev, or set HEARSAY_SODIUM_INCLUDE_DIR and "
                   "HEARSAY_SODIUM_LIBRARY)")
endif()

find_package(OpenSSL 3 QUIET COMPONENTS Crypto)
if(OpenSSL_FOUND AND TARGET OpenSSL::Crypto)
    set(HEARSAY_OPENSSL_FOUND ON)
    add_library(hearsay_openssl INTERFACE)
    target_link_libraries(hearsay_openssl INTERFACE OpenSSL::Crypto)
    message(STATUS "hearsay: OpenSSL ${OPENSSL_VERSION} found: building the OpenSSL adapter's "
                   "tests")
else()
    set(HEARSAY_OPENSSL_FOUND OFF)
    message(STATUS "hearsay: OpenSSL 3 not found: the OpenSSL adapter's tests are skipped "
                   "(install libssl-dev, or set OPENSSL_ROOT_DIR)")
endif()

# Links <target> with every library found here and, for each, defines <prefix>_SODIUM=1 or
# <prefix>_OPENSSL=1, so its sources can tell which adapters they may include.
function(hearsay_use_crypto target prefix)
    foreach(library sodium openssl)
        string(TOUPPER "${library}" upper)
        if(HEARSAY_${upper}_FOUND)
            target_link_libraries(${target} PRIVATE hearsay_${library})
            target_compile_definitions(${target} PRIVATE ${prefix}_${upper}=1)
        endif()
    endforeach()
endfunction()
