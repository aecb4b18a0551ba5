// Fuzz target: g_counter and pn_counter, with integer and string replica ids.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hearsay_fuzz::check_all<hearsay::g_counter<>, hearsay::pn_counter<>,
                                   hearsay::g_counter<std::string>>(data, size);
}
