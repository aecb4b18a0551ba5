// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_COUNTER_SYNC_HPP
#define HEARSAY_GOSSIP_SYNC_COUNTER_SYNC_HPP

// Anti-entropy for g_counter and pn_counter. A counter is one grow-only count
// per replica (two for pn_counter: increments and decrements), so its digest is
// those counts, and what a peer lacks is every count of ours above its own.
// Digests split by origin (origin_range.hpp), deltas by halving the counts.
// Costs: O(R) for each operation, R the replicas that ever counted.
//
// Wire form of counter_digest: origin range, then each half's version vector
// (codec/context.hpp), every replica of which lies in the range.

#include <algorithm> // sort, unique
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/context.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/version_vector.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/crdt/pn_counter.hpp"
#include "hearsay/gossip/sync/origin_range.hpp"
#include "hearsay/gossip/sync/reply_budget.hpp"

namespace hearsay {
namespace detail {

/// Views a counter as `halves` grow-only version vectors; specialised for each counter.
template <class Counter> struct counter_halves;

template <class Id> struct counter_halves<g_counter<Id>> {
    static constexpr std::size_t count = 1;
    static const version_vector<Id>& get(const g_counter<Id>& c, std::size_t) { return c.counts(); }
    static void raise(g_counter<Id>& c, std::size_t, const Id& origin, std::uint64_t n) {
        c.increment(origin, n - c.count(origin));
    }
};

template <class Id> struct counter_halves<pn_counter<Id>> {
    static constexpr std::size_t count = 2;
    static const version_vector<Id>& get(const pn_counter<Id>& c, std::size_t half) {
        return half == 0 ? c.increments() : c.decrements();
    }
    static void raise(pn_counter<Id>& c, std::size_t half, const Id& origin, std::uint64_t n) {
        if (half == 0)
            c.increment(origin, n - c.increments().get(origin));
        else
            c.decrement(origin, n - c.decrements().get(origin));
    }
};

} // namespace detail

/// Summarises a counter for anti-entropy: the count of every replica, per half.
template <class Id, std::size_t Halves> struct counter_digest {
    origin_range<Id> origins;                      ///< the origins this digest speaks for
    std::array<version_vector<Id>, Halves> counts; ///< per half, the counts within `origins`

    friend bool operator==(const counter_digest& a, const counter_digest& b) {
        return a.origins == b.origins && a.counts == b.counts;
    }
    friend bool operator!=(const counter_digest& a, const counter_digest& b) { return !(a == b); }
};

/// Encodes a counter digest as its origin range and each half's counts.
template <class Id, std::size_t Halves> struct codec_traits<counter_digest<Id, Halves>> {
    static constexpr std::size_t min_size = 1 + Halves;

    static void encode(const counter_digest<Id, Halves>& value, writer& out) {
        encode_value(value.origins, out);
        for (const auto& half : value.counts)
            encode_value(half, out);
    }
    static bool decode(reader& in, counter_digest<Id, Halves>& value) {
        if (!in.enter() || !decode_value(in, value.origins))
            return false;
        if (value.origins.cuts_counters()) // counts split by origin only
            return in.fail(errc::invalid_value);
        for (auto& half : value.counts) {
            if (!decode_value(in, half))
                return false;
            for (const auto& entry : half)
                if (!value.origins.contains(entry.first))
                    return in.fail(errc::invalid_value);
        }
        in.leave();
        return true;
    }
};

/// Computes digests, missing deltas and splits of a counter (see sync_traits).
template <class Counter> struct counter_sync {
    using halves = detail::counter_halves<Counter>;
    using id_type = typename Counter::id_type;
    using digest_type = counter_digest<id_type, halves::count>;

    /// Returns every count of `c`.
    static digest_type digest(const Counter& c) {
        digest_type out;
        for (std::size_t h = 0; h < halves::count; ++h)
            out.counts[h] = halves::get(c, h);
        return out;
    }

    /// Returns the counts of `mine` above those of `theirs`, within its origins.
    static Counter missing(const Counter& mine, const digest_type& mine_digest,
                           const digest_type& theirs) {
        return missing(mine, mine_digest, theirs, reply_budget{});
    }

    /// Returns missing(mine, mine_digest, theirs) with at most `budget.max_pieces` counts (at
    /// least one), those of the lowest origins of each half: later exchanges bring the rest.
    static Counter missing(const Counter& mine, const digest_type&, const digest_type& theirs,
                           const reply_budget& budget) {
        Counter out;
        std::size_t left = budget.max_pieces == 0 ? ~std::size_t{0} : budget.max_pieces;
        for (std::size_t h = 0; h < halves::count; ++h)
            for (const auto& entry : halves::get(mine, h))
                if (left != 0 && theirs.origins.contains(entry.first) &&
                    entry.second > theirs.counts[h].get(entry.first)) {
                    halves::raise(out, h, entry.first, entry.second);
                    --left;
                }
        return out;
    }

    /// Splits the counts of `delta` into two halves; returns false when it holds fewer than two.
    static bool split(const Counter& delta, Counter& first, Counter& second) {
        std::size_t total = 0;
        for (std::size_t h = 0; h < halves::count; ++h)
            total += halves::get(delta, h).size();
        if (total < 2)
            return false;
        first = Counter{};
        second = Counter{};
        std::size_t i = 0;
        for (std::size_t h = 0; h < halves::count; ++h)
            for (const auto& entry : halves::get(delta, h))
                halves::raise(i++ < total / 2 ? first : second, h, entry.first, entry.second);
        return true;
    }

    /// Splits `d` by origin into two digests over adjacent ranges; returns false when it names
    /// fewer than two origins.
    static bool split_digest(const digest_type& d, digest_type& first, digest_type& second) {
        std::vector<id_type> origins;
        for (const auto& half : d.counts)
            for (const auto& entry : half)
                origins.push_back(entry.first);
        std::sort(origins.begin(), origins.end());
        origins.erase(
            std::unique(origins.begin(), origins.end(),
                        [](const id_type& a, const id_type& b) { return !(a < b) && !(b < a); }),
            origins.end());
        if (origins.size() < 2)
            return false;
        const id_type& cut = origins[origins.size() / 2];
        first = restrict(d, {d.origins.from, cut});
        second = restrict(d, {cut, d.origins.until});
        return true;
    }

    /// Returns the part of `d` that `range` covers (which must lie within d's own range).
    static digest_type restrict(const digest_type& d, const origin_range<id_type>& range) {
        digest_type out;
        out.origins = range;
        for (std::size_t h = 0; h < halves::count; ++h)
            for (const auto& entry : d.counts[h])
                if (range.contains(entry.first))
                    out.counts[h].raise(entry.first, entry.second);
        return out;
    }
};

} // namespace hearsay

#endif
