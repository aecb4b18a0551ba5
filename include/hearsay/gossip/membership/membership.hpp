#ifndef HEARSAY_GOSSIP_MEMBERSHIP_MEMBERSHIP_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_MEMBERSHIP_HPP

// membership: who is in the cluster, as this node knows it, and how it learns.
//
// It owns the member table (member_table.hpp), the members messages
// (member_gossip.hpp) and this node's own standing (its incarnation, whether
// it left). The engine tells it of every valid message (heard_from) and hands
// it the bodies of members and leave messages; it welcomes newcomers, spreads
// news, and queues every change for the engine's on_member_change callbacks,
// which take_news() hands over at the end of each call. Failure detection
// grows here. Cost: O(1) per message heard, plus what member_gossip sends.

#include <cstddef>
#include <cstdint>
#include <utility> // move, pair
#include <vector>

#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/writer.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/membership/member.hpp"
#include "hearsay/gossip/membership/member_gossip.hpp"
#include "hearsay/gossip/membership/member_table.hpp"
#include "hearsay/gossip/messages.hpp"

namespace hearsay {

/// Keeps the members of the cluster and a `Slot` of the engine's beside each.
template <class Address, class Slot> class membership {
  public:
    using member_type = member<Address>;
    /// A change to report: the member as it is now, and its status before.
    using news_type = std::pair<member_type, member_status>;

    membership(std::uint64_t self, const gossip_config& config) : self_(self), gossip_(config) {}

    // Queries.

    const member_table<Address, Slot>& table() const { return table_; }
    const std::vector<member_type>& members() const { return table_.members(); }
    live_member_range<member_type> live() const { return table_.live(); }
    /// Tells whether this node has left the cluster.
    bool left() const { return left_; }
    /// Returns this node's incarnation.
    std::uint64_t incarnation() const { return incarnation_; }

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
    /// Announces this node's departure to every live member; nothing when it had left already.
    template <class Context> void leave(Context& ctx) {
        if (left_)
            return;
        left_ = true;
        ++incarnation_; // outranks whatever was said of this node before
        for (const auto& m : table_.live())
            ctx.emit(m.address, message_kind::leave,
                     [&](writer& w) { w.write_varint(incarnation_); });
    }
    /// Sends `to` this round's members message: news, then a sample.
    template <class Context> void send_sample(Context& ctx, const Address& to) {
        gossip_.send(ctx, table_, to, member_list::sample);
    }

    // Input.

    /// Records a valid message from `from`, sent as replica `sender`; a newcomer is welcomed
    /// with the member list. Returns the sender's slot.
    template <class Context>
    Slot& heard_from(Context& ctx, const Address& from, std::uint64_t sender) {
        const member_change change = table_.heard_from(from, sender);
        const std::size_t i = table_.find(from);
        announce(change, i);
        if (change.news == member_news::added && !left_)
            gossip_.send(ctx, table_, from, member_list::welcome);
        return table_.slot(i);
    }

    /// Handles the body of a members message from `from`; false (the reason recorded in `in`)
    /// when it is malformed. `heard()` is called once it proved valid.
    template <class Heard> bool on_members(reader& in, const Address& from, Heard&& heard) {
        if (!gossip_.read(in))
            return false;
        heard();
        for (const auto& m : gossip_.received()) {
            if (m.id == self_ || m.address == from)
                continue; // news about ourselves is for failure detection to refute
            announce(table_.apply(m.address, m.id, m.status, m.incarnation),
                     table_.find(m.address));
        }
        return true;
    }

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

    /// Calls `f(news)` for each change not yet delivered, oldest first. A change made while
    /// `f` runs (by a callback's command) is delivered by the same call, after the others.
    template <class F> void deliver_news(F&& f) {
        if (delivering_)
            return;   // the call already delivering will get to it
        struct turn { // a callback that throws still ends this turn
            bool& delivering;
            std::vector<news_type>& batch;
            ~turn() {
                delivering = false;
                batch.clear();
            }
        };
        delivering_ = true;
        turn guard{delivering_, batch_};
        while (!news_.empty()) {
            batch_.swap(news_); // both keep their capacity: no allocation in steady operation
            for (const auto& n : batch_)
                f(n);
            batch_.clear();
        }
    }

    /// Returns the engine's slot of member i.
    Slot& slot(std::size_t i) { return table_.slot(i); }

  private:
    // Spreads news about member i, and queues it for the callbacks.
    void announce(member_change change, std::size_t i) {
        if (change.news == member_news::none)
            return;
        table_.announcements(i) = gossip_.announce_budget(table_.size());
        news_.emplace_back(table_.at(i), change.old_status);
    }

    std::uint64_t self_;
    member_table<Address, Slot> table_;
    member_gossip<Address> gossip_;
    bool left_ = false;
    std::uint64_t incarnation_ = 0;
    std::vector<news_type> news_;
    std::vector<news_type> batch_; // the news being delivered
    bool delivering_ = false;
};

} // namespace hearsay

#endif
