// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_RANDOM_HPP
#define HEARSAY_GOSSIP_RANDOM_HPP

// The engine's random source: a policy with `explicit R(std::uint64_t seed)`
// and `std::uint64_t operator()()` returning uniformly distributed bits. The
// default, xoshiro256** (Blackman and Vigna 2018) seeded through splitmix64, is
// small (32 bytes), fast and statistically strong; it is not cryptographic,
// which gossip does not need. uniform_below() draws an index without
// modulo bias, portably: std's distributions differ between standard
// libraries, and a simulation must replay byte for byte everywhere.

#include <cstdint>
#include <type_traits>
#include <utility> // declval

namespace hearsay {

/// Returns the next value of the splitmix64 sequence whose state is `state`.
inline std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

/// Generates uniform 64-bit values (xoshiro256**), reproducibly from a seed.
class xoshiro256 {
  public:
    using result_type = std::uint64_t;

    /// Seeds the four words of state from `seed` through splitmix64.
    explicit xoshiro256(std::uint64_t seed = 0) noexcept {
        for (auto& word : s_)
            word = splitmix64(seed);
    }

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return ~result_type{0}; }

    /// Returns the next 64 random bits.
    result_type operator()() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

  private:
    static std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t s_[4];
};

/// Returns a uniform value in [0, n) for n > 0, rejecting the draws that would bias it.
template <class Random> std::uint64_t uniform_below(Random& random, std::uint64_t n) {
    // Draws at or above the largest multiple of n would favour small results.
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n + 1) % n;
    std::uint64_t x = random();
    while (x > limit)
        x = random();
    return x % n;
}

/// Returns true with probability 1/n (always when n <= 1).
template <class Random> bool one_in(Random& random, std::uint64_t n) {
    return n <= 1 || uniform_below(random, n) == 0;
}

namespace detail {
template <class R, class = void> struct is_random_policy : std::false_type {};
template <class R>
struct is_random_policy<R,
                        std::void_t<decltype(R(std::uint64_t{})), decltype(std::declval<R&>()())>>
    : std::is_same<decltype(std::declval<R&>()()), std::uint64_t> {};
} // namespace detail

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
/// Tells whether R can serve as the engine's random source (see the top of this header).
template <class R>
concept random_policy = detail::is_random_policy<R>::value;
#else
/// Tells whether R can serve as the engine's random source (see the top of this header).
template <class R> inline constexpr bool random_policy = detail::is_random_policy<R>::value;
#endif

} // namespace hearsay

#endif
