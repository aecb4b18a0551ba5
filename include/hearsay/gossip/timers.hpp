// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_TIMERS_HPP
#define HEARSAY_GOSSIP_TIMERS_HPP

// timer_table: every timer of an engine, one slot per kind, in one place.
//
// The user sees a single deadline: poll() fires the due timers in the order of
// their kinds below and returns the earliest armed one. A slot is armed with
// an absolute time and stays armed until stopped or re-armed; nothing fires by
// itself. Cost: O(kinds) per query, and there are few kinds.

#include <array>
#include <cstddef>
#include <cstdint>

namespace hearsay {

/// Names the engine's timers, in the order poll() fires them.
enum class timer_kind : std::uint8_t {
    round, ///< the next gossip round (config.interval apart)
};

/// Holds one deadline per timer_kind.
template <class TimePoint> class timer_table {
  public:
    static constexpr std::size_t kinds = 1;

    /// Arms `kind` to fire at `at`, replacing any earlier deadline.
    void arm(timer_kind kind, TimePoint at) { slots_[index(kind)] = slot{at, true}; }
    /// Disarms `kind`.
    void stop(timer_kind kind) { slots_[index(kind)].armed = false; }

    /// Tells whether `kind` is armed.
    bool armed(timer_kind kind) const { return slots_[index(kind)].armed; }
    /// Returns the deadline of `kind` (meaningful only while it is armed).
    TimePoint deadline(timer_kind kind) const { return slots_[index(kind)].at; }
    /// Tells whether `kind` is armed and its deadline has come by `now`.
    bool due(timer_kind kind, TimePoint now) const {
        const slot& s = slots_[index(kind)];
        return s.armed && !(now < s.at);
    }
    /// Returns the earliest armed deadline, or `otherwise` when no timer is armed.
    TimePoint next(TimePoint otherwise) const {
        bool any = false;
        TimePoint earliest = otherwise;
        for (const slot& s : slots_) {
            if (s.armed && (!any || s.at < earliest)) {
                earliest = s.at;
                any = true;
            }
        }
        return earliest;
    }

  private:
    struct slot {
        TimePoint at{};
        bool armed = false;
    };
    static std::size_t index(timer_kind kind) { return static_cast<std::size_t>(kind); }

    std::array<slot, kinds> slots_{};
};

} // namespace hearsay

#endif
