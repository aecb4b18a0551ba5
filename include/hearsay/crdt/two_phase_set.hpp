// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_TWO_PHASE_SET_HPP
#define HEARSAY_CRDT_TWO_PHASE_SET_HPP

// A two-phase set: an element can be inserted, then erased, and once erased it
// never returns. Kept as the live elements plus the erased ones (the erased set
// is the type's tombstones, which its semantics need); the join is
//   removed = removed_a ∪ removed_b,  live = (live_a ∪ live_b) \ removed.
// Erasing an element never inserted still records it: it can then never be
// inserted.

#include <algorithm> // binary_search, lower_bound, set_union, set_difference
#include <cstddef>
#include <iterator> // back_inserter
#include <utility>  // pair
#include <vector>

#include "hearsay/core/codec_access.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"
#include "hearsay/crdt/embedding.hpp"

namespace hearsay {

/// Holds a set whose erased elements can never be inserted again.
template <class T> class two_phase_set {
  public:
    using value_type = T;
    using const_iterator = typename std::vector<T>::const_iterator;
    using iterator = const_iterator;

    const_iterator begin() const { return live_.begin(); }
    const_iterator end() const { return live_.end(); }
    std::size_t size() const { return live_.size(); }
    bool empty() const { return live_.empty(); }
    /// Tells whether `x` is present.
    bool contains(const T& x) const { return has(live_, x); }
    /// Tells whether `x` has been erased (and so can never be present again).
    bool erased(const T& x) const { return has(removed_, x); }
    /// Returns the erased elements, sorted.
    const std::vector<T>& removed() const { return removed_; }

    /// Inserts `x` unless it was erased; the delta is bottom when nothing changes.
    two_phase_set insert(const T& x) {
        two_phase_set delta;
        if (erased(x) || contains(x))
            return delta;
        add(live_, x);
        delta.live_.push_back(x);
        return delta;
    }

    /// Erases `x` for ever; the delta is bottom when it was already erased.
    two_phase_set erase(const T& x) {
        two_phase_set delta;
        if (erased(x))
            return delta;
        auto at = std::lower_bound(live_.begin(), live_.end(), x);
        if (at != live_.end() && !(x < *at))
            live_.erase(at);
        add(removed_, x);
        delta.removed_.push_back(x);
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const two_phase_set& other) {
        const bool new_removals = !std::includes(removed_.begin(), removed_.end(),
                                                 other.removed_.begin(), other.removed_.end());
        if (new_removals)
            removed_ = united(removed_, other.removed_);
        std::vector<T> live = united(live_, other.live_);
        std::vector<T> kept;
        kept.reserve(live.size());
        std::set_difference(live.begin(), live.end(), removed_.begin(), removed_.end(),
                            std::back_inserter(kept));
        const bool changed = new_removals || kept != live_;
        live_.swap(kept);
        return changed;
    }

    friend bool operator==(const two_phase_set& a, const two_phase_set& b) {
        return a.live_ == b.live_ && a.removed_ == b.removed_;
    }
    friend bool operator!=(const two_phase_set& a, const two_phase_set& b) { return !(a == b); }

  private:
    static bool has(const std::vector<T>& items, const T& x) {
        return std::binary_search(items.begin(), items.end(), x);
    }
    static void add(std::vector<T>& items, const T& x) {
        auto at = std::lower_bound(items.begin(), items.end(), x);
        if (at == items.end() || x < *at)
            items.insert(at, x);
    }
    static std::vector<T> united(const std::vector<T>& a, const std::vector<T>& b) {
        std::vector<T> out;
        out.reserve(a.size() + b.size());
        std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
        return out;
    }

    std::vector<T> live_;    // inserted and not erased
    std::vector<T> removed_; // erased, for ever
    friend struct hearsay::codec_access;
};

/// Inside an or_map, each insertion and each erasure is a part (element, erased?).
template <class T> struct embedding_traits<two_phase_set<T>> {
    static constexpr bool embedded = true;
    using part = std::pair<T, bool>;
    struct snapshot_type {};

    template <class Id> static snapshot_type snapshot(const two_phase_set<T>&, const Id&) {
        return {};
    }
    template <class Id>
    static void parts_of(const two_phase_set<T>& delta, snapshot_type, const Id&,
                         std::vector<part>& out) {
        for (const auto& x : delta)
            out.emplace_back(x, false);
        for (const auto& x : delta.removed())
            out.emplace_back(x, true);
    }
    static bool replaces(const part& fresh, const part& old) {
        return fresh.second == old.second && !(fresh.first < old.first) &&
               !(old.first < fresh.first);
    }
    template <class MapId> static two_phase_set<T> view(const detail::dot_fun<MapId, part>& parts) {
        two_phase_set<T> out;
        for (const auto& p : parts)
            if (!p.second.second)
                out.insert(p.second.first);
        for (const auto& p : parts)
            if (p.second.second)
                out.erase(p.second.first);
        return out;
    }
};

} // namespace hearsay

#endif
