// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_SYNC_TRAITS_HPP
#define HEARSAY_GOSSIP_SYNC_SYNC_TRAITS_HPP

// sync_traits<State>: what anti-entropy needs of a replicated type, so that a
// steady cluster exchanges digests only and a divergence costs what diverged.
//
//   using digest_type = ...;   a regular value with a codec (codec_traits)
//   static digest_type digest(const State& s);
//       Summarises `s` so that a peer can compute what we lack. O(state): the
//       caller caches it, and recomputes it after the state changes.
//   static State missing(const State& mine, const digest_type& mine_digest,
//                        const digest_type& theirs);
//       Returns the part of `mine` that the owner of `theirs` lacks, as a
//       delta (State{} when nothing); `mine_digest` is digest(mine), so that
//       agreeing replicas cost no pass over the state. Merging the replies
//       both ways, recomputing digests and repeating makes two replicas equal
//       within three rounds.
//   static State missing(const State& mine, const digest_type& mine_digest,
//                        const digest_type& theirs, const reply_budget& budget);
//       The same, cut to at most budget.max_pieces pieces (reply_budget.hpp),
//       keeping what the peer lacks first in (origin, counter) order, so that
//       repeated exchanges converge; types whose replies cannot be cut (a
//       register, a whole state) ignore the budget.
//   static bool split(const State& delta, State& first, State& second);
//       Splits a non-bottom `delta` into two non-bottom deltas, each mergeable
//       on its own, whose join is `delta` (join decomposition, so that a big
//       delta travels as datagrams that need no reassembly); returns false,
//       leaving first and second unspecified, when `delta` is atomic.
//   static bool split_digest(const digest_type& d, digest_type& first,
//                            digest_type& second);
//       Splits a digest into two covering disjoint parts, whose replies
//       together equal the reply to `d`; returns false when `d` is atomic.
//
// Which implementation a type gets:
//   causal types (is_dot_store_v: or_set, mv_register, ew_flag, dw_flag,
//   or_map at any nesting, lww_map)  context + per-origin fingerprints, reply
//                                    by origin and counter (causal_sync.hpp)
//   g_counter, pn_counter            the counts (counter_sync.hpp)
//   lww_register                     the winning (timestamp, writer)
//                                    (register_sync.hpp)
//   g_set, two_phase_set             a hash of the state; deltas split by
//                                    element (set_sync.hpp)
//   anything else with a codec       a hash of the state, whole-state replies,
//                                    no splits (whole_state_sync.hpp)
// A user type may specialise sync_traits to do better than the last row.

#include <type_traits> // enable_if_t

#include "hearsay/codec/codec.hpp" // the states' codecs, which whole-state digests hash
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/crdt/g_set.hpp"
#include "hearsay/crdt/lww_register.hpp"
#include "hearsay/crdt/pn_counter.hpp"
#include "hearsay/crdt/two_phase_set.hpp"
#include "hearsay/gossip/sync/causal_sync.hpp"
#include "hearsay/gossip/sync/counter_sync.hpp"
#include "hearsay/gossip/sync/register_sync.hpp"
#include "hearsay/gossip/sync/set_sync.hpp"
#include "hearsay/gossip/sync/whole_state_sync.hpp"

namespace hearsay {

/// Describes how anti-entropy summarises, compares and splits State; the primary template serves
/// any State with a codec, by whole states.
template <class State, class Enable = void> struct sync_traits : whole_state_sync<State> {};

/// Syncs a causal type by its context and per-origin fingerprints.
template <class State>
struct sync_traits<State, std::enable_if_t<is_dot_store_v<State>>> : causal_sync<State> {};

/// Syncs a g_counter by its counts.
template <class Id> struct sync_traits<g_counter<Id>> : counter_sync<g_counter<Id>> {};

/// Syncs a pn_counter by its counts of increments and decrements.
template <class Id> struct sync_traits<pn_counter<Id>> : counter_sync<pn_counter<Id>> {};

/// Syncs an lww_register by its winning write.
template <class T, class Id, class Ts>
struct sync_traits<lww_register<T, Id, Ts>> : lww_register_sync<T, Id, Ts> {};

/// Syncs a g_set by its hash; splits deltas by element.
template <class T> struct sync_traits<g_set<T>> : g_set_sync<T> {};

/// Syncs a two_phase_set by its hash; splits deltas by element.
template <class T> struct sync_traits<two_phase_set<T>> : two_phase_set_sync<T> {};

} // namespace hearsay

#endif
