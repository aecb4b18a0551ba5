// Fuzz target: or_set of integers and strings, with integer and string replica ids.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hearsay_fuzz::check_all<hearsay::or_set<int>, hearsay::or_set<std::uint64_t>,
                                   hearsay::or_set<std::string>, hearsay::or_set<int, std::string>>(
        data, size);
}
