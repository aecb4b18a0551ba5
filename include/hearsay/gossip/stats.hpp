// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_STATS_HPP
#define HEARSAY_GOSSIP_STATS_HPP

// gossip_stats: counters a gossip_engine keeps from its construction on.
// Every received message is counted once in messages_received and, when it is
// refused, once in messages_rejected plus once in the counter naming why.

#include <cstdint>

namespace hearsay {

/// Counts the messages of one class of traffic, and their bytes.
struct traffic_count {
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
};

/// Counts what an engine sent, received, refused and did.
struct gossip_stats {
    std::uint64_t messages_sent = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t messages_received = 0;
    std::uint64_t bytes_received = 0;
    /// Received messages refused, for any reason below.
    std::uint64_t messages_rejected = 0;
    /// Refused: not a hearsay message of this format version.
    std::uint64_t rejected_version = 0;
    /// Refused: malformed, truncated, over a decode limit or not canonical.
    std::uint64_t rejected_malformed = 0;
    /// Refused: a well-formed message from this node's own replica id (a loop or a clash of ids).
    std::uint64_t rejected_self = 0;
    /// Refused or abandoned: handling it ran out of memory (whatever it merged before stays).
    std::uint64_t rejected_out_of_memory = 0;
    /// Refused unread, with keys configured: not sealed under a key of the ring, with this label
    /// (forged, altered, truncated, or sent in the clear or under a foreign key).
    std::uint64_t rejected_unauthenticated = 0;
    /// Refused unread, with keys configured: authentic, but seen before
    /// (security/replay_window.hpp).
    std::uint64_t rejected_replay = 0;

    /// Times this node refuted news that it was suspect or dead, raising its incarnation.
    std::uint64_t refutations = 0;
    /// Pings sent: direct probes, probes relayed for others, and probes of dead members.
    std::uint64_t probes_sent = 0;
    /// ping_requests sent: members asked to probe one that did not answer directly.
    std::uint64_t indirect_probes = 0;
    /// Members this node marked suspect because its probe went unanswered.
    std::uint64_t suspicions = 0;
    /// Suspects this node declared dead because their suspicion timed out.
    std::uint64_t deaths_declared = 0;
    /// Times a mutator ran out of counters under this start's writer id and the engine moved to
    /// a fresh one.
    std::uint64_t writer_rotations = 0;
    /// Times data from another node turned out to be written under this node's writer id (a
    /// start that reused an epoch); each time the engine moved to a fresh writer id.
    std::uint64_t writer_clashes = 0;
    /// Rounds run.
    std::uint64_t rounds = 0;
    /// Received deltas that changed the state.
    std::uint64_t deltas_applied = 0;
    /// Received deltas refused unmerged: they would have grown the state past max_writers.
    std::uint64_t deltas_refused = 0;
    /// Received deltas that brought nothing new.
    std::uint64_t deltas_redundant = 0;
    /// Digests sent (anti-entropy).
    std::uint64_t digests_sent = 0;
    /// Received messages whose header showed no valid token (first contacts, or spoofed
    /// addresses): they change no membership, and their replies total at most 3x their size.
    std::uint64_t unverified_messages = 0;
    /// Messages from a member dropped unread: it sent more than peer_receive_budget bytes in a
    /// round.
    std::uint64_t over_budget = 0;
    /// Replies not sent: to an unverified sender, beyond 3x what it sent; to a member, beyond
    /// peer_reply_budget in a round; to anyone, beyond round_reply_budget in a round (members
    /// get them in a later exchange).
    std::uint64_t replies_withheld = 0;
    /// Outgoing pieces dropped because even alone they exceed max_payload.
    std::uint64_t payload_too_large = 0;
    /// Buffered deltas dropped before every peer acknowledged them (peers resync by digest).
    std::uint64_t deltas_trimmed = 0;

    // What was sent, by class (each message once, in messages_sent too).

    /// Deltas, whole or in pieces.
    traffic_count sent_deltas;
    /// Acknowledgements of deltas.
    traffic_count sent_acks;
    /// Digests, digest requests and pulls: anti-entropy.
    traffic_count sent_digests;
    /// Member lists, tokens, alive and leave news.
    traffic_count sent_membership;
    /// Pings, ping requests, their acks and nacks: failure detection.
    traffic_count sent_probes;
};

} // namespace hearsay

#endif
