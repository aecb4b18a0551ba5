// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_CLUSTER_OPTIONS_HPP
#define HEARSAY_SIM_CLUSTER_OPTIONS_HPP

// cluster_options and restart_mode: how a sim::cluster wires its nodes
// together and brings crashed ones back.

#include <cstddef>

namespace hearsay::sim {

/// Chooses what a restarted node starts from.
enum class restart_mode {
    /// Starts from the crashed engine's state under the same replica id, as a process restarting
    /// with durable state would (buffers and membership are lost).
    keep_state,
    /// Starts empty under a new replica id (a new member).
    fresh,
    /// Starts empty under its old replica id, as a process restarting without its durable state
    /// would: the same member, writing under a fresh writer id (gossip/writer_id.hpp).
    empty,
};

/// Says how a sim::cluster's nodes learn their first peers, and when settling counts as livelock.
struct cluster_options {
    /// Gives each node nodes 0 .. seeds-1 (itself excepted) as peers, >= 1 (0 counts as 1); with
    /// one seed, node 0 gets node 1. 1 to 3 is typical; membership gossip must find the rest.
    std::size_t seeds = 1;
    /// Gives every node every other node as a peer, ignoring `seeds`, when true.
    bool full_membership = false;
    /// Caps the poll-and-deliver passes that settle one moment of virtual time, >= 1; reaching
    /// it means engines keep asking to be polled at the same time (a livelock).
    std::size_t max_passes = 1000;
};

} // namespace hearsay::sim

#endif // HEARSAY_SIM_CLUSTER_OPTIONS_HPP
