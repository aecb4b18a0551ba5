// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_PEER_SYNC_HPP
#define HEARSAY_GOSSIP_PEER_SYNC_HPP

// peer_sync: what a node knows of one peer's copy of its delta log.
//
// Two states. Untracked: the node does not know what the peer holds; the peer
// gets hot rumors only, and a digest exchange is the way back. Tracked: the
// peer holds every entry up to acked(); it gets the interval after it,
// retransmitted until acknowledged. The transitions, each named below:
//
//   untracked --track_from(newest)--> tracked   a digest showed it holds all we hold
//   tracked --acknowledge(after, upto)--> tracked with a later acked()
//   tracked --untrack()--> untracked            it fell behind the log, was sent
//                                               pieces it cannot acknowledge, or is gone
//
// acked() never goes back while tracked, and never passes the log's newest entry.

#include <cstdint>

namespace hearsay {

/// Names what a node knows of a peer's copy of its delta log.
enum class sync_status : std::uint8_t {
    untracked, ///< unknown: the peer gets rumors until a digest exchange shows what it holds
    tracked    ///< the peer holds every entry up to acked()
};

/// Tracks one peer's acknowledgements of this node's delta log.
class peer_sync {
  public:
    sync_status status() const { return status_; }
    bool tracked() const { return status_ == sync_status::tracked; }
    /// Returns the newest entry the peer is known to hold (meaningful while tracked).
    std::uint64_t acked() const { return acked_; }

    /// Starts tracking a peer known to hold every entry up to `newest`.
    void track_from(std::uint64_t newest) {
        status_ = sync_status::tracked;
        acked_ = newest;
    }
    /// Stops tracking: what the peer holds is unknown again.
    void untrack() { status_ = sync_status::untracked; }

    /// Records that the peer received the whole interval (after, upto] of a log whose newest
    /// entry is `newest`; returns whether acked() advanced. An interval that does not start at
    /// or before acked(), or that names entries never appended, changes nothing.
    bool acknowledge(std::uint64_t after, std::uint64_t upto, std::uint64_t newest) {
        if (!tracked() || upto == 0 || after > acked_ || upto > newest || upto <= acked_)
            return false;
        acked_ = upto;
        return true;
    }

  private:
    sync_status status_ = sync_status::untracked;
    std::uint64_t acked_ = 0;
};

} // namespace hearsay

#endif
