// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_SET_SYNC_HPP
#define HEARSAY_GOSSIP_SYNC_SET_SYNC_HPP

// Anti-entropy for g_set and two_phase_set: digests and replies by whole
// states (whole_state_sync.hpp), but a large delta splits into halves of its
// elements. A two_phase_set's erased elements travel as erasures, so every
// half is a valid state and merges on its own: an element erased in one half
// is never live in the other, since a state holds no element both ways.

#include <cstddef>

#include "hearsay/codec/sets.hpp" // the codecs the digests hash
#include "hearsay/crdt/g_set.hpp"
#include "hearsay/crdt/two_phase_set.hpp"
#include "hearsay/gossip/sync/whole_state_sync.hpp"

namespace hearsay {

/// Syncs a g_set by whole states; splits deltas into halves of their elements.
template <class T> struct g_set_sync : whole_state_sync<g_set<T>> {
    /// Splits the elements of `delta` in two; returns false when it holds fewer than two.
    static bool split(const g_set<T>& delta, g_set<T>& first, g_set<T>& second) {
        if (delta.size() < 2)
            return false;
        first = g_set<T>{};
        second = g_set<T>{};
        std::size_t i = 0;
        for (const auto& x : delta)
            (i++ < delta.size() / 2 ? first : second).insert(x);
        return true;
    }
};

/// Syncs a two_phase_set by whole states; splits deltas into halves of their insertions and
/// erasures.
template <class T> struct two_phase_set_sync : whole_state_sync<two_phase_set<T>> {
    /// Splits the live and erased elements of `delta` in two; returns false when it holds fewer
    /// than two.
    static bool split(const two_phase_set<T>& delta, two_phase_set<T>& first,
                      two_phase_set<T>& second) {
        const std::size_t total = delta.size() + delta.removed().size();
        if (total < 2)
            return false;
        first = two_phase_set<T>{};
        second = two_phase_set<T>{};
        std::size_t i = 0;
        for (const auto& x : delta)
            (i++ < total / 2 ? first : second).insert(x);
        for (const auto& x : delta.removed())
            (i++ < total / 2 ? first : second).erase(x);
        return true;
    }
};

} // namespace hearsay

#endif
