// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_OR_MAP_HPP
#define HEARSAY_CRDT_OR_MAP_HPP

// A map from keys to nested CRDTs with observed-remove keys: erasing a key
// removes the state this replica has seen under it, and an update concurrent
// with the erase survives it, carrying only what the eraser had not seen.
//
// The map is a dot store over one causal context shared by everything nested in
// it, at any depth (Almeida, Shoker, Baquero 2018): a nested causal value
// (or_set, mv_register, the flags, or_map) keeps its dots in the map's context,
// and a non-causal one (counters, g_set, two_phase_set, lww_register) is kept in
// the embedded causal form of embedding.hpp. A nested value that has no dots
// left is bottom, and its key is absent.
//
// A delta carries only the keys it touched, each with the nested delta, and the
// context of the dots it wrote or removed. Merging a delta costs in proportion
// to the keys it names, whenever it only touches dots under those keys (every
// update delta does); otherwise the merge visits every key once.

#include <algorithm> // remove_if
#include <cstddef>
#include <cstdint>
#include <type_traits> // conditional_t, false_type, true_type, void_t
#include <utility>     // move, swap, declval
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/detail/dot_filter.hpp"
#include "hearsay/core/flat_map.hpp"
#include "hearsay/crdt/embedding.hpp"

namespace hearsay {

/// Maps keys to nested CRDTs; an erased key keeps only the updates its eraser had not seen.
template <class K, class Crdt, class Id = std::uint64_t> class or_map {
    static constexpr bool embeds = embedding_traits<Crdt>::embedded;

  public:
    using key_type = K;
    using mapped_type = Crdt;
    using id_type = Id;
    using context_type = causal_context<Id>;
    /// What a key holds: the nested CRDT itself, or its embedded form, which derives from it.
    using slot_type = std::conditional_t<embeds, detail::embedded<Crdt, Id>, Crdt>;
    using entries_type = flat_map<K, slot_type>;
    using const_iterator = typename entries_type::const_iterator;
    using iterator = const_iterator;

    // Queries.

    const_iterator begin() const { return entries_.begin(); }
    const_iterator end() const { return entries_.end(); }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    /// Returns the element under `key` (->first the key, ->second the nested value), or end().
    const_iterator find(const K& key) const { return entries_.find(key); }
    /// Tells whether `key` is present.
    bool contains(const K& key) const { return entries_.contains(key); }
    const context_type& context() const { return context_; }

    // Mutators; each returns its delta.

    /// Applies `f(Crdt&)`, which calls one nested mutator and returns its delta, to the value under
    /// `key`.
    template <class F> or_map update(Id self, K key, F&& f) {
        or_map delta;
        auto it = entries_.find_or_insert(key);
        slot_type& slot = it->second;
        if constexpr (embeds) {
            slot_type change = slot.apply(self, context_, delta.context_, f);
            if (!change.store_empty())
                delta.entries_.push_back({std::move(key), std::move(change)});
        } else {
            // Lend the map's context, so that nested dots are unique map-wide.
            slot.swap_context(context_);
            Crdt change = f(static_cast<Crdt&>(slot));
            slot.swap_context(context_);
            change.swap_context(delta.context_);
            if (!change.store_empty())
                delta.entries_.push_back({std::move(key), std::move(change)});
        }
        if (slot.store_empty())
            entries_.erase(it);
        return delta;
    }

    /// Erases `key`: removes every dot this replica has seen under it.
    or_map erase(const K& key) {
        or_map delta;
        auto it = entries_.find(key);
        if (it == entries_.end())
            return delta;
        it->second.collect_dots(delta.context_);
        entries_.erase(it);
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const or_map& other) {
        bool changed = join_store(other, context_, other.context_);
        return context_.merge(other.context_) || changed;
    }

    // Dot-store interface, used when this map is itself nested in an or_map.

    /// Joins the entries of `other` given both sides' contexts; returns whether they changed.
    bool join_store(const or_map& other, const context_type& ours, const context_type& theirs) {
        if (other.entries_.empty() && theirs.empty())
            return false;
        if (other.entries_.size() <= small_limit && theirs.dot_count_at_most(small_limit) &&
            only_touched_keys_affected(other, ours, theirs))
            return join_touched(other, ours, theirs);
        return join_all(other, ours, theirs);
    }
    /// Adds every dot held under every key to `out`; O(n log n), whatever the order of the dots.
    void collect_dots(context_type& out) const {
        std::vector<dot<Id>> dots;
        append_dots(dots);
        out.insert_all(std::move(dots));
    }
    void append_dots(std::vector<dot<Id>>& out) const {
        for (const auto& entry : entries_)
            entry.second.append_dots(out);
    }
    /// Counts, under the keys `other` names, the dots each nested store locates (see or_set);
    /// O(|other| log n).
    std::uint64_t count_located(const or_map& other, const context_type& ours,
                                const context_type& theirs) const {
        std::uint64_t located = 0;
        const slot_type none{};
        for (const auto& entry : other.entries_) {
            auto it = entries_.find(entry.first);
            located += (it != entries_.end() ? it->second : none)
                           .count_located(entry.second, ours, theirs);
        }
        return located;
    }
    bool store_empty() const { return entries_.empty(); }
    void swap_context(context_type& other) { std::swap(context_, other); }
    /// Calls `f(dot)` for every dot held under every key, at any depth.
    template <class F> void for_each_store_dot(F&& f) const {
        for (const auto& entry : entries_)
            entry.second.for_each_store_dot(f);
    }
    /// Returns the nested entries whose dot satisfies `keep`, with an empty context; a key left
    /// with nothing is absent.
    template <class Keep> or_map filter_store(const Keep& keep) const {
        or_map out;
        for (const auto& entry : entries_) {
            slot_type kept = entry.second.filter_store(keep);
            if (!kept.store_empty())
                out.entries_.push_back({entry.first, std::move(kept)});
        }
        return out;
    }
    /// Returns the nested entries whose dot satisfies `keep`, each under the dot `map(dot)`,
    /// with an empty context; a key left with nothing is absent.
    template <class Keep, class Map> or_map remap_store(const Keep& keep, const Map& map) const {
        or_map out;
        for (const auto& entry : entries_) {
            slot_type kept = entry.second.remap_store(keep, map);
            if (!kept.store_empty())
                out.entries_.push_back({entry.first, std::move(kept)});
        }
        return out;
    }

    friend bool operator==(const or_map& a, const or_map& b) {
        return a.entries_ == b.entries_ && a.context_ == b.context_;
    }
    friend bool operator!=(const or_map& a, const or_map& b) { return !(a == b); }

  private:
    static constexpr std::uint64_t small_limit = 64;
    static constexpr std::size_t lookup_threshold = 64;

    // Tells whether S has the join_store overload that takes lookups (or_set does).
    template <class S, class Lookup, class = void> struct joins_with_lookups : std::false_type {};
    template <class S, class Lookup>
    struct joins_with_lookups<S, Lookup,
                              std::void_t<decltype(std::declval<S&>().join_store(
                                  std::declval<const S&>(), std::declval<const context_type&>(),
                                  std::declval<const context_type&>(),
                                  std::declval<const Lookup&>(), std::declval<const Lookup&>()))>>
        : std::true_type {};

    // Tells whether every dot of ours that `theirs` covers sits under a key of
    // `other`, or is provably gone from our store; then keys `other` does not
    // name cannot change, and the join may skip them. O(|other| log n) through the
    // nested stores' own searches, never a pass over a key's store: a key that holds
    // 72,000 dots costs a small delta under it no more than an empty one.
    bool only_touched_keys_affected(const or_map& other, const context_type& ours,
                                    const context_type& theirs) const {
        std::uint64_t covered = 0;
        theirs.for_each_dot([&](const dot<Id>& d) {
            if (ours.contains(d))
                ++covered;
        });
        return count_located(other, ours, theirs) == covered;
    }

    bool join_touched(const or_map& other, const context_type& ours, const context_type& theirs) {
        bool changed = false;
        for (const auto& entry : other.entries_) {
            auto it = entries_.lower_bound(entry.first);
            if (it == entries_.end() || entry.first < it->first) {
                slot_type fresh;
                if (!fresh.join_store(entry.second, ours, theirs))
                    continue;
                entries_.insert_at(it, {entry.first, std::move(fresh)});
                changed = true;
            } else if (it->second.join_store(entry.second, ours, theirs)) {
                changed = true;
                if (it->second.store_empty())
                    entries_.erase(it);
            }
        }
        return changed;
    }

    // Joins key by key. Every nested store is joined under the same two contexts, so
    // their lookups are built once, for all keys, when there are many.
    bool join_all(const or_map& other, const context_type& ours, const context_type& theirs) {
        if (entries_.size() + other.entries_.size() >= lookup_threshold) {
            const detail::dot_filter<Id> ours_lookup(ours);
            const detail::dot_filter<Id> theirs_lookup(theirs);
            return join_keys(other, ours, theirs, &ours_lookup, &theirs_lookup);
        }
        return join_keys<detail::dot_filter<Id>>(other, ours, theirs, nullptr, nullptr);
    }

    template <class Lookup>
    static bool join_slot(slot_type& mine, const slot_type& their, const context_type& ours,
                          const context_type& theirs, const Lookup* ours_lookup,
                          const Lookup* theirs_lookup) {
        if constexpr (joins_with_lookups<slot_type, Lookup>::value) {
            if (ours_lookup != nullptr)
                return mine.join_store(their, ours, theirs, *ours_lookup, *theirs_lookup);
        }
        return mine.join_store(their, ours, theirs);
    }

    // Tells whether every key of `other` is one of ours.
    bool covers_keys(const or_map& other) const {
        auto a = entries_.begin();
        for (const auto& entry : other.entries_) {
            while (a != entries_.end() && a->first < entry.first)
                ++a;
            if (a == entries_.end() || entry.first < a->first)
                return false;
        }
        return true;
    }

    template <class Lookup>
    bool join_keys(const or_map& other, const context_type& ours, const context_type& theirs,
                   const Lookup* ours_lookup, const Lookup* theirs_lookup) {
        const slot_type none{};
        bool changed = false;
        if (covers_keys(other)) { // no key to add: join in place, then drop the emptied keys
            auto b = other.entries_.begin();
            bool emptied = false;
            for (auto& entry : entries_.items()) {
                const bool both = b != other.entries_.end() && !(entry.first < b->first);
                changed = join_slot(entry.second, both ? b->second : none, ours, theirs,
                                    ours_lookup, theirs_lookup) ||
                          changed;
                emptied = emptied || entry.second.store_empty();
                if (both)
                    ++b;
            }
            if (emptied) {
                auto& items = entries_.items();
                items.erase(std::remove_if(items.begin(), items.end(),
                                           [](const auto& e) { return e.second.store_empty(); }),
                            items.end());
            }
            return changed;
        }
        typename entries_type::container_type out;
        out.reserve(entries_.size() + other.entries_.size());
        auto a = entries_.begin();
        auto b = other.entries_.begin();
        while (a != entries_.end() || b != other.entries_.end()) {
            if (b == other.entries_.end() || (a != entries_.end() && a->first < b->first)) {
                changed =
                    join_slot(a->second, none, ours, theirs, ours_lookup, theirs_lookup) || changed;
                if (!a->second.store_empty())
                    out.push_back(std::move(*a));
                ++a;
            } else if (a == entries_.end() || b->first < a->first) {
                slot_type fresh;
                if (join_slot(fresh, b->second, ours, theirs, ours_lookup, theirs_lookup)) {
                    out.emplace_back(b->first, std::move(fresh));
                    changed = true;
                }
                ++b;
            } else {
                changed =
                    join_slot(a->second, b->second, ours, theirs, ours_lookup, theirs_lookup) ||
                    changed;
                if (!a->second.store_empty())
                    out.push_back(std::move(*a));
                ++a;
                ++b;
            }
        }
        entries_ = entries_type::from_sorted(std::move(out));
        return changed;
    }

    entries_type entries_;
    context_type context_;
    friend struct hearsay::codec_access;
};

} // namespace hearsay

#endif
