// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_CAUSAL_SYNC_HPP
#define HEARSAY_GOSSIP_SYNC_CAUSAL_SYNC_HPP

// Anti-entropy for the causal types: any dot store over a causal context that
// offers the dot-store interface (context, for_each_store_dot, filter_store,
// swap_context), at any nesting. A peer sends its digest (causal_digest.hpp);
// we answer with the part of our state it lacks, as a delta.
//
// The answer, per origin r of ours within the digest's range:
//   - if our context and theirs hold the same dots of r but the fingerprints
//     of r differ, one side saw a removal the other did not: we send every
//     live entry of r and every dot of r we have seen. This costs the live
//     entries of r, the price of not keeping tombstones;
//   - otherwise we send the dots of r they have not seen, with the entries
//     among them that are live here. These are found from their contiguous
//     counter of r upwards, so the cost follows the difference.
// The answer's context holds exactly the dots whose entries it carries when
// live: a dot in it whose live entry it lacked would delete that entry at the
// receiver. Exchanges both ways converge in at most three rounds: the first
// brings the contexts level, the second settles removals.
//
// Costs, for a state with n live entries and R origins: digest O(n + R);
// missing O(R) when the digests agree, else O(R + difference) plus one pass
// over the store; split O(R + dots beyond a gap) plus one pass over the store.

#include <algorithm> // partition_point, equal
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits> // declval, void_t, is_same
#include <utility>     // move, pair
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/flat_map.hpp"
#include "hearsay/gossip/sync/causal_digest.hpp"
#include "hearsay/gossip/sync/detail/context_builder.hpp"
#include "hearsay/gossip/sync/fingerprint.hpp"
#include "hearsay/gossip/sync/origin_range.hpp"

