// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_INDEX_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_MEMBER_INDEX_HPP

// The lists a member table keeps beside its rows, so that a round costs
// O(fanout) whatever the table holds:
//   live_list        the rows of live members (alive or suspect), indexable:
//                    a uniform draw is one random number; O(1) to add or
//                    remove a row (swap with the last), O(1) when the table
//                    moves a row.
//   departure_queue  the members gone (dead or left), oldest departure first,
//                    so that making room or forgetting the long-gone costs
//                    O(1) amortised. Entries are checked when popped: one whose
//                    member came back, or was erased, is skipped.
//   live_view        what a PeerSelection policy sees: the live members as a
//                    random-access range, in no particular order.
// The table must tell each list of every change of status and every erase.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

namespace hearsay {

/// Keeps the table indices of the live members, each with its position in the list.
class live_list {
  public:
    /// Returns how many members are live.
    std::size_t size() const { return live_.size(); }
    /// Returns the table index of the k-th live member (k < size()).
    std::size_t operator[](std::size_t k) const { return live_[k]; }
    /// Tells whether row i is in the list.
    bool contains(std::size_t i) const { return i < where_.size() && where_[i] != none; }

    /// Makes room for a row appended to the table, not live yet.
    void row_added() { where_.push_back(none); }
    /// Adds row i; nothing when it is in the list already.
    void insert(std::size_t i) {
        if (contains(i))
            return;
        where_[i] = live_.size();
        live_.push_back(i);
    }
    /// Removes row i; nothing when it is not in the list.
    void remove(std::size_t i) {
        if (!contains(i))
            return;
        const std::size_t k = where_[i];
        live_[k] = live_.back();
        where_[live_[k]] = k;
        live_.pop_back();
        where_[i] = none;
    }
    /// Follows the table erasing row i by moving its last row, `last`, into i.
    void row_erased(std::size_t i, std::size_t last) {
        remove(i);
        if (i != last) {
            where_[i] = where_[last];
            if (where_[i] != none)
                live_[where_[i]] = i;
        }
        where_.pop_back();
    }

  private:
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> live_;  // table indices
    std::vector<std::size_t> where_; // per row: its position in live_, or none
};

/// Queues the departures of members, oldest first.
template <class Address> class departure_queue {
  public:
    struct departure {
        Address address;
        std::uint64_t stamp; // unique per departure: tells a stale entry from a current one
        std::uint64_t round; // when it went
    };

    std::size_t size() const { return queue_.size(); }
    auto begin() const { return queue_.begin(); }
    auto end() const { return queue_.end(); }
    /// Returns the oldest departure (the queue is not empty).
    const departure& oldest() const { return queue_.front(); }
    void pop() { queue_.pop_front(); }
    /// Records that the member at `address` went at `round`, as departure `stamp`; when stale
    /// entries outnumber the table's rows (`rows`), drops those `current(d)` disowns.
    template <class Current>
    void push(const Address& address, std::uint64_t stamp, std::uint64_t round, std::size_t rows,
              Current&& current) {
        queue_.push_back({address, stamp, round});
        if (queue_.size() <= 2 * rows + 16)
            return;
        std::deque<departure> kept;
        for (const departure& d : queue_)
            if (current(d))
                kept.push_back(d);
        queue_.swap(kept);
    }

  private:
    std::deque<departure> queue_;
};

/// Shows the live members of a table to a PeerSelection policy: a random-access range of
/// members (address, id, status, incarnation), in no particular order; O(1) per access.
template <class Member> class live_view {
  public:
    live_view(const std::vector<Member>& members, const live_list& live)
        : members_(&members), live_(&live) {}
    std::size_t size() const { return live_->size(); }
    bool empty() const { return live_->size() == 0; }
    /// Returns the k-th live member (k < size()).
    const Member& operator[](std::size_t k) const { return (*members_)[(*live_)[k]]; }
    /// Returns the table index of the k-th live member.
    std::size_t index(std::size_t k) const { return (*live_)[k]; }

  private:
    const std::vector<Member>* members_;
    const live_list* live_;
};

} // namespace hearsay

#endif
