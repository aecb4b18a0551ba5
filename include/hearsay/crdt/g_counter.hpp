// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_G_COUNTER_HPP
#define HEARSAY_CRDT_G_COUNTER_HPP

// A grow-only counter: each replica counts its own increments, the value is the
// sum, and the join keeps each replica's highest count. The delta of an
// increment is the incrementing replica's new count alone.

#include <algorithm> // min
#include <cstdint>
#include <vector>

#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/version_vector.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"
#include "hearsay/crdt/embedding.hpp"

namespace hearsay {

/// Counts up; each replica's contribution is kept apart so that merging never double-counts.
template <class Id = std::uint64_t> class g_counter {
  public:
    using id_type = Id;

    /// Returns the sum of every replica's count.
    std::uint64_t value() const { return counts_.sum(); }
    /// Returns the count contributed by `replica`.
    std::uint64_t count(const Id& replica) const { return counts_.get(replica); }
    /// Returns every replica's count.
    const version_vector<Id>& counts() const { return counts_; }

    /// Adds `n` to the count of `self`; throws counter_overflow, changing nothing, when the
    /// count would pass max_counter_value.
    g_counter increment(Id self, std::uint64_t n = 1) {
        g_counter delta;
        if (n == 0)
            return delta;
        const std::uint64_t total = detail::checked_counter_add(counts_.get(self), n);
        counts_.raise(self, total);
        delta.counts_.raise(self, total);
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const g_counter& other) { return counts_.merge(other.counts_); }

    friend bool operator==(const g_counter& a, const g_counter& b) {
        return a.counts_ == b.counts_;
    }
    friend bool operator!=(const g_counter& a, const g_counter& b) { return !(a == b); }

  private:
    version_vector<Id> counts_;
    friend struct hearsay::codec_access;
};

/// Inside an or_map, each increment is a part holding its amount.
template <class Id> struct embedding_traits<g_counter<Id>> {
    static constexpr bool embedded = true;
    using part = std::uint64_t;
    using snapshot_type = std::uint64_t;

    static snapshot_type snapshot(const g_counter<Id>& value, const Id& self) {
        return value.count(self);
    }
    static void parts_of(const g_counter<Id>& delta, snapshot_type before, const Id& self,
                         std::vector<part>& out) {
        if (delta.count(self) > before)
            out.push_back(delta.count(self) - before);
    }
    static bool replaces(const part&, const part&) { return false; }
    template <class MapId> static g_counter<Id> view(const detail::dot_fun<MapId, part>& parts) {
        g_counter<Id> out; // saturates: parts decoded apart may sum past the limit
        for (const auto& p : parts)
            out.increment(p.first.replica,
                          std::min(p.second, max_counter_value - out.count(p.first.replica)));
        return out;
    }
};

} // namespace hearsay

#endif
