// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_OWN_STANDING_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_OWN_STANDING_HPP

// own_standing: what this node says of itself: its incarnation, whether it
// left, and whether a refutation is still being spread. News that this node
// is suspect, dead or gone, at an incarnation it can outrank, is refuted
// (SWIM): the incarnation rises past the news, and "alive" is told to peers
// for as many rounds as member news spreads. Only the node's own leave says
// it left; gossip saying so is refuted too.

#include <cstdint>

#include "hearsay/gossip/membership/member.hpp"

namespace hearsay {

/// This node's own incarnation, departure and refutation.
class own_standing {
  public:
    std::uint64_t incarnation() const { return incarnation_; }
    bool left() const { return left_; }
    /// Tells whether peers are to be told that this node is alive: a refutation is news.
    bool telling_alive() const { return alive_rounds_ > 0 && !left_; }

    /// Leaves, at an incarnation that outranks whatever was said of this node before; false
    /// when it had left already.
    bool leave() {
        if (left_)
            return false;
        left_ = true;
        ++incarnation_;
        return true;
    }
    /// Takes news that this node is `status` at `incarnation`; returns whether it refutes it, to
    /// be told for `rounds` rounds.
    bool refute(member_status status, std::uint64_t incarnation, std::uint32_t rounds) {
        if (left_ || status == member_status::alive || incarnation < incarnation_ ||
            !plausible_incarnation(incarnation, incarnation_))
            return false;
        incarnation_ = incarnation + 1;
        alive_rounds_ = rounds;
        return true;
    }
    /// Counts down the rounds left to tell the refutation.
    void round_done() {
        if (alive_rounds_ > 0)
            --alive_rounds_;
    }

  private:
    std::uint64_t incarnation_ = 0;
    bool left_ = false;
    std::uint32_t alive_rounds_ = 0;
};

} // namespace hearsay

#endif
