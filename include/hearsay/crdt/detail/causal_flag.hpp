// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_DETAIL_CAUSAL_FLAG_HPP
#define HEARSAY_CRDT_DETAIL_CAUSAL_FLAG_HPP

// The shared shape of the two flags: a dot store of (dot -> enabled?) over a
// causal context. Every operation removes the dots it has seen, so a
// sequential history behaves as a plain bool; concurrent operations leave
// several dots, and `disable_wins` decides what they read as.

#include <cstdint>
#include <utility> // swap
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/codec_access.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"

namespace hearsay::detail {

/// Holds a boolean that resolves concurrent enable and disable by `DisableWins`.
template <class Id, bool DisableWins> class causal_flag {
  public:
    using id_type = Id;
    using context_type = causal_context<Id>;

    /// Returns the flag's value; false until enabled.
    bool value() const {
        if (marks_.empty())
            return false;
        if (!DisableWins)
            return true;
        for (const auto& mark : marks_)
            if (!mark.second)
                return false;
        return true;
    }
    const context_type& context() const { return context_; }

    /// Enables the flag as a new event of `self`.
    causal_flag enable(Id self) { return set(self, true); }

    /// Disables the flag as a new event of `self` (or, for the enable-wins flag, by removing what
    /// was seen).
    causal_flag disable(Id self) { return set(self, false); }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const causal_flag& other) {
        bool changed = join_store(other, context_, other.context_);
        return context_.merge(other.context_) || changed;
    }

    // Dot-store interface, used when nested in an or_map.
    bool join_store(const causal_flag& other, const context_type& ours,
                    const context_type& theirs) {
        return marks_.join(other.marks_, ours, theirs);
    }
    void collect_dots(context_type& out) const { marks_.collect_dots(out); }
    void append_dots(std::vector<dot<Id>>& out) const { marks_.append_dots(out); }
    std::uint64_t count_located(const causal_flag& other, const context_type& ours,
                                const context_type& theirs) const {
        return marks_.count_located(other.marks_, ours, theirs);
    }
    bool store_empty() const { return marks_.empty(); }
    void swap_context(context_type& other) { std::swap(context_, other); }
    /// Calls `f(dot)` for the dot of every mark held.
    template <class F> void for_each_store_dot(F&& f) const { marks_.for_each_dot(f); }
    /// Returns the marks whose dot satisfies `keep`, with an empty context.
    template <class Keep> causal_flag filter_store(const Keep& keep) const {
        causal_flag out;
        out.marks_ = marks_.filter(keep);
        return out;
    }
    /// Returns the marks whose dot satisfies `keep`, each under the dot `map(dot)`, with an
    /// empty context.
    template <class Keep, class Map>
    causal_flag remap_store(const Keep& keep, const Map& map) const {
        causal_flag out;
        out.marks_ = marks_.remap(keep, map);
        return out;
    }

    friend bool operator==(const causal_flag& a, const causal_flag& b) {
        return a.marks_ == b.marks_ && a.context_ == b.context_;
    }
    friend bool operator!=(const causal_flag& a, const causal_flag& b) { return !(a == b); }

  private:
    causal_flag set(Id self, bool enabled) {
        causal_flag delta;
        // The enable-wins flag keeps no mark for a disable: its absence is the value.
        const bool marks = enabled || DisableWins;
        const auto d = marks ? context_.next(self) : dot<Id>{}; // first: it alone may throw
        marks_.collect_dots(delta.context_);
        marks_.clear();
        if (marks) {
            delta.context_.insert(d);
            marks_.add(d, enabled);
            delta.marks_.add(d, enabled);
        }
        return delta;
    }

    dot_fun<Id, bool> marks_;
    context_type context_;
    friend struct hearsay::codec_access;
};

} // namespace hearsay::detail

#endif
