// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_OR_SET_HPP
#define HEARSAY_CRDT_OR_SET_HPP

// An observed-remove set with add-wins semantics, kept tombstone-free as a dot
// store over a causal context (Bieniusa et al. 2012; Almeida, Shoker, Baquero
// 2018). Each present element carries the dot of the insertion that added it
// (two or more after concurrent insertions); an erase removes exactly the dots
// it observed, so an insertion concurrent with it survives.
//
// Entries (element, dot) are kept sorted in blocks, so that:
// - contains/insert/erase cost O(log n) plus a move of at most one block;
// - merging two states is one linear pass over both, which allocates nothing
//   when the other state adds and removes nothing;
// - merging a small delta (what a mutator returns) costs in proportion to the
//   delta, not to this set, whenever the delta only touches the dots of its own
//   elements (every insert delta does); otherwise merge falls back to the pass.

#include <algorithm> // sort
#include <cstddef>
#include <cstdint>
#include <iterator>    // forward_iterator_tag
#include <type_traits> // is_integral_v
#include <utility>     // move, swap
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/detail/dot_filter.hpp"
#include "hearsay/core/detail/sorted_blocks.hpp"
#include "hearsay/core/dot.hpp"

namespace hearsay {

/// Holds a set of T where a concurrent insert wins over an erase of the same element.
template <class T, class Id = std::uint64_t> class or_set {
  public:
    using value_type = T;
    using id_type = Id;
    using context_type = causal_context<Id>;

    /// One element tagged with one dot; an element present with several dots has several.
    struct entry {
        T value;
        dot<Id> tag;
        /// Tells the store that entries with equal bytes are equal, so that equal stretches
        /// compare in bulk (padding bytes can only make equal entries look different,
        /// which costs the bulk comparison, never a wrong answer).
        static constexpr bool bitwise_equality = std::is_integral_v<T> && std::is_integral_v<Id>;
        friend bool operator==(const entry& a, const entry& b) {
            return a.tag == b.tag && a.value == b.value;
        }
        friend bool operator<(const entry& a, const entry& b) {
            if (a.value < b.value)
                return true;
            if (b.value < a.value)
                return false;
            return a.tag < b.tag;
        }
    };
    using entries_type = detail::sorted_blocks<entry>;

    /// Iterates over the distinct elements in ascending order.
    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        const_iterator() = default;
        reference operator*() const { return at_->value; }
        pointer operator->() const { return &at_->value; }
        const_iterator& operator++() {
            const T& current = at_->value;
            auto next = at_;
            while (++next != end_ && !(current < next->value)) {
            }
            at_ = next;
            return *this;
        }
        const_iterator operator++(int) {
            auto copy = *this;
            ++*this;
            return copy;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.at_ == b.at_;
        }
        friend bool operator!=(const const_iterator& a, const const_iterator& b) {
            return !(a == b);
        }

      private:
        friend class or_set;
        using base = typename entries_type::const_iterator;
        const_iterator(base at, base end) : at_(at), end_(end) {}
        base at_;
        base end_;
    };
    using iterator = const_iterator;

    // Queries.

    const_iterator begin() const { return {entries_.begin(), entries_.end()}; }
    const_iterator end() const { return {entries_.end(), entries_.end()}; }
    /// Returns the number of distinct elements.
    std::size_t size() const { return distinct_; }
    bool empty() const { return distinct_ == 0; }
    /// Tells whether `x` is present.
    bool contains(const T& x) const {
        auto it = first_of(x);
        return it != entries_.end() && !(x < it->value);
    }
    /// Returns the set of every dot this replica has seen.
    const context_type& context() const { return context_; }
    /// Returns the (element, dot) entries in sorted order.
    const entries_type& entries() const { return entries_; }

    // Mutators; each returns its delta.

    /// Inserts `x` as a new event of `self`, replacing the dots it had; throws counter_overflow,
    /// changing nothing, when `self` has minted max_counter_value events.
    or_set insert(Id self, T x) {
        or_set delta;
        const dot<Id> d = context_.next(self); // first: it alone may throw
        auto it = first_of(x);
        bool present = false;
        while (it != entries_.end() && !(x < it->value)) {
            delta.context_.insert(it->tag);
            it = entries_.erase(it);
            present = true;
        }
        delta.context_.insert(d);
        entries_.insert(it, entry{x, d});
        if (!present)
            ++distinct_;
        delta.entries_.push_back(entry{std::move(x), d});
        delta.distinct_ = 1;
        return delta;
    }

    /// Erases `x`: removes the dots this replica has seen for it.
    or_set erase(const T& x) {
        or_set delta;
        auto it = first_of(x);
        bool present = false;
        while (it != entries_.end() && !(x < it->value)) {
            delta.context_.insert(it->tag);
            it = entries_.erase(it);
            present = true;
        }
        if (present)
            --distinct_;
        return delta;
    }

