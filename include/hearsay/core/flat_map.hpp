// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_FLAT_MAP_HPP
#define HEARSAY_CORE_FLAT_MAP_HPP

// A map kept as one sorted vector of pairs: the right shape for the small maps
// of this library (version vectors, the keys of a map CRDT). Lookups are binary
// searches over contiguous memory; an insertion moves the tail, which is cheap
// while the map is small. Iteration is in key order, so two equal maps iterate
// identically on every replica.

#include <cstddef>
#include <utility> // pair, move
#include <vector>

namespace hearsay {

/// Maps keys to values in one sorted vector; iterators are invalidated by insertion and erasure.
template <class K, class V> class flat_map {
  public:
    using key_type = K;
    using mapped_type = V;
    using value_type = std::pair<K, V>;
    using container_type = std::vector<value_type>;
    using iterator = typename container_type::iterator;
    using const_iterator = typename container_type::const_iterator;

    flat_map() = default;

    /// Adopts `items`, which must be sorted by key with no duplicates.
    static flat_map from_sorted(container_type items) {
        flat_map m;
        m.items_ = std::move(items);
        return m;
    }

    iterator begin() { return items_.begin(); }
    iterator end() { return items_.end(); }
    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    void clear() { items_.clear(); }
    void reserve(std::size_t n) { items_.reserve(n); }

    /// Returns the first element whose key is not less than `key`.
    template <class Key> iterator lower_bound(const Key& key) {
        return items_.begin() + static_cast<std::ptrdiff_t>(position(key));
    }
    template <class Key> const_iterator lower_bound(const Key& key) const {
        return items_.begin() + static_cast<std::ptrdiff_t>(position(key));
    }

    /// Returns the element with `key`, or end().
    template <class Key> iterator find(const Key& key) {
        auto it = lower_bound(key);
        return it != items_.end() && !(key < it->first) ? it : items_.end();
    }
    template <class Key> const_iterator find(const Key& key) const {
        auto it = lower_bound(key);
        return it != items_.end() && !(key < it->first) ? it : items_.end();
    }
    template <class Key> bool contains(const Key& key) const { return find(key) != end(); }

    /// Returns the element with `key`, inserting `V{}` under it first when absent.
    iterator find_or_insert(const K& key) {
        auto it = lower_bound(key);
        if (it == items_.end() || key < it->first)
            it = items_.emplace(it, key, V{});
        return it;
    }

    /// Inserts `value` before `pos`, which must be the key's sorted position.
    iterator insert_at(const_iterator pos, value_type value) {
        return items_.insert(pos, std::move(value));
    }

    iterator erase(const_iterator pos) { return items_.erase(pos); }

    /// Appends a pair whose key is greater than every key present.
    void push_back(value_type value) { items_.push_back(std::move(value)); }

    container_type& items() { return items_; }
    const container_type& items() const { return items_; }

    friend bool operator==(const flat_map& a, const flat_map& b) { return a.items_ == b.items_; }
    friend bool operator!=(const flat_map& a, const flat_map& b) { return !(a == b); }

  private:
    // Returns the index of the first key not less than `key`. The search halves the range
    // without a branch on the comparison, which a processor cannot predict when the keys
    // looked up come in no order (the writers of a set's entries, one lookup per entry).
    template <class Key> std::size_t position(const Key& key) const {
        std::size_t n = items_.size();
        if (n == 0)
            return 0;
        const value_type* base = items_.data();
        while (n > 1) {
            const std::size_t half = n / 2;
            // A mask, not `?:`, which compilers may turn back into a branch.
            base += half & (std::size_t{0} - static_cast<std::size_t>(base[half - 1].first < key));
            n -= half;
        }
        return static_cast<std::size_t>(base - items_.data()) + (base->first < key ? 1 : 0);
    }

    container_type items_;
};

} // namespace hearsay

#endif
