// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_DETAIL_REPLY_CUT_HPP
#define HEARSAY_GOSSIP_SYNC_DETAIL_REPLY_CUT_HPP

// Where a budgeted causal reply is cut (causal_sync.hpp): the reply planned
// per origin is kept below a dot in (origin, counter) order, and an origin
// answered whole that does not fit is answered one window of its counters at
// a time. Cost: one pass over the store, and a sort of the live entries the
// reply would carry, only when they exceed the budget.

#include <algorithm> // partition_point, sort, min, max
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "hearsay/core/dot.hpp"
#include "hearsay/core/dot_range.hpp"
#include "hearsay/gossip/sync/fingerprint.hpp" // mix64
#include "hearsay/gossip/sync/reply_budget.hpp"

namespace hearsay::detail {

/// One origin of a causal reply: which counters it covers, and where its ranges are.
template <class Id> struct reply_plan {
    Id origin;
    std::uint64_t lo; // the counters of the origin the digest covers: lo..hi
    std::uint64_t hi;
    bool everything;   // send every live entry in lo..hi, not only the unseen ones
    std::size_t first; // its ranges in the reply: [first, last)
    std::size_t last;
};

// The dots a budgeted reply keeps: those below `end` in (origin, counter) order and, for
// the origin `window_origin` when set, those within its counters window_lo..window_hi.
template <class Id> struct cut_window {
    using dot_type = dot<Id>;

    std::optional<dot_type> end;
    std::optional<Id> window_origin;
    std::uint64_t window_lo = 0;
    std::uint64_t window_hi = 0;

    bool holds(const dot_type& d) const {
        if (end && !(d < *end))
            return false;
        if (window_origin && !(*window_origin < d.replica) && !(d.replica < *window_origin))
            return window_lo <= d.counter && d.counter <= window_hi;
        return true;
    }
    dot_range<Id> clip(dot_range<Id> r) const {
        if (end && !(r.replica < end->replica)) {
            if (end->replica < r.replica || end->counter <= 1)
                return {r.replica, 1, 0};
            r.last = std::min(r.last, end->counter - 1);
        }
        if (window_origin && !(*window_origin < r.replica) && !(r.replica < *window_origin)) {
            r.first = std::max(r.first, window_lo);
            r.last = std::min(r.last, window_hi);
        }
        return r;
    }
};

// Chooses the dots a reply of at most `budget` pieces keeps: the ranges and live entries
// below a cut in (origin, counter) order, and for an origin answered whole (removals
// differ) that does not fit, one window of its counters chosen by budget.rotation.
template <class State, class Id, class Wanted>
cut_window<Id> cut_reply(const State& mine, const std::vector<reply_plan<Id>>& plans,
                         const std::vector<dot_range<Id>>& ranges, const Wanted& wanted,
                         const reply_budget& budget) {
    using dot_type = dot<Id>;
    std::vector<dot_type> live; // the live entries the unbudgeted reply would carry
    mine.for_each_store_dot([&](const dot_type& d) {
        if (wanted(d) != nullptr)
            live.push_back(d);
    });
    cut_window<Id> out;
    if (live.size() + ranges.size() <= budget.max_pieces)
        return out;
    std::sort(live.begin(), live.end());
    const std::size_t room = std::max<std::size_t>(budget.max_pieces, 2);
    std::size_t used = 0;
    auto d = live.begin();
    for (const auto& p : plans) {
        auto d_end = std::partition_point(
            d, live.end(), [&](const dot_type& x) { return !(p.origin < x.replica); });
        const std::size_t cost = (p.last - p.first) + static_cast<std::size_t>(d_end - d);
        if (used + cost <= room) {
            used += cost;
            d = d_end;
            continue;
        }
        if (p.everything) {
            // Windows of `per` pieces (range starts and live entries, in counter order),
            // one per rotation; a window also holds at most one range begun before it.
            std::vector<std::uint64_t> starts;
            for (std::size_t i = p.first; i < p.last; ++i)
                starts.push_back(ranges[i].first);
            for (auto x = d; x != d_end; ++x)
                starts.push_back(x->counter);
            std::sort(starts.begin(), starts.end());
            if (used + 2 > room && used != 0) { // no room left: cut before this origin
                out.end = dot_type{p.origin, 0};
                return out;
            }
            const std::size_t per = std::max<std::size_t>(room - std::min(room, used + 1), 1);
            const std::size_t windows = (starts.size() + per - 1) / per;
            const auto w = static_cast<std::size_t>(mix64(budget.rotation) % windows);
            out.window_origin = p.origin;
            out.window_lo = w == 0 ? p.lo : starts[w * per];
            out.window_hi = w + 1 == windows ? p.hi : starts[(w + 1) * per] - 1;
            const reply_plan<Id>* next = &p + 1;
            if (next != plans.data() + plans.size())
                out.end = dot_type{next->origin, 0};
            return out;
        }
        // Unseen dots: walk this origin's ranges and entries in counter order.
        std::uint64_t end_counter = 0;
        for (std::size_t i = p.first; i < p.last && end_counter == 0; ++i) {
            const auto& r = ranges[i];
            if (++used > room) {
                end_counter = r.first;
                break;
            }
            for (; d != d_end && d->counter <= r.last; ++d) {
                if (++used > room) {
                    end_counter = d->counter;
                    break;
                }
            }
        }
        if (end_counter == 0) { // all of this origin fitted after all: cut before the next
            const reply_plan<Id>* next = &p + 1;
            if (next != plans.data() + plans.size())
                out.end = dot_type{next->origin, 0};
            return out;
        }
        out.end = dot_type{p.origin, end_counter};
        return out;
    }
    return out;
}

} // namespace hearsay::detail

#endif
