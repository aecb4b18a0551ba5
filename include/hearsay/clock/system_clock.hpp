// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CLOCK_SYSTEM_CLOCK_HPP
#define HEARSAY_CLOCK_SYSTEM_CLOCK_HPP

// system_clock: wall-clock time, the physical clock of hybrid_logical_clock.
//
// Guarantees: now() is the time since the Unix epoch as std::chrono::system_clock
// reports it, comparable across machines up to their clock synchronisation.
// It may jump backward or forward when the wall clock is adjusted, so do not
// use it for deadlines (use steady_clock); hybrid_logical_clock stays monotonic
// on top of it. Stateless; safe to call from any thread. Cost: one
// std::chrono::system_clock::now() per call.

#include <chrono>

namespace hearsay {

/// Reads wall-clock time from std::chrono::system_clock.
class system_clock {
  public:
    using duration = std::chrono::system_clock::duration;
    using time_point = std::chrono::system_clock::time_point;

    /// Returns the current wall-clock time.
    time_point now() const noexcept { return std::chrono::system_clock::now(); }
};

} // namespace hearsay

#endif // HEARSAY_CLOCK_SYSTEM_CLOCK_HPP
