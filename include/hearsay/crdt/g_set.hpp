// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_G_SET_HPP
#define HEARSAY_CRDT_G_SET_HPP

// A grow-only set, kept as one sorted vector: the join is a sorted union, done
// in place when the other set brings nothing new.

#include <algorithm> // lower_bound, includes, set_union
#include <cstddef>
#include <iterator> // back_inserter
#include <utility>  // move
#include <vector>

#include "hearsay/core/codec_access.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"
#include "hearsay/crdt/embedding.hpp"

namespace hearsay {

/// Holds a set that only grows.
template <class T> class g_set {
  public:
    using value_type = T;
    using const_iterator = typename std::vector<T>::const_iterator;
    using iterator = const_iterator;

    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    /// Tells whether `x` is present.
    bool contains(const T& x) const { return std::binary_search(items_.begin(), items_.end(), x); }

    /// Inserts `x`; the delta is bottom when `x` was present.
    g_set insert(const T& x) {
        g_set delta;
        auto at = std::lower_bound(items_.begin(), items_.end(), x);
        if (at != items_.end() && !(x < *at))
            return delta;
        items_.insert(at, x);
        delta.items_.push_back(x);
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const g_set& other) {
        if (std::includes(items_.begin(), items_.end(), other.items_.begin(), other.items_.end()))
            return false;
        std::vector<T> joined;
        joined.reserve(items_.size() + other.items_.size());
        std::set_union(items_.begin(), items_.end(), other.items_.begin(), other.items_.end(),
                       std::back_inserter(joined));
        items_.swap(joined);
        return true;
    }

    friend bool operator==(const g_set& a, const g_set& b) { return a.items_ == b.items_; }
    friend bool operator!=(const g_set& a, const g_set& b) { return !(a == b); }

  private:
    std::vector<T> items_;
    friend struct hearsay::codec_access;
};

/// Inside an or_map, each inserted element is a part.
template <class T> struct embedding_traits<g_set<T>> {
    static constexpr bool embedded = true;
    using part = T;
    struct snapshot_type {};

    template <class Id> static snapshot_type snapshot(const g_set<T>&, const Id&) { return {}; }
    template <class Id>
    static void parts_of(const g_set<T>& delta, snapshot_type, const Id&, std::vector<part>& out) {
        out.insert(out.end(), delta.begin(), delta.end());
    }
    static bool replaces(const part& fresh, const part& old) {
        return !(fresh < old) && !(old < fresh);
    }
    template <class MapId> static g_set<T> view(const detail::dot_fun<MapId, part>& parts) {
        g_set<T> out;
        for (const auto& p : parts)
            out.insert(p.second);
        return out;
    }
};

} // namespace hearsay

#endif
