// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_SUSPICIONS_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_SUSPICIONS_HPP

// suspicions: the running timers of suspected members, with Lifeguard's
// dynamic timeout (Dadgar, Phillips, Currey, 2018). A suspicion starts at its
// longest and shrinks towards its shortest as distinct members report the
// same suspicion:
//   timeout = max(shortest, longest - (longest - shortest) x log(c + 1) / log(k + 1))
// after c of the k confirmations wanted. At most `capacity` timers run at once,
// so that no stream of news can make every poll scan an unbounded list; a
// suspect beyond it gets its timer when it is next probed without answer.
// Cost: O(capacity) per call at worst, capacity being small.

#include <algorithm> // min, max
#include <cmath>     // log
#include <cstddef>
#include <cstdint>
#include <utility> // move
#include <vector>

namespace hearsay {

/// Keeps the timers of suspected members.
template <class Address, class TimePoint> class suspicions {
  public:
    using duration = typename TimePoint::duration;

    /// Timers that run at once at most.
    static constexpr std::size_t capacity = 256;

    /// Returns the earliest deadline, or `otherwise` when no timer runs.
    TimePoint next_deadline(TimePoint otherwise) const {
        TimePoint at = otherwise;
        for (const auto& s : running_)
            if (s.deadline < at)
                at = s.deadline;
        return at;
    }

    /// Starts the timer of `address` at `now`, lasting `longest`, unless one runs or all are
    /// taken.
    void start(const Address& address, TimePoint now, duration longest) {
        if (find(address) != running_.size() || running_.size() >= capacity)
            return;
        running_.push_back(timer{address, now, now + longest, {}});
    }
    /// Ends the timer of `address`, if one runs.
    void end(const Address& address) {
        const std::size_t at = find(address);
        if (at != running_.size())
            running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(at));
    }

    /// Counts `reporter`'s report of the suspicion of `address`, once per reporter, and shortens
    /// its timeout towards `shortest` from `longest`, reached at `wanted` confirmations.
    void confirm(const Address& address, const Address& reporter, std::size_t wanted,
                 duration shortest, duration longest) {
        const std::size_t at = find(address);
        if (at == running_.size())
            return;
        timer& s = running_[at];
        if (s.reporters.size() >= wanted ||
            std::find(s.reporters.begin(), s.reporters.end(), reporter) != s.reporters.end())
            return;
        s.reporters.push_back(reporter);
        const double fraction = std::log(static_cast<double>(s.reporters.size()) + 1.0) /
                                std::log(static_cast<double>(wanted) + 1.0);
        const auto span = static_cast<double>((longest - shortest).count());
        const duration timeout = std::max(
            shortest, longest - duration(static_cast<typename duration::rep>(span * fraction)));
        s.deadline = s.started + timeout;
    }

    /// Ends the timers due by `now`, calling `f(address)` for each.
    template <class F> void expire(TimePoint now, F&& f) {
        for (std::size_t k = 0; k < running_.size();) {
            if (now < running_[k].deadline) {
                ++k;
                continue;
            }
            const Address address = running_[k].address;
            running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(k));
            f(address);
        }
    }

  private:
    struct timer {
        Address address;
        TimePoint started;
        TimePoint deadline;
        std::vector<Address> reporters; // distinct members that confirmed, at most `wanted`
    };

    std::size_t find(const Address& address) const {
        for (std::size_t k = 0; k < running_.size(); ++k)
            if (running_[k].address == address)
                return k;
        return running_.size();
    }

    std::vector<timer> running_;
};

} // namespace hearsay

#endif
