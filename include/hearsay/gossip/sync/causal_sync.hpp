// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_CAUSAL_SYNC_HPP
#define HEARSAY_GOSSIP_SYNC_CAUSAL_SYNC_HPP

// Anti-entropy for the causal types: any dot store over a causal context that
// offers the dot-store interface (context, for_each_store_dot, filter_store,
// swap_context), at any nesting. A peer sends its digest (causal_digest.hpp);
// we answer with the part of our state it lacks, as a delta.
//
// The answer, per origin r of ours within the digest's range (and within the
// range's counters of r, when the digest is a part cut inside r):
//   - if our context and theirs hold the same dots of r but the fingerprints
//     of r differ, one side saw a removal the other did not: we send every
//     live entry of r and every dot of r we have seen. This costs the live
//     entries of r, the price of not keeping tombstones;
//   - otherwise we send the dots of r they have not seen, with the entries
//     among them that are live here. Both contexts are walked as ranges, so
//     the answer's context costs one range per gap, never one dot per event:
//     a peer that saw dot 1 of a writer at 200,000 gets one range.
// The answer's context holds exactly the dots whose entries it carries when
// live: a dot in it whose live entry it lacked would delete that entry at the
// receiver. Exchanges both ways converge in at most three rounds: the first
// brings the contexts level, the second settles removals.
//
// A budgeted answer (missing with a reply_budget) is the same answer cut at a
// dot in (origin, counter) order: every context range and live entry below the
// cut. It is a valid delta on its own, and it always holds the lowest dots the
// peer lacks, so each exchange shrinks what is missing and repeated exchanges
// converge. An origin whose removals differ (the first case) is answered in
// windows of its counters chosen by the budget's `rotation`, which the caller
// varies, so that successive exchanges cover every window.
//
// Costs, for a state with n live entries, R origins and C context ranges, and
// a digest of D ranges: digest O(n + R); missing O(R) when the digests agree,
// else O(C + D) plus one pass over the store (and a sort of the live entries
// it sends when budgeted); split O(C) plus one pass over the store. No cost
// depends on the value of a counter.

