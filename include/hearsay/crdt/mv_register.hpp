// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_MV_REGISTER_HPP
#define HEARSAY_CRDT_MV_REGISTER_HPP

// A multi-value register: an assignment replaces every value it has seen, and
// concurrent assignments are all kept, for the reader to resolve. A dot store
// (dot -> value) over a causal context, so replaced values leave no trace.

#include <cstdint>
#include <utility> // move, swap
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/codec_access.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"

namespace hearsay {

/// Holds the values of the latest assignments that no other assignment has seen.
template <class T, class Id = std::uint64_t> class mv_register {
  public:
    using value_type = T;
    using id_type = Id;
    using context_type = causal_context<Id>;

    /// Returns the concurrent values, ordered by the dots that wrote them.
    std::vector<T> values() const {
        std::vector<T> out;
        out.reserve(values_.size());
        for (const auto& item : values_)
            out.push_back(item.second);
        return out;
    }
    const context_type& context() const { return context_; }

    /// Assigns `value` as a new event of `self`, replacing every value seen.
    mv_register assign(Id self, T value) {
        mv_register delta;
        const auto d = context_.next(self); // first: it alone may throw counter_overflow
        values_.collect_dots(delta.context_);
        values_.clear();
        delta.context_.insert(d);
        values_.add(d, value);
        delta.values_.add(d, std::move(value));
        return delta;
    }

    /// Joins `other` into this replica; returns whether the state changed.
    bool merge(const mv_register& other) {
        bool changed = join_store(other, context_, other.context_);
        return context_.merge(other.context_) || changed;
    }

    // Dot-store interface, used when nested in an or_map.
    bool join_store(const mv_register& other, const context_type& ours,
                    const context_type& theirs) {
        return values_.join(other.values_, ours, theirs);
    }
    void collect_dots(context_type& out) const { values_.collect_dots(out); }
    void append_dots(std::vector<dot<Id>>& out) const { values_.append_dots(out); }
    std::uint64_t count_located(const mv_register& other, const context_type& ours,
                                const context_type& theirs) const {
        return values_.count_located(other.values_, ours, theirs);
    }
    bool store_empty() const { return values_.empty(); }
    void swap_context(context_type& other) { std::swap(context_, other); }
    /// Calls `f(dot)` for the dot of every value held.
    template <class F> void for_each_store_dot(F&& f) const { values_.for_each_dot(f); }
    /// Returns the values whose dot satisfies `keep`, with an empty context.
    template <class Keep> mv_register filter_store(const Keep& keep) const {
        mv_register out;
        out.values_ = values_.filter(keep);
        return out;
    }
    /// Returns the values whose dot satisfies `keep`, each under the dot `map(dot)`, with an
    /// empty context.
    template <class Keep, class Map>
    mv_register remap_store(const Keep& keep, const Map& map) const {
        mv_register out;
        out.values_ = values_.remap(keep, map);
        return out;
    }

    friend bool operator==(const mv_register& a, const mv_register& b) {
        return a.values_ == b.values_ && a.context_ == b.context_;
    }
    friend bool operator!=(const mv_register& a, const mv_register& b) { return !(a == b); }

  private:
    detail::dot_fun<Id, T> values_;
    context_type context_;
    friend struct hearsay::codec_access;
};

} // namespace hearsay

#endif
