// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_RUMOR_HPP
#define HEARSAY_GOSSIP_RUMOR_HPP

// Rumor mongering (Demers et al. 1987, section 3): a buffered delta is pushed
// to random peers while it is hot, and goes cold once the node loses interest.
//
// Which transmissions count towards the loss of interest is the feedback
// variant: every one (blind), or only those that reached a node which already
// knew the rumor (feedback, reported in acks). How a counted transmission
// cools the rumor is the loss variant: after k of them (counter), or with
// probability 1/k at each (coin). A cold rumor is never pushed again; what it
// did not reach, anti-entropy repairs. Cost: O(1) per transmission.

#include <cstddef>
#include <cstdint>

#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/random.hpp" // one_in

namespace hearsay {

/// Says whether a buffered delta is still spread as a rumor.
enum class rumor_heat : std::uint8_t {
    cold, ///< kept only for the peers that still have to acknowledge it
    hot   ///< pushed to random peers each round
};

/// Holds the rumor state of one buffered delta.
struct rumor_state {
    rumor_heat heat = rumor_heat::hot;
    std::uint32_t counted = 0; ///< transmissions counted against rumor_k

    bool hot() const { return heat == rumor_heat::hot; }
};

/// Applies one of Demers' four variants of losing interest in a rumor.
class rumor_mongering {
  public:
    explicit rumor_mongering(const gossip_config& config)
        : feedback_(config.feedback), loss_(config.loss), k_(config.rumor_k) {}

    /// Tells whether receivers should report which rumors they knew already.
    bool wants_feedback() const { return feedback_ == rumor_feedback::feedback; }

    /// Records one transmission of `r` to some peer (counted in the blind variant).
    template <class Random> void sent(rumor_state& r, Random& random) const {
        if (feedback_ == rumor_feedback::blind)
            count(r, random);
    }
    /// Records that a peer already knew `r` (counted in the feedback variant).
    template <class Random> void known(rumor_state& r, Random& random) const {
        if (feedback_ == rumor_feedback::feedback)
            count(r, random);
    }

  private:
    template <class Random> void count(rumor_state& r, Random& random) const {
        if (!r.hot())
            return;
        if (loss_ == rumor_loss::counter) {
            if (++r.counted >= k_)
                r.heat = rumor_heat::cold;
        } else if (one_in(random, k_)) {
            r.heat = rumor_heat::cold;
        }
    }

    rumor_feedback feedback_;
    rumor_loss loss_;
    std::size_t k_;
};

} // namespace hearsay

#endif
