#ifndef HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_OR_MAP_HPP
#define HEARSAY_BENCHMARKS_BASELINE_TEXTBOOK_OR_MAP_HPP

// The baseline map of OR-sets: std::map<K, std::map<T, std::set<dot>>> with one
// causal context shared by every nested set, as the delta-state literature
// composes an observed-remove map of add-wins sets. A key is present while its
// set holds a dot; erasing a key removes the dots this replica has seen under it.

#include <cstddef>
#include <cstdint>
#include <iterator> // next
#include <map>
#include <set>
#include <utility> // move

#include "baseline/textbook_causal_context.hpp"
#include "baseline/textbook_dot_map.hpp"

namespace hearsay_bench::textbook {

/// Holds an observed-remove map from K to add-wins sets of T.
template <class K, class T, class Id = std::uint64_t> class textbook_or_map {
  public:
    /// Inserts `x` into the set under `key` as a new event of `self`.
    textbook_or_map insert(const Id& self, const K& key, const T& x) {
        textbook_or_map delta;
        std::set<dot<Id>>& dots = entries_[key][x];
        for (const auto& old : dots)
            delta.context_.add(old);
        const dot<Id> d = context_.next(self);
        delta.context_.add(d);
        delta.context_.compact();
        dots.clear();
        dots.insert(d);
        delta.entries_[key].emplace(x, std::set<dot<Id>>{d});
        return delta;
    }

    /// Erases `key` with every element this replica has seen under it.
    textbook_or_map erase(const K& key) {
        textbook_or_map delta;
        const auto it = entries_.find(key);
        if (it == entries_.end())
            return delta;
        for (const auto& element : it->second)
            for (const auto& d : element.second)
                delta.context_.add(d);
        delta.context_.compact();
        entries_.erase(it);
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const textbook_or_map& other) {
        const dot_map<T, Id> none;
        bool changed = false;
        auto a = entries_.begin();
        auto b = other.entries_.begin();
        while (a != entries_.end() || b != other.entries_.end()) {
            if (b == other.entries_.end() || (a != entries_.end() && a->first < b->first)) {
                changed = join_dot_map(a->second, none, context_, other.context_) || changed;
                a = a->second.empty() ? entries_.erase(a) : std::next(a);
            } else if (a == entries_.end() || b->first < a->first) {
                dot_map<T, Id> fresh;
                if (join_dot_map(fresh, b->second, context_, other.context_)) {
                    entries_.emplace_hint(a, b->first, std::move(fresh));
                    changed = true;
                }
                ++b;
            } else {
                changed = join_dot_map(a->second, b->second, context_, other.context_) || changed;
                a = a->second.empty() ? entries_.erase(a) : std::next(a);
                ++b;
            }
        }
        return context_.join(other.context_) || changed;
    }

    /// Tells whether `key` is present.
    bool contains(const K& key) const { return entries_.count(key) != 0; }
    /// Tells whether `x` is in the set under `key`.
    bool contains(const K& key, const T& x) const {
        const auto it = entries_.find(key);
        return it != entries_.end() && it->second.count(x) != 0;
    }
    /// Returns the number of present keys.
    std::size_t size() const { return entries_.size(); }

    friend bool operator==(const textbook_or_map& a, const textbook_or_map& b) {
        return a.entries_ == b.entries_ && a.context_ == b.context_;
    }
    friend bool operator!=(const textbook_or_map& a, const textbook_or_map& b) { return !(a == b); }

  private:
    std::map<K, dot_map<T, Id>> entries_;
    causal_context<Id> context_;
};

} // namespace hearsay_bench::textbook

#endif
