// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_FAILURE_DETECTION_CONFIG_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_FAILURE_DETECTION_CONFIG_HPP

// failure_detection_config: the settings of SWIM with Lifeguard
// (failure_detector.hpp). Defaults are those of a LAN (memberlist's
// DefaultLANConfig figures); wan() stretches them for slow links.

#include <chrono>
#include <cstddef>

namespace hearsay {

/// Configures failure detection; see each field for its unit, range and rule of thumb.
struct failure_detection_config {
    /// Whether members are probed at all; without it, only leave() and remove_peer() change
    /// who is alive.
    bool enabled = true;
    /// Time between two probes (a protocol period), 1 ms..1 h, stretched by the node's own
    /// awareness score; 1 s on a LAN, 5 s over a WAN.
    std::chrono::nanoseconds probe_interval = std::chrono::seconds(1);
    /// Time to wait for a direct ack before asking others to probe, 1 ms..probe_interval,
    /// stretched like probe_interval; about the 99th percentile of a round trip.
    std::chrono::nanoseconds probe_timeout = std::chrono::milliseconds(500);
    /// Members asked to probe on our behalf when a direct probe goes unanswered, 0..16.
    std::size_t indirect_checks = 3;
    /// Suspicion lasts at least suspicion_mult x log10(members) probe intervals, 1..100.
    std::size_t suspicion_mult = 4;
    /// A suspicion nobody confirms lasts suspicion_max_timeout_mult times that minimum,
    /// 1..100; each independent confirmation shrinks it towards the minimum (Lifeguard).
    std::size_t suspicion_max_timeout_mult = 6;
    /// Highest awareness score plus one, 1..64: a node that misses acks and nacks, or must
    /// refute its own suspicion, probes up to this many times more slowly (Lifeguard).
    std::size_t awareness_max = 8;
    /// Whether Lifeguard's three extensions run: the awareness score above, suspicions that
    /// start at the maximum and shrink with confirmations, and telling a probed suspect that
    /// it is suspected. Off gives plain SWIM, which suspects more healthy members when a node
    /// is slow; keep it on except to compare.
    bool lifeguard = true;
    /// Protocol periods between two probes of a member believed dead, 1..1,000,000, so that
    /// both sides of a healed partition find each other again without a user's help.
    std::size_t reconnect_periods = 30;
    /// Time a member dead or left stays in the table, 1 s..1 year: while it does, it is pinged
    /// now and then (reconnect_periods), so a partition that heals within it heals by itself;
    /// then its row is erased, but for a seed the user gave. 24 h, as serf's reconnect_timeout.
    std::chrono::nanoseconds gone_retention = std::chrono::hours(24);

    /// Tells whether every field is within its range.
    bool valid() const {
        using std::chrono::hours;
        using std::chrono::milliseconds;
        return probe_interval >= milliseconds(1) && probe_interval <= hours(1) &&
               probe_timeout >= milliseconds(1) && probe_timeout <= probe_interval &&
               indirect_checks <= 16 && suspicion_mult >= 1 && suspicion_mult <= 100 &&
               suspicion_max_timeout_mult >= 1 && suspicion_max_timeout_mult <= 100 &&
               awareness_max >= 1 && awareness_max <= 64 && reconnect_periods >= 1 &&
               reconnect_periods <= 1000000 && gone_retention >= std::chrono::seconds(1) &&
               gone_retention <= hours(24 * 365);
    }

    /// Returns settings for slow or lossy links (memberlist's DefaultWANConfig figures).
    static failure_detection_config wan() {
        failure_detection_config c;
        c.probe_interval = std::chrono::seconds(5);
        c.probe_timeout = std::chrono::seconds(3);
        c.suspicion_mult = 6;
        return c;
    }
};

} // namespace hearsay

#endif
