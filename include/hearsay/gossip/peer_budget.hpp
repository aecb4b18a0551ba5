// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_PEER_BUDGET_HPP
#define HEARSAY_GOSSIP_PEER_BUDGET_HPP

// peer_budget: what one peer may cost this node in a round.
//
// A verified peer may still be buggy or hostile. Per round, the messages it
// sends are handled up to config.peer_receive_budget bytes (beyond, they are
// dropped unread: bytes are the measure of decode and merge work, which the
// codec and the data types bound by size), and the replies they cause cost at
// most config.peer_reply_budget bytes (beyond, they are withheld; the peer
// asks again in a later exchange). The counters roll over lazily at the first
// message of each round, so an idle peer costs nothing. Replies to all senders
// together, tokens to unverified addresses included, stop at
// config.round_reply_budget bytes a round (round_replies). Cost: O(1).

#include <cstddef>
#include <cstdint>

#include "hearsay/gossip/peer_sync.hpp"

namespace hearsay {

/// Counts what one peer's messages cost in the current round.
struct peer_budget {
    std::uint64_t round = 0;  ///< the round the counts below belong to
    std::size_t received = 0; ///< bytes of its messages handled this round
    std::size_t replied = 0;  ///< bytes sent in reply to them this round

    /// Starts round `now`'s counts if they belong to an earlier round.
    void roll(std::uint64_t now) {
        if (round != now) {
            round = now;
            received = 0;
            replied = 0;
        }
    }
    /// Admits a message of `size` bytes within `cap` bytes a round; false when over.
    bool admit(std::size_t size, std::size_t cap) {
        if (size > cap - (received < cap ? received : cap))
            return false;
        received += size;
        return true;
    }
    /// Returns what replies may still cost this round, within `cap`.
    std::size_t reply_allowance(std::size_t cap) const { return replied < cap ? cap - replied : 0; }
};

/// Counts what replies to all senders cost in the current round: however many members (or
/// addresses) ask at once, replies stop at config.round_reply_budget bytes a round.
struct round_replies {
    std::uint64_t round = 0; ///< the round `spent` belongs to
    std::size_t spent = 0;   ///< bytes sent in reply this round

    /// Returns what replies may still cost in round `now`, within `cap`.
    std::size_t allowance(std::uint64_t now, std::size_t cap) {
        if (round != now) {
            round = now;
            spent = 0;
        }
        return spent < cap ? cap - spent : 0;
    }
};

/// What the engine keeps per member: replication's sync state and the round's budget.
struct peer_state {
    peer_sync sync;
    peer_budget budget;
};

} // namespace hearsay

#endif
