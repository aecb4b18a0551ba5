// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CLOCK_HYBRID_LOGICAL_CLOCK_HPP
#define HEARSAY_CLOCK_HYBRID_LOGICAL_CLOCK_HPP

// hybrid_logical_clock: timestamps that respect causality and stay near wall time.
//
// Implements the hybrid logical clock of Kulkarni et al. 2014 over a physical
// clock read in milliseconds. Call now() for a local or send event and
// update(received) when a message carrying a timestamp arrives. Guarantees:
// - every timestamp issued (by now() or an accepted update()) is strictly
//   greater than the zero timestamp and all earlier ones from this clock
//   (last() starts at zero), even when the physical
//   clock steps backward, and an accepted update() issues a timestamp strictly
//   greater than the one received;
// - an issued timestamp's physical part is never behind the physical clock;
// - bounded drift: update() rejects, with errc::clock_drift and without
//   changing the clock, a timestamp whose physical part is more than
//   max_offset ahead of the local physical clock. While the physical clock does
//   not step backward, the physical part therefore stays within max_offset of
//   it, except that each logical overflow (more than 65535 events with the same
//   physical part) moves the physical part one millisecond ahead.
// The caller keeps the physical clock alive while this clock uses it and
// serialises calls (it is not synchronised). Physical readings before the
// epoch count as zero; readings are reduced to 48 bits (see hlc_timestamp).
// Cost: one physical clock read and O(1) work per call; no allocation.

#include <algorithm> // std::max
#include <chrono>
#include <cstdint>

#include "hearsay/clock/clock_policy.hpp"
#include "hearsay/clock/hlc_timestamp.hpp"
#include "hearsay/clock/system_clock.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/result.hpp"

namespace hearsay {

/// Issues hlc_timestamps from a physical clock and the timestamps it receives.
template <class PhysicalClock = system_clock> class hybrid_logical_clock {
    static_assert(clock_policy<PhysicalClock>,
                  "hybrid_logical_clock<PhysicalClock>: PhysicalClock must be a hearsay Clock "
                  "(time_point, duration and a const now()), e.g. hearsay::system_clock");

  public:
    using physical_clock = PhysicalClock;
    using time_point = hlc_timestamp;

    /// The default bound on how far ahead of local physical time a received timestamp may be.
    static constexpr std::chrono::milliseconds default_max_offset{500};

    /// Reads physical time from physical (held by reference) and rejects timestamps more than
    /// max_offset ahead.
    explicit hybrid_logical_clock(
        PhysicalClock& physical, std::chrono::milliseconds max_offset = default_max_offset) noexcept
        : physical_(&physical),
          max_offset_ms_(max_offset.count() < 0 ? 0
                                                : static_cast<std::uint64_t>(max_offset.count())) {}

    // A copy would issue the same timestamps as its original.
    hybrid_logical_clock(const hybrid_logical_clock&) = delete;
    hybrid_logical_clock& operator=(const hybrid_logical_clock&) = delete;
    hybrid_logical_clock(hybrid_logical_clock&&) noexcept = default;
    hybrid_logical_clock& operator=(hybrid_logical_clock&&) noexcept = default;
    ~hybrid_logical_clock() = default;

    /// Issues a timestamp for a local or send event, greater than every earlier one.
    hlc_timestamp now() {
        const std::uint64_t pt = physical_ms();
        last_ = pt > last_.physical_ms() ? hlc_timestamp{pt, 0}
                                         : successor(last_.physical_ms(), last_.logical());
        return last_;
    }

    /// Merges a received timestamp and issues one greater than it and than every earlier one.
    /// Returns errc::clock_drift, changing nothing, if received is more than max_offset() ahead of
    /// physical time.
    result<hlc_timestamp> update(hlc_timestamp received) {
        const std::uint64_t pt = physical_ms();
        const std::uint64_t lm = received.physical_ms();
        if (lm > pt && lm - pt > max_offset_ms_) {
            return errc::clock_drift;
        }
        const std::uint64_t lo = last_.physical_ms();
        const std::uint64_t l = std::max({lo, lm, pt});
        if (l == lo && l == lm) {
            last_ = successor(l, std::max(last_.logical(), received.logical()));
        } else if (l == lo) {
            last_ = successor(l, last_.logical());
        } else if (l == lm) {
            last_ = successor(l, received.logical());
        } else {
            last_ = hlc_timestamp{l, 0};
        }
        return last_;
    }

    /// Returns the latest timestamp issued (zero before the first).
    hlc_timestamp last() const noexcept { return last_; }

    /// Returns how far ahead of local physical time a received timestamp may be.
    std::chrono::milliseconds max_offset() const noexcept {
        return std::chrono::milliseconds{
            static_cast<std::chrono::milliseconds::rep>(max_offset_ms_)};
    }

  private:
    // Overflowing the 16-bit counter borrows the next millisecond: the result is
    // still the smallest timestamp above (l, c), at the cost of running ahead.
    static hlc_timestamp successor(std::uint64_t l, std::uint16_t c) noexcept {
        return c == hlc_timestamp::max_logical
                   ? hlc_timestamp{l + 1, 0}
                   : hlc_timestamp{l, static_cast<std::uint16_t>(c + 1)};
    }

    std::uint64_t physical_ms() const {
        const auto since_epoch = physical_->now().time_since_epoch();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
        return ms <= 0 ? 0 : static_cast<std::uint64_t>(ms) & hlc_timestamp::max_physical_ms;
    }

    const PhysicalClock* physical_;
    std::uint64_t max_offset_ms_;
    hlc_timestamp last_{};
};

} // namespace hearsay

#endif // HEARSAY_CLOCK_HYBRID_LOGICAL_CLOCK_HPP