    /// Erases every element this replica has seen; concurrent insertions survive.
    or_set clear() {
        or_set delta;
        collect_dots(delta.context_);
        entries_.clear();
        distinct_ = 0;
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const or_set& other) {
        bool changed = join_store(other, context_, other.context_);
        return context_.merge(other.context_) || changed;
    }

    // Dot-store interface, used when the set is nested in an or_map whose
    // context stands for the set's own.

    /// Joins the entries of `other` given both sides' contexts; returns whether they changed.
    bool join_store(const or_set& other, const context_type& ours, const context_type& theirs) {
        if (auto changed = join_small(other, ours, theirs); changed >= 0)
            return changed == 1;
        return join_all(other, ours, theirs);
    }
    /// Joins as above, asking `ours_lookup` and `theirs_lookup` (each with a `contains(dot)`
    /// that answers for `ours` and `theirs`) in the pass over both stores: a map joining many
    /// sets under one pair of contexts builds its lookups once.
    template <class Lookup>
    bool join_store(const or_set& other, const context_type& ours, const context_type& theirs,
                    const Lookup& ours_lookup, const Lookup& theirs_lookup) {
        if (auto changed = join_small(other, ours, theirs); changed >= 0)
            return changed == 1;
        return join_all_with(other, ours_lookup, theirs_lookup);
    }
    /// Adds the dot of every entry to `out`; O(n log n), whatever the order of the dots.
    void collect_dots(context_type& out) const {
        std::vector<dot<Id>> dots;
        dots.reserve(entries_.size());
        append_dots(dots);
        out.insert_all(std::move(dots));
    }
    /// Appends the dot of every entry to `out`.
    void append_dots(std::vector<dot<Id>>& out) const {
        for (const auto& e : entries_)
            out.push_back(e.tag);
    }
    /// Counts, among the elements `other` names, our dots that `theirs` covers and their dots
    /// that we have seen but do not hold under that element; O(|other| log n).
    std::uint64_t count_located(const or_set& other, const context_type& ours,
                                const context_type& theirs) const {
        std::uint64_t located = 0;
        for (auto e = other.entries_.begin(); e != other.entries_.end();) {
            const T& x = e->value;
            const auto mine = first_of(x);
            auto mine_end = mine;
            for (; mine_end != entries_.end() && !(x < mine_end->value); ++mine_end)
                if (theirs.contains(mine_end->tag))
                    ++located;
            for (; e != other.entries_.end() && !(x < e->value); ++e)
                if (ours.contains(e->tag) && !has_tag(mine, mine_end, e->tag))
                    ++located;
        }
        return located;
    }
    /// Tells whether the set holds no entry (the bottom of its dot store).
    bool store_empty() const { return entries_.empty(); }
    /// Exchanges this set's context with `other`, to lend it a map's context.
    void swap_context(context_type& other) { std::swap(context_, other); }
    /// Calls `f(dot)` for the dot of every entry, in entry order.
    template <class F> void for_each_store_dot(F&& f) const {
        for (const auto& e : entries_)
            f(e.tag);
    }
    /// Returns the entries whose dot satisfies `keep`, with an empty context.
    template <class Keep> or_set filter_store(const Keep& keep) const {
        or_set out;
        for (const auto& e : entries_)
            if (keep(e.tag))
                out.entries_.push_back(e);
        out.recount();
        return out;
    }

    /// Returns the entries whose dot satisfies `keep`, each under the dot `map(dot)`, with an
    /// empty context; `map` must not give two entries of one element the same dot.
    template <class Keep, class Map> or_set remap_store(const Keep& keep, const Map& map) const {
        std::vector<entry> kept;
        for (const auto& e : entries_)
            if (keep(e.tag))
                kept.push_back(entry{e.value, map(e.tag)});
        std::sort(kept.begin(), kept.end());
        or_set out;
        for (auto& e : kept)
            out.entries_.push_back(std::move(e));
        out.recount();
        return out;
    }

    friend bool operator==(const or_set& a, const or_set& b) {
        return a.distinct_ == b.distinct_ && a.context_ == b.context_ && a.entries_ == b.entries_;
    }
    friend bool operator!=(const or_set& a, const or_set& b) { return !(a == b); }

  private:
    using entry_iterator = typename entries_type::const_iterator;
    static constexpr std::uint64_t small_limit = 64;
    static constexpr std::size_t filter_threshold = 1024;

    entry_iterator first_of(const T& x) const {
        return entries_.partition_point([&](const entry& e) { return e.value < x; });
    }
    entry_iterator first_of(const entry& x) const {
        return entries_.partition_point([&](const entry& e) { return e < x; });
    }

