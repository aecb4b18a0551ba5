// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_DETAIL_CONTEXT_BUILDER_HPP
#define HEARSAY_GOSSIP_SYNC_DETAIL_CONTEXT_BUILDER_HPP

// Builds causal contexts from pieces of others, at the cost of the ranges they
// hold: a replica's prefix 1..n or a range a..b costs O(1), never b - a.
// Anti-entropy cuts contexts by origin and by counter range (a reply holds what
// a peer lacks, a piece of a split delta holds one interval of dots); were
// ranges enumerated dot by dot, a claim of counter 2^40 would cost 2^40.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility> // pair
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/dot_range.hpp"

namespace hearsay::detail {

/// Calls `f(origin, top, first, last)` for every origin of `c` in ascending order: `top` is the
/// origin's contiguous counter (0 when none), [first, last) its ranges of dots beyond a gap.
template <class Id, class F> void for_each_origin(const causal_context<Id>& c, F&& f) {
    auto v = c.compact().begin();
    const auto v_end = c.compact().end();
    const auto& cloud = c.cloud();
    auto d = cloud.begin();
    while (v != v_end || d != cloud.end()) {
        const Id& origin =
            d == cloud.end() || (v != v_end && !(d->replica < v->first)) ? v->first : d->replica;
        std::uint64_t top = 0;
        if (v != v_end && !(origin < v->first)) {
            top = v->second;
            ++v;
        }
        const auto first = d;
        while (d != cloud.end() && !(origin < d->replica))
            ++d;
        f(origin, top, first, d);
    }
}

/// Collects dots and counter ranges, given in ascending (origin, counter) order without
/// overlap, into a causal context; O(1) per piece.
template <class Id> class context_builder {
  public:
    /// Adds the dots first..last (inclusive) of `origin`; does nothing when first > last.
    void add_range(const Id& origin, std::uint64_t first, std::uint64_t last) {
        if (first == 0)
            first = 1;
        if (first > last)
            return;
        if (!current_ || *current_ < origin) {
            flush();
            current_ = origin;
        }
        if (!gapped_ && first == top_ + 1) {
            top_ = last; // extends the prefix: no enumeration
            return;
        }
        gapped_ = true;
        if (!cloud_.empty() && !(cloud_.back().replica < origin) &&
            first - 1 <= cloud_.back().last) { // touches the range before: one range
            if (last > cloud_.back().last)
                cloud_.back().last = last;
            return;
        }
        cloud_.push_back(dot_range<Id>{origin, first, last});
    }

    /// Adds every dot of `r`.
    void add(const dot_range<Id>& r) { add_range(r.replica, r.first, r.last); }

    /// Adds the dot `d`.
    void add(const dot<Id>& d) { add_range(d.replica, d.counter, d.counter); }

    /// Returns the context of every dot added; the builder is left empty.
    causal_context<Id> build() {
        flush();
        causal_context<Id> out =
            causal_context<Id>::from_parts(std::move(prefix_), std::move(cloud_));
        prefix_.clear();
        cloud_.clear();
        return out;
    }

  private:
    void flush() {
        if (current_ && top_ != 0)
            prefix_.emplace_back(*current_, top_);
        current_.reset();
        top_ = 0;
        gapped_ = false;
    }

    std::vector<std::pair<Id, std::uint64_t>> prefix_; // origin -> contiguous top, ascending
    std::vector<dot_range<Id>> cloud_;                 // ranges beyond a gap, ascending
    std::optional<Id> current_;                        // the origin being added
    std::uint64_t top_ = 0;                            // its contiguous top so far
    bool gapped_ = false;                              // whether it has a dot beyond a gap
};

/// Returns the dots d of `c` with lo <= d < hi in (origin, counter) order; a null bound is
/// unbounded.
template <class Id>
causal_context<Id> slice(const causal_context<Id>& c, const std::optional<dot<Id>>& lo,
                         const std::optional<dot<Id>>& hi) {
    constexpr std::uint64_t unbounded = std::numeric_limits<std::uint64_t>::max();
    context_builder<Id> out;
    for_each_origin(c, [&](const Id& origin, std::uint64_t top, auto first, auto last) {
        if ((lo && origin < lo->replica) || (hi && hi->replica < origin))
            return;
        const std::uint64_t low = lo && !(lo->replica < origin) ? lo->counter : 0;
        const std::uint64_t high = hi && !(origin < hi->replica) ? hi->counter : unbounded;
        if (high == 0)
            return; // exclusive bound below every counter
        out.add_range(origin, low, top < high - 1 ? top : high - 1);
        for (; first != last; ++first)
            out.add_range(origin, first->first > low ? first->first : low,
                          first->last < high - 1 ? first->last : high - 1);
    });
    return out.build();
}

} // namespace hearsay::detail

#endif
