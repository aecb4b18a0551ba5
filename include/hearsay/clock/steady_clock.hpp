// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CLOCK_STEADY_CLOCK_HPP
#define HEARSAY_CLOCK_STEADY_CLOCK_HPP

// steady_clock: the default Clock of the gossip engine.
//
// Guarantees: now() never decreases and is unaffected by changes to the wall
// clock, so deadlines and timeouts measured with it are sound. It reads
// std::chrono::steady_clock; its epoch is unspecified (often the boot time),
// so its readings mean nothing outside this process. Stateless; safe to call
// from any thread. Cost: one std::chrono::steady_clock::now() per call.

#include <chrono>

namespace hearsay {

/// Reads monotonic time from std::chrono::steady_clock.
class steady_clock {
  public:
    using duration = std::chrono::steady_clock::duration;
    using time_point = std::chrono::steady_clock::time_point;

    /// Returns the current monotonic time.
    time_point now() const noexcept { return std::chrono::steady_clock::now(); }
};

} // namespace hearsay

#endif // HEARSAY_CLOCK_STEADY_CLOCK_HPP
