// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_DETAIL_REPLICA_TABLE_HPP
#define HEARSAY_CODEC_DETAIL_REPLICA_TABLE_HPP

// replica_table: how a dot store names replicas without repeating their ids.
//
// A dot in a store is written as (reference, counter), the reference a varint
// index into the replicas of the enclosing context, already written before the
// store: index i < n (n = the version vector's size) names the vector's i-th
// replica; index n + j names the replica of the j-th cloud range, and is used
// only for a replica absent from the vector, at the first cloud range of that
// replica. Every replica a store can mention is in its context, so each has
// exactly one index, and a steady context of 16 writers makes every reference
// one byte. The lookup is a branch-free binary search over the vector (a
// search of the cloud for cloud-only replicas), behind a small cache for
// integral ids: nothing is allocated.

#include <algorithm> // partition_point
#include <cstddef>
#include <cstdint>
#include <type_traits> // conditional_t, is_integral
#include <vector>

#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/writer.hpp"
#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/dot_range.hpp"

namespace hearsay::detail {

/// Maps the replicas of one causal context to their wire references.
template <class Id> class replica_table {
  public:
    /// Indexes `context`, which must outlive the table.
    explicit replica_table(const causal_context<Id>& context)
        : vector_(codec_access::counters(context.compact()).items()), cloud_(context.cloud()) {
        if constexpr (std::is_integral_v<Id>) {
            // Every slot starts with a true answer, so a lookup needs no "filled" test.
            const cached_lookup zero{Id{}, search(Id{})};
            for (auto& slot : cache_)
                slot = zero;
        }
    }

    /// Returns the reference of `replica`; for a replica the context lacks (which a valid
    /// state never holds), returns one past every reference, which decoding rejects.
    std::uint64_t index_of(const Id& replica) const {
        if constexpr (std::is_integral_v<Id>) {
            // Stores name few replicas many times: remember recent answers in a
            // direct-mapped cache (no allocation).
            const auto h = static_cast<unsigned>(
                (static_cast<std::uint64_t>(replica) * 0x9E3779B97F4A7C15u) >> 58);
            if (cache_[h].replica == replica)
                return cache_[h].index;
            const std::uint64_t index = search(replica);
            cache_[h] = {replica, index};
            return index;
        } else {
            return search(replica);
        }
    }

    /// Writes `d` as (reference, counter).
    void write_dot(const dot<Id>& d, writer& out) const {
        out.write_varint(index_of(d.replica));
        out.write_varint(d.counter);
    }

    /// Stores `d` as (reference, counter) at `at`, which must have room for two varints of
    /// max_varint_size (writer::room); returns the byte after it.
    std::byte* put_dot(std::byte* at, const dot<Id>& d) const {
        return put_varint(put_varint(at, index_of(d.replica)), d.counter);
    }

  private:
    std::uint64_t search(const Id& replica) const {
        const std::size_t n = vector_.size();
        if (n != 0) { // branch-free lower_bound over the vector's replicas
            const auto* base = vector_.data();
            std::size_t length = n;
            while (length > 1) {
                const std::size_t half = length / 2;
                base = base[half].first < replica ? base + half : base;
                length -= half;
            }
            base += base->first < replica ? 1 : 0;
            const auto position = static_cast<std::size_t>(base - vector_.data());
            if (position != n && !(replica < base->first))
                return position;
        }
        auto it = std::partition_point(cloud_.begin(), cloud_.end(),
                                       [&](const dot_range<Id>& r) { return r.replica < replica; });
        if (it == cloud_.end() || replica < it->replica)
            return n + cloud_.size();
        return n + static_cast<std::size_t>(it - cloud_.begin());
    }

    struct cached_lookup {
        Id replica;
        std::uint64_t index;
    };
    struct no_cache {};
    static constexpr std::size_t cache_slots = std::is_integral_v<Id> ? 64 : 1;
    using cache_type =
        std::conditional_t<std::is_integral_v<Id>, cached_lookup[cache_slots], no_cache>;

    const typename version_vector<Id>::map_type::container_type& vector_;
    const std::vector<dot_range<Id>>& cloud_;
    mutable cache_type cache_;
};

} // namespace hearsay::detail

#endif
