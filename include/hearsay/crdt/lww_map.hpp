// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_LWW_MAP_HPP
#define HEARSAY_CRDT_LWW_MAP_HPP

// A map whose keys are observed-remove and whose values are last-writer-wins:
// an or_map of lww_registers, presented as a map from K to V. An assignment
// concurrent with an erase of its key survives it; concurrent assignments to
// one key resolve by the greater (timestamp, writer) on every replica.

#include <cstddef>
#include <cstdint>
#include <iterator> // forward_iterator_tag
#include <utility>  // move, pair
#include <vector>

#include "hearsay/clock/hlc_timestamp.hpp"
#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/crdt/lww_register.hpp"
#include "hearsay/crdt/or_map.hpp"

namespace hearsay {

/// Maps keys to last-writer-wins values; keys are removed by observed-remove.
template <class K, class V, class Id = std::uint64_t, class Ts = hlc_timestamp> class lww_map {
  public:
    using key_type = K;
    using mapped_type = V;
    using id_type = Id;
    using register_type = lww_register<V, Id, Ts>;
    using map_type = or_map<K, register_type, Id>;

    /// Iterates in key order over elements with ->first the key and ->second the value.
    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::pair<const K&, const V&>;
        using difference_type = std::ptrdiff_t;
        using reference = value_type;
        struct pointer {
            value_type element;
            const value_type* operator->() const { return &element; }
        };

        const_iterator() = default;
        reference operator*() const { return {at_->first, at_->second.value()}; }
        pointer operator->() const { return {**this}; }
        const_iterator& operator++() {
            ++at_;
            return *this;
        }
        const_iterator operator++(int) {
            auto copy = *this;
            ++at_;
            return copy;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.at_ == b.at_;
        }
        friend bool operator!=(const const_iterator& a, const const_iterator& b) {
            return !(a == b);
        }

      private:
        friend class lww_map;
        explicit const_iterator(typename map_type::const_iterator at) : at_(at) {}
        typename map_type::const_iterator at_;
    };
    using iterator = const_iterator;

    lww_map() = default;

    const_iterator begin() const { return const_iterator(map_.begin()); }
    const_iterator end() const { return const_iterator(map_.end()); }
    std::size_t size() const { return map_.size(); }
    bool empty() const { return map_.empty(); }
    /// Returns the element under `key`, or end().
    const_iterator find(const K& key) const { return const_iterator(map_.find(key)); }
    /// Tells whether `key` is present.
    bool contains(const K& key) const { return map_.contains(key); }
    /// Returns the underlying or_map of registers (timestamps and writers included).
    const map_type& registers() const { return map_; }
    /// Returns the set of every dot this replica has seen.
    const typename map_type::context_type& context() const { return map_.context(); }

    /// Assigns `value` to `key` at `ts` by `self`.
    lww_map insert_or_assign(Id self, K key, V value, Ts ts) {
        return lww_map(map_.update(self, std::move(key), [&](register_type& r) {
            return r.assign(std::move(value), std::move(ts), self);
        }));
    }

    /// Erases `key`: removes the assignments this replica has seen under it.
    lww_map erase(const K& key) { return lww_map(map_.erase(key)); }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const lww_map& other) { return map_.merge(other.map_); }

    friend bool operator==(const lww_map& a, const lww_map& b) { return a.map_ == b.map_; }
    friend bool operator!=(const lww_map& a, const lww_map& b) { return !(a == b); }

    // Dot-store interface, so that an lww_map nests in an or_map like any causal type.
    bool join_store(const lww_map& other, const typename map_type::context_type& ours,
                    const typename map_type::context_type& theirs) {
        return map_.join_store(other.map_, ours, theirs);
    }
    void collect_dots(typename map_type::context_type& out) const { map_.collect_dots(out); }
    void append_dots(std::vector<dot<Id>>& out) const { map_.append_dots(out); }
    std::uint64_t count_located(const lww_map& other, const typename map_type::context_type& ours,
                                const typename map_type::context_type& theirs) const {
        return map_.count_located(other.map_, ours, theirs);
    }
    bool store_empty() const { return map_.store_empty(); }
    void swap_context(typename map_type::context_type& other) { map_.swap_context(other); }
    /// Calls `f(dot)` for the dot of every assignment held.
    template <class F> void for_each_store_dot(F&& f) const { map_.for_each_store_dot(f); }
    /// Returns the assignments whose dot satisfies `keep`, with an empty context.
    template <class Keep> lww_map filter_store(const Keep& keep) const {
        return lww_map(map_.filter_store(keep));
    }
    /// Returns the assignments whose dot satisfies `keep`, each under the dot `map(dot)`, with
    /// an empty context.
    template <class Keep, class Map> lww_map remap_store(const Keep& keep, const Map& map) const {
        return lww_map(map_.remap_store(keep, map));
    }

  private:
    explicit lww_map(map_type map) : map_(std::move(map)) {}
    map_type map_;
    friend struct hearsay::codec_access;
};

} // namespace hearsay

#endif
