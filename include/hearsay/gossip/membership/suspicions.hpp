// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_SUSPICIONS_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_SUSPICIONS_HPP

// suspicions: the running timers of suspected members, with Lifeguard's
// dynamic timeout (Dadgar, Phillips, Currey, 2018). The shortest suspicion
// lasts suspicion_mult x log10(n) periods (memberlist's), n the members in
// view; with Lifeguard, a suspicion starts at suspicion_max_timeout_mult
// times that and shrinks towards it as distinct members report the same
// suspicion:
//   timeout = max(shortest, longest - (longest - shortest) x log(c + 1) / log(k + 1))
// after c of the k = suspicion_mult - 2 confirmations wanted. At most `capacity` timers run at
// once, so that no stream of news can make every poll scan an unbounded list; a suspect beyond it
// gets its timer when it is next probed without answer. Cost: O(capacity) per call at worst,
// capacity being small.

#include <algorithm> // min, max
#include <chrono>
#include <cmath> // log, log10
#include <cstddef>
#include <cstdint>
#include <utility> // move
#include <vector>

#include "hearsay/gossip/membership/failure_detection_config.hpp"

namespace hearsay {

/// Keeps the timers of suspected members.
template <class Address, class TimePoint> class suspicions {
  public:
    using duration = typename TimePoint::duration;

    /// Timers that run at once at most.
    static constexpr std::size_t capacity = 256;

    explicit suspicions(const failure_detection_config& config) : config_(config) {}

    /// Returns the earliest deadline or last call, or `otherwise` when no timer runs.
    TimePoint next_deadline(TimePoint otherwise) const {
        TimePoint at = otherwise;
        for (const auto& s : running_) {
            const TimePoint due = s.called ? s.deadline : s.deadline - last_call();
            if (due < at)
                at = due;
        }
        return at;
    }

    /// Starts the timer of `address` at `now`, with `view` members in view (this node included),
    /// unless one runs or all are taken.
    void start(const Address& address, TimePoint now, std::size_t view) {
        if (find(address) != running_.size() || running_.size() >= capacity)
            return;
        running_.push_back(timer{address, now, now + longest(view), {}, false});
    }
    /// Ends the timer of `address`, if one runs.
    void end(const Address& address) {
        const std::size_t at = find(address);
        if (at != running_.size())
            running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(at));
    }

    /// Counts `reporter`'s report of the suspicion of `address`, once per reporter, and shortens
    /// its timeout, with `view` members in view.
    void confirm(const Address& address, const Address& reporter, std::size_t view) {
        const std::size_t at = find(address);
        if (at == running_.size())
            return;
        const std::size_t wanted = confirmations_wanted(view);
        timer& s = running_[at];
        if (s.reporters.size() >= wanted ||
            std::find(s.reporters.begin(), s.reporters.end(), reporter) != s.reporters.end())
            return;
        s.reporters.push_back(reporter);
        const double fraction = std::log(static_cast<double>(s.reporters.size()) + 1.0) /
                                std::log(static_cast<double>(wanted) + 1.0);
        const auto span = static_cast<double>((longest(view) - shortest(view)).count());
        const duration timeout = std::max(
            shortest(view),
            longest(view) - duration(static_cast<typename duration::rep>(span * fraction)));
        s.deadline = s.started + timeout;
    }

    /// Ends the timers due by `now`, calling `dead(address)` for each; calls `last_call(address)`
    /// for those a probe period from their end (at most once each, and never less than a period
    /// before the end): a member that refuted while this node missed it can still say so.
    template <class Dead, class LastCall> void expire(TimePoint now, Dead&& dead, LastCall&& call) {
        for (std::size_t k = 0; k < running_.size();) {
            timer& s = running_[k];
            if (!s.called && !(now < s.deadline - last_call())) {
                s.called = true;
                if (s.deadline < now + last_call())
                    s.deadline = now + last_call(); // shortened past it by confirmations
                call(s.address);
            }
            if (now < s.deadline) {
                ++k;
                continue;
            }
            const Address address = running_[k].address;
            running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(k));
            dead(address);
        }
    }

  private:
    duration shortest(std::size_t view) const {
        const double scale = std::max(1.0, std::log10(static_cast<double>(view)));
        const auto base = std::chrono::duration_cast<duration>(config_.probe_interval);
        return duration(
            static_cast<typename duration::rep>(static_cast<double>(config_.suspicion_mult) *
                                                scale * static_cast<double>(base.count())));
    }
    // How long before its end a suspicion makes its last call: one probe period.
    duration last_call() const {
        return std::chrono::duration_cast<duration>(config_.probe_interval);
    }
    duration longest(std::size_t view) const {
        const std::size_t mult = config_.lifeguard ? config_.suspicion_max_timeout_mult : 1;
        return shortest(view) * static_cast<typename duration::rep>(mult);
    }
    // Lifeguard's k: the confirmations that bring a suspicion down to its shortest.
    std::size_t confirmations_wanted(std::size_t view) const {
        const std::size_t k = config_.suspicion_mult > 2 ? config_.suspicion_mult - 2 : 1;
        return view < k + 3 ? 1 : k;
    }

    struct timer {
        Address address;
        TimePoint started;
        TimePoint deadline;
        std::vector<Address> reporters; // distinct members that confirmed, at most `wanted`
        bool called;                    // its last call was made
    };

    std::size_t find(const Address& address) const {
        for (std::size_t k = 0; k < running_.size(); ++k)
            if (running_[k].address == address)
                return k;
        return running_.size();
    }

    failure_detection_config config_;
    std::vector<timer> running_;
};

} // namespace hearsay

#endif
