// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_BACKLOG_HPP
#define HEARSAY_GOSSIP_BACKLOG_HPP

// backlog: messages from senders that have not shown their token yet.
//
// An engine answers a message without the right token with its token only
// (no amplification) and keeps the message here; when the sender shows the
// token, one round trip later, the engine handles what it kept as verified.
// So a first contact costs one round trip, not a lost exchange. The backlog
// holds at most `capacity` bytes, each message counted with its bookkeeping
// (so a flood of tiny datagrams is bounded too), and at most
// `per_sender` messages of one address (a first contact sends a few): keeping
// a message evicts the oldest ones that no longer fit. A flood of spoofed
// datagrams thus costs bounded memory and only delays honest first contacts
// (their rounds send again). Cost: O(1) to keep or evict a message; O(1) for a
// verified message whose sender has none kept, O(its messages) otherwise.

#include <cstddef>
#include <cstdint>
#include <functional> // hash
#include <list>
#include <unordered_map>
#include <utility> // move
#include <vector>

#include "hearsay/core/bytes_view.hpp"

namespace hearsay {

/// Keeps, within a byte budget, the messages of senders that have yet to show their token.
template <class Address> class backlog {
  public:
    /// Messages kept of one sender at most.
    static constexpr std::size_t per_sender = 8;

    explicit backlog(std::size_t capacity) : capacity_(capacity) {}

    /// Keeps a copy of `bytes` from `from`; false (kept nothing) when it alone exceeds the
    /// capacity. Older messages are evicted as needed.
    bool keep(const Address& from, bytes_view bytes) {
        const std::size_t cost = cost_of(bytes.size());
        if (cost > capacity_)
            return false;
        auto sender = senders_.find(from);
        if (sender != senders_.end() && sender->second.size() >= per_sender)
            evict(sender->second.front());
        while (held_ + cost > capacity_)
            evict(entries_.begin());
        entries_.push_back(entry{from, std::vector<std::byte>(bytes.begin(), bytes.end())});
        senders_[from].push_back(std::prev(entries_.end()));
        held_ += cost;
        return true;
    }

    /// Removes the messages kept from `from` and calls `f(bytes_view)` for each, oldest first.
    template <class F> void take(const Address& from, F&& f) {
        auto sender = senders_.find(from);
        if (sender == senders_.end())
            return;
        std::vector<std::vector<std::byte>> taken; // out of the backlog before f runs
        for (auto it : sender->second) {
            held_ -= cost_of(it->bytes.size());
            taken.push_back(std::move(it->bytes));
            entries_.erase(it);
        }
        senders_.erase(sender);
        for (const auto& bytes : taken)
            f(bytes_view(bytes.data(), bytes.size()));
    }

    /// Returns the bytes held, bookkeeping included.
    std::size_t bytes_held() const { return held_; }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

  private:
    struct entry {
        Address from;
        std::vector<std::byte> bytes;
    };
    using entry_list = std::list<entry>;

    // A message's bytes plus what keeping it costs besides: its list node and its place in
    // its sender's index (a generous estimate: the bound is what matters).
    static std::size_t cost_of(std::size_t size) {
        return size + 2 * sizeof(entry) + 2 * sizeof(Address) + 64;
    }

    void evict(typename entry_list::iterator it) {
        auto sender = senders_.find(it->from);
        auto& kept = sender->second; // in age order, so `it` is the first
        kept.erase(kept.begin());
        if (kept.empty())
            senders_.erase(sender);
        held_ -= cost_of(it->bytes.size());
        entries_.erase(it);
    }

    entry_list entries_; // oldest first
    std::unordered_map<Address, std::vector<typename entry_list::iterator>, std::hash<Address>>
        senders_;
    std::size_t held_ = 0;
    std::size_t capacity_;
};

} // namespace hearsay

#endif
