# Finds standalone Asio's header for hearsay's own programs (tests, the asio_node example,
# the header checks). hearsay's users include <hearsay/transport/asio.hpp> with their own
# Asio; nothing here is installed. When found, hearsay_asio is an INTERFACE target giving
# Asio's folder as a SYSTEM include (its headers do not pass hearsay's strict warnings)
# and threads; when not, HEARSAY_ASIO_FOUND is OFF and the callers skip those programs.

include_guard(GLOBAL)

find_path(HEARSAY_ASIO_INCLUDE_DIR asio.hpp
          DOC "Folder holding standalone Asio's asio.hpp (Debian: libasio-dev)")
if(HEARSAY_ASIO_INCLUDE_DIR)
    set(HEARSAY_ASIO_FOUND ON)
    find_package(Threads REQUIRED)
    add_library(hearsay_asio INTERFACE)
    target_include_directories(hearsay_asio SYSTEM INTERFACE "${HEARSAY_ASIO_INCLUDE_DIR}")
    target_link_libraries(hearsay_asio INTERFACE Threads::Threads)
    message(STATUS "hearsay: Asio found in ${HEARSAY_ASIO_INCLUDE_DIR}: building the Asio "
                   "adapter's tests and example")
else()
    set(HEARSAY_ASIO_FOUND OFF)
    message(STATUS "hearsay: Asio (asio.hpp) not found: the Asio adapter's tests and example "
                   "are skipped (install libasio-dev, or set HEARSAY_ASIO_INCLUDE_DIR)")
endif()
