// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_NEWS_QUEUE_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_NEWS_QUEUE_HPP

// news_queue: the members whose news is still being told: urgent news first
// (a suspicion, a death, a departure, a refutation), then the rest (a member
// joined, or its id became known), each newest first. Each news is told a
// budget of times (about k log n, enough for an epidemic to reach every member
// whp), then dropped; news about a member that changes again starts afresh, at
// the front of its class. So a fresh suspicion goes out in every message until
// it is told enough, even when a whole cluster's worth of other news waits (a
// cold start names every member at once). Least-told first (memberlist's
// order) spreads old and new news evenly instead: measured on 1,000 simulated
// nodes after a cold start, the backlog held a crash's suspicion back so long
// that 896 nodes had not heard of it 100 periods later; newest first without
// classes still left 2 unaware, as the naming news that kept coming pushed the
// death behind it (tests/simulation/detection_figures_test.cpp). Older news is
// told when the newer is spent; random samples in the rounds' member lists
// cover what a stream of news starves. Holds at most one entry per member, and at most
// `capacity` entries: beyond, the oldest news goes. Cost: O(log entries) per
// push and per news told; pick() looks at a bounded number of entries.

#include <cstddef>
#include <cstdint>
#include <functional> // hash
#include <iterator>   // prev
#include <map>
#include <unordered_map>

namespace hearsay {

/// What a pick() callback did with the news it was shown.
enum class news_pick : std::uint8_t {
    told,    ///< sent it: counts as one telling
    skipped, ///< not for this message (e.g. news about its recipient)
    dropped, ///< no longer news (its member is gone): leaves the queue
    full     ///< the message is full: stop
};

/// Orders the news still to tell, newest first, each for a budget of tellings.
template <class Address> class news_queue {
  public:
    explicit news_queue(std::size_t capacity) : capacity_(capacity) {}

    /// Queues news about `address`, to be told `budget` times, before all other news when
    /// `urgent`; replaces any older news about it.
    void push(const Address& address, std::uint32_t budget, bool urgent = false) {
        erase(address);
        if (budget == 0)
            return;
        if (where_.size() >= capacity_ && !order_.empty())
            erase(std::prev(order_.end())->second); // the oldest news
        const key k = urgent ? ~++pushes_ & ~ordinary : ~++pushes_ | ordinary;
        order_.emplace(k, address);
        where_.emplace(address, entry{k, budget});
    }

    /// Drops the news about `address`, if any.
    void erase(const Address& address) {
        auto it = where_.find(address);
        if (it == where_.end())
            return;
        order_.erase(it->second.at);
        where_.erase(it);
    }

    /// Shows `tell(address)` the news in order, at most `look` of them, until it answers
    /// news_pick::full; each news told counts, and leaves the queue once told its budget.
    /// `tell` must not change the queue.
    template <class F> void pick(std::size_t look, F&& tell) {
        auto it = order_.begin();
        for (std::size_t n = 0; n < look && it != order_.end(); ++n) {
            const news_pick p = tell(it->second);
            if (p == news_pick::full)
                break;
            auto e = where_.find(it->second);
            if (p == news_pick::dropped || (p == news_pick::told && --e->second.left == 0)) {
                where_.erase(e);
                it = order_.erase(it);
            } else {
                ++it;
            }
        }
    }

    std::size_t size() const { return where_.size(); }
    bool empty() const { return where_.empty(); }

  private:
    using key = std::uint64_t; // ~push number: the newest first; the top bit for ordinary news
    static constexpr key ordinary = key{1} << 63;
    struct entry {
        key at;
        std::uint32_t left;
    };

    std::size_t capacity_;
    std::map<key, Address> order_;
    std::unordered_map<Address, entry> where_;
    std::uint64_t pushes_ = 0;
};

} // namespace hearsay

#endif
