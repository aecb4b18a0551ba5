// Fuzz target: the value codecs: integers, strings, compounds, the causal vocabulary, and the
// anti-entropy digests (whole and split by origin or counter range).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "hearsay/gossip/sync/sync_traits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return hearsay_fuzz::check_all<
        std::int8_t, std::uint16_t, std::int64_t, bool, char, std::string,
        std::vector<std::pair<int, std::string>>, std::array<std::uint16_t, 3>,
        std::vector<std::vector<bool>>, hearsay::hlc_timestamp, hearsay::dot<std::uint64_t>,
        hearsay::version_vector<std::uint64_t>, hearsay::causal_context<std::uint64_t>,
        hearsay::causal_context<std::string>, hearsay::causal_digest<std::uint64_t>,
        hearsay::counter_digest<std::uint64_t, 2>>(data, size);
}
