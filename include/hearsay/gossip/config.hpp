// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_CONFIG_HPP
#define HEARSAY_GOSSIP_CONFIG_HPP

// gossip_config: every tunable of a gossip_engine, as one documented aggregate.
//
// Each field states its unit, its valid range and a rule of thumb. validate()
// checks the ranges and returns errc::invalid_config without changing anything
// when a field is out of range; the engine refuses to start from such a config
// (its constructor throws std::system_error). Presets: lan() for a data centre,
// wan() for slow or lossy links, simulation() for deterministic tests.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <system_error>

#include "hearsay/codec/limits.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/gossip/membership/failure_detection_config.hpp"
#include "hearsay/security/keyring.hpp"

namespace hearsay {

/// Chooses who sends data in an exchange (Demers et al. 1987; Karp et al. 2000).
enum class gossip_strategy : std::uint8_t {
    push,     ///< the initiator sends what it has; fast early, slow to reach the last nodes
    pull,     ///< the initiator asks for what it lacks; slow early, fast at the end
    push_pull ///< both in one exchange: all of n nodes informed in about log3 n rounds
};

/// Says when a node loses interest in a rumor (Demers et al. 1987, section 3).
enum class rumor_feedback : std::uint8_t {
    feedback, ///< count only transmissions that reached a node which already knew the rumor
    blind     ///< count every transmission, whatever the receiver knew
};

/// Says how a counted transmission makes a rumor go cold.
enum class rumor_loss : std::uint8_t {
    counter, ///< after rumor_k counted transmissions
    coin     ///< with probability 1/rumor_k at each counted transmission
};

/// Configures a gossip_engine; see each field for its unit, range and rule of thumb.
struct gossip_config {
    /// Who sends data in each exchange; push_pull unless the traffic shape argues otherwise.
    gossip_strategy strategy = gossip_strategy::push_pull;
    /// Peers contacted per round, 1..64; 1 to 3 is enough: rounds, not fanout, buy speed.
    std::size_t fanout = 2;
    /// Time between rounds, 1 ms..1 h; 200 ms on a LAN, 1 s over a WAN.
    std::chrono::nanoseconds interval = std::chrono::milliseconds(200);
    /// Seed of the engine's random source; give every node a different one.
    std::uint64_t seed = 0x6865617273617921;
    /// Epoch of the writer id this start writes under (writer_id.hpp), or 0, the default, to
    /// draw a fresh one at every start. A start must never reuse an earlier start's epoch, or
    /// its writes collide with that start's: leave it 0 unless you keep an epoch in durable
    /// storage and increase it before every start (the simulator sets it, to be deterministic).
    std::uint64_t writer_epoch = 0;
    /// Largest datagram sent, in bytes, 64..16 MiB; the transport's max_payload() wins if smaller.
    /// 1,400 fits an Ethernet MTU; 65,507 is the largest UDP payload.
    std::size_t max_payload = 65507;

    /// How the sender decides a rumor has spread enough.
    rumor_feedback feedback = rumor_feedback::feedback;
    /// Counter or coin, counted per rumor_feedback.
    rumor_loss loss = rumor_loss::counter;
    /// The k of Demers' variants, 1..64: higher spreads further before anti-entropy must help.
    std::size_t rumor_k = 3;
    /// Rounds between two anti-entropy exchanges of a node, 1..10,000; 1 makes every round a
    /// digest exchange (cheap: a digest is small), more trades repair latency for traffic.
    std::size_t anti_entropy_rounds = 5;

