// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_DETAIL_DOT_FUN_HPP
#define HEARSAY_CRDT_DETAIL_DOT_FUN_HPP

// A dot store mapping each dot to an immutable value: the store of the
// multi-value register, the flags and the embedded form of the non-causal
// types inside an or_map. A dot's value never changes once written, so joining
// two stores only decides, per dot, whether it survives (Almeida, Shoker,
// Baquero 2018): a dot held by both sides stays; a dot held by one side stays
// unless the other side has seen it, which means it was removed there.

#include <algorithm> // lower_bound, sort
#include <cstddef>
#include <cstdint>
#include <utility> // pair, move
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/dot.hpp"

namespace hearsay::detail {

/// Maps dots to values, sorted by dot.
template <class Id, class V> class dot_fun {
  public:
    using value_type = std::pair<dot<Id>, V>;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    void clear() { items_.clear(); }

    /// Stores `value` under the dot `d`, which must be new to this store.
    void add(const dot<Id>& d, V value) {
        auto at = std::lower_bound(
            items_.begin(), items_.end(), d,
            [](const value_type& item, const dot<Id>& key) { return item.first < key; });
        items_.emplace(at, d, std::move(value));
    }

    /// Removes every entry for which `pred(value)` holds, recording its dot in `removed`.
    template <class Pred> void remove_if(Pred pred, causal_context<Id>& removed) {
        auto out = items_.begin();
        for (auto it = items_.begin(); it != items_.end(); ++it) {
            if (pred(it->second))
                removed.insert(it->first);
            else
                *out++ = std::move(*it);
        }
        items_.erase(out, items_.end());
    }

    /// Adds every dot held to `out`.
    void collect_dots(causal_context<Id>& out) const {
        std::vector<dot<Id>> dots;
        append_dots(dots);
        out.insert_all(std::move(dots));
    }
    /// Appends every dot held to `out`.
    void append_dots(std::vector<dot<Id>>& out) const {
        for (const auto& item : items_)
            out.push_back(item.first);
    }

    /// Tells whether the dot `d` is held; O(log n).
    bool holds(const dot<Id>& d) const {
        auto at = std::lower_bound(
            items_.begin(), items_.end(), d,
            [](const value_type& item, const dot<Id>& key) { return item.first < key; });
        return at != items_.end() && at->first == d;
    }

    /// Counts the dots of a join with `other` that `theirs` covers and ours has seen: ours held
    /// here, and theirs held there but not here. `theirs` must hold few dots (it is enumerated);
    /// O((|theirs| + |other|) log n).
    std::uint64_t count_located(const dot_fun& other, const causal_context<Id>& ours,
                                const causal_context<Id>& theirs) const {
        std::uint64_t located = 0;
        theirs.for_each_dot([&](const dot<Id>& d) { located += holds(d) ? 1u : 0u; });
        for (const auto& item : other.items_)
            if (ours.contains(item.first) && !holds(item.first))
                ++located;
        return located;
    }

    /// Calls `f(dot)` for every dot held, in dot order.
    template <class F> void for_each_dot(F&& f) const {
        for (const auto& item : items_)
            f(item.first);
    }

    /// Returns the entries whose dot satisfies `keep`.
    template <class Keep> dot_fun filter(const Keep& keep) const {
        dot_fun out;
        for (const auto& item : items_)
            if (keep(item.first))
                out.items_.push_back(item);
        return out;
    }

    /// Returns the entries whose dot satisfies `keep`, each under the dot `map(dot)`; `map` must
    /// not give two entries the same dot.
    template <class Keep, class Map> dot_fun remap(const Keep& keep, const Map& map) const {
        dot_fun out;
        for (const auto& item : items_)
            if (keep(item.first))
                out.items_.emplace_back(map(item.first), item.second);
        std::sort(out.items_.begin(), out.items_.end(),
                  [](const value_type& a, const value_type& b) { return a.first < b.first; });
        return out;
    }
    /// Joins `other` given both sides' contexts; returns whether this store changed. A small
    /// `other` over a small `theirs` (a mutator's delta) costs O(delta x log n) searches, not a
    /// pass over this store.
    bool join(const dot_fun& other, const causal_context<Id>& ours,
              const causal_context<Id>& theirs) {
        if (items_.size() > 64 && other.items_.size() <= 64 && theirs.dot_count() <= 64) {
            bool changed = false;
            theirs.for_each_dot([&](const dot<Id>& d) { // ours that they saw and dropped
                if (!other.holds(d) && holds(d)) {
                    items_.erase(find(d));
                    changed = true;
                }
            });
            for (const auto& item : other.items_) { // theirs that we never saw
                if (!ours.contains(item.first) && !holds(item.first)) {
                    add(item.first, item.second);
                    changed = true;
                }
            }
            return changed;
        }
        std::vector<value_type> out;
        out.reserve(items_.size() + other.items_.size());
        bool changed = false;
        auto a = items_.begin();
        auto b = other.items_.begin();
        while (a != items_.end() || b != other.items_.end()) {
            if (b == other.items_.end() || (a != items_.end() && a->first < b->first)) {
                if (theirs.contains(a->first))
                    changed = true;
                else
                    out.push_back(std::move(*a));
                ++a;
            } else if (a == items_.end() || b->first < a->first) {
                if (!ours.contains(b->first)) {
                    out.push_back(*b);
                    changed = true;
                }
                ++b;
            } else {
                out.push_back(std::move(*a));
                ++a;
                ++b;
            }
        }
        items_.swap(out);
        return changed;
    }

    friend bool operator==(const dot_fun& a, const dot_fun& b) { return a.items_ == b.items_; }
    friend bool operator!=(const dot_fun& a, const dot_fun& b) { return !(a == b); }

  private:
    typename std::vector<value_type>::iterator find(const dot<Id>& d) {
        return std::lower_bound(
            items_.begin(), items_.end(), d,
            [](const value_type& item, const dot<Id>& key) { return item.first < key; });
    }

    std::vector<value_type> items_;
    friend struct hearsay::codec_access;
};

} // namespace hearsay::detail

#endif
