// Fuzz target: or_map over every nested type, nested maps, and lww_map.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "support/crdt_types.hpp"

using namespace hearsay::testing;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    hearsay_fuzz::check_all<HEARSAY_TEST_MAP_CRDTS>(data, size);
    return hearsay_fuzz::check_all<lww_map_type, hearsay::or_map<int, lww_map_type>,
                                   hearsay::lww_map<std::string, std::string>,
                                   hearsay::or_map<std::string, hearsay::pn_counter<>>>(data, size);
}
