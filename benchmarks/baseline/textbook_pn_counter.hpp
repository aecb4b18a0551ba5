#ifndef HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_PN_COUNTER_HPP
#define HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_PN_COUNTER_HPP

// The baseline counter with decrements: two textbook grow-only counters, one
// for increments and one for decrements; the value is their difference.

#include <cstdint>

#include "baseline/textbook_g_counter.hpp"

namespace hearsay_bench::textbook {

/// Holds a counter that goes up and down as two grow-only counters.
template <class Id = std::uint64_t> class textbook_pn_counter {
  public:
    /// Adds `n` as an event of `self`; returns the delta.
    textbook_pn_counter increment(const Id& self, std::uint64_t n = 1) {
        textbook_pn_counter delta;
        delta.up_ = up_.increment(self, n);
        return delta;
    }

    /// Subtracts `n` as an event of `self`; returns the delta.
    textbook_pn_counter decrement(const Id& self, std::uint64_t n = 1) {
        textbook_pn_counter delta;
        delta.down_ = down_.increment(self, n);
        return delta;
    }

    /// Returns the increments minus the decrements.
    std::int64_t value() const { return static_cast<std::int64_t>(up_.value() - down_.value()); }

    /// Joins `other` into this counter; returns whether it changed.
    bool merge(const textbook_pn_counter& other) {
        const bool up = up_.merge(other.up_);
        return down_.merge(other.down_) || up;
    }

    friend bool operator==(const textbook_pn_counter& a, const textbook_pn_counter& b) {
        return a.up_ == b.up_ && a.down_ == b.down_;
    }
    friend bool operator!=(const textbook_pn_counter& a, const textbook_pn_counter& b) {
        return !(a == b);
    }

  private:
    textbook_g_counter<Id> up_;
    textbook_g_counter<Id> down_;
};

} // namespace hearsay_bench::textbook

#endif
