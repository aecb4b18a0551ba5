// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_DETAIL_DEADLINE_QUEUE_HPP
#define HEARSAY_SIM_DETAIL_DEADLINE_QUEUE_HPP

// deadline_queue: when each node of a sim::cluster next wants to be polled.
//
// Each node has at most one pending deadline; scheduling a new one or
// cancelling replaces it in O(log n) by bumping the node's generation, which
// leaves the old heap entry stale (skipped when it surfaces, pruned when
// stale entries outnumber live ones). Ties at the same time come out in node
// index order, so the order never depends on insertion history.

#include <algorithm> // push_heap, pop_heap, make_heap
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "hearsay/clock/manual_clock.hpp"

namespace hearsay::sim::detail {

/// Keeps one pending deadline per node, earliest first.
class deadline_queue {
  public:
    using time_point = manual_clock::time_point;

    /// Makes room for nodes 0 .. n-1, none with a deadline.
    explicit deadline_queue(std::size_t n = 0) : generation_(n, 0) {}

    /// Sets node i's deadline to `at`, replacing any pending one.
    void schedule(std::size_t i, time_point at) {
        heap_.push_back({at, i, ++generation_[i]});
        std::push_heap(heap_.begin(), heap_.end(), later);
        if (heap_.size() > 2 * generation_.size() + 64) {
            prune();
        }
    }

    /// Removes node i's pending deadline, if any.
    void cancel(std::size_t i) noexcept { ++generation_[i]; }

    /// Returns the earliest pending deadline, if any.
    std::optional<time_point> next() {
        drop_stale();
        return heap_.empty() ? std::nullopt : std::optional<time_point>(heap_.front().at);
    }

    /// Removes the earliest deadline if it is at or before now, storing its node in `node`;
    /// returns false if none is.
    bool pop_due(time_point now, std::size_t& node) {
        drop_stale();
        if (heap_.empty() || heap_.front().at > now) {
            return false;
        }
        node = heap_.front().node;
        std::pop_heap(heap_.begin(), heap_.end(), later);
        heap_.pop_back();
        ++generation_[node]; // now nothing is pending for it
        return true;
    }

  private:
    struct entry {
        time_point at{};
        std::size_t node = 0;
        std::uint64_t generation = 0;
    };

    static bool later(const entry& a, const entry& b) noexcept {
        return a.at != b.at ? a.at > b.at : a.node > b.node;
    }

    bool stale(const entry& e) const noexcept { return generation_[e.node] != e.generation; }

    void drop_stale() {
        while (!heap_.empty() && stale(heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), later);
            heap_.pop_back();
        }
    }

    void prune() {
        std::vector<entry> live;
        live.reserve(generation_.size());
        for (const entry& e : heap_) {
            if (!stale(e)) {
                live.push_back(e);
            }
        }
        heap_.swap(live);
        std::make_heap(heap_.begin(), heap_.end(), later);
    }

    std::vector<std::uint64_t> generation_;
    std::vector<entry> heap_; // a min-heap on (at, node)
};

} // namespace hearsay::sim::detail

#endif // HEARSAY_SIM_DETAIL_DEADLINE_QUEUE_HPP
