// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_DETAIL_DRAWS_HPP
#define HEARSAY_SIM_DETAIL_DRAWS_HPP

// The simulator's random draws, on top of the library's generator
// (hearsay::xoshiro256, gossip/random.hpp). Every draw is integer arithmetic
// defined here or there, never a std::*_distribution (whose output differs
// between standard libraries), so a seed replays the same run everywhere.
// A probability becomes a 64-bit threshold once, at configuration time, so a
// draw against it is one comparison and no floating point.

#include <cstdint>

#include "hearsay/gossip/random.hpp"

namespace hearsay::sim::detail {

/// Converts a probability in [0, 1] into a threshold for chance() (0: never; all ones: always).
constexpr std::uint64_t probability_threshold(double p) noexcept {
    if (!(p > 0.0)) { // NaN included
        return 0;
    }
    if (p >= 1.0) {
        return ~std::uint64_t{0};
    }
    // Below 2^64 here; IEEE 754 makes the product and the truncation the same everywhere.
    return static_cast<std::uint64_t>(p * 18446744073709551616.0);
}

/// Returns true with the probability `threshold` stands for; draws nothing for "always".
template <class Random> bool chance(Random& random, std::uint64_t threshold) {
    return threshold == ~std::uint64_t{0} || random() < threshold;
}

/// Returns a uniform value in [0, span].
template <class Random> std::uint64_t up_to(Random& random, std::uint64_t span) {
    return span == ~std::uint64_t{0} ? random() : uniform_below(random, span + 1);
}

/// Mixes the words of a key into one well-spread 64-bit seed.
inline std::uint64_t derive_seed(std::uint64_t a, std::uint64_t b, std::uint64_t c) noexcept {
    std::uint64_t state = a;
    state = splitmix64(state) ^ b;
    state = splitmix64(state) ^ c;
    return splitmix64(state);
}

} // namespace hearsay::sim::detail

#endif // HEARSAY_SIM_DETAIL_DRAWS_HPP
