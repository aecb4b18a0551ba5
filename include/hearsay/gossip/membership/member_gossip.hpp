// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_GOSSIP_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_GOSSIP_HPP

// member_gossip: the members messages by which members learn of each other.
//
// News about a member (discovered, left, removed) is announced in `members`
// messages rumor_k x log2(n) times, the rounds push needs to reach everyone,
// with a random sample of the table besides; a newcomer is welcomed with a
// larger sample. One members message per round and per welcome, each within
// the payload budget, so a burst of news (a cluster starting) drains over the
// next rounds at a bounded cost. Cost per message: O(membership_sample) draws
// plus the news.

#include <algorithm> // min
#include <cstddef>
#include <cstdint>
#include <vector>

#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/writer.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/membership/member.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/random.hpp" // uniform_below

namespace hearsay {

/// Says which member list a members message carries.
enum class member_list : std::uint8_t {
    sample, ///< the news still being announced, then membership_sample random members
    welcome ///< the same with four times the sample, for a newcomer
};

/// Writes and reads members messages: member news first, then samples of the table.
template <class Address> class member_gossip {
  public:
    using member_type = member<Address>;

    explicit member_gossip(const gossip_config& config)
        : sample_(config.membership_sample), k_(config.rumor_k) {}

    /// Returns how many times to announce one member's news in a table of `members`: rumor_k
    /// times the rounds push needs to reach everyone.
    std::uint32_t announce_budget(std::size_t members) const {
        std::uint32_t rounds = 1;
        for (std::size_t n = members + 1; n > 1; n >>= 1)
            ++rounds;
        return static_cast<std::uint32_t>(k_) * rounds;
    }

    /// Sends `to` one members message: the news still being announced, taken from `announcing`
    /// (the addresses of members with news, oldest first, each sent to the back once looked
    /// at), then a random sample (as many as fit); nothing when there is nothing to list.
    template <class Context, class Table, class Queue>
    void send(Context& ctx, Table& table, Queue& announcing, const Address& to, member_list list) {
        const std::size_t n = table.size();
        const std::size_t room = ctx.out.entry_room();
        listed_.clear();
        std::size_t size = 0;
        auto add = [&](std::size_t i) {
            const member_type& m = table.at(i);
            if (m.address == to || m.id == 0 || !table.verified(i))
                return true; // a node vouches only for members it verified
            writer counting;
            detail::write_member(counting, m);
            if (size + counting.size() > room)
                return false;
            size += counting.size();
            listed_.push_back(i);
            return true;
        };
        // News first, but never more than a sample's worth, so that a burst of news costs a
        // bounded datagram per round; looks at no more than 4 x that many queued members.
        std::size_t news = 0;
        for (std::size_t looked = 0; looked < 4 * sample_ && news < sample_ && !announcing.empty();
             ++looked) {
            const Address address = announcing.front();
            announcing.pop_front();
            const std::size_t i = table.find(address);
            if (i == n || table.announcements(i) == 0)
                continue; // its news is spread, or it is gone: out of the queue
            announcing.push_back(address);
            if (!add(i))
                break;
            --table.announcements(i);
            ++news;
        }
        const std::size_t draws =
            std::min(n, sample_ * (list == member_list::welcome ? std::size_t{4} : 1));
        for (std::size_t d = 0; d < draws; ++d)
            if (!add(static_cast<std::size_t>(uniform_below(ctx.random, n))))
                break;
        if (listed_.empty())
            return;
        ctx.emit(to, message_kind::members, [&](writer& w) {
            w.write_varint(listed_.size());
            for (std::size_t i : listed_)
                detail::write_member(w, table.at(i));
        });
    }

    /// Sends `to`, the open peer, a members message with `m` alone.
    template <class Context> void send_one(Context& ctx, const member_type& m, const Address& to) {
        ctx.emit(to, message_kind::members, [&](writer& w) {
            w.write_varint(1);
            detail::write_member(w, m);
        });
    }

    /// Decodes the body of a members message; false (the reason recorded in `in`) when it is
    /// malformed. The members are then in received().
    bool read(reader& in) { return detail::read_members(in, received_) && detail::read_end(in); }
    const std::vector<member_type>& received() const { return received_; }

  private:
    std::size_t sample_;
    std::size_t k_;
    // Scratch space reused across messages.
    std::vector<std::size_t> listed_;
    std::vector<member_type> received_;
};

} // namespace hearsay

#endif