    // Joins an `other` that is empty, one insertion or small enough to join by the elements
    // it names; returns whether the entries changed, or -1, changing nothing, when it is none
    // of those.
    int join_small(const or_set& other, const context_type& ours, const context_type& theirs) {
        if (other.entries_.empty() && theirs.empty())
            return 0;
        if (auto changed = join_one_insertion(other, ours, theirs); changed >= 0)
            return changed;
        return small(other, theirs) ? join_touched(other, ours, theirs) : -1;
    }

    static bool small(const or_set& other, const context_type& theirs) {
        return other.entries_.size() <= small_limit && theirs.dot_count_at_most(small_limit);
    }

    // Joins the delta of one insertion of a new element: one entry whose dot is the only
    // dot `theirs` holds. It touches no dot of ours but its own, so the join is that
    // entry's insertion, unless we have seen its dot already (then nothing changes).
    // Returns -1 when `other` is not of that form.
    int join_one_insertion(const or_set& other, const context_type& ours,
                           const context_type& theirs) {
        if (other.entries_.size() != 1 || theirs.range_count() != 1)
            return -1;
        const entry& e = *other.entries_.begin();
        if (theirs.dot_count() != 1 || !theirs.contains(e.tag))
            return -1;
        if (ours.contains(e.tag))
            return 0;
        auto it = first_of(e.value);
        const bool present = it != entries_.end() && !(e.value < it->value);
        while (it != entries_.end() && !(e.value < it->value) && it->tag < e.tag)
            ++it;
        entries_.insert(it, e);
        if (!present)
            ++distinct_;
        return 1;
    }

    // Joins a small `other` by visiting only the elements it names. This is
    // exact only if every dot of ours that `theirs` covers sits under one of
    // those elements; returns -1 without changing anything when that cannot
    // be shown, else whether the entries changed.
    int join_touched(const or_set& other, const context_type& ours, const context_type& theirs) {
        std::uint64_t covered = 0; // dots that both contexts hold
        theirs.for_each_dot([&](const dot<Id>& d) {
            if (ours.contains(d))
                ++covered;
        });
        // Of those, the ones provably placed: ours under an element they name, or theirs that
        // we have seen but do not hold under that element (so not at all: we removed them).
        if (count_located(other, ours, theirs) != covered)
            return -1;
        bool changed = false;
        for (auto e = other.entries_.begin(); e != other.entries_.end();) {
            const T& x = e->value;
            auto last = e;
            while (last != other.entries_.end() && !(x < last->value))
                ++last;
            // Drop our dots of x that they have seen but no longer hold.
            auto mine = first_of(x);
            bool had = mine != entries_.end() && !(x < mine->value);
            while (mine != entries_.end() && !(x < mine->value)) {
                if (theirs.contains(mine->tag) && !has_tag(e, last, mine->tag)) {
                    mine = entries_.erase(mine);
                    changed = true;
                } else {
                    ++mine;
                }
            }
            // Add their dots of x that we have never seen.
            for (auto add = e; add != last; ++add) {
                if (ours.contains(add->tag))
                    continue;
                entries_.insert(first_of(*add), *add);
                changed = true;
            }
            const bool has = contains(x);
            if (had != has)
                distinct_ = has ? distinct_ + 1 : distinct_ - 1;
            e = last;
        }
        return changed ? 1 : 0;
    }

    static bool has_tag(entry_iterator first, entry_iterator last, const dot<Id>& d) {
        for (; first != last; ++first)
            if (first->tag == d)
                return true;
        return false;
    }

    // Joins by one ordered pass over both entry sequences, rewriting only the
    // blocks that change: an idle merge allocates nothing.
    bool join_all(const or_set& other, const context_type& ours, const context_type& theirs) {
        if (entries_.size() + other.entries_.size() < filter_threshold)
            return join_all_with(other, ours, theirs);
        // Many lookups ahead: worth a table of each side's writers.
        const detail::dot_filter<Id> ours_filter(ours);
        const detail::dot_filter<Id> theirs_filter(theirs);
        return join_all_with(other, ours_filter, theirs_filter);
    }

    template <class Ours, class Theirs>
    bool join_all_with(const or_set& other, const Ours& ours, const Theirs& theirs) {
        const bool changed = entries_.merge(
            other.entries_, [&](const entry& mine) { return !theirs.contains(mine.tag); },
            [&](const entry& their) { return !ours.contains(their.tag); });
        if (changed)
            recount();
        return changed;
    }

    void recount() {
        std::size_t distinct = 0;
        const T* previous = nullptr;
        entries_.for_each_span([&](const entry* first, const entry* last) {
            if (previous == nullptr || *previous < first->value)
                ++distinct;
            for (const entry* e = first + 1; e < last; ++e)
                distinct += e[-1].value < e->value ? std::size_t{1} : std::size_t{0};
            previous = &last[-1].value;
        });
        distinct_ = distinct;
    }

    entries_type entries_;
    context_type context_;
    std::size_t distinct_ = 0;
    friend struct hearsay::codec_access;
};

} // namespace hearsay

#endif
