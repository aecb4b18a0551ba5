// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_DELTA_LOG_HPP
#define HEARSAY_GOSSIP_DELTA_LOG_HPP

// delta_log: the deltas a node still has to spread, numbered in arrival order.
//
// Each local delta, and each received delta that changed the state, is
// appended already encoded (so a send is a copy, not an encode) under the next
// sequence number; the numbers held are contiguous from oldest_seq() to
// newest_seq(). Each entry is also a rumor (rumor.hpp). Peers acknowledge
// intervals of sequence numbers, so what a peer lacks is the interval past its
// acknowledgement, as long as the log still holds it (Almeida et al. 2018,
// delta-interval anti-entropy); a peer that fell behind the oldest entry is
// repaired by a digest exchange instead.
//
// Bounds: at most capacity() entries; appending beyond it drops the oldest,
// acknowledged or not. Cold entries that every tracked peer acknowledged are
// dropped by drop_acknowledged. Cost: O(1) append and lookup by number.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility> // move
#include <vector>

#include "hearsay/gossip/rumor.hpp"

namespace hearsay {

/// Holds encoded deltas under contiguous sequence numbers, each with its rumor state.
class delta_log {
  public:
    struct entry {
        std::uint64_t seq = 0;
        std::vector<std::byte> bytes; ///< the delta's encoding, without message header
        rumor_state rumor;
    };

    /// Makes an empty log holding at most `capacity` (>= 1) entries.
    explicit delta_log(std::size_t capacity = 256) : capacity_(capacity) {}

    /// Appends an encoded delta; returns true when the oldest entry was dropped to make room.
    bool append(std::vector<std::byte> bytes, rumor_heat heat) {
        entries_.push_back(entry{next_++, std::move(bytes), rumor_state{heat, 0}});
        if (entries_.size() <= capacity_)
            return false;
        entries_.pop_front();
        return true;
    }

    /// Drops the oldest cold entries numbered up to `floor` (all peers acknowledged them).
    void drop_acknowledged(std::uint64_t floor) {
        while (!entries_.empty() && !entries_.front().rumor.hot() && entries_.front().seq <= floor)
            entries_.pop_front();
    }

    std::size_t capacity() const { return capacity_; }
    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }
    /// Returns the number of the oldest entry held (the next number when empty).
    std::uint64_t oldest_seq() const { return entries_.empty() ? next_ : entries_.front().seq; }
    /// Returns the number of the newest entry ever appended (0 before the first).
    std::uint64_t newest_seq() const { return next_ - 1; }

    /// Returns the entry numbered `seq`, or nullptr when it is not (or no longer) held.
    entry* find(std::uint64_t seq) {
        if (entries_.empty() || seq < oldest_seq() || seq > newest_seq())
            return nullptr;
        return &entries_[static_cast<std::size_t>(seq - oldest_seq())];
    }
    /// Tells whether every entry after `acked` is still held.
    bool holds_after(std::uint64_t acked) const { return acked + 1 >= oldest_seq(); }
    /// Tells whether some entry is still a hot rumor, pushed to random peers each round.
    bool has_hot_rumors() const {
        for (const auto& e : entries_)
            if (e.rumor.hot())
                return true;
        return false;
    }

    std::deque<entry>& entries() { return entries_; }
    const std::deque<entry>& entries() const { return entries_; }

  private:
    std::deque<entry> entries_;
    std::uint64_t next_ = 1;
    std::size_t capacity_;
};

} // namespace hearsay

#endif
