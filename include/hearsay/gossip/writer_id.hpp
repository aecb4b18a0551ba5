// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_WRITER_ID_HPP
#define HEARSAY_GOSSIP_WRITER_ID_HPP

// Writer ids (DESIGN.md, principle 9). A member id says who is in the cluster
// and stays the same across restarts; a writer id says whose dots these are,
// and each start of an engine writes under a fresh one, derived from its
// member id and an epoch. So a node started without its durable state (the
// natural mistake: ids 1, 2, 3 in a config file) never mints a dot that an
// earlier start minted: its new writes cannot collide with old ones, and what
// it held before comes back from its peers.
//
// The epoch is drawn at each start from the operating system's entropy, mixed
// with the clock, unless the configuration names one (the simulator does, to
// stay deterministic). For one member, distinct epochs give distinct writer
// ids; across members, two writer ids collide with probability 2^-64.

#include <cstdint>
#include <random>      // random_device
#include <type_traits> // void_t
#include <utility>     // declval

#include "hearsay/gossip/sync/fingerprint.hpp" // mix64

namespace hearsay {

namespace detail {
template <class Clock, class = void> struct has_time_since_epoch : std::false_type {};
template <class Clock>
struct has_time_since_epoch<
    Clock, std::void_t<decltype(std::declval<const Clock&>().now().time_since_epoch().count())>>
    : std::true_type {};
} // namespace detail

/// Returns the writer id that member `member` writes under in epoch `epoch`: never 0, and for
/// one member distinct epochs give distinct ids (but for a single pair in 2^64).
constexpr std::uint64_t derive_writer_id(std::uint64_t member, std::uint64_t epoch) noexcept {
    const std::uint64_t id = detail::mix64(detail::mix64(member) ^ epoch);
    return id != 0 ? id : 1;
}

/// Returns a fresh epoch: 64 bits of the operating system's entropy, mixed with `clock`'s time.
template <class Clock> std::uint64_t draw_epoch(const Clock& clock) {
    std::random_device entropy;
    std::uint64_t epoch = (std::uint64_t{entropy()} << 32) ^ std::uint64_t{entropy()};
    if constexpr (detail::has_time_since_epoch<Clock>::value)
        epoch ^= detail::mix64(static_cast<std::uint64_t>(clock.now().time_since_epoch().count()));
    return epoch;
}

} // namespace hearsay

#endif
