// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_HPP

// membership: the members a node knows, and what it keeps per peer.
//
// Members are named by address; a seed (add_peer) starts with replica id 0 and
// gets its id from its first message. News about a member, heard directly (a
// message from it) or by gossip (a members message), is applied by precedence
// (member.hpp) and reported as none, added or changed, so the engine can call
// on_member_change and re-announce the news. Gossip never adds a member that is
// already gone (dead or left), and never overrides a member's id once known:
// only the member itself, by writing from its address, can show that a new
// replica took that address. Cost: O(1) lookup by address (hash map).

#include <cstddef>
#include <cstdint>
#include <functional> // hash
#include <unordered_map>
#include <vector>

#include "hearsay/gossip/member.hpp"

namespace hearsay {

/// Says what applying news about a member did.
enum class member_news : std::uint8_t { none, added, changed };

/// Keeps the member table and, beside it, the engine's bookkeeping per peer.
template <class Address> class membership {
  public:
    using member_type = member<Address>;

    /// What the engine keeps per peer besides the member itself.
    struct peer {
        std::uint64_t acked = 0;    ///< the peer holds every buffered delta up to this number
        bool tracked = false;       ///< whether `acked` is known
        std::uint32_t announce = 0; ///< transmissions left to gossip this member's latest news
    };

    const std::vector<member_type>& members() const { return members_; }
    std::size_t size() const { return members_.size(); }
    member_type& at(std::size_t i) { return members_[i]; }
    peer& bookkeeping(std::size_t i) { return peers_[i]; }

    /// Returns the index of the member at `address`, or size() when unknown.
    std::size_t find(const Address& address) const {
        auto it = index_.find(address);
        return it == index_.end() ? members_.size() : it->second;
    }

    /// Adds a seed known only by its address; a known address is revived if it was removed.
    member_news add_seed(const Address& address) {
        const std::size_t i = find(address);
        if (i == members_.size())
            return add(address, 0, member_status::alive, 0);
        if (members_[i].status != member_status::dead)
            return member_news::none;
        members_[i].status = member_status::alive;
        ++members_[i].incarnation; // outranks the dead news it overrides
        return member_news::changed;
    }

    /// Records that `address` sent a message as replica `id`.
    member_news heard_from(const Address& address, std::uint64_t id) {
        const std::size_t i = find(address);
        if (i == members_.size())
            return add(address, id, member_status::alive, 0);
        member_type& m = members_[i];
        if (m.id == id)
            return member_news::none; // gone members stay gone until they say otherwise
        if (m.id == 0 && m.status != member_status::dead) {
            m.id = id;
            return member_news::changed;
        }
        // A different replica now writes from this address: a restart under a new id.
        m = member_type{address, id, member_status::alive, 0};
        peers_[i] = peer{};
        return member_news::changed;
    }

    /// Applies gossiped news about the member at `address`.
    member_news apply(const Address& address, std::uint64_t id, member_status status,
                      std::uint64_t incarnation) {
        const std::size_t i = find(address);
        if (i == members_.size()) {
            if (status == member_status::dead || status == member_status::left || id == 0)
                return member_news::none;
            return add(address, id, status, incarnation);
        }
        member_type& m = members_[i];
        if (m.id != id && m.id != 0)
            return member_news::none;
        if (m.id == id && !supersedes(status, incarnation, m.status, m.incarnation))
            return member_news::none;
        m.id = id;
        m.status = status;
        m.incarnation = incarnation;
        return member_news::changed;
    }

  private:
    member_news add(const Address& address, std::uint64_t id, member_status status,
                    std::uint64_t incarnation) {
        index_.emplace(address, members_.size());
        members_.push_back(member_type{address, id, status, incarnation});
        peers_.emplace_back();
        return member_news::added;
    }

    std::vector<member_type> members_;
    std::vector<peer> peers_;
    std::unordered_map<Address, std::size_t> index_;
};

} // namespace hearsay

#endif
