// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_TRACKED_PEERS_HPP
#define HEARSAY_GOSSIP_TRACKED_PEERS_HPP

// tracked_peers: the peers whose acknowledgements hold the delta log back.
// The log may drop an entry once every tracked peer (peer_sync.hpp) holds it;
// untracked peers get rumors and digests instead, so they never hold it back.
// Keeping the tracked ones in a set of their own makes finding that floor
// O(tracked peers) per round, whatever the member table holds. A peer that is
// gone (dead, left, erased) is untracked and leaves the set.

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "hearsay/gossip/membership/member.hpp" // is_live

namespace hearsay {

/// The set of peers that may be tracked.
template <class Address> class tracked_peers {
  public:
    /// Adds the peers tracked since the last call (and clears `added`), then returns the newest
    /// entry every tracked member of `members` acknowledged, at most `newest`.
    template <class Members>
    std::uint64_t floor(std::vector<Address>& added, Members& members, std::uint64_t newest) {
        for (const Address& address : added)
            set_.insert(address);
        added.clear();
        std::uint64_t least = newest;
        const auto& table = members.table();
        for (auto it = set_.begin(); it != set_.end();) {
            const std::size_t i = table.find(*it);
            auto* peer = i == table.size() ? nullptr : &members.slot(i).sync;
            if (peer != nullptr && !is_live(table.at(i).status))
                peer->untrack();
            if (peer == nullptr || !peer->tracked()) {
                it = set_.erase(it); // erased, gone, or untracked since
                continue;
            }
            if (peer->acked() < least)
                least = peer->acked();
            ++it;
        }
        return least;
    }

  private:
    std::unordered_set<Address> set_;
};

} // namespace hearsay

#endif
