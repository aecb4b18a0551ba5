#ifndef HEARSAY_TESTS_SUPPORT_RANDOM_HPP
#define HEARSAY_TESTS_SUPPORT_RANDOM_HPP

// Draws from std::mt19937_64 without the standard distributions: their output
// differs between standard libraries, and a seed must reproduce the same run
// everywhere. The modulo bias is irrelevant for test inputs.

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility> // swap
#include <vector>

namespace hearsay::testing {

/// Returns a value in [0, n); n must be positive.
inline std::uint64_t pick(std::mt19937_64& rng, std::uint64_t n) {
    return rng() % n;
}

/// Returns an index in [0, n); n must be positive.
inline std::size_t pick_index(std::mt19937_64& rng, std::size_t n) {
    return static_cast<std::size_t>(rng() % n);
}

/// Returns an int in [low, high].
inline int pick_int(std::mt19937_64& rng, int low, int high) {
    auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(high) - low + 1);
    return static_cast<int>(static_cast<std::int64_t>(low) +
                            static_cast<std::int64_t>(rng() % span));
}

/// Returns true with probability percent / 100.
inline bool chance(std::mt19937_64& rng, unsigned percent) {
    return rng() % 100 < percent;
}

/// Shuffles `values` in place (Fisher-Yates).
template <class V> void shuffle(std::vector<V>& values, std::mt19937_64& rng) {
    for (std::size_t i = values.size(); i > 1; --i) {
        std::size_t j = pick_index(rng, i);
        using std::swap;
        swap(values[i - 1], values[j]);
    }
}

} // namespace hearsay::testing

#endif // HEARSAY_TESTS_SUPPORT_RANDOM_HPP
