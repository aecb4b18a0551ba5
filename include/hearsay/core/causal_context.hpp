// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_CAUSAL_CONTEXT_HPP
#define HEARSAY_CORE_CAUSAL_CONTEXT_HPP

// The causal context of a replica: the set of every dot (event) it has seen,
// whether the state those events wrote is still present or was removed since.
// Every causal CRDT (or_set, mv_register, the flags, or_map) is a dot store over
// one such context, which is what lets removal leave no tombstones: a dot that the
// context covers but the store lacks was removed.
//
// Representation (Almeida, Shoker, Baquero 2018): a version vector for the
// contiguous prefix of each replica's dots, plus a sorted "cloud" of the dots
// seen beyond a gap. Every operation keeps it compact: a cloud dot that becomes
// contiguous moves into the vector, so two contexts holding the same dots are
// equal. A steady replica's cloud is empty and its context costs one
// (id, counter) pair per replica.

#include <algorithm> // lower_bound, binary_search, set_union, sort, unique
#include <cstddef>
#include <cstdint>
#include <iterator> // back_inserter
#include <utility>  // move, pair
#include <vector>

#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/version_vector.hpp"

namespace hearsay {

/// Holds the set of dots a replica has seen, compacted into a version vector plus a dot cloud.
template <class Id> class causal_context {
  public:
    using dot_type = dot<Id>;

    /// Tells whether the event `d` has been seen.
    bool contains(const dot_type& d) const {
        return compact_.contains(d) ||
               (!cloud_.empty() && std::binary_search(cloud_.begin(), cloud_.end(), d));
    }

    /// Returns the highest counter seen from `replica`, zero when none.
    std::uint64_t max_counter(const Id& replica) const {
        std::uint64_t highest = compact_.get(replica);
        auto it =
            std::upper_bound(cloud_.begin(), cloud_.end(), dot_type{replica, ~std::uint64_t{0}});
        if (it != cloud_.begin() && (it - 1)->replica == replica)
            highest = std::max(highest, (it - 1)->counter);
        return highest;
    }

    /// Creates, records and returns the next event of `self`.
    dot_type next(const Id& self) {
        if (cloud_.empty()) { // the usual case: one lookup, no cloud to absorb
            const std::uint64_t counter = compact_.get(self) + 1;
            compact_.raise(self, counter);
            return {self, counter};
        }
        dot_type d{self, max_counter(self) + 1};
        insert(d);
        return d;
    }

    /// Records the event `d`; returns whether it was new.
    bool insert(const dot_type& d) {
        if (d.counter == 0 || contains(d))
            return false;
        if (d.counter == compact_.get(d.replica) + 1) {
            compact_.raise(d.replica, d.counter);
            absorb(d.replica);
        } else {
            cloud_.insert(std::upper_bound(cloud_.begin(), cloud_.end(), d), d);
        }
        return true;
    }

    /// Joins `other` into this context; returns whether any dot was new.
    bool merge(const causal_context& other) {
        // In compact form a rise of the vector always brings a dot not held before,
        // so only the other's cloud needs checking dot by dot.
        bool changed = false;
        for (const auto& d : other.cloud_) {
            if (!contains(d)) {
                changed = true;
                break;
            }
        }
        changed = compact_.merge(other.compact_) || changed;
        if (!other.cloud_.empty()) {
            std::vector<dot_type> joined;
            joined.reserve(cloud_.size() + other.cloud_.size());
            std::set_union(cloud_.begin(), cloud_.end(), other.cloud_.begin(), other.cloud_.end(),
                           std::back_inserter(joined));
            cloud_.swap(joined);
        }
        normalize();
        return changed;
    }

    /// Returns how many dots the context holds, saturating at the largest std::uint64_t.
    std::uint64_t dot_count() const {
        constexpr std::uint64_t most = ~std::uint64_t{0};
        std::uint64_t total = cloud_.size();
        for (const auto& entry : compact_) // hostile counters must not wrap the sum to "small"
            total = entry.second > most - total ? most : total + entry.second;
        return total;
    }

    /// Calls `f(dot)` for every dot held, in (replica, counter) order of each part.
    template <class F> void for_each_dot(F&& f) const {
        for (const auto& entry : compact_)
            for (std::uint64_t c = 1; c <= entry.second; ++c)
                f(dot_type{entry.first, c});
        for (const auto& d : cloud_)
            f(d);
    }

    /// Builds the context of the dots 1..top of each (replica, top) in `prefixes` plus the dots
    /// of `cloud`, in any order, overlaps allowed; O(n log n) in the parts, whatever the tops.
    static causal_context from_parts(const std::vector<std::pair<Id, std::uint64_t>>& prefixes,
                                     std::vector<dot_type> cloud) {
        causal_context c;
        for (const auto& prefix : prefixes)
            if (prefix.second != 0)
                c.compact_.raise(prefix.first, prefix.second);
        std::sort(cloud.begin(), cloud.end());
        cloud.erase(std::unique(cloud.begin(), cloud.end()), cloud.end());
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
    /// Returns the dots seen beyond a gap, sorted.
    const std::vector<dot_type>& cloud() const { return cloud_; }

    friend bool operator==(const causal_context& a, const causal_context& b) {
        return a.compact_ == b.compact_ && a.cloud_ == b.cloud_;
    }
    friend bool operator!=(const causal_context& a, const causal_context& b) { return !(a == b); }

  private:
    // Moves the cloud dots of `replica` that have become contiguous into the vector.
    void absorb(const Id& replica) {
        auto first = std::lower_bound(cloud_.begin(), cloud_.end(), dot_type{replica, 0});
        auto last = first;
        std::uint64_t top = compact_.get(replica);
        while (last != cloud_.end() && last->replica == replica && last->counter <= top + 1) {
            top = std::max(top, last->counter);
            ++last;
        }
        if (last != first) {
            compact_.raise(replica, top);
            cloud_.erase(first, last);
        }
    }

    // Drops cloud dots the vector covers and moves contiguous ones into it.
    void normalize() {
        auto out = cloud_.begin();
        for (auto it = cloud_.begin(); it != cloud_.end(); ++it) {
            const std::uint64_t top = compact_.get(it->replica);
            if (it->counter <= top)
                continue;
            if (it->counter == top + 1) {
                compact_.raise(it->replica, it->counter);
                continue;
            }
            *out++ = *it;
        }
        cloud_.erase(out, cloud_.end());
    }

    version_vector<Id> compact_;
    std::vector<dot_type> cloud_;
    friend struct hearsay::codec_access;
};

} // namespace hearsay

#endif
