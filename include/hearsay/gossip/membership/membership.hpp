// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_MEMBERSHIP_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_MEMBERSHIP_HPP

// membership: who is in the cluster, as this node knows it, and how it learns.
//
// It owns the member table (member_table.hpp), the members messages
// (member_gossip.hpp), the address tokens (address_tokens.hpp) and this
// node's own standing (its incarnation, whether it left). Only a verified
// message (one whose header holds this node's token for its source address)
// changes membership: its sender becomes a verified member and a newcomer is
// welcomed; members and leave messages are applied only when verified.
// Addresses learnt by gossip are sent a token message, and become round
// targets only once they answer it. Every change is queued for the engine's
// on_member_change callbacks (change_feed.hpp), which deliver_news() runs at
// the end of each call, and for failure detection (failure_detector.hpp),
// which the engine runs beside it. Cost: O(1) and one hash per message heard, plus what
// member_gossip sends.

#include <cstddef>
#include <cstdint>
#include <utility> // move, pair
#include <vector>

#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/writer.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/membership/address_tokens.hpp"
#include "hearsay/gossip/membership/change_feed.hpp"
#include "hearsay/gossip/membership/member.hpp"
#include "hearsay/gossip/membership/member_gossip.hpp"
#include "hearsay/gossip/membership/member_table.hpp"
#include "hearsay/gossip/membership/news_queue.hpp"
#include "hearsay/gossip/membership/own_standing.hpp"
#include "hearsay/gossip/messages.hpp"

