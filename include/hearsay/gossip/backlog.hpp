// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_BACKLOG_HPP
#define HEARSAY_GOSSIP_BACKLOG_HPP

// backlog: messages from senders that have not shown their token yet.
//
// An engine answers a message without the right token with its token only
// (no amplification) and keeps the message here; when the sender shows the
// token, one round trip later, the engine handles what it kept as verified.
// So a first contact costs one round trip, not a lost exchange. The backlog
// holds at most `capacity` bytes: keeping a message evicts the oldest ones
// that no longer fit, so a flood of spoofed datagrams costs bounded memory and
// only delays honest first contacts (their rounds send again). Cost: O(entries)
// to take a sender's messages; entries are few (bytes are capped).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility> // move
#include <vector>

#include "hearsay/core/bytes_view.hpp"

namespace hearsay {

/// Keeps, within a byte budget, the messages of senders that have yet to show their token.
template <class Address> class backlog {
  public:
    explicit backlog(std::size_t capacity) : capacity_(capacity) {}

    /// Keeps a copy of `bytes` from `from`; false (kept nothing) when it alone exceeds the
    /// capacity. Older messages are evicted as needed.
    bool keep(const Address& from, bytes_view bytes) {
        if (bytes.size() > capacity_)
            return false;
        while (held_ + bytes.size() > capacity_) {
            held_ -= entries_.front().bytes.size();
            entries_.pop_front();
        }
        entries_.push_back(entry{from, std::vector<std::byte>(bytes.begin(), bytes.end())});
        held_ += bytes.size();
        return true;
    }

    /// Removes the messages kept from `from` and calls `f(bytes_view)` for each, oldest first.
    template <class F> void take(const Address& from, F&& f) {
        if (entries_.empty())
            return;
        std::vector<std::vector<std::byte>> taken; // out of entries_ before f runs
        for (auto it = entries_.begin(); it != entries_.end();) {
            if (it->from == from) {
                held_ -= it->bytes.size();
                taken.push_back(std::move(it->bytes));
                it = entries_.erase(it);
            } else {
                ++it;
            }
        }
        for (const auto& bytes : taken)
            f(bytes_view(bytes.data(), bytes.size()));
    }

    std::size_t bytes_held() const { return held_; }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

  private:
    struct entry {
        Address from;
        std::vector<std::byte> bytes;
    };
    std::deque<entry> entries_;
    std::size_t held_ = 0;
    std::size_t capacity_;
};

} // namespace hearsay

#endif
