// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_OWN_WRITER_HPP
#define HEARSAY_GOSSIP_OWN_WRITER_HPP

// own_writer: the writer id a node's writes mint dots under, how far it wrote,
// and what happens when someone else writes under the same id (a clash).
//
// writer_mark(state, writer) says how far `writer` has written in `state`: its
// highest dot counter for causal types (its context), its count for g_counter,
// the sum of its two counts for pn_counter, and 0 for types whose writes carry
// no writer (g_set, two_phase_set, user types). Only this node writes under
// its writer id, so a received delta that would raise the mark past what the
// node wrote proves a clash (a start that reused an epoch: writer_id.hpp).
//
// Merged, two histories under one writer id lose or garble the writes whose
// dots collide: each side's entry at a dot can delete the other's. So before
// such a delta is merged, inspect() keeps aside the entries of the clashing id
// up to this node's mark, its own (from the state) and the other writer's
// (from the delta); after the merge, the engine moves to a fresh writer id and
// repair() re-adds them all under fresh dots, with a context that covers the
// collided dots, so that wherever it is merged both sides' entries replace
// whatever survived under those dots: an update like any other, spread to
// all. Counters re-add what the node had counted. Writes merged
// before the clash showed (dots at or below both marks, which cannot be told
// from echoes of this node's own writes) are not repaired. Cost: O(log
// writers) for a delta that does not clash; a clash costs a pass over the
// state.

#include <algorithm> // min
#include <cstdint>
#include <type_traits> // void_t, false_type, bool_constant, is_same
#include <utility>     // declval, move
#include <vector>

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/crdt/pn_counter.hpp"
#include "hearsay/gossip/sync/causal_sync.hpp" // is_dot_store_v

namespace hearsay {

namespace detail {
template <class State, class Id, class = void> struct has_causal_context : std::false_type {};
template <class State, class Id>
struct has_causal_context<
    State, Id,
    std::void_t<decltype(std::declval<const State&>().context().max_counter(std::declval<Id>()))>>
    : std::true_type {};

struct keep_any_dot {
    template <class D> bool operator()(const D&) const { return true; }
};
struct same_dot {
    template <class D> D operator()(const D& d) const { return d; }
};
template <class State, class = void> struct can_remap_store : std::false_type {};
template <class State>
struct can_remap_store<
    State, std::void_t<decltype(std::declval<State&>() = std::declval<const State&>().remap_store(
                                    keep_any_dot{}, same_dot{}))>>
    : std::bool_constant<is_dot_store_v<State>> {};
} // namespace detail

/// Returns how far `writer` has written in `state` (0 when it has not, or the type has no writers).
template <class State, class Id> std::uint64_t writer_mark(const State& state, const Id& writer) {
    if constexpr (detail::has_causal_context<State, Id>::value)
        return static_cast<std::uint64_t>(state.context().max_counter(writer));
    else
        return 0;
}

template <class Id> std::uint64_t writer_mark(const g_counter<Id>& state, const Id& writer) {
    return state.count(writer);
}

template <class Id> std::uint64_t writer_mark(const pn_counter<Id>& state, const Id& writer) {
    return state.increments().get(writer) + state.decrements().get(writer);
}

/// The writer id this node writes under, how far it wrote, and the repair of a clash.
template <class State> class own_writer {
  public:
    explicit own_writer(std::uint64_t id) : id_(id) {}

    /// Returns the writer id this node writes under now.
    std::uint64_t id() const { return id_; }

    /// Records how far this node wrote, after one of its writes to `state`.
    void wrote(const State& state) { mark_ = writer_mark(state, id_); }

    /// Before `delta` is merged into `state`: returns whether it carries writes under this
    /// node's writer id that the node never made, and keeps aside what merging it would lose.
    bool inspect(const State& state, const State& delta) {
        if (writer_mark(delta, id_) <= mark_)
            return false;
        if (!clashed_) { // the first clashing delta: what collides with the node's own writes
            clashed_ = true;
            keep_aside(state, delta);
        }
        return true;
    }

    /// Tells whether a clash was seen since the last escape().
    bool clashed() const { return clashed_; }

    /// Moves to writer id `fresh` after a clash; returns the id that clashed.
    std::uint64_t escape(std::uint64_t fresh, const State& state) {
        clashed_ = false;
        const std::uint64_t old = id_;
        id_ = fresh;
        mark_ = writer_mark(state, id_);
        return old;
    }

    /// A mutator, run by the engine's update() under the fresh id `self`: re-adds what collided
    /// under `old` in `state` and returns its delta (State{} when nothing was lost).
    State repair(State& state, std::uint64_t old, std::uint64_t self) {
        State delta;
        if constexpr (detail::can_remap_store<State>::value) {
            // Every kept entry under a fresh dot, and the collided dots seen: merged anywhere,
            // this replaces whatever survived under them with both sides' entries.
            using dot_type = dot<typename State::id_type>;
            std::uint64_t next = state.context().max_counter(self);
            causal_context<typename State::id_type> seen;
            delta = kept_.remap_store(keep_all{}, [&](const dot_type&) {
                const dot_type d{self, ++next};
                seen.insert(d);
                return d;
            });
            if (collided_ != 0)
                seen.insert_range(old, 1, collided_);
            delta.swap_context(seen);
            state.merge(delta);
        } else if constexpr (std::is_same_v<State, g_counter<std::uint64_t>>) {
            if (lost_up_ != 0)
                delta = state.increment(self, lost_up_);
        } else if constexpr (std::is_same_v<State, pn_counter<std::uint64_t>>) {
            if (lost_up_ != 0)
                delta.merge(state.increment(self, lost_up_));
            if (lost_down_ != 0)
                delta.merge(state.decrement(self, lost_down_));
        } else {
            (void)state;
            (void)old;
            (void)self;
        }
        kept_ = State{};
        collided_ = lost_up_ = lost_down_ = 0;
        return delta;
    }

  private:
    struct keep_all {
        template <class D> bool operator()(const D&) const { return true; }
    };

    void keep_aside(const State& state, const State& delta) {
        if constexpr (detail::can_remap_store<State>::value) {
            auto collides = [&](const dot<typename State::id_type>& d) {
                return d.replica == id_ && d.counter <= mark_;
            };
            kept_ = state.filter_store(collides);
            kept_.merge(delta.filter_store(collides));
            collided_ = mark_;
        } else if constexpr (std::is_same_v<State, g_counter<std::uint64_t>>) {
            lost_up_ = std::min(state.count(id_), delta.count(id_)); // the merge keeps the larger
        } else if constexpr (std::is_same_v<State, pn_counter<std::uint64_t>>) {
            lost_up_ = std::min(state.increments().get(id_), delta.increments().get(id_));
            lost_down_ = std::min(state.decrements().get(id_), delta.decrements().get(id_));
        } else {
            (void)state;
            (void)delta;
        }
    }

    std::uint64_t id_;
    std::uint64_t mark_ = 0; // writer_mark of id_ after this node's last write
    bool clashed_ = false;
    State kept_{};               // causal types: the colliding entries, without a context
    std::uint64_t collided_ = 0; // causal types: the mark when they were kept
    std::uint64_t lost_up_ = 0;  // counters: what the node counted under the clashing id
    std::uint64_t lost_down_ = 0;
};

} // namespace hearsay

#endif
