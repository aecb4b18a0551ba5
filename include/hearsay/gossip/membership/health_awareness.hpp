// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_HEALTH_AWARENESS_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_HEALTH_AWARENESS_HPP

// health_awareness: Lifeguard's local health score (Dadgar, Phillips, Currey,
// 2018). A node that misses acks without the nacks that would prove its own
// links healthy, or that must refute its own suspicion, is probably the slow
// one: its score rises, and its probe period and timeout stretch by
// (score + 1), so that it accuses others less while it is itself in trouble.
// Each answered probe lowers the score by one. Without Lifeguard the score
// stays 0 (plain SWIM).

#include <algorithm> // min
#include <chrono>
#include <cstddef>

namespace hearsay {

/// Lifeguard's local health score, from 0 (healthy) to `most` - 1.
class health_awareness {
  public:
    /// Makes a score that moves only when `enabled`, and stays below `most` (at least 1).
    health_awareness(bool enabled, std::size_t most) : enabled_(enabled), most_(most) {}

    std::size_t score() const { return score_; }
    /// Raises the score by `by`, up to its maximum.
    void raise(std::size_t by) {
        if (enabled_)
            score_ = std::min(score_ + by, most_ - 1);
    }
    /// Lowers the score by one: a probe was answered.
    void lower() {
        if (score_ > 0)
            --score_;
    }
    /// Returns `d` stretched by (score + 1), in `Duration`.
    template <class Duration> Duration stretch(std::chrono::nanoseconds d) const {
        return std::chrono::duration_cast<Duration>(d) *
               static_cast<typename Duration::rep>(score_ + 1);
    }

  private:
    bool enabled_;
    std::size_t most_;
    std::size_t score_ = 0;
};

} // namespace hearsay

#endif
