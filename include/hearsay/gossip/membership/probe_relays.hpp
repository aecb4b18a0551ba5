// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_PROBE_RELAYS_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_PROBE_RELAYS_HPP

// probe_relays: the indirect probes this node runs for others (SWIM's
// ping-req). Each relay remembers who asked and under which number, so that
// the target's ack, which answers this node's own ping, can be passed on under
// the asker's number, or a nack sent when the target stays silent past the
// deadline. At most `capacity` relays run at once: beyond, requests are
// refused (the asker's probe then times out), so that no sender can grow them.
// Cost: O(capacity) per call at worst, capacity being small.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace hearsay {

/// Keeps the ping-requests being served for other members.
template <class Address, class TimePoint> class probe_relays {
  public:
    /// Relays run at once at most.
    static constexpr std::size_t capacity = 256;

    struct relay {
        std::uint64_t seq;       // ours, in the ping we sent the target
        Address requester;       // who asked
        std::uint64_t their_seq; // theirs, in the answer they wait for
        TimePoint deadline;
    };

    /// Tells whether another relay fits.
    bool full() const { return relays_.size() >= capacity; }
    /// Starts a relay (the caller checked full()).
    void add(const relay& r) { relays_.push_back(r); }

    /// Takes the relay our ping `seq` belongs to, if any: its ack is to be passed on.
    std::optional<relay> take(std::uint64_t seq) {
        for (std::size_t k = 0; k < relays_.size(); ++k) {
            if (relays_[k].seq != seq)
                continue;
            const relay r = relays_[k];
            erase(k);
            return r;
        }
        return std::nullopt;
    }

    /// Ends the relays whose deadline passed by `now`, calling `f(relay)` for each: its
    /// requester is owed a nack.
    template <class F> void expire(TimePoint now, F&& f) {
        for (std::size_t k = 0; k < relays_.size();) {
            if (now < relays_[k].deadline) {
                ++k;
                continue;
            }
            const relay r = relays_[k];
            erase(k);
            f(r);
        }
    }

    /// Returns the earliest deadline, or `otherwise` when no relay runs.
    TimePoint next_deadline(TimePoint otherwise) const {
        TimePoint at = otherwise;
        for (const auto& r : relays_)
            if (r.deadline < at)
                at = r.deadline;
        return at;
    }

  private:
    void erase(std::size_t k) {
        relays_[k] = relays_.back(); // order does not matter
        relays_.pop_back();
    }

    std::vector<relay> relays_;
};

} // namespace hearsay

#endif
