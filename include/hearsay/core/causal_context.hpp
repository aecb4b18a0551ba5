// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_CAUSAL_CONTEXT_HPP
#define HEARSAY_CORE_CAUSAL_CONTEXT_HPP

// The causal context of a replica: the set of every dot (event) it has seen,
// whether the state those events wrote is still present or was removed since.
// Every causal CRDT (or_set, mv_register, the flags, or_map) is a dot store over
// one such context, which is what lets removal leave no tombstones: a dot that the
// context covers but the store lacks was removed.
//
// Representation (Almeida, Shoker, Baquero 2018, with the cloud held as
// intervals): a version vector for the contiguous prefix of each replica's
// dots, plus a sorted "cloud" of the ranges of dots seen beyond a gap.
// Invariants, kept by every operation so that two contexts holding the same
// dots are equal: cloud ranges are sorted by (replica, first), a range starts
// at least two past its replica's vector counter (one past would continue the
// prefix), and two ranges of one replica neither overlap nor touch.
//
// Costs, for V vector entries and C cloud ranges: contains, max_counter and a
// dot's insert O(log V + log C) plus, for a dot beyond a gap, a move of the
// cloud's tail; merge O(V + C + the other's size), or, when the other holds at
// most four pieces (a delta's context), that many inserts, allocating nothing
// unless a range lands in the cloud; next O(log V) when the cloud is empty (the
// steady case). Nothing costs in proportion to the value of a
// counter: "writer W, 2 to 2^40" is one range. Only for_each_dot enumerates
// dots; callers bound it by dot_count first.

#include <algorithm> // lower_bound, upper_bound, sort, max
#include <cstddef>
#include <cstdint>
#include <iterator> // prev
#include <utility>  // move, pair
#include <vector>

#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/dot_range.hpp"
#include "hearsay/core/version_vector.hpp"

