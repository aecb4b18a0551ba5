// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_PN_COUNTER_HPP
#define HEARSAY_CRDT_PN_COUNTER_HPP

// A counter that goes both ways: two grow-only counts per replica, one of
// increments and one of decrements; the value is their difference.

#include <algorithm> // min
#include <cstdint>
#include <utility> // pair
#include <vector>

#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/version_vector.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"
#include "hearsay/crdt/embedding.hpp"

namespace hearsay {

/// Counts up and down; each replica's increments and decrements are kept apart.
template <class Id = std::uint64_t> class pn_counter {
  public:
    using id_type = Id;

    /// Returns the increments minus the decrements of every replica.
    std::int64_t value() const {
        return static_cast<std::int64_t>(increments_.sum() - decrements_.sum());
    }
    /// Returns every replica's total increments.
    const version_vector<Id>& increments() const { return increments_; }
    /// Returns every replica's total decrements.
    const version_vector<Id>& decrements() const { return decrements_; }

    /// Adds `n` as a change by `self`; throws counter_overflow, changing nothing, when the total
    /// of its increments would pass max_counter_value (likewise for decrement).
    pn_counter increment(Id self, std::uint64_t n = 1) { return add(increments_, self, n, true); }
    /// Subtracts `n` as a change by `self`.
    pn_counter decrement(Id self, std::uint64_t n = 1) { return add(decrements_, self, n, false); }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const pn_counter& other) {
        const bool up = increments_.merge(other.increments_);
        return decrements_.merge(other.decrements_) || up;
    }

    friend bool operator==(const pn_counter& a, const pn_counter& b) {
        return a.increments_ == b.increments_ && a.decrements_ == b.decrements_;
    }
    friend bool operator!=(const pn_counter& a, const pn_counter& b) { return !(a == b); }

  private:
    pn_counter add(version_vector<Id>& counts, const Id& self, std::uint64_t n, bool up) {
        pn_counter delta;
        if (n == 0)
            return delta;
        const std::uint64_t total = detail::checked_counter_add(counts.get(self), n);
        counts.raise(self, total);
        (up ? delta.increments_ : delta.decrements_).raise(self, total);
        return delta;
    }

    version_vector<Id> increments_;
    version_vector<Id> decrements_;
    friend struct hearsay::codec_access;
};

/// Inside an or_map, each change is a part holding (added, subtracted).
template <class Id> struct embedding_traits<pn_counter<Id>> {
    static constexpr bool embedded = true;
    using part = std::pair<std::uint64_t, std::uint64_t>;
    using snapshot_type = part;

    static snapshot_type snapshot(const pn_counter<Id>& value, const Id& self) {
        return {value.increments().get(self), value.decrements().get(self)};
    }
    static void parts_of(const pn_counter<Id>& delta, const snapshot_type& before, const Id& self,
                         std::vector<part>& out) {
        const std::uint64_t up = delta.increments().get(self);
        const std::uint64_t down = delta.decrements().get(self);
        part change{up > before.first ? up - before.first : 0,
                    down > before.second ? down - before.second : 0};
        if (change.first != 0 || change.second != 0)
            out.push_back(change);
    }
    static bool replaces(const part&, const part&) { return false; }
    template <class MapId> static pn_counter<Id> view(const detail::dot_fun<MapId, part>& parts) {
        pn_counter<Id> out; // saturates: parts decoded apart may sum past the limit
        for (const auto& p : parts) {
            const Id& r = p.first.replica;
            out.increment(r, std::min(p.second.first, max_counter_value - out.increments().get(r)));
            out.decrement(r,
                          std::min(p.second.second, max_counter_value - out.decrements().get(r)));
        }
        return out;
    }
};

} // namespace hearsay

#endif
