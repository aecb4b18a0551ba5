// Fuzz target: the value codecs: integers, strings, compounds, the causal vocabulary.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hearsay_fuzz::check_all<
        std::int8_t, std::uint16_t, std::int64_t, bool, char, std::string,
        std::vector<std::pair<int, std::string>>, std::array<std::uint16_t, 3>,
        std::vector<std::vector<bool>>, hearsay::hlc_timestamp, hearsay::dot<std::uint64_t>,
        hearsay::version_vector<std::uint64_t>, hearsay::causal_context<std::uint64_t>,
        hearsay::causal_context<std::string>>(data, size);
}