#include <algorithm> // partition_point, sort, min, max
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits> // declval, void_t, is_same
#include <utility>     // move, pair
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/dot_range.hpp"
#include "hearsay/core/flat_map.hpp"
#include "hearsay/gossip/sync/causal_digest.hpp"
#include "hearsay/gossip/sync/detail/context_builder.hpp"
#include "hearsay/gossip/sync/detail/reply_cut.hpp"
#include "hearsay/gossip/sync/fingerprint.hpp"
#include "hearsay/gossip/sync/origin_range.hpp"
#include "hearsay/gossip/sync/reply_budget.hpp"

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

    /// Returns the part of `mine` that the owner of `theirs` lacks, within the events `theirs`
    /// covers, as a delta (bottom when nothing); `mine_digest` must be digest(mine).
    static State missing(const State& mine, const digest_type& mine_digest,
                         const digest_type& theirs) {
        return missing(mine, mine_digest, theirs, reply_budget{});
    }

    /// Returns missing(mine, mine_digest, theirs) cut to at most `budget.max_pieces` pieces
    /// (context ranges plus live entries), keeping its lowest dots; at least one piece.
    static State missing(const State& mine, const digest_type& mine_digest,
                         const digest_type& theirs, const reply_budget& budget) {
        const origin_range<id_type>& range = theirs.origins;
        if (range.whole() ? theirs == mine_digest : restrict(mine_digest, range) == theirs)
            return State{};
        std::vector<plan> plans;
        std::vector<piece> ours;
        std::vector<piece> known;
        std::vector<dot_range<id_type>> ranges; // the reply's context, ascending
        detail::for_each_origin(
            mine.context(), [&](const id_type& origin, std::uint64_t top, auto first, auto last) {
                if (!range.contains(origin))
                    return;
                const std::uint64_t lo = range.lowest(origin);
                const std::uint64_t hi = range.highest(origin);
                pieces_of(top, first, last, lo, hi, ours);
                if (ours.empty())
                    return;
                auto their = cloud_of(theirs.context, origin);
                pieces_of(theirs.context.compact().get(origin), their,
                          cloud_of_end(theirs.context, origin, their), lo, hi, known);
                const std::size_t before = ranges.size();
                bool level = ours == known; // the same dots of this origin, as far as we can tell
                if (level && detail::cuts(range, origin)) { // and beyond the part's counters?
                    auto hash = theirs.context_hashes.find(origin);
                    level = hash != theirs.context_hashes.end() &&
                            hash->second == detail::context_hash(origin, top, first, last);
                }
                if (level) {
                    if (mine_digest.fingerprint(origin) == theirs.fingerprint(origin))
                        return;
                    for (const auto& p : ours)
                        ranges.push_back({origin, p.first, p.second});
                    plans.push_back({origin, lo, hi, true, before, ranges.size()});
                    return;
                }
                subtract(origin, ours, known, ranges);
                if (ranges.size() != before)
                    plans.push_back({origin, lo, hi, false, before, ranges.size()});
            });
        if (plans.empty())
            return State{};
        const context_type& seen = theirs.context;
        auto wanted = [&](const dot_type& d) -> const plan* {
            auto it = std::partition_point(plans.begin(), plans.end(),
                                           [&](const plan& p) { return p.origin < d.replica; });
            if (it == plans.end() || d.replica < it->origin || d.counter < it->lo ||
                d.counter > it->hi)
                return nullptr;
            return it->everything || !seen.contains(d) ? &*it : nullptr;
        };
        std::optional<detail::cut_window<id_type>> window;
        if (budget.max_pieces != 0)
            window = detail::cut_reply(mine, plans, ranges, wanted, budget);
        State out = mine.filter_store([&](const dot_type& d) {
            return wanted(d) != nullptr && (!window || window->holds(d));
        });
        detail::context_builder<id_type> reply;
        for (const auto& r : ranges) {
            if (!window) {
                reply.add(r);
                continue;
            }
            const dot_range<id_type> kept = window->clip(r);
            if (kept.first <= kept.last)
                reply.add(kept);
        }
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
        std::optional<dot_type> at;
        detail::for_each_origin(c,
                                [&](const id_type& origin, std::uint64_t top, auto from, auto to) {
                                    if (at)
                                        return;
                                    if (before < top) {
                                        at = dot_type{origin, before + 1};
                                        return;
                                    }
                                    before -= top;
                                    for (; from != to; ++from) {
                                        if (before < from->size()) {
                                            at = dot_type{origin, from->first + before};
                                            return;
                                        }
                                        before -= from->size();
                                    }
                                });
        if (!at)
            return false;
        first = delta.filter_store([&](const dot_type& d) { return d < *at; });
        context_type lower = detail::slice<id_type>(c, std::nullopt, at);
        first.swap_context(lower);
        second = delta.filter_store([&](const dot_type& d) { return !(d < *at); });
        context_type upper = detail::slice<id_type>(c, at, std::nullopt);
        second.swap_context(upper);
        return true;
    }

    /// Splits `d` into two digests over adjacent ranges, balanced by size: by origin when it
    /// names two or more, else inside its one origin at a gap; returns false only when `d` names
    /// one origin and either holds one range of it or encodes in at most digest_split_floor
    /// bytes (so always fits in max(digest_split_floor, digest_atomic_size()) bytes).
    static bool split_digest(const digest_type& d, digest_type& first, digest_type& second) {
        std::vector<std::pair<id_type, std::size_t>> weights; // origin, pieces it encodes
        std::size_t total = 0;
        std::optional<dot_type> inner; // a cut inside the only origin
        detail::for_each_origin(d.context, [&](const id_type& origin, std::uint64_t top, auto from,
                                               auto to) {
            const std::size_t pieces = (top != 0 ? 1u : 0u) + static_cast<std::size_t>(to - from) +
                                       (d.fingerprints.contains(origin) ? 1u : 0u);
            weights.emplace_back(origin, pieces);
            total += pieces;
            const auto ranges = static_cast<std::size_t>(to - from) + (top != 0 ? 1u : 0u);
            if (ranges >= 2) { // cut at the first range of the upper half
                const std::size_t skip = ranges / 2 - (top != 0 ? 1u : 0u);
                inner = dot_type{origin, from[static_cast<std::ptrdiff_t>(skip)].first};
            }
        });
        if (weights.size() >= 2) {
            std::size_t m = 1; // the first origin of the second part
            std::size_t sum = weights[0].second;
            while (m + 1 < weights.size() && sum < total / 2)
                sum += weights[m++].second;
            const dot_type at{weights[m].first, 0};
            first = restrict(d, origin_range<id_type>::between(d.origins.first_dot(), at));
            second = restrict(d, origin_range<id_type>::between(at, d.origins.end_dot()));
            return true;
        }
        // Cut inside the one origin only when the halves are smaller than the whole: a part
        // cut inside an origin carries two counters and a context hash more.
        if (!inner || encoded_size(d) <= digest_split_floor)
            return false;
        first = restrict(d, origin_range<id_type>::between(d.origins.first_dot(), inner));
        second = restrict(d, origin_range<id_type>::between(inner, d.origins.end_dot()));
        return true;
    }

    /// Returns the part of `d` that `range` covers (which must lie within d's own range); it keeps
    /// the whole-origin fingerprint of each origin of which it keeps some dots.
    static digest_type restrict(const digest_type& d, const origin_range<id_type>& range) {
        digest_type out;
        out.origins = range;
        out.context = detail::slice(d.context, range.first_dot(), range.end_dot());
        typename flat_map<id_type, std::uint64_t>::container_type items;
        for (const auto& entry : d.fingerprints)
            if (range.contains(entry.first) && out.context.max_counter(entry.first) != 0)
                items.push_back(entry);
        out.fingerprints = flat_map<id_type, std::uint64_t>::from_sorted(std::move(items));
        items.clear();
        // An origin cut here keeps the hash of its whole context: from `d` if `d` cut it too,
        // else from d's context, which then holds all of it.
        detail::for_each_origin(
            d.context, [&](const id_type& origin, std::uint64_t top, auto first, auto last) {
                if (!detail::cuts(range, origin))
                    return;
                auto known = d.context_hashes.find(origin);
                items.emplace_back(origin, known != d.context_hashes.end()
                                               ? known->second
                                               : detail::context_hash(origin, top, first, last));
            });
        out.context_hashes = flat_map<id_type, std::uint64_t>::from_sorted(std::move(items));
        return out;
    }

  private:
    using cloud_iterator = typename std::vector<dot_range<id_type>>::const_iterator;
    using piece = std::pair<std::uint64_t, std::uint64_t>; // counters first..last of one origin

    using plan = detail::reply_plan<id_type>;

    static std::size_t encoded_size(const digest_type& d) {
        writer counting;
        encode_value(d, counting);
        return counting.size();
    }

    static cloud_iterator cloud_of(const context_type& c, const id_type& origin) {
        return std::partition_point(
            c.cloud().begin(), c.cloud().end(),
            [&](const dot_range<id_type>& r) { return r.replica < origin; });
    }
    static cloud_iterator cloud_of_end(const context_type& c, const id_type& origin,
                                       cloud_iterator first) {
        return std::partition_point(first, c.cloud().end(), [&](const dot_range<id_type>& r) {
            return !(origin < r.replica);
        });
    }

    // Writes to `out` the counters of one origin, its prefix 1..top and its cloud ranges
    // [first, last), clipped to lo..hi.
    static void pieces_of(std::uint64_t top, cloud_iterator first, cloud_iterator last,
                          std::uint64_t lo, std::uint64_t hi, std::vector<piece>& out) {
        out.clear();
        auto add = [&](std::uint64_t a, std::uint64_t b) {
            a = std::max(a, lo);
            b = std::min(b, hi);
            if (a <= b)
                out.emplace_back(a, b);
        };
        if (top != 0)
            add(1, top);
        for (; first != last; ++first)
            add(first->first, first->last);
    }

    // Appends to `out` the ranges of `origin` in `ours` and not in `known`, both sorted and
    // disjoint; one pass over both.
    static void subtract(const id_type& origin, const std::vector<piece>& ours,
                         const std::vector<piece>& known, std::vector<dot_range<id_type>>& out) {
        auto k = known.begin();
        for (const auto& p : ours) {
            std::uint64_t next = p.first; // the lowest counter of p not yet placed
            while (k != known.end() && k->second < next)
                ++k;
            for (auto j = k; j != known.end() && j->first <= p.second; ++j) {
                if (j->first > next)
                    out.push_back({origin, next, j->first - 1});
                if (j->second >= p.second) {
                    next = p.second + 1;
                    break;
                }
                next = j->second + 1;
            }
            if (next <= p.second)
                out.push_back({origin, next, p.second});
        }
    }
};

} // namespace hearsay

#endif
