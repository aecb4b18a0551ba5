// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CLOCK_MANUAL_CLOCK_HPP
#define HEARSAY_CLOCK_MANUAL_CLOCK_HPP

// manual_clock: virtual time that moves only when told to.
//
// Guarantees: now() returns the same time until advance() or set() moves it,
// and it never moves backward (both refuse a backward move and leave the time
// unchanged). Time starts at the epoch, zero. Its time_point is its own type,
// so virtual and real time cannot be mixed by mistake. Tests and the simulator
// drive whole clusters on one manual_clock and jump straight to the next
// deadline instead of sleeping. Not synchronised: the caller serialises calls
// that move the clock. Cost: one 64-bit count; every operation O(1).

#include <chrono>

namespace hearsay {

/// Keeps virtual time, in nanoseconds since a zero epoch, moved only by its owner.
class manual_clock {
  public:
    using duration = std::chrono::nanoseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<manual_clock, duration>;
    static constexpr bool is_steady = true;

    /// Starts the clock at the epoch (zero).
    constexpr manual_clock() noexcept = default;

    /// Starts the clock at start (a start before the epoch counts as the epoch).
    constexpr explicit manual_clock(time_point start) noexcept
        : now_(start < time_point{} ? time_point{} : start) {}

    /// Returns the current virtual time.
    constexpr time_point now() const noexcept { return now_; }

    /// Moves the time forward by d; returns false and changes nothing if d is negative or would
    /// overflow.
    constexpr bool advance(duration d) noexcept {
        if (d < duration::zero() || d > time_point::max() - now_) {
            return false;
        }
        now_ += d;
        return true;
    }

    /// Moves the time to t; returns false and changes nothing if t is earlier than now().
    constexpr bool set(time_point t) noexcept {
        if (t < now_) {
            return false;
        }
        now_ = t;
        return true;
    }

  private:
    time_point now_{};
};

} // namespace hearsay

#endif // HEARSAY_CLOCK_MANUAL_CLOCK_HPP
