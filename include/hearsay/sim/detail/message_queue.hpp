// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_DETAIL_MESSAGE_QUEUE_HPP
#define HEARSAY_SIM_DETAIL_MESSAGE_QUEUE_HPP

// message_queue: the copies a sim::network holds in flight, released in
// (due time, sequence number) order.
//
// Payload bytes live in one arena, stored once per send even when the send
// makes two copies; a copy refers to them by offset. Zero-delay copies go to a
// FIFO (their due times never decrease, since send times never do), delayed
// ones to a binary min-heap, and pop_due() merges the two heads, so the common
// no-delay case costs no heap operation. recycle() empties the arena when the
// queue drains and compacts it when most of it is dead, so a long run reuses
// the same memory. Nothing is allocated per message once the buffers have grown.

#include <algorithm> // push_heap, pop_heap
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "hearsay/clock/manual_clock.hpp"
#include "hearsay/core/bytes_view.hpp"

namespace hearsay::sim::detail {

/// Describes one queued copy of a message.
struct queued_message {
    manual_clock::time_point due{}; ///< when it may be delivered
    std::uint64_t seq = 0;          ///< unique, increasing with send order: breaks due-time ties
    std::size_t offset = 0;         ///< where its payload starts in the arena
    std::size_t size = 0;           ///< payload bytes
    std::uint32_t from = 0;         ///< sender's node index
    std::uint32_t to = 0;           ///< receiver's node index
    std::uint32_t from_epoch = 0;   ///< sender's crash count at send
    std::uint32_t to_epoch = 0;     ///< receiver's crash count at send
};

/// Holds in-flight copies and their payload bytes, releasing them in (due, seq) order.
class message_queue {
  public:
    using time_point = manual_clock::time_point;

    /// Copies payload into the arena and returns its offset.
    std::size_t store(bytes_view payload) {
        const std::size_t offset = arena_.size();
        arena_.insert(arena_.end(), payload.data(), payload.data() + payload.size());
        return offset;
    }

    /// Queues a copy whose payload store() placed; `delayed` must be false only when its due time
    /// is its send time (so FIFO order is due order).
    void push(const queued_message& m, bool delayed) {
        live_bytes_ += m.size;
        if (delayed) {
            heap_.push_back(m);
            std::push_heap(heap_.begin(), heap_.end(), later);
        } else {
            fifo_.push_back(m);
        }
    }

    /// Removes the earliest copy due at or before now into `out`; returns false if none is due.
    bool pop_due(time_point now, queued_message& out) {
        const bool fifo = head_ < fifo_.size() && fifo_[head_].due <= now;
        const bool heap = !heap_.empty() && heap_.front().due <= now;
        if (fifo && (!heap || later(heap_.front(), fifo_[head_]))) {
            out = fifo_[head_++];
        } else if (heap) {
            std::pop_heap(heap_.begin(), heap_.end(), later);
            out = heap_.back();
            heap_.pop_back();
        } else {
            return false;
        }
        live_bytes_ -= out.size;
        return true;
    }

    /// Tells whether a copy is due at or before now.
    bool has_due(time_point now) const noexcept {
        return (head_ < fifo_.size() && fifo_[head_].due <= now) ||
               (!heap_.empty() && heap_.front().due <= now);
    }

    /// Returns the payload of a copy, valid until the next store() or recycle().
    bytes_view payload(const queued_message& m) const noexcept {
        return bytes_view(arena_.data() + m.offset, m.size);
    }

    /// Returns the number of queued copies.
    std::size_t size() const noexcept { return fifo_.size() - head_ + heap_.size(); }

    /// Returns the due time of the earliest queued copy, if any.
    std::optional<time_point> next_due() const noexcept {
        std::optional<time_point> due;
        if (head_ < fifo_.size()) {
            due = fifo_[head_].due;
        }
        if (!heap_.empty() && (!due || heap_.front().due < *due)) {
            due = heap_.front().due;
        }
        return due;
    }

    /// Reclaims consumed FIFO slots and dead arena bytes; invalidates payload views.
    void recycle() {
        if (head_ == fifo_.size()) {
            fifo_.clear();
            head_ = 0;
        } else if (head_ * 2 >= fifo_.size()) { // amortised: each entry moves O(1) times
            fifo_.erase(fifo_.begin(), fifo_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
        if (fifo_.empty() && heap_.empty()) {
            arena_.clear();
            live_bytes_ = 0;
        } else if (arena_.size() > compact_threshold && live_bytes_ * 2 < arena_.size()) {
            compact();
        }
    }

  private:
    // The arena is compacted only past this size, and only when mostly dead.
    static constexpr std::size_t compact_threshold = std::size_t{1} << 16U;

    static bool later(const queued_message& a, const queued_message& b) noexcept {
        return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }

    // Copies the live payloads into the spare arena and swaps the two: both keep their capacity,
    // so a long run stops allocating.
    void compact() {
        spare_.clear();
        const auto move_payload = [&](queued_message& m) {
            const std::size_t offset = spare_.size();
            const bytes_view bytes = payload(m);
            spare_.insert(spare_.end(), bytes.data(), bytes.data() + bytes.size());
            m.offset = offset;
        };
        for (std::size_t i = head_; i < fifo_.size(); ++i) {
            move_payload(fifo_[i]);
        }
        for (auto& m : heap_) {
            move_payload(m); // offsets do not take part in the heap order
        }
        arena_.swap(spare_);
    }

    std::vector<std::byte> arena_;
    std::vector<std::byte> spare_;
    std::size_t live_bytes_ = 0; // per copy: a duplicated payload counts twice
    std::vector<queued_message> fifo_;
    std::size_t head_ = 0;
    std::vector<queued_message> heap_;
};

} // namespace hearsay::sim::detail

#endif // HEARSAY_SIM_DETAIL_MESSAGE_QUEUE_HPP
