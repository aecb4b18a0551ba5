// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_TABLE_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_TABLE_HPP

// member_table: the members a node knows, and a slot per member for the layers
// above (the engine keeps its peer_sync there).
//
// Members are named by address; a seed (add_seed) starts with replica id 0 and
// gets its id from its first message. News about a member, heard directly (a
// message from it) or by gossip (a members message), is applied by precedence
// (member.hpp) and reported as a member_change, so the engine can call
// on_member_change and re-announce the news. Gossip never adds a member that is
// already gone (dead or left), and never overrides a member's id once known:
// only the member itself, by writing from its address, can show that a new
// replica took that address, and then its slot starts afresh. News that puts a
// known member's id at a new address counts only with a higher incarnation.
// The table holds at
// most `capacity` members: a newcomer to a full table takes the place of the
// member gone (dead or left) the longest, and is dropped when none is gone.
// A member gone for `forget_after` rounds is erased too (a seed the user gave
// stays: partitions heal through it). Otherwise only a member learnt by gossip
// that never showed a token is ever erased (erase_unverified). An erase moves
// the last member into its index.
// Cost: O(1) lookup by address (hash map); O(1) to draw a live member (the
// live list, member_index.hpp); O(1) amortised to make room in a full table or
// forget the long-gone (the departure queue); live() skips gone members as it
// iterates, in table order.

#include <cstddef>
#include <cstdint>
#include <functional> // hash
#include <iterator>   // forward_iterator_tag
#include <limits>
#include <unordered_map>
#include <vector>

#include "hearsay/gossip/membership/member.hpp"
#include "hearsay/gossip/membership/member_index.hpp"

namespace hearsay {

/// Says what applying news about a member did.
enum class member_news : std::uint8_t { none, added, changed };

/// Reports what applying news did, and the member's status before it.
struct member_change {
    member_news news = member_news::none;
    member_status old_status = member_status::alive; ///< for `added`: the new status itself
};

/// Iterates the live members (alive or suspect) of a member vector, in table order.
template <class Member> class live_member_range {
  public:
    class iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Member;
        using difference_type = std::ptrdiff_t;
        using pointer = const Member*;
        using reference = const Member&;

        iterator(const Member* at, const Member* end) : at_(at), end_(end) { skip(); }
        reference operator*() const { return *at_; }
        pointer operator->() const { return at_; }
        iterator& operator++() {
            ++at_;
            skip();
            return *this;
        }
        iterator operator++(int) {
            iterator before = *this;
            ++*this;
            return before;
        }
        friend bool operator==(const iterator& a, const iterator& b) { return a.at_ == b.at_; }
        friend bool operator!=(const iterator& a, const iterator& b) { return a.at_ != b.at_; }

      private:
        void skip() {
            while (at_ != end_ && !is_live(at_->status))
                ++at_;
        }
        const Member* at_;
        const Member* end_;
    };

    explicit live_member_range(const std::vector<Member>& all) : all_(&all) {}
    iterator begin() const { return {all_->data(), all_->data() + all_->size()}; }
    iterator end() const {
        const Member* e = all_->data() + all_->size();
        return {e, e};
    }
    bool empty() const { return begin() == end(); }

  private:
    const std::vector<Member>* all_;
};

