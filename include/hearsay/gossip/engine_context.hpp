// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_ENGINE_CONTEXT_HPP
#define HEARSAY_GOSSIP_ENGINE_CONTEXT_HPP

// engine_context: what every part of an engine shares, the outbox, the
// counters, the random source, and the peers newly tracked (for the engine's
// set of tracked peers). The engine owns it and lends it to its parts
// call by call; no part keeps a pointer to it, so an engine stays movable.

#include <cstddef>
#include <vector>

#include "hearsay/gossip/outbox.hpp"
#include "hearsay/gossip/stats.hpp"

namespace hearsay {

/// Bundles the outbox, the counters and the random source of one engine.
template <class Transport, class Random> struct engine_context {
    using address_type = typename Transport::address_type;

    outbox<Transport> out;
    gossip_stats stats;
    Random random;
    /// Work the message being handled caused beyond reading it, in bytes of the sender's
    /// receive budget (a digest's reply scans the state): the engine charges it to the sender.
    std::size_t work = 0;
    /// Peers a digest showed to hold the whole log, tracked since the engine last looked: the
    /// engine keeps the set of tracked peers from these (peer_sync.hpp).
    std::vector<address_type> newly_tracked{};

    /// Sends a message of `kind` with `body(writer&)` to `to`; false (and counted) when too large.
    template <class Body> bool emit(const address_type& to, message_kind kind, Body&& body) {
        return out.emit(stats, to, kind, static_cast<Body&&>(body));
    }
};

} // namespace hearsay

#endif
