#ifndef HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_OR_SET_HPP
#define HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_OR_SET_HPP

// The baseline OR-set: the optimized, tombstone-free add-wins set of Bieniusa
// et al. 2012 in its delta-state form, written as most CRDT code writes it:
// std::map<T, std::set<dot>> for the elements and their insertion dots, plus a
// causal context (a std::map version vector and a std::set dot cloud).
//
// It offers what the benchmarks use, with the semantics of hearsay::or_set:
// insert(self, x) and erase(x) return a delta, merge(other) joins in place and
// returns whether anything changed. Merge walks both element maps in order,
// so it costs O(n + m) tree steps whatever the size of the other side.

#include <cstddef>
#include <cstdint>
#include <set>

#include "baseline/textbook_causal_context.hpp"
#include "baseline/textbook_dot_map.hpp"

namespace hearsay_bench::textbook {

/// Holds an add-wins observed-remove set as maps and sets of dots.
template <class T, class Id = std::uint64_t> class textbook_or_set {
  public:
    /// Inserts `x` as a new event of `self`, replacing the dots it had.
    textbook_or_set insert(const Id& self, const T& x) {
        textbook_or_set delta;
        std::set<dot<Id>>& dots = entries_[x];
        for (const auto& old : dots)
            delta.context_.add(old);
        const dot<Id> d = context_.next(self);
        delta.context_.add(d);
        delta.context_.compact();
        dots.clear();
        dots.insert(d);
        delta.entries_.emplace(x, std::set<dot<Id>>{d});
        return delta;
    }

    /// Erases `x`: removes the dots this replica has seen for it.
    textbook_or_set erase(const T& x) {
        textbook_or_set delta;
        const auto it = entries_.find(x);
        if (it == entries_.end())
            return delta;
        for (const auto& d : it->second)
            delta.context_.add(d);
        delta.context_.compact();
        entries_.erase(it);
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const textbook_or_set& other) {
        const bool changed = join_dot_map(entries_, other.entries_, context_, other.context_);
        return context_.join(other.context_) || changed;
    }

    /// Tells whether `x` is present.
    bool contains(const T& x) const { return entries_.count(x) != 0; }
    /// Returns the number of present elements.
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

    friend bool operator==(const textbook_or_set& a, const textbook_or_set& b) {
        return a.entries_ == b.entries_ && a.context_ == b.context_;
    }
    friend bool operator!=(const textbook_or_set& a, const textbook_or_set& b) { return !(a == b); }

  private:
    dot_map<T, Id> entries_;
    causal_context<Id> context_;
};

} // namespace hearsay_bench::textbook

#endif
