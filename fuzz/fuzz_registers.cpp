// Fuzz target: lww_register, mv_register and the two flags.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hearsay_fuzz::check_all<hearsay::lww_register<int, std::uint64_t, std::uint64_t>,
                                   hearsay::lww_register<std::string>, hearsay::mv_register<int>,
                                   hearsay::mv_register<std::string>, hearsay::ew_flag<>,
                                   hearsay::dw_flag<>>(data, size);
}