/// Keeps the member table and, beside each member, a `Slot` for the layers above.
template <class Address, class Slot> class member_table {
  public:
    using member_type = member<Address>;

    /// Makes an empty table of at most `capacity` members, that forgets a member gone (dead or
    /// left) for `forget_after` rounds.
    explicit member_table(std::size_t capacity = 65536,
                          std::uint64_t forget_after = std::numeric_limits<std::uint64_t>::max())
        : capacity_(capacity), forget_after_(forget_after) {}

    const std::vector<member_type>& members() const { return members_; }
    live_member_range<member_type> live() const { return live_member_range<member_type>(members_); }
    /// Returns the live members (alive or suspect) as a random-access range, in no particular
    /// order: what rounds draw from.
    live_view<member_type> live_members() const { return {members_, live_}; }
    /// Returns the rows of the gone members, oldest departure first (stale entries included).
    const departure_queue<Address>& departures() const { return departures_; }
    std::size_t size() const { return members_.size(); }
    const member_type& at(std::size_t i) const { return members_[i]; }
    Slot& slot(std::size_t i) { return rows_[i].slot; }
    /// Returns the token member i gave this node (0 when none yet), for the messages sent to it.
    std::uint64_t& token(std::size_t i) { return rows_[i].token; }
    std::uint64_t token(std::size_t i) const { return rows_[i].token; }
    /// Tells whether member i showed this node's token: it receives at its address.
    bool verified(std::size_t i) const { return rows_[i].verified; }
    /// Tells whether rounds may contact member i: verified, or a seed the user gave.
    bool contactable(std::size_t i) const { return rows_[i].verified || rows_[i].seed; }
    /// Tells whether this node's own probe made member i suspect at its current incarnation.
    bool accused(std::size_t i) const { return rows_[i].accused; }
    /// Records that this node's own probe failed member i, a suspect.
    void accuse(std::size_t i) { rows_[i].accused = true; }
    /// Returns how many token messages member i was sent without answering.
    std::uint32_t& unanswered(std::size_t i) { return rows_[i].unanswered; }

    /// Erases member i, learnt by gossip and never verified; the last member takes index i.
    void erase_unverified(std::size_t i) { erase(i); }

    /// Ends a round: erases the members gone for `forget_after` rounds, but seeds, which wait
    /// for another period. O(1) amortised.
    void round_done() {
        ++round_;
        while (departures_.size() > 0) {
            const auto d = departures_.oldest();
            const std::size_t i = current(d);
            if (i != members_.size() && round_ - d.round < forget_after_)
                return;
            departures_.pop();
            if (i == members_.size())
                continue; // it came back, or was erased
            if (rows_[i].seed)
                push_departure(i, d.stamp);
            else
                erase(i);
        }
    }

  private:
    // Returns the index of the member departure d is about, or size() when d is stale.
    std::size_t current(const typename departure_queue<Address>::departure& d) const {
        const std::size_t i = find(d.address);
        if (i == members_.size() || is_live(members_[i].status) || rows_[i].gone_since != d.stamp)
            return members_.size();
        return i;
    }
    void push_departure(std::size_t i, std::uint64_t stamp) {
        departures_.push(members_[i].address, stamp, round_, members_.size(),
                         [&](const auto& d) { return current(d) != members_.size(); });
    }

    // Makes room in a full table: erases the member gone (dead or left) the longest, if any.
    bool evict_longest_gone() {
        while (departures_.size() > 0) {
            const std::size_t i = current(departures_.oldest());
            departures_.pop();
            if (i != members_.size()) {
                erase(i);
                return true;
            }
        }
        return false;
    }

    // Sets member i's status, and keeps the live list and the departures in step.
    void set_status(std::size_t i, member_status status) {
        const member_status old = members_[i].status;
        members_[i].status = status;
        rows_[i].accused = false;
        if (is_live(status))
            live_.insert(i);
        else if (is_live(old))
            depart(i);
    }
    void depart(std::size_t i) {
        live_.remove(i);
        rows_[i].gone_since = ++departed_;
        push_departure(i, rows_[i].gone_since);
    }

    // Gives member i the id `id`, and remembers where that id lives.
    void name(std::size_t i, std::uint64_t id) {
        forget_id(i);
        members_[i].id = id;
        if (id != 0)
            addresses_[id] = members_[i].address;
    }
    void forget_id(std::size_t i) {
        auto at = addresses_.find(members_[i].id);
        if (at != addresses_.end() && at->second == members_[i].address)
            addresses_.erase(at);
    }

    void erase(std::size_t i) {
        const std::size_t last = members_.size() - 1;
        forget_id(i);
        live_.row_erased(i, last);
        index_.erase(members_[i].address);
        if (i != last) {
            members_[i] = std::move(members_[last]);
            rows_[i] = std::move(rows_[last]);
            index_[members_[i].address] = i;
        }
        members_.pop_back();
        rows_.pop_back();
    }

  public:
    /// Returns the index of the member at `address`, or size() when unknown.
    std::size_t find(const Address& address) const {
        auto it = index_.find(address);
        return it == index_.end() ? members_.size() : it->second;
    }

    /// Adds a seed known only by its address; a known address is revived if it was removed.
    member_change add_seed(const Address& address) {
        std::size_t i = find(address);
        if (i == members_.size()) {
            const member_change change = add(address, 0, member_status::alive, 0);
            if (change.news == member_news::added)
                rows_.back().seed = true;
            return change;
        }
        rows_[i].seed = true;
        member_type& m = members_[i];
        if (m.status != member_status::dead)
            return {};
        set_status(i, member_status::alive);
        ++m.incarnation; // outranks the dead news it overrides
        return {member_news::changed, member_status::dead};
    }

    /// Records that `address` sent a verified message as replica `id`.
    member_change heard_from(const Address& address, std::uint64_t id) {
        const std::size_t i = find(address);
        if (i == members_.size()) {
            const member_change change = add(address, id, member_status::alive, 0);
            if (change.news == member_news::added)
                rows_.back().verified = true;
            return change;
        }
        member_type& m = members_[i];
        const member_status old = m.status;
        if (!rows_[i].verified && !rows_[i].seed) { // learnt by gossip: a member from now on
            rows_[i].verified = true;
            name(i, id);
            return {member_news::added, m.status};
        }
        rows_[i].verified = true;
        if (m.id == id)
            return {}; // gone members stay gone until they say otherwise
        if (m.id == 0 && m.status != member_status::dead) {
            name(i, id);
            return {member_news::changed, old};
        }
        // A different replica now writes from this address: a restart under a new id.
        forget_id(i);
        m = member_type{address, 0, old, 0};
        set_status(i, member_status::alive);
        name(i, id);
        rows_[i] = row{Slot{}, rows_[i].token, true, rows_[i].seed};
        return {member_news::changed, old};
    }

    /// Applies gossiped news about the member at `address`.
    member_change apply(const Address& address, std::uint64_t id, member_status status,
                        std::uint64_t incarnation) {
        const std::size_t i = find(address);
        if (i == members_.size()) {
            if (!is_live(status) || id == 0 || !plausible_incarnation(incarnation, 0))
                return {};
            // A member known at another address moves only with a higher incarnation: news
            // cannot give a member's id a second address at will.
            auto known = addresses_.find(id);
            if (known != addresses_.end()) {
                const std::size_t j = find(known->second);
                if (j != members_.size() && members_[j].incarnation >= incarnation)
                    return {};
            }
            return add(address, id, status, incarnation);
        }
        member_type& m = members_[i];
        if ((m.id != id && m.id != 0) || !plausible_incarnation(incarnation, m.incarnation))
            return {};
        if (m.id == id && !supersedes(status, incarnation, m.status, m.incarnation))
            return {};
        const member_status old = m.status;
        if (m.id != id)
            name(i, id);
        m.incarnation = incarnation;
        rows_[i].accused = false;
        if (status != old)
            set_status(i, status);
        return {member_news::changed, old};
    }

  private:
    member_change add(const Address& address, std::uint64_t id, member_status status,
                      std::uint64_t incarnation) {
        if (members_.size() >= capacity_ && !evict_longest_gone())
            return {};
        index_.emplace(address, members_.size());
        members_.push_back(member_type{address, 0, status, incarnation});
        rows_.emplace_back();
        live_.row_added();
        if (is_live(status))
            live_.insert(members_.size() - 1);
        else
            depart(members_.size() - 1);
        name(members_.size() - 1, id);
        return {member_news::added, status};
    }

    std::vector<member_type> members_;
    struct row {
        Slot slot{};
        std::uint64_t token = 0;      // the token it gave us
        bool verified = false;        // it showed our token
        bool seed = false;            // the user gave its address
        std::uint32_t unanswered = 0; // token messages sent it that it did not answer
        bool accused = false;         // suspect by this node's own probe, at its incarnation
        std::uint64_t gone_since = 0; // its departure's stamp, while dead or left
    };
    std::size_t capacity_;
    std::uint64_t forget_after_; // rounds a gone member stays
    std::uint64_t round_ = 0;
    std::uint64_t departed_ = 0; // members gone so far: stamps each departure
    std::vector<row> rows_;      // beside members_, index for index
    live_list live_;
    departure_queue<Address> departures_;
    std::unordered_map<Address, std::size_t> index_;
    std::unordered_map<std::uint64_t, Address> addresses_; // where each known id lives
};

} // namespace hearsay

#endif
