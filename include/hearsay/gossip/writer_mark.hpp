// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_WRITER_MARK_HPP
#define HEARSAY_GOSSIP_WRITER_MARK_HPP

// writer_mark(state, writer): how far `writer` has written in `state`, the
// mark by which a node sees that someone else writes under its writer id.
//
// It is the writer's highest dot counter for causal types (its context), its
// count for g_counter, the sum of its two counts for pn_counter, and 0 for
// types whose writes carry no writer (g_set, two_phase_set, user types). A
// node remembers its own mark after each of its writes; only it writes under
// its writer id, so a merge that raises the mark means a clash of ids (a
// start that reused an epoch), which it reports and escapes by moving to a
// fresh writer id. Cost: O(log writers).

#include <cstdint>
#include <type_traits> // void_t, false_type
#include <utility>     // declval

#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/crdt/pn_counter.hpp"

namespace hearsay {

namespace detail {
template <class State, class Id, class = void> struct has_causal_context : std::false_type {};
template <class State, class Id>
struct has_causal_context<
    State, Id,
    std::void_t<decltype(std::declval<const State&>().context().max_counter(std::declval<Id>()))>>
    : std::true_type {};
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

} // namespace hearsay

#endif
