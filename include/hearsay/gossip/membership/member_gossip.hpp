// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_GOSSIP_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_GOSSIP_HPP

// member_gossip: the members messages by which members learn of each other.
//
// News about a member (discovered, left, removed) is announced
// rumor_k x log2(n) times, the rounds push needs to reach everyone
// (news_queue.hpp keeps the order), in `members` messages with a random sample
// of the table besides; a newcomer is welcomed with a larger sample. A round
// sends one members message with a sample, and while there is news, the news
// alone to its other peers (as memberlist's gossip does to each of its
// GossipNodes): a death spreads with the fanout, and an idle cluster sends no
// more. Each message stays within the payload budget, so a burst of news (a
// cluster starting) drains over the next rounds at a bounded cost. Cost per message:
// O(membership_sample) draws plus the news.

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
    sample,  ///< the news still being announced, then membership_sample random members
    welcome, ///< the same with four times the sample, for a newcomer
    news     ///< the news alone: for a round's other peers, while there is news
};

/// Writes and reads members messages: member news first, then samples of the table.
template <class Address> class member_gossip {
  public:
    using member_type = member<Address>;
    using news_type = detail::member_news_entry<Address>;

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

    /// Returns how many news a members message carries at most: a sample's worth, so that a
    /// burst of news costs a bounded datagram per round.
    std::size_t news_per_message() const { return sample_; }

    /// Sends `to` one members message: `news` (picked by the caller, within entry_room()), then
    /// a random sample of the table (as many as fit); nothing when there is nothing to list.
    template <class Context, class Table>
    void send(Context& ctx, Table& table, const Address& to, member_list list,
              const std::vector<news_type>& news) {
        const std::size_t n = table.size();
        const std::size_t room = ctx.out.entry_room();
        listed_.clear();
        std::size_t size = 0;
        for (const news_type& m : news) {
            writer counting;
            detail::write_member(counting, m);
            size += counting.size();
        }
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
        const std::size_t per_list[] = {sample_, 4 * sample_, 0};
        const std::size_t draws = std::min(n, per_list[static_cast<std::size_t>(list)]);
        for (std::size_t d = 0; d < draws; ++d)
            if (!add(static_cast<std::size_t>(uniform_below(ctx.random, n))))
                break;
        if (news.empty() && listed_.empty())
            return;
        ctx.emit(to, message_kind::members, [&](writer& w) {
            w.write_varint(news.size() + listed_.size());
            for (const news_type& m : news)
                detail::write_member(w, m);
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
    const std::vector<news_type>& received() const { return received_; }

  private:
    std::size_t sample_;
    std::size_t k_;
    // Scratch space reused across messages.
    std::vector<std::size_t> listed_;
    std::vector<news_type> received_;
};

} // namespace hearsay

#endif
