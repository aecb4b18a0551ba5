// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_REPLY_BUDGET_HPP
#define HEARSAY_GOSSIP_SYNC_REPLY_BUDGET_HPP

// reply_budget: how much one anti-entropy reply may hold, so that one digest,
// honest or hostile, cannot make a node produce an unbounded reply. It counts
// pieces, a measure of work and bytes that does not depend on the encoding: a
// context range (an origin's prefix or one range beyond a gap) or a live entry
// (an element's dot, a register's value, a counter's part). A piece costs a few
// bytes plus its value's encoding, so a budget of B pieces bounds the reply to
// about B x (10 + the largest value) bytes.
//
// What a budget cuts is sent in later exchanges: a budgeted reply keeps the
// lowest dots the peer lacks in (origin, counter) order, so each exchange
// shrinks the difference and repeated exchanges converge (causal_sync.hpp).

#include <cstddef>
#include <cstdint>

namespace hearsay {

/// Bounds one anti-entropy reply; the default is unbounded.
struct reply_budget {
    /// Most pieces (context ranges plus live entries) in the reply; 0 for no bound. A reply
    /// always holds at least one piece, so a bound of 1 behaves as 2.
    std::size_t max_pieces = 0;
    /// Chooses which window of an origin's counters a reply sends when removals differ there and
    /// the origin does not fit; vary it between requests (e.g. a count of replies sent) so that
    /// successive replies cover every window.
    std::uint64_t rotation = 0;
};

} // namespace hearsay

#endif
