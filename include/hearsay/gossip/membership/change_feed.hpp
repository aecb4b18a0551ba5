// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_CHANGE_FEED_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_CHANGE_FEED_HPP

// change_feed: the membership changes waiting for the user's on_member_change
// callbacks. Changes queue up while a message is handled and are delivered at
// the end of the call, oldest first, so that a callback never runs in the
// middle of a table update. A callback may change membership itself: its
// changes are delivered by the same call, after the others, never by a nested
// one. Steady operation allocates nothing: both buffers keep their capacity.

#include <utility> // forward
#include <vector>

namespace hearsay {

/// Queues changes of type `Change` and delivers each once.
template <class Change> class change_feed {
  public:
    /// Queues a change.
    template <class... Args> void push(Args&&... args) {
        waiting_.emplace_back(std::forward<Args>(args)...);
    }

    /// Calls `f(change)` for each change not yet delivered, oldest first. A change pushed while
    /// `f` runs is delivered by the same call, after the others; a call made from `f` does nothing.
    template <class F> void deliver(F&& f) {
        if (delivering_)
            return;   // the call already delivering will get to it
        struct turn { // a callback that throws still ends this turn
            bool& delivering;
            std::vector<Change>& batch;
            ~turn() {
                delivering = false;
                batch.clear();
            }
        };
        delivering_ = true;
        turn guard{delivering_, batch_};
        while (!waiting_.empty()) {
            batch_.swap(waiting_);
            for (const auto& c : batch_)
                f(c);
            batch_.clear();
        }
    }

  private:
    std::vector<Change> waiting_;
    std::vector<Change> batch_; // the changes being delivered
    bool delivering_ = false;
};

} // namespace hearsay

#endif
