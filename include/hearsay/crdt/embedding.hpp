// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_EMBEDDING_HPP
#define HEARSAY_CRDT_EMBEDDING_HPP

// How a CRDT that is not causal on its own (a counter, g_set, two_phase_set,
// lww_register) lives as a value of an or_map. Stored plainly, an erase of its
// key could not tell old state from concurrent updates, and a replica that
// learned of the erase late would bring the erased state back. So inside a map
// such a value is kept in an embedded causal form: every update becomes one or
// more dotted parts in the map's context (an increment's amount, an inserted
// element, an assignment), and the value readers see is rebuilt from the parts
// that survive. An erase of the key removes the parts it observed; parts written
// concurrently survive it, so what a reader sees after an erase concurrent with
// updates is exactly those updates (Baquero et al. 2016, "The problem with
// embedded CRDT counters and a solution").
//
// Cost: a part per update that is still live. Counters keep one part per
// increment since their key was last erased; sets keep one part per element;
// a register keeps one part per concurrent assignment.

#include <utility> // move
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"

namespace hearsay {

/// Describes the embedded form of a non-causal CRDT; each such type specialises it.
///
/// A specialisation provides `embedded = true`, `part` (the piece one update
/// writes), `snapshot_type` and `snapshot(const Crdt&, const Id& self)` (what
/// `parts_of` needs of the value before the update), `parts_of(const Crdt& delta,
/// const snapshot_type&, const Id& self, std::vector<part>&)` (the parts an
/// update's delta writes), `replaces(const part& fresh, const part& old)` (whether
/// writing `fresh` removes an observed `old`), and `view<Id>(const
/// detail::dot_fun<Id, part>&)` (the value the surviving parts make).
template <class Crdt> struct embedding_traits { static constexpr bool embedded = false; };

namespace detail {

/// Stores a non-causal CRDT as dotted parts, and the value they make for readers.
template <class Crdt, class Id> class embedded : public Crdt {
  public:
    using traits = embedding_traits<Crdt>;
    using part = typename traits::part;
    using context_type = causal_context<Id>;

    /// Applies `f` to the value as an update by `self`; returns the delta's parts,
    /// recording new dots in `map_context` and the delta's dots in `delta_context`.
    template <class F>
    embedded apply(const Id& self, context_type& map_context, context_type& delta_context, F&& f) {
        const auto before = traits::snapshot(static_cast<const Crdt&>(*this), self);
        const Crdt change = f(static_cast<Crdt&>(*this));
        std::vector<part> fresh;
        traits::parts_of(change, before, self, fresh);
        try { // a writer at max_counter_value can mint no dot: undo `f` and report it
            detail::checked_counter_add(map_context.max_counter(self), fresh.size());
        } catch (...) {
            rebuild();
            throw;
        }
        embedded delta;
        for (auto& p : fresh) {
            parts_.remove_if([&](const part& old) { return traits::replaces(p, old); },
                             delta_context);
            const auto d = map_context.next(self);
            delta_context.insert(d);
            parts_.add(d, p);
            delta.parts_.add(d, std::move(p));
        }
        rebuild();
        delta.rebuild();
        return delta;
    }

    // Dot-store interface, as for the causal types.
    bool join_store(const embedded& other, const context_type& ours, const context_type& theirs) {
        if (!parts_.join(other.parts_, ours, theirs))
            return false;
        rebuild();
        return true;
    }
    void collect_dots(context_type& out) const { parts_.collect_dots(out); }
    void append_dots(std::vector<dot<Id>>& out) const { parts_.append_dots(out); }
    std::uint64_t count_located(const embedded& other, const context_type& ours,
                                const context_type& theirs) const {
        return parts_.count_located(other.parts_, ours, theirs);
    }
    bool store_empty() const { return parts_.empty(); }
    const dot_fun<Id, part>& parts() const { return parts_; }
    template <class F> void for_each_store_dot(F&& f) const { parts_.for_each_dot(f); }
    template <class Keep> embedded filter_store(const Keep& keep) const {
        embedded out;
        out.parts_ = parts_.filter(keep);
        out.rebuild();
        return out;
    }
    template <class Keep, class Map> embedded remap_store(const Keep& keep, const Map& map) const {
        embedded out;
        out.parts_ = parts_.remap(keep, map);
        out.rebuild();
        return out;
    }

    friend bool operator==(const embedded& a, const embedded& b) { return a.parts_ == b.parts_; }
    friend bool operator!=(const embedded& a, const embedded& b) { return !(a == b); }

  private:
    void rebuild() { static_cast<Crdt&>(*this) = traits::template view<Id>(parts_); }

    dot_fun<Id, part> parts_;
    friend struct hearsay::codec_access;
};

} // namespace detail
} // namespace hearsay

#endif