    /// Deltas kept for peers that have not acknowledged them, 1..1,000,000. A peer that falls
    /// further behind is repaired by a digest exchange instead.
    std::size_t max_buffered_deltas = 256;
    /// Bytes of one member's messages handled per round, max_payload..1 GiB; more is dropped unread
    /// (counted in over_budget). Decoding and merging cost about their size, so this bounds the
    /// work one member can ask for. Keep it well above max_payload times the messages a round
    /// brings from one peer (a few).
    std::size_t peer_receive_budget = 8 << 20;
    /// Bytes of replies one member's messages may cause per round, max_payload..1 GiB; more is
    /// withheld until a later exchange (counted in replies_withheld). A resync larger than this
    /// takes several rounds.
    std::size_t peer_reply_budget = 4 << 20;
    /// Bytes of replies all senders' messages may cause per round together, tokens to
    /// unverified addresses included, max_payload..4 GiB; more is withheld (replies_withheld).
    /// Caps what a flood from many members or addresses makes this node send.
    std::size_t round_reply_budget = 16 << 20;
    /// Bytes kept of messages from senders that have not shown their token yet, handled once
    /// they do (one round trip later), 0..64 MiB; the oldest go first when it is full. 256 KiB
    /// holds a few hundred first contacts at once; 0 makes every first contact cost a round.
    std::size_t unverified_backlog = 256 * 1024;
    /// Distinct writer ids the replicated state may hold, 1..2^20; a received delta that would
    /// bring more is refused (deltas_refused). Each start of each member adds one, until
    /// pruning retires them: 2^16 leaves room for many restarts of a large cluster.
    std::size_t max_writers = std::size_t{1} << 16;
    /// Probes, suspicion and their timing (SWIM with Lifeguard: failure_detector.hpp).
    failure_detection_config failure_detection{};
    /// Members this node keeps at most, 1..10,000,000; news of more is dropped, so no sender can
    /// grow the table without bound. Twice the cluster's size is ample.
    std::size_t max_members = 65536;
    /// Members named in one membership message besides recent changes, 0..1,000.
    std::size_t membership_sample = 8;
    /// Bounds on what a received message may ask of the decoder.
    decode_limits limits{};
    /// Keys that seal every datagram sent and must open every datagram received (a keyring with
    /// a cipher: security/keyring.hpp, docs/security.md); the engine starts with a copy, rotated
    /// through gossip_engine::keys(). Empty, the default: datagrams go in the clear.
    keyring keys{};
    /// Sender sessions whose replay windows are kept with keys, 1..1,000,000; about 100 bytes
    /// each. Twice the cluster's size is ample (security/replay_window.hpp says what more costs).
    std::size_t max_sessions = 4096;

    /// Returns a zero code when every field is in range, else errc::invalid_config.
    std::error_code validate() const noexcept {
        using namespace std::chrono;
        const bool ok =
            fanout >= 1 && fanout <= 64 && interval >= milliseconds(1) && interval <= hours(1) &&
            max_payload >= 64 && max_payload <= (std::size_t{16} << 20) && rumor_k >= 1 &&
            rumor_k <= 64 && anti_entropy_rounds >= 1 && anti_entropy_rounds <= 10000 &&
            max_buffered_deltas >= 1 && max_buffered_deltas <= 1000000 &&
            membership_sample <= 1000 && max_members >= 1 && max_members <= 10000000 &&
            max_writers >= 1 && max_writers <= (std::size_t{1} << 20) &&
            peer_receive_budget >= max_payload && peer_receive_budget <= (std::size_t{1} << 30) &&
            peer_reply_budget >= max_payload && peer_reply_budget <= (std::size_t{1} << 30) &&
            round_reply_budget >= max_payload && round_reply_budget <= (std::uint64_t{1} << 32) &&
            unverified_backlog <= (std::size_t{64} << 20) && failure_detection.valid() &&
            static_cast<int>(strategy) <= 2 && static_cast<int>(feedback) <= 1 &&
            static_cast<int>(loss) <= 1 && keys.valid() && max_sessions >= 1 &&
            max_sessions <= 1000000;
        return ok ? std::error_code{} : make_error_code(errc::invalid_config);
    }

    /// Returns settings for a data-centre network: 200 ms rounds, 1,400-byte datagrams.
    static gossip_config lan() {
        gossip_config c;
        c.max_payload = 1400;
        return c;
    }
    /// Returns settings for slow or lossy links: 1 s rounds, fanout 3, frequent anti-entropy.
    static gossip_config wan() {
        gossip_config c;
        c.interval = std::chrono::seconds(1);
        c.fanout = 3;
        c.max_payload = 1400;
        c.anti_entropy_rounds = 3;
        c.failure_detection = failure_detection_config::wan();
        return c;
    }
    /// Returns settings for the simulator: 1 s virtual rounds, fanout 1, large datagrams, no
    /// failure detection (tests of it turn it on).
    static gossip_config simulation() {
        gossip_config c;
        c.interval = std::chrono::seconds(1);
        c.fanout = 1;
        c.failure_detection.enabled = false;
        return c;
    }
};

} // namespace hearsay

#endif
