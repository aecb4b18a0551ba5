// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_DOT_RANGE_HPP
#define HEARSAY_CORE_DOT_RANGE_HPP

// A dot range names the events first..last (inclusive) of one replica: the unit
// in which causal contexts hold the dots seen beyond a gap, and in which
// anti-entropy answers. Holding ranges rather than dots makes every cost follow
// the number of gaps, never the value of the counters: "writer W, 2 to 200,000"
// is one range, not 199,999 dots.

#include <cstdint>

namespace hearsay {

/// Names the dots first..last (inclusive, 1 <= first <= last) of `replica`.
template <class Id> struct dot_range {
    Id replica{};
    std::uint64_t first = 1;
    std::uint64_t last = 1;

    /// Returns how many dots the range holds.
    std::uint64_t size() const { return last - first + 1; }
    /// Tells whether the range holds the counter `c` of its replica.
    bool holds(std::uint64_t c) const { return first <= c && c <= last; }

    friend bool operator==(const dot_range& a, const dot_range& b) {
        return a.first == b.first && a.last == b.last && a.replica == b.replica;
    }
    friend bool operator!=(const dot_range& a, const dot_range& b) { return !(a == b); }
    /// Orders by (replica, first): the order of disjoint ranges in a context.
    friend bool operator<(const dot_range& a, const dot_range& b) {
        if (a.replica < b.replica)
            return true;
        if (b.replica < a.replica)
            return false;
        return a.first < b.first;
    }
};

} // namespace hearsay

#endif
