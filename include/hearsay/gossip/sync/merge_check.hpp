// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_MERGE_CHECK_HPP
#define HEARSAY_GOSSIP_SYNC_MERGE_CHECK_HPP

// check_merge: asks, before merging a received delta, whether the merge would
// break the caps a node keeps, so that it can refuse the delta with a counted
// reason instead of growing without bound. Every writer id a state holds costs
// every later merge and digest a vector entry, forever (until pruned): 40
// datagrams of made-up writers would otherwise make every merge and every digest
// of the node grow by that many entries.
//
// Checked: the distinct writers the state would hold (causal types: the replicas
// of its context, which a nested or_map shares; counters: the replicas that
// counted), against merge_caps::max_writers; and every counter of the delta
// against max_counter_value (a decoded delta never has one above it, a delta
// built in memory might). Types without writers (g_set, two_phase_set, user
// types) and lww_register (one writer) always pass.
//
// Cost: O(d log n) for a delta naming d writers and ranges and a state naming
// n; when the state is near its cap, O(c log n) more for its c cloud ranges.
// Nothing is allocated.

#include <cstddef>
#include <cstdint>
#include <type_traits> // true_type, false_type

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/version_vector.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/crdt/pn_counter.hpp"
#include "hearsay/gossip/sync/causal_sync.hpp" // is_dot_store_v

namespace hearsay {

/// Bounds what a state may grow to by merging.
struct merge_caps {
    /// Most distinct writers (replica ids) a state may hold; default 2^16.
    std::size_t max_writers = std::size_t{1} << 16;
};

namespace detail {

template <class T> struct is_g_counter : std::false_type {};
template <class Id> struct is_g_counter<g_counter<Id>> : std::true_type {};
template <class T> struct is_pn_counter : std::false_type {};
template <class Id> struct is_pn_counter<pn_counter<Id>> : std::true_type {};

template <class Id> bool has_writer(const causal_context<Id>& c, const Id& replica) {
    return c.max_counter(replica) != 0;
}

// Counts the writers of `c`: its vector's plus those seen only beyond a gap.
template <class Id> std::size_t writer_count(const causal_context<Id>& c) {
    std::size_t n = c.compact().size();
    const auto& cloud = c.cloud();
    for (std::size_t i = 0; i < cloud.size(); ++i)
        if ((i == 0 || cloud[i - 1].replica < cloud[i].replica) &&
            c.compact().get(cloud[i].replica) == 0)
            ++n;
    return n;
}

template <class Id>
errc check_contexts(const causal_context<Id>& state, const causal_context<Id>& delta,
                    const merge_caps& caps) {
    std::size_t fresh = 0;
    const Id* previous = nullptr;
    auto visit = [&](const Id& replica, std::uint64_t top) {
        if (top > max_counter_value)
            return false;
        if (previous == nullptr || *previous < replica || replica < *previous)
            if (!has_writer(state, replica))
                ++fresh;
        previous = &replica;
        return true;
    };
    for (const auto& entry : delta.compact())
        if (!visit(entry.first, entry.second))
            return errc::counter_too_large;
    previous = nullptr;
    for (const auto& r : delta.cloud())
        if (delta.compact().get(r.replica) == 0 && !visit(r.replica, r.last))
            return errc::counter_too_large;
    if (fresh == 0)
        return errc{};
    // Cheap bound first: every vector entry and cloud range names at most one writer.
    const std::size_t bound = state.compact().size() + state.cloud().size();
    if (fresh <= caps.max_writers && bound <= caps.max_writers - fresh)
        return errc{};
    const std::size_t held = writer_count(state);
    return fresh > caps.max_writers || held > caps.max_writers - fresh ? errc::too_many_writers
                                                                       : errc{};
}

template <class Id>
errc check_counts(std::size_t held, const version_vector<Id>& state_a,
                  const version_vector<Id>* state_b, const version_vector<Id>& delta_a,
                  const version_vector<Id>* delta_b, const merge_caps& caps) {
    std::size_t fresh = 0;
    auto new_writer = [&](const Id& r) {
        return state_a.get(r) == 0 && (state_b == nullptr || state_b->get(r) == 0);
    };
    for (const auto& entry : delta_a) {
        if (entry.second > max_counter_value)
            return errc::counter_too_large;
        fresh += new_writer(entry.first) ? 1u : 0u;
    }
    if (delta_b != nullptr)
        for (const auto& entry : *delta_b) {
            if (entry.second > max_counter_value)
                return errc::counter_too_large;
            if (new_writer(entry.first) && delta_a.get(entry.first) == 0)
                ++fresh;
        }
    return fresh > caps.max_writers || held > caps.max_writers - fresh ? errc::too_many_writers
                                                                       : errc{};
}

} // namespace detail

/// Tells whether merging `delta` into `state` keeps `state` within `caps` and every counter
/// within max_counter_value: errc{} when it does, else errc::too_many_writers or
/// errc::counter_too_large. Changes nothing; O(delta x log state).
template <class State>
errc check_merge(const State& state, const State& delta, const merge_caps& caps = {}) {
    if constexpr (is_dot_store_v<State>) {
        return detail::check_contexts(state.context(), delta.context(), caps);
    } else if constexpr (detail::is_g_counter<State>::value) {
        using vector = version_vector<typename State::id_type>;
        return detail::check_counts(state.counts().size(), state.counts(),
                                    static_cast<const vector*>(nullptr), delta.counts(),
                                    static_cast<const vector*>(nullptr), caps);
    } else if constexpr (detail::is_pn_counter<State>::value) {
        // Held writers are counted once per vector (a writer that both incremented and
        // decremented counts twice): an upper bound found in O(1).
        const std::size_t held = state.increments().size() + state.decrements().size();
        return detail::check_counts(held, state.increments(), &state.decrements(),
                                    delta.increments(), &delta.decrements(), caps);
    } else {
        return errc{};
    }
}

} // namespace hearsay

#endif
