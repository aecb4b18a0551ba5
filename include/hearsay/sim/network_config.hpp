// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_NETWORK_CONFIG_HPP
#define HEARSAY_SIM_NETWORK_CONFIG_HPP

// network_config and network_stats: what a sim::network is asked to do to the
// messages it carries, and what it reports having done.
//
// Every fault is drawn from the network's one seeded generator, in a fixed
// order per send (loss, duplication, then per copy: delay, reorder), and only
// for the faults that are enabled, so the same config and the same sends give
// the same run byte for byte. The counters obey, at every moment,
//   sent + duplicated == delivered + dropped() + in_flight.

#include <cstddef>
#include <cstdint>

#include "hearsay/clock/manual_clock.hpp"
#include "hearsay/core/error.hpp"

namespace hearsay::sim {

/// Describes the faults and limits of a simulated network; every field is valid at its default.
struct network_config {
    /// Seeds the generator behind every fault; any value. Equal seeds replay equal runs.
    std::uint64_t seed = 0;
    /// Gives the probability, in [0, 1], that a sent message is lost; 0.01 to 0.05 models a lossy
    /// link, 0.3 and above a network gossip must fight.
    double loss = 0.0;
    /// Gives the probability, in [0, 1], that a message that was not lost arrives twice (each copy
    /// with its own delay); 0.01 is plenty to exercise idempotence.
    double duplication = 0.0;
    /// Gives the probability, in [0, 1], that a copy gets an extra delay drawn uniformly from
    /// [0, max_delay], which reorders it against later messages; has no effect when max_delay is 0.
    double reorder = 0.0;
    /// Sets the shortest delay of a message, >= 0 and <= max_delay; 0 delivers in the same step.
    manual_clock::duration min_delay{0};
    /// Sets the longest base delay, >= min_delay (each copy's base delay is uniform in
    /// [min_delay, max_delay]); a LAN is well modelled by 100 us to 1 ms, a WAN by 10 to 150 ms.
    manual_clock::duration max_delay{0};
    /// Sets the largest payload carried, in bytes; larger messages are dropped and counted. The
    /// default, 65,507, is the largest UDP payload over IPv4; 1,400 models a safe Ethernet MTU.
    std::size_t max_payload = 65'507;
    /// Caps the deliveries of one network::deliver call, >= 1; a run that hits it is livelocked
    /// (messages that keep answering each other at zero delay) rather than slow.
    std::size_t max_deliveries_per_call = std::size_t{1} << 24;
    /// Keeps per-link (from, to) counters when true; off by default as it costs a hash lookup per
    /// send and per delivery.
    bool track_links = false;

    /// Returns errc::invalid_config if a field is outside its range, else errc{}; changes nothing.
    constexpr errc validate() const noexcept {
        const auto probability = [](double p) { return p >= 0.0 && p <= 1.0; }; // false for NaN
        if (!probability(loss) || !probability(duplication) || !probability(reorder) ||
            min_delay < manual_clock::duration::zero() || max_delay < min_delay ||
            max_deliveries_per_call == 0) {
            return errc::invalid_config;
        }
        return errc{};
    }
};

/// Counts what a simulated network did with the messages it was given.
struct network_stats {
    std::uint64_t sent = 0;              ///< messages handed to a transport's send
    std::uint64_t delivered = 0;         ///< messages handed to a receiver (copies included)
    std::uint64_t dropped_loss = 0;      ///< messages lost at random
    std::uint64_t dropped_partition = 0; ///< copies whose ends were in different partition groups
    std::uint64_t dropped_crashed = 0;   ///< copies whose sender or receiver was down or unknown
    std::uint64_t dropped_oversize = 0;  ///< messages larger than max_payload
    std::uint64_t duplicated = 0;        ///< extra copies created by duplication
    std::uint64_t bytes_sent = 0;        ///< payload bytes handed to send (oversize included)
    std::uint64_t bytes_delivered = 0;   ///< payload bytes handed to receivers

    /// Returns the copies dropped for any reason.
    constexpr std::uint64_t dropped() const noexcept {
        return dropped_loss + dropped_partition + dropped_crashed + dropped_oversize;
    }

    /// Tells whether every counter is equal.
    friend constexpr bool operator==(const network_stats& a, const network_stats& b) noexcept {
        return a.sent == b.sent && a.delivered == b.delivered && a.dropped_loss == b.dropped_loss &&
               a.dropped_partition == b.dropped_partition &&
               a.dropped_crashed == b.dropped_crashed && a.dropped_oversize == b.dropped_oversize &&
               a.duplicated == b.duplicated && a.bytes_sent == b.bytes_sent &&
               a.bytes_delivered == b.bytes_delivered;
    }
    /// Tells whether some counter differs.
    friend constexpr bool operator!=(const network_stats& a, const network_stats& b) noexcept {
        return !(a == b);
    }
};

/// Counts the traffic of one directed link (from, to) when network_config::track_links is set.
struct link_stats {
    std::uint64_t sent = 0;            ///< messages sent from `from` to `to`
    std::uint64_t delivered = 0;       ///< copies delivered (duplicates included)
    std::uint64_t dropped = 0;         ///< copies dropped, for any reason
    std::uint64_t bytes_sent = 0;      ///< payload bytes sent
    std::uint64_t bytes_delivered = 0; ///< payload bytes delivered

    /// Tells whether every counter is equal.
    friend constexpr bool operator==(const link_stats& a, const link_stats& b) noexcept {
        return a.sent == b.sent && a.delivered == b.delivered && a.dropped == b.dropped &&
               a.bytes_sent == b.bytes_sent && a.bytes_delivered == b.bytes_delivered;
    }
    /// Tells whether some counter differs.
    friend constexpr bool operator!=(const link_stats& a, const link_stats& b) noexcept {
        return !(a == b);
    }
};

} // namespace hearsay::sim

#endif // HEARSAY_SIM_NETWORK_CONFIG_HPP