namespace hearsay {
namespace detail {

struct ignore_dot {
    template <class D> void operator()(const D&) const {}
};
struct keep_dot {
    template <class D> bool operator()(const D&) const { return true; }
};

template <class T, class = void> struct has_dot_store_interface : std::false_type {};
template <class T>
struct has_dot_store_interface<
    T, std::void_t<typename T::id_type, decltype(std::declval<const T&>().context()),
                   decltype(std::declval<const T&>().for_each_store_dot(ignore_dot{})),
                   decltype(std::declval<T&>() = std::declval<const T&>().filter_store(keep_dot{})),
                   decltype(std::declval<T&>().swap_context(
                       std::declval<causal_context<typename T::id_type>&>()))>>
    : std::is_same<std::decay_t<decltype(std::declval<const T&>().context())>,
                   causal_context<typename T::id_type>> {};

} // namespace detail

/// Tells whether T is a dot store over a causal context with the interface causal_sync needs.
template <class T> inline constexpr bool is_dot_store_v = detail::has_dot_store_interface<T>::value;

/// Computes digests, missing deltas and splits of a causal type State (see sync_traits).
template <class State> struct causal_sync {
    using id_type = typename State::id_type;
    using dot_type = dot<id_type>;
    using context_type = causal_context<id_type>;
    using digest_type = causal_digest<id_type>;

    /// Returns the digest of `s`: its context and the fingerprints of its live dots per origin.
    static digest_type digest(const State& s) {
        digest_type out;
        out.context = s.context();
        std::vector<id_type> origins;
        detail::for_each_origin(out.context,
                                [&](const id_type& origin, auto...) { origins.push_back(origin); });
        std::vector<std::uint64_t> hashes;
        hashes.reserve(origins.size());
        for (const auto& origin : origins)
            hashes.push_back(detail::stable_hash(origin));
        std::vector<std::uint64_t> sums(origins.size(), 0);
        std::size_t at = 0; // dots of one origin often come in runs
        s.for_each_store_dot([&](const dot_type& d) {
            if (at >= origins.size() || origins[at] < d.replica || d.replica < origins[at]) {
                auto it = std::partition_point(origins.begin(), origins.end(),
                                               [&](const id_type& o) { return o < d.replica; });
                if (it == origins.end() || d.replica < *it)
                    return; // not in the context: no valid state holds such a dot
                at = static_cast<std::size_t>(it - origins.begin());
            }
            sums[at] += detail::dot_fingerprint(hashes[at], d.counter);
        });
        typename flat_map<id_type, std::uint64_t>::container_type items;
        for (std::size_t i = 0; i < origins.size(); ++i)
            if (sums[i] != 0)
                items.emplace_back(origins[i], sums[i]);
        out.fingerprints = flat_map<id_type, std::uint64_t>::from_sorted(std::move(items));
        return out;
    }

    /// Returns the part of `mine` that the owner of `theirs` lacks, within the origins `theirs`
    /// covers, as a delta (bottom when nothing); `mine_digest` must be digest(mine).
    static State missing(const State& mine, const digest_type& mine_digest,
                         const digest_type& theirs) {
        const origin_range<id_type>& range = theirs.origins;
        if (range.whole() ? theirs == mine_digest : restrict(mine_digest, range) == theirs)
            return State{};
        const context_type& known = theirs.context;
        struct plan {
            id_type origin;
            bool everything; // send every live entry of the origin, not only unseen ones
        };
        std::vector<plan> plans;
        detail::context_builder<id_type> reply;
        detail::for_each_origin(
            mine.context(), [&](const id_type& origin, std::uint64_t top, auto first, auto last) {
                if (!range.contains(origin))
                    return;
                const std::uint64_t their_top = known.compact().get(origin);
                auto their = cloud_of(known, origin);
                auto their_last = cloud_of_end(known, origin, their);
                if (top == their_top && std::equal(first, last, their, their_last)) {
                    if (mine_digest.fingerprint(origin) != theirs.fingerprint(origin)) {
                        plans.push_back({origin, true});
                        reply.add_range(origin, 1, top);
                        for (; first != last; ++first)
                            reply.add(*first);
                    }
                    return;
                }
                // Our dots of this origin that they have not seen, none of them in their prefix.
                bool any = false;
                std::uint64_t next = their_top + 1;
                if (top > their_top) {
                    for (; their != their_last && their->counter <= top; ++their) {
                        if (their->counter > next) {
                            reply.add_range(origin, next, their->counter - 1);
                            any = true;
                        }
                        next = their->counter + 1;
                    }
                    if (next <= top) {
                        reply.add_range(origin, next, top);
                        any = true;
                    }
                }
                for (; first != last; ++first) {
                    if (first->counter <= their_top)
                        continue;
                    while (their != their_last && their->counter < first->counter)
                        ++their;
                    if (their != their_last && their->counter == first->counter)
                        continue;
                    reply.add(*first);
                    any = true;
                }
                if (any)
                    plans.push_back({origin, false});
            });
        if (plans.empty())
            return State{};
        State out = mine.filter_store([&](const dot_type& d) {
            auto it = std::partition_point(plans.begin(), plans.end(),
                                           [&](const plan& p) { return p.origin < d.replica; });
            if (it == plans.end() || d.replica < it->origin)
                return false;
            return it->everything || !known.contains(d);
        });
        context_type context = reply.build();
        out.swap_context(context);
        return out;
    }

    /// Splits `delta` into the dots of its context before and from a cut in (origin, counter)
    /// order, each half with the entries of its dots; returns false when the context holds fewer
    /// than two dots.
    static bool split(const State& delta, State& first, State& second) {
        const context_type& c = delta.context();
        std::uint64_t before = c.dot_count() / 2; // dots the first half gets
        if (before == 0)
            return false;
        std::optional<dot_type> cut;
        detail::for_each_origin(c, [&](const id_type& origin, std::uint64_t top, auto from,
                                       auto to) {
            if (cut)
                return;
            const auto beyond = static_cast<std::uint64_t>(to - from);
            const std::uint64_t n =
                top > std::numeric_limits<std::uint64_t>::max() - beyond ? top : top + beyond;
            if (before >= n) {
                before -= n;
                return;
            }
            cut = dot_type{origin, before < top
                                       ? before + 1
                                       : from[static_cast<std::ptrdiff_t>(before - top)].counter};
        });
        if (!cut)
            return false;
        first = delta.filter_store([&](const dot_type& d) { return d < *cut; });
        context_type lower = detail::slice<id_type>(c, std::nullopt, cut);
        first.swap_context(lower);
        second = delta.filter_store([&](const dot_type& d) { return !(d < *cut); });
        context_type upper = detail::slice<id_type>(c, cut, std::nullopt);
        second.swap_context(upper);
        return true;
    }

    /// Splits `d` by origin into two digests over adjacent ranges, balanced by size; returns false
    /// when it names fewer than two origins.
    static bool split_digest(const digest_type& d, digest_type& first, digest_type& second) {
        std::vector<std::pair<id_type, std::uint64_t>> weights; // origin, rough encoded size
        std::uint64_t total = 0;
        detail::for_each_origin(
            d.context, [&](const id_type& origin, std::uint64_t top, auto from, auto to) {
                const std::uint64_t weight = (top != 0 ? 1u : 0u) +
                                             static_cast<std::uint64_t>(to - from) +
                                             (d.fingerprints.contains(origin) ? 2u : 0u);
                weights.emplace_back(origin, weight);
                total += weight;
            });
        if (weights.size() < 2)
            return false;
        std::size_t m = 1; // the first origin of the second part
        std::uint64_t sum = weights[0].second;
        while (m + 1 < weights.size() && sum < total / 2)
            sum += weights[m++].second;
        const id_type& cut = weights[m].first;
        first = restrict(d, {d.origins.from, cut});
        second = restrict(d, {cut, d.origins.until});
        return true;
    }

    /// Returns the part of `d` that `range` covers (which must lie within d's own range).
    static digest_type restrict(const digest_type& d, const origin_range<id_type>& range) {
        digest_type out;
        out.origins = range;
        out.context = detail::slice(d.context, range.first_dot(), range.end_dot());
        typename flat_map<id_type, std::uint64_t>::container_type items;
        for (const auto& entry : d.fingerprints)
            if (range.contains(entry.first))
                items.push_back(entry);
        out.fingerprints = flat_map<id_type, std::uint64_t>::from_sorted(std::move(items));
        return out;
    }

  private:
    using cloud_iterator = typename std::vector<dot_type>::const_iterator;

    static cloud_iterator cloud_of(const context_type& c, const id_type& origin) {
        return std::partition_point(c.cloud().begin(), c.cloud().end(),
                                    [&](const dot_type& d) { return d.replica < origin; });
    }
    static cloud_iterator cloud_of_end(const context_type& c, const id_type& origin,
                                       cloud_iterator first) {
        return std::partition_point(first, c.cloud().end(),
                                    [&](const dot_type& d) { return !(origin < d.replica); });
    }
};

} // namespace hearsay

#endif