namespace hearsay {

/// Holds the set of dots a replica has seen, compacted into a version vector plus dot ranges.
template <class Id> class causal_context {
  public:
    using dot_type = dot<Id>;
    using range_type = dot_range<Id>;

    /// Tells whether the event `d` has been seen.
    bool contains(const dot_type& d) const {
        if (compact_.contains(d))
            return true;
        if (cloud_.empty())
            return false;
        auto it = range_at_or_before(d.replica, d.counter);
        return it != cloud_.end() && it->last >= d.counter;
    }

    /// Returns the highest counter seen from `replica`, zero when none.
    std::uint64_t max_counter(const Id& replica) const {
        std::uint64_t highest = compact_.get(replica);
        auto it = range_at_or_before(replica, ~std::uint64_t{0});
        if (it != cloud_.end())
            highest = std::max(highest, it->last);
        return highest;
    }

    /// Creates, records and returns the next event of `self`; throws counter_overflow, changing
    /// nothing, when that event would pass max_counter_value.
    dot_type next(const Id& self) {
        if (cloud_.empty()) { // the usual case: one lookup, no cloud to absorb
            const std::uint64_t counter = detail::checked_counter_add(compact_.get(self), 1);
            compact_.raise(self, counter);
            return {self, counter};
        }
        dot_type d{self, detail::checked_counter_add(max_counter(self), 1)};
        insert(d);
        return d;
    }

    /// Records the event `d`; returns whether it was new.
    bool insert(const dot_type& d) { return insert_range(d.replica, d.counter, d.counter); }

    /// Records the events first..last of `replica`; returns whether any was new. O(log) plus a
    /// move of the cloud's tail, whatever the length of the range.
    bool insert_range(const Id& replica, std::uint64_t first, std::uint64_t last) {
        if (first == 0)
            first = 1;
        if (first > last)
            return false;
        const std::uint64_t top = compact_.get(replica);
        if (last <= top)
            return false;
        if (first <= top + 1) { // continues the prefix
            compact_.raise(replica, last);
            absorb(replica, last);
            return true;
        }
        return insert_cloud(range_type{replica, first, last});
    }

    /// Records every dot of `dots`, in any order; O(n log n + this context), whatever the order,
    /// where inserting them one by one could move the cloud once per dot.
    bool insert_all(std::vector<dot_type> dots) {
        if (dots.empty())
            return false;
        std::sort(dots.begin(), dots.end());
        std::vector<range_type> ranges;
        for (const auto& d : dots)
            if (d.counter != 0)
                append_coalesced(ranges, range_type{d.replica, d.counter, d.counter});
        return merge(from_parts({}, std::move(ranges)));
    }

    /// Joins `other` into this context; returns whether any dot was new.
    bool merge(const causal_context& other) {
        // A few ranges (a delta's context) go in one by one, in place: no pass over
        // this context, no new cloud.
        if (other.range_count() <= small_merge) {
            bool changed = false;
            for (const auto& entry : other.compact_)
                changed = insert_range(entry.first, 1, entry.second) || changed;
            for (const auto& r : other.cloud_)
                changed = insert_range(r.replica, r.first, r.last) || changed;
            return changed;
        }
        // In compact form a rise of the vector always brings a dot not held before,
        // so only the other's cloud needs checking range by range.
        bool changed = false;
        for (const auto& r : other.cloud_) {
            if (!covers(r)) {
                changed = true;
                break;
            }
        }
        changed = compact_.merge(other.compact_) || changed;
        if (!other.cloud_.empty()) {
            if (cloud_.empty()) {
                cloud_ = other.cloud_;
            } else {
                std::vector<range_type> joined;
                joined.reserve(cloud_.size() + other.cloud_.size());
                auto a = cloud_.begin();
                auto b = other.cloud_.begin();
                while (a != cloud_.end() || b != other.cloud_.end()) {
                    const bool take_a = b == other.cloud_.end() || (a != cloud_.end() && *a < *b);
                    append_coalesced(joined, take_a ? *a++ : *b++);
                }
                cloud_.swap(joined);
            }
        }
        normalize();
        return changed;
    }

    /// Returns how many dots the context holds, saturating at the largest std::uint64_t.
    std::uint64_t dot_count() const {
        constexpr std::uint64_t most = ~std::uint64_t{0};
        std::uint64_t total = 0;
        auto add = [&](std::uint64_t n) { total = n > most - total ? most : total + n; };
        for (const auto& entry : compact_)
            add(entry.second);
        for (const auto& r : cloud_)
            add(r.size());
        return total;
    }

    /// Tells whether the context holds at most `limit` dots; stops counting once past it.
    bool dot_count_at_most(std::uint64_t limit) const {
        std::uint64_t total = 0;
        for (const auto& entry : compact_)
            if ((total += entry.second) > limit)
                return false;
        for (const auto& r : cloud_)
            if (r.size() > limit || (total += r.size()) > limit)
                return false;
        return true;
    }

    /// Returns how many pieces the context holds: vector entries plus cloud ranges. Every cost
    /// of anti-entropy and of the codec follows this, not dot_count.
    std::size_t range_count() const { return compact_.size() + cloud_.size(); }

    /// Calls `f(dot)` for every dot held, in (replica, counter) order of each part. Costs
    /// dot_count(): bound it first.
    template <class F> void for_each_dot(F&& f) const {
        for (const auto& entry : compact_)
            for (std::uint64_t c = 1; c <= entry.second; ++c)
                f(dot_type{entry.first, c});
        for (const auto& r : cloud_)
            for (std::uint64_t c = r.first;; ++c) {
                f(dot_type{r.replica, c});
                if (c == r.last)
                    break;
            }
    }

    /// Builds the context of the dots 1..top of each (replica, top) in `prefixes` plus the dots
    /// of `ranges`, in any order, overlaps allowed; O(n log n) in the parts, whatever the counters.
    static causal_context from_parts(std::vector<std::pair<Id, std::uint64_t>> prefixes,
                                     std::vector<range_type> ranges) {
        causal_context c;
        std::sort(prefixes.begin(), prefixes.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        typename version_vector<Id>::map_type::container_type items;
        items.reserve(prefixes.size());
        for (const auto& prefix : prefixes) {
            if (prefix.second == 0)
                continue;
            if (!items.empty() && !(items.back().first < prefix.first))
                items.back().second = std::max(items.back().second, prefix.second);
            else
                items.push_back(prefix);
        }
        c.compact_ = version_vector<Id>::from_sorted(std::move(items));
        std::sort(ranges.begin(), ranges.end());
        std::vector<range_type> cloud;
        cloud.reserve(ranges.size());
        for (auto r : ranges) {
            if (r.first == 0)
                r.first = 1;
            if (r.first <= r.last)
                append_coalesced(cloud, r);
        }
        c.cloud_ = std::move(cloud);
        c.normalize();
        return c;
    }

    bool empty() const { return compact_.empty() && cloud_.empty(); }
    void clear() {
        compact_ = {};
        cloud_.clear();
    }

    /// Returns the contiguous part: every dot up to each replica's counter.
    const version_vector<Id>& compact() const { return compact_; }
    /// Returns the ranges of dots seen beyond a gap, sorted by (replica, first).
    const std::vector<range_type>& cloud() const { return cloud_; }

    friend bool operator==(const causal_context& a, const causal_context& b) {
        return a.compact_ == b.compact_ && a.cloud_ == b.cloud_;
    }
    friend bool operator!=(const causal_context& a, const causal_context& b) { return !(a == b); }

  private:
    static constexpr std::size_t small_merge = 4;

    using cloud_iterator = typename std::vector<range_type>::const_iterator;

    // Returns the last cloud range of `replica` starting at or before `counter`, or end().
    cloud_iterator range_at_or_before(const Id& replica, std::uint64_t counter) const {
        auto it = std::upper_bound(cloud_.begin(), cloud_.end(), range_type{replica, counter, 0},
                                   [](const range_type& key, const range_type& r) {
                                       return key.replica < r.replica ||
                                              (!(r.replica < key.replica) && key.first < r.first);
                                   });
        if (it == cloud_.begin() || !same(std::prev(it)->replica, replica))
            return cloud_.end();
        return std::prev(it);
    }

    static bool same(const Id& a, const Id& b) { return !(a < b) && !(b < a); }

    // Tells whether every dot of `r` is held.
    bool covers(const range_type& r) const {
        if (r.last <= compact_.get(r.replica))
            return true;
        auto it = range_at_or_before(r.replica, r.first);
        return it != cloud_.end() && it->last >= r.last;
    }

    // Appends `r` to the sorted `out`, joining it to the last range when they overlap or touch.
    static void append_coalesced(std::vector<range_type>& out, const range_type& r) {
        if (!out.empty() && same(out.back().replica, r.replica) && r.first - 1 <= out.back().last) {
            out.back().last = std::max(out.back().last, r.last);
            return;
        }
        out.push_back(r);
    }

    // Inserts `r`, which starts at least two past its replica's prefix, joining the ranges it
    // overlaps or touches.
    bool insert_cloud(const range_type& r) {
        if (cloud_.empty()) { // a mutator's delta: its one new dot
            cloud_.push_back(r);
            return true;
        }
        auto it = std::upper_bound(cloud_.begin(), cloud_.end(), r);
        auto at = cloud_.begin();
        if (it != cloud_.begin() && same(std::prev(it)->replica, r.replica) &&
            r.first - 1 <= std::prev(it)->last) {
            at = std::prev(it);
            if (at->last >= r.last)
                return false;
            at->last = r.last;
        } else {
            at = cloud_.insert(it, r);
        }
        auto stop = at + 1;
        while (stop != cloud_.end() && same(stop->replica, r.replica) &&
               stop->first - 1 <= at->last) {
            at->last = std::max(at->last, stop->last);
            ++stop;
        }
        cloud_.erase(at + 1, stop);
        return true;
    }

    // Moves the first cloud range of `replica` into the vector if the prefix, now at `top`,
    // reaches it; later ranges never touch it, as ranges of a replica never touch each other.
    void absorb(const Id& replica, std::uint64_t top) {
        auto it = std::lower_bound(cloud_.begin(), cloud_.end(), range_type{replica, 0, 0});
        auto last = it;
        while (last != cloud_.end() && same(last->replica, replica) && last->first - 1 <= top) {
            top = std::max(top, last->last);
            ++last;
        }
        if (last != it) {
            compact_.raise(replica, top);
            cloud_.erase(it, last);
        }
    }

    // Drops cloud ranges the vector covers and moves those that continue it into it, in one
    // pass over both; replicas new to the vector join it by one linear merge.
    void normalize() {
        if (cloud_.empty())
            return;
        typename version_vector<Id>::map_type::container_type raised;
        auto v = compact_.begin();
        const auto vector_end = compact_.end();
        auto out = cloud_.begin();
        for (auto it = cloud_.begin(); it != cloud_.end(); ++it) {
            while (v != vector_end && v->first < it->replica)
                ++v;
            const std::uint64_t top =
                v != vector_end && same(v->first, it->replica) ? v->second : 0;
            if (it->last <= top)
                continue;
            if (it->first - 1 <= top) {
                if (top != 0) // held: raised in place, no insertion, `v` stays valid
                    compact_.raise(it->replica, it->last);
                else
                    raised.emplace_back(it->replica, it->last);
                continue;
            }
            *out++ = *it;
        }
        cloud_.erase(out, cloud_.end());
        if (!raised.empty())
            compact_.merge(version_vector<Id>::from_sorted(std::move(raised)));
    }

    version_vector<Id> compact_;
    std::vector<range_type> cloud_;
    friend struct hearsay::codec_access;
};

} // namespace hearsay

#endif
