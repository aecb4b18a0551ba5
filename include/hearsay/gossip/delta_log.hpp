// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_DELTA_LOG_HPP
#define HEARSAY_GOSSIP_DELTA_LOG_HPP

// delta_log: the deltas a node still has to spread, numbered in arrival order.
//
// Each local delta, and each received delta that changed the state, is
// appended already encoded (so a send is a copy, not an encode) under the next
// sequence number; numbers are contiguous from front() to back(). An entry is
// also a rumor (Demers et al. 1987): hot while the node still pushes it to
// random peers, cold once the node has lost interest. Peers acknowledge
// intervals of sequence numbers, so what a peer lacks is the interval past its
// acknowledgement, as long as the log still holds it (Almeida et al. 2018,
// delta-interval anti-entropy); a peer that fell behind the front is repaired
// by a digest exchange instead. Cost: O(1) append and lookup by number.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility> // move
#include <vector>

namespace hearsay {

/// Holds encoded deltas under contiguous sequence numbers, each with its rumor state.
class delta_log {
  public:
    struct entry {
        std::uint64_t seq = 0;
        std::vector<std::byte> bytes; ///< the delta's encoding, without message header
        bool hot = true;
        std::uint32_t counted = 0; ///< transmissions counted against rumor_k
    };

    /// Appends an encoded delta, a hot rumor or not; returns its sequence number.
    std::uint64_t append(std::vector<std::byte> bytes, bool hot = true) {
        entries_.push_back(entry{next_, std::move(bytes), hot, 0});
        return next_++;
    }

    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }
    /// Returns the number of the oldest entry held (next number when empty).
    std::uint64_t front_seq() const { return entries_.empty() ? next_ : entries_.front().seq; }
    /// Returns the number of the newest entry ever appended (0 before the first).
    std::uint64_t head() const { return next_ - 1; }

    /// Returns the entry numbered `seq`, or nullptr when it is not (or no longer) held.
    entry* find(std::uint64_t seq) {
        if (entries_.empty() || seq < front_seq() || seq > head())
            return nullptr;
        return &entries_[static_cast<std::size_t>(seq - front_seq())];
    }
    /// Tells whether every entry after `acked` is still held.
    bool holds_after(std::uint64_t acked) const { return acked + 1 >= front_seq(); }

    std::deque<entry>& entries() { return entries_; }
    const std::deque<entry>& entries() const { return entries_; }

    /// Drops the oldest entry.
    void pop_front() { entries_.pop_front(); }

  private:
    std::deque<entry> entries_;
    std::uint64_t next_ = 1;
};

} // namespace hearsay

#endif
