#ifndef HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_G_COUNTER_HPP
#define HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_G_COUNTER_HPP

// The baseline grow-only counter: replica -> that replica's count in a
// std::map; merge takes the entry-wise maximum, one map lookup per entry of
// the other side.

#include <cstdint>
#include <map>

namespace hearsay_bench::textbook {

/// Holds a grow-only counter as a std::map of per-replica counts.
template <class Id = std::uint64_t> class textbook_g_counter {
  public:
    /// Adds `n` as an event of `self`; returns the delta.
    textbook_g_counter increment(const Id& self, std::uint64_t n = 1) {
        std::uint64_t& mine = counts_[self];
        mine += n;
        textbook_g_counter delta;
        delta.counts_.emplace(self, mine);
        return delta;
    }

    /// Returns the sum of every replica's count.
    std::uint64_t value() const {
        std::uint64_t sum = 0;
        for (const auto& entry : counts_)
            sum += entry.second;
        return sum;
    }

    /// Joins `other` into this counter; returns whether it changed.
    bool merge(const textbook_g_counter& other) {
        bool changed = false;
        for (const auto& [id, count] : other.counts_) {
            std::uint64_t& mine = counts_[id];
            if (count > mine) {
                mine = count;
                changed = true;
            }
        }
        return changed;
    }

    friend bool operator==(const textbook_g_counter& a, const textbook_g_counter& b) {
        return a.counts_ == b.counts_;
    }
    friend bool operator!=(const textbook_g_counter& a, const textbook_g_counter& b) {
        return !(a == b);
    }

  private:
    std::map<Id, std::uint64_t> counts_;
};

} // namespace hearsay_bench::textbook

#endif
