// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_DOT_HPP
#define HEARSAY_CORE_DOT_HPP

// A dot names one event: the n-th event of one replica. Causal CRDTs tag every
// piece of state with the dot of the event that created it, so that a replica
// can tell "never seen" from "seen and removed" without keeping tombstones.

#include <cstdint>
#include <tuple> // tie

namespace hearsay {

/// Identifies the `counter`-th event of `replica`; counters start at 1.
template <class Id> struct dot {
    Id replica{};
    std::uint64_t counter = 0;

    friend bool operator==(const dot& a, const dot& b) {
        return a.counter == b.counter && a.replica == b.replica;
    }
    friend bool operator!=(const dot& a, const dot& b) { return !(a == b); }
    friend bool operator<(const dot& a, const dot& b) {
        return std::tie(a.replica, a.counter) < std::tie(b.replica, b.counter);
    }
    friend bool operator>(const dot& a, const dot& b) { return b < a; }
    friend bool operator<=(const dot& a, const dot& b) { return !(b < a); }
    friend bool operator>=(const dot& a, const dot& b) { return !(a < b); }
};

} // namespace hearsay

#endif