namespace hearsay {

/// Says whether a message's header held this node's token for its source address.
enum class sender_check : std::uint8_t {
    unverified, ///< a first contact, or a spoofed address: changes no membership
    verified    ///< the sender receives at its address
};

/// Keeps the members of the cluster and a `Slot` of the engine's beside each.
template <class Address, class Slot> class membership {
  public:
    using member_type = member<Address>;
    /// A change to report: the member as it is now, and its status before.
    using news_type = std::pair<member_type, member_status>;

    /// Makes an empty membership for node `self`, whose address tokens use the key (key0, key1).
    membership(std::uint64_t self, const gossip_config& config, std::uint64_t key0,
               std::uint64_t key1)
        : self_(self), table_(config.max_members, retention_rounds(config)), gossip_(config),
          tokens_(key0, key1), telling_(config.max_members + 1) {}

    // Queries.

    std::uint64_t self() const { return self_; }
    const member_table<Address, Slot>& table() const { return table_; }
    const std::vector<member_type>& members() const { return table_.members(); }
    live_member_range<member_type> live() const { return table_.live(); }
    /// Tells whether this node has left the cluster.
    bool left() const { return own_.left(); }
    /// Returns this node's incarnation.
    std::uint64_t incarnation() const { return own_.incarnation(); }

    // Commands.

    /// Adds a seed known only by its address, or revives one that was removed.
    void add_seed(const Address& address) {
        announce(table_.add_seed(address), table_.find(address));
    }
    /// Marks the member at `address` dead here; the news spreads with the next rounds.
    void remove(const Address& address) {
        const std::size_t i = table_.find(address);
        if (i == table_.size())
            return;
        const member_type& m = table_.at(i);
        announce(table_.apply(address, m.id, member_status::dead, m.incarnation), i);
    }
    /// Marks member i `status` (suspect or dead) at its incarnation, for failure detection;
    /// returns whether that changed it (news of a higher incarnation may have come first).
    bool mark(std::size_t i, member_status status) {
        const member_type& m = table_.at(i);
        const member_change change = table_.apply(m.address, m.id, status, m.incarnation);
        announce(change, i);
        if (status == member_status::suspect && table_.at(i).status == member_status::suspect &&
            !table_.accused(i)) {
            // This node's own probe failed it: news of that counts as an independent
            // confirmation elsewhere (Lifeguard), so it is told even if heard of before.
            table_.accuse(i);
            if (change.news == member_news::none)
                telling_.push(table_.at(i).address, gossip_.announce_budget(table_.size()), true);
        }
        return change.news != member_news::none;
    }
    /// Tells member i what this node believes of it, so that it can refute a suspicion.
    template <class Context> void tell(Context& ctx, std::size_t i) {
        if (table_.verified(i))
            gossip_.send_one(ctx, table_.at(i), table_.at(i).address);
    }
    /// A suspicion's last call, a probe period before member i is declared dead: tells i what is
    /// said of it (alive, it answers with its refutation), and tells the suspicion again first,
    /// so that members that heard a refutation this node missed answer with it.
    template <class Context> void last_call(Context& ctx, std::size_t i) {
        if (table_.verified(i)) {
            ctx.out.open(table_.at(i).address, table_.token(i));
            tell(ctx, i);
        }
        telling_.push(table_.at(i).address, gossip_.announce_budget(table_.size()), true);
    }
    /// Returns the reports of suspicion heard since they were last cleared: (suspect, reporter).
    std::vector<std::pair<Address, Address>>& suspect_reports() { return suspect_reports_; }
    /// One change of a member, for failure detection: kept apart from the callbacks' news,
    /// whose delivery a throwing callback may cut short.
    struct status_change {
        Address address;
        member_status status;
        bool probeable; ///< it may be probed from now on: a seed, or it showed our token
    };
    /// Returns the changes made since they were last cleared, oldest first.
    std::vector<status_change>& status_changes() { return status_changes_; }

    /// Announces this node's departure to every live member; nothing when it had left already.
    template <class Context> void leave(Context& ctx) {
        if (!own_.leave())
            return;
        const auto live = table_.live_members();
        for (std::size_t k = 0; k < live.size(); ++k) {
            const std::size_t i = live.index(k);
            const member_type& m = table_.at(i);
            if (!table_.contactable(i))
                continue;
            ctx.out.open(m.address, table_.token(i));
            ctx.emit(m.address, message_kind::leave,
                     [&](writer& w) { w.write_varint(own_.incarnation()); });
        }
    }
    /// Sends member i this round's members message (news, then a sample) if it is verified:
    /// the member list goes to members only.
    template <class Context> void send_sample(Context& ctx, std::size_t i) {
        if (!table_.verified(i))
            return;
        const Address to = table_.at(i).address;
        ctx.out.open(to, table_.token(i));
        gossip_.send(ctx, table_, to, member_list::sample,
                     pick_news(to, ctx.out.entry_room(), gossip_.news_per_message()));
    }
    /// Sends member i, another of the round's peers, the news still being told, if any and if it
    /// is verified.
    template <class Context> void send_news(Context& ctx, std::size_t i) {
        if (telling_.empty() || !table_.verified(i))
            return;
        const Address to = table_.at(i).address;
        ctx.out.open(to, table_.token(i));
        const auto& news = pick_news(to, ctx.out.entry_room(), gossip_.news_per_message());
        if (!news.empty())
            gossip_.send(ctx, table_, to, member_list::news, news);
    }
    /// Sends member i, learnt by gossip and not verified, a token message, its only message
    /// until it answers; false (and i is erased: an address nobody vouches for) when it left
    /// the earlier ones unanswered.
    template <class Context> bool probe(Context& ctx, std::size_t i) {
        if (table_.unanswered(i) >= max_unanswered) {
            table_.erase_unverified(i);
            return false;
        }
        ctx.out.open(table_.at(i).address, table_.token(i));
        send_token(ctx, table_.at(i).address);
        ++table_.unanswered(i);
        return true;
    }

    // Input.

    /// Tells whether `token`, from a message's header, is this node's token for `from`.
    sender_check check(const Address& from, std::uint64_t token) {
        return tokens_.verifies(from, token) ? sender_check::verified : sender_check::unverified;
    }
    /// Returns the token `address` gave this node, 0 when none (or not a member).
    std::uint64_t token_from(const Address& address) const {
        const std::size_t i = table_.find(address);
        return i == table_.size() ? 0 : table_.token(i);
    }
    /// Sends `to`, the open peer, this node's token for it.
    template <class Context> void send_token(Context& ctx, const Address& to) {
        const std::uint64_t yours = tokens_.token_for(to);
        ctx.emit(to, message_kind::token, [&](writer& w) { detail::write_hash(w, yours); });
    }
    /// Reads the body of a token message; false (the reason recorded in `in`) when malformed.
    static bool read_token(reader& in, std::uint64_t& yours) {
        return detail::read_hash(in, yours) && detail::read_end(in);
    }
    /// Keeps the token `from` gave this node, if `from` is a member (strangers cost no memory);
    /// returns whether it is new.
    bool keep_token(const Address& from, std::uint64_t yours) {
        const std::size_t i = table_.find(from);
        if (i == table_.size() || yours == 0 || table_.token(i) == yours)
            return false;
        table_.token(i) = yours;
        return true;
    }

    /// Handles the body of a token message of `size` bytes from `from`, replica `sender`;
    /// false (the reason recorded in `in`) when malformed. The token is kept if `from` is a
    /// member; an unverified sender gets ours, within 3x `size`, under a header that echoes
    /// its own, so that the answer verifies at once.
    template <class Context>
    bool on_token(Context& ctx, reader& in, const Address& from, std::uint64_t sender,
                  sender_check check, std::size_t size) {
        std::uint64_t yours = 0;
        if (!read_token(in, yours))
            return false;
        if (check == sender_check::verified) {
            ctx.out.open(from, yours);
            heard_from(ctx, from, sender); // may welcome it, under its fresh token
            // A new token means it kept messages of ours that lacked one: a verified answer
            // lets it handle them now.
            if (keep_token(from, yours))
                send_token(ctx, from);
            return true;
        }
        ++ctx.stats.unverified_messages;
        keep_token(from, yours);
        ctx.out.open(from, yours, 3 * size);
        send_token(ctx, from);
        return true;
    }

    /// Records a verified message from `from`, sent as replica `sender`; a newcomer is welcomed
    /// with the member list. Returns the sender's slot.
    template <class Context>
    Slot* heard_from(Context& ctx, const Address& from, std::uint64_t sender) {
        const std::size_t before = table_.find(from);
        const bool newcomer = before == table_.size(); // not even heard of
        const bool was_contactable = !newcomer && table_.contactable(before);
        const member_change change = table_.heard_from(from, sender);
        const std::size_t i = table_.find(from);
        if (i == table_.size())
            return nullptr; // the table is full
        announce(change, i);
        if (!was_contactable && change.news != member_news::added) // learnt by gossip, answered
            status_changes_.push_back({from, table_.at(i).status, true});
        if (newcomer && change.news == member_news::added && !own_.left())
            gossip_.send(ctx, table_, from, member_list::welcome,
                         pick_news(from, ctx.out.entry_room(), gossip_.news_per_message()));
        const member_status status = table_.at(i).status;
        if (status != member_status::alive)
            gossip_.send_one(ctx, table_.at(i), from); // it talks: let it refute
        return &table_.slot(i);
    }

    /// Handles the body of a verified members message from `from`; false (the reason recorded
    /// in `in`) when it is malformed. `heard()` is called once it proved valid.
    template <class Context, class Heard>
    bool on_members(Context& ctx, reader& in, const Address& from, Heard&& heard) {
        if (!gossip_.read(in))
            return false;
        heard();
        apply_news(ctx, from, gossip_.received());
        return true;
    }

    // Piggybacking (SWIM): probe messages carry member news too, so that news spreads with
    // the probes of every period as well as with the rounds.

    /// Picks, for a message to `to`, the news still being told that fits `room` bytes (at
    /// most `most` members), newest first (news_queue.hpp); each pick counts as one telling.
    /// Looks at no more than 4 x `most` news, whatever the table holds: a ping costs O(1).
    const std::vector<detail::member_news_entry<Address>>&
    pick_news(const Address& to, std::size_t room, std::size_t most = piggyback_max) {
        picked_.clear();
        std::size_t size = 0;
        telling_.pick(4 * most, [&](const Address& address) {
            const std::size_t i = table_.find(address);
            if (i == table_.size())
                return news_pick::dropped; // erased from the table
            // A node vouches only for members it verified or was given; news of a departure
            // may pass on regardless, as it never adds a member anywhere.
            const member_type& m = table_.at(i);
            if (m.address == to || m.id == 0 || (!table_.contactable(i) && is_live(m.status)))
                return news_pick::skipped;
            writer counting;
            detail::write_member(counting, m);
            if (size + counting.size() > room || picked_.size() == most)
                return news_pick::full;
            size += counting.size();
            picked_.emplace_back(m, table_.accused(i));
            return news_pick::told;
        });
        return picked_;
    }
    /// Reads the news a probe message carries; false (the reason recorded in `in`) when it is
    /// malformed.
    bool read_news(reader& in) { return detail::read_members(in, carried_); }
    /// Applies the news last read with read_news(), from `from`, a verified member.
    template <class Context> void apply_carried(Context& ctx, const Address& from) {
        apply_news(ctx, from, carried_);
    }

  private:
    static constexpr std::size_t piggyback_max = 8;

    // The rounds a gone member stays in the table: at least one.
    static std::uint64_t retention_rounds(const gossip_config& config) {
        const auto rounds = config.failure_detection.gone_retention / config.interval;
        return rounds < 1 ? 1 : static_cast<std::uint64_t>(rounds);
    }

    template <class Context>
    void apply_news(Context& ctx, const Address& from,
                    const std::vector<detail::member_news_entry<Address>>& news) {
        // A member new to us is announced (to others, and to the callbacks) once it answered a
        // round's token message: a node vouches only for members it verified.
        bool corrected = false;
        for (const auto& m : news) {
            if (m.id == self_) {
                refute(ctx, m, from, corrected);
                continue;
            }
            if (m.address == from)
                continue; // what a member says of itself comes in its own messages
            const member_change change = table_.apply(m.address, m.id, m.status, m.incarnation);
            if (change.news != member_news::added)
                announce(change, table_.find(m.address));
            const std::size_t i = table_.find(m.address);
            if (!corrected && change.news == member_news::none && i != table_.size() &&
                is_stale(m, table_.at(i)) && table_.contactable(i)) {
                // The sender missed newer news, most often a refutation: an epidemic leaves a
                // few nodes uninformed, and a suspicion they keep would end in a false death.
                // Once per message, so that a correction costs less than what prompted it.
                corrected = true;
                gossip_.send_one(ctx, table_.at(i), from);
            }
            if (m.accuses && i != table_.size() && table_.at(i).status == member_status::suspect &&
                table_.at(i).incarnation == m.incarnation &&
                suspect_reports_.size() < max_suspect_reports)
                suspect_reports_.emplace_back(m.address, from); // Lifeguard's confirmations
        }
    }

  public:
    /// Handles the body of a leave message from `from`, replica `sender`.
    template <class Heard>
    bool on_leave(reader& in, const Address& from, std::uint64_t sender, Heard&& heard) {
        std::uint64_t incarnation = 0;
        if (!in.read_varint(incarnation) || !detail::read_end(in))
            return false;
        heard();
        announce(table_.apply(from, sender, member_status::left, incarnation), table_.find(from));
        return true;
    }

    /// Handles the body of an alive message from `from`, replica `sender`: a refutation.
    template <class Heard>
    bool on_alive(reader& in, const Address& from, std::uint64_t sender, Heard&& heard) {
        std::uint64_t incarnation = 0;
        if (!in.read_varint(incarnation) || !detail::read_end(in))
            return false;
        heard();
        announce(table_.apply(from, sender, member_status::alive, incarnation), table_.find(from));
        return true;
    }

    /// Tells member i, a round's peer, that this node is alive, while a refutation is news.
    template <class Context> void send_alive(Context& ctx, std::size_t i) {
        if (!own_.telling_alive() || !table_.contactable(i))
            return;
        ctx.out.open(table_.at(i).address, table_.token(i));
        tell_alive(ctx, table_.at(i).address);
    }
    /// Tells `to`, the open peer, that this node is alive, while a refutation is news: probe
    /// traffic carries it too, as it cannot carry this node's own entry (only others know this
    /// node's address).
    template <class Context> void tell_alive(Context& ctx, const Address& to) {
        if (own_.telling_alive())
            ctx.emit(to, message_kind::alive,
                     [&](writer& w) { w.write_varint(own_.incarnation()); });
    }
    /// Counts down the rounds left to spread this node's refutation, and forgets the members
    /// gone for longer than config.failure_detection.gone_retention.
    void round_done() {
        own_.round_done();
        table_.round_done();
    }

    /// Calls `f(news)` for each change not yet delivered, oldest first (change_feed.hpp).
    template <class F> void deliver_news(F&& f) { news_.deliver(f); }

    /// Returns the round budget of the member at `address`, or nullptr when it is no member.
    auto* budget_of(const Address& address) {
        const std::size_t i = table_.find(address);
        return i == table_.size() ? nullptr : &table_.slot(i).budget;
    }

    /// Returns the engine's slot of member i.
    Slot& slot(std::size_t i) { return table_.slot(i); }

  private:
    // News about this node: refuted when it says suspect, dead or gone (own_standing.hpp).
    // News that this node is not alive is refuted, and answered with "alive" at the current
    // incarnation, once per message: when the news is older than it, its sender missed the
    // refutation.
    template <class Context>
    void refute(Context& ctx, const member_type& news, const Address& from, bool& corrected) {
        const bool refuted =
            own_.refute(news.status, news.incarnation, gossip_.announce_budget(table_.size()));
        if (refuted)
            ++ctx.stats.refutations;
        // The sender hears the refutation at once; the rest hear it by gossip.
        if ((refuted || (!own_.left() && news.status != member_status::alive &&
                         news.incarnation < own_.incarnation())) &&
            !corrected) {
            corrected = true;
            ctx.emit(from, message_kind::alive,
                     [&](writer& w) { w.write_varint(own_.incarnation()); });
        }
    }
    // Tells whether `news` about a member is older than what this node holds of it.
    static bool is_stale(const member_type& news, const member_type& held) {
        return news.id == held.id && held.id != 0 &&
               supersedes(held.status, held.incarnation, news.status, news.incarnation);
    }

    // Token messages a member learnt by gossip may leave unanswered before it is erased: each
    // costs about 20 bytes, against about 10 for its entry in the members message.
    static constexpr std::uint32_t max_unanswered = 2;

    // Spreads news about member i, and queues it for the callbacks.
    void announce(member_change change, std::size_t i) {
        if (change.news == member_news::none)
            return;
        // A suspicion, a departure or a refutation goes before news of a join or of an id.
        const member_status now = table_.at(i).status;
        const bool urgent = now != member_status::alive ||
                            (change.news != member_news::added && change.old_status != now);
        telling_.push(table_.at(i).address, gossip_.announce_budget(table_.size()), urgent);
        news_.push(table_.at(i), change.old_status);
        status_changes_.push_back({table_.at(i).address, table_.at(i).status,
                                   change.news == member_news::added && table_.contactable(i)});
    }

    std::uint64_t self_;
    member_table<Address, Slot> table_;
    member_gossip<Address> gossip_;
    address_tokens<Address> tokens_;
    own_standing own_;
    change_feed<news_type> news_;
    static constexpr std::size_t max_suspect_reports = 1024; // per message handled
    std::vector<std::pair<Address, Address>> suspect_reports_;
    std::vector<status_change> status_changes_;
    news_queue<Address> telling_;                             // members whose news is still told
    std::vector<detail::member_news_entry<Address>> picked_;  // news picked for one message
    std::vector<detail::member_news_entry<Address>> carried_; // news one probe message carried
};

} // namespace hearsay

#endif
