// Fuzz target: g_set and two_phase_set of integers and strings.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hearsay_fuzz::check_all<hearsay::g_set<int>, hearsay::g_set<std::string>,
                                   hearsay::two_phase_set<int>,
                                   hearsay::two_phase_set<std::string>>(data, size);
}
