// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_ANTI_ENTROPY_HPP
#define HEARSAY_GOSSIP_ANTI_ENTROPY_HPP

// anti_entropy: digest exchanges, the safety net under rumor mongering.
//
// Every `anti_entropy_rounds` rounds (at a per-node phase drawn at start, so
// that a cluster's exchanges spread over the period) a node sends one peer
// the digest of its state (sync_traits<State>); the peer answers with exactly
// what the digest lacks. This repairs what rumors missed (their residue, in
// Demers' terms), lost datagrams, partitions and restarts. Between exchanges,
// a node that spreads no rumor adds the hash of its digest to its pulls, so
// that a quiet peer whose digest differs starts an exchange at once.
//
// The digest and its hash are computed lazily, once per change of the state:
// invalidate() after every change. A digest too large for one datagram is sent
// as parts (sync_traits<State>::split_digest), each answered on its own.

#include <algorithm> // min
#include <cstddef>
#include <cstdint>
#include <vector>

#include "hearsay/codec/codec_traits.hpp" // encode_value
#include "hearsay/codec/writer.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/random.hpp" // uniform_below
#include "hearsay/gossip/sync/digest_parts.hpp"
#include "hearsay/gossip/sync/fingerprint.hpp" // hash_bytes
#include "hearsay/gossip/sync/reply_budget.hpp"
#include "hearsay/gossip/sync/sync_traits.hpp"

namespace hearsay {

/// Says whether a digest asks the receiver for its own digest in return.
enum class digest_reply : std::uint8_t {
    none,     ///< answer with what the digest lacks only
    requested ///< also send your digest (push-pull)
};

/// Caches this node's digest and sends it, whole or in parts.
template <class State> class anti_entropy {
  public:
    using digest_type = typename sync_traits<State>::digest_type;

    template <class Random>
    anti_entropy(const gossip_config& config, Random& random)
        : period_(config.anti_entropy_rounds), phase_(uniform_below(random, period_)),
          max_pieces_(reply_pieces(config)) {}

    /// Returns the most pieces (ranges or entries) one reply holds: what fits the peer's reply
    /// budget at a few bytes each, so that computing a reply costs about what it may send.
    static std::size_t reply_pieces(const gossip_config& config) {
        const std::size_t pieces = config.peer_reply_budget / 8;
        return pieces < 64 ? 64 : pieces;
    }

    /// Tells whether round number `round` is this node's digest exchange.
    bool due(std::uint64_t round) const { return (round + phase_) % period_ == 0; }

    /// Marks the cached digest stale: call after every change of the state.
    void invalidate() { stale_ = true; }

    /// Returns the digest of `state`, computed once per change.
    const digest_type& digest(const State& state) {
        if (stale_) {
            digest_ = sync_traits<State>::digest(state);
            std::vector<std::byte> bytes;
            writer w(bytes);
            encode_value(digest_, w);
            w.finish();
            hash_ = detail::hash_bytes(bytes.data(), bytes.size()) | 1; // never 0
            writer counting;
            encode_value(state, counting);
            state_size_ = counting.size();
            stale_ = false;
        }
        return digest_;
    }
    /// Returns the hash of digest(state); never 0, which a pull uses to say "no hash".
    std::uint64_t digest_hash(const State& state) {
        digest(state);
        return hash_;
    }

    /// Returns the part of `state` that the owner of digest `theirs` lacks (State{} when none),
    /// cut to reply_pieces() pieces, the lowest first: repeated exchanges bring the rest. A
    /// digest unlike ours costs a pass over the state, whatever its size: that work is added to
    /// ctx.work, at one byte per scan_divisor bytes of the encoded state, about what an honest
    /// message's bytes cost to decode and merge.
    template <class Context>
    State missing(Context& ctx, const State& state, const digest_type& theirs) {
        const digest_type& mine = digest(state);
        if (!(theirs == mine))
            ctx.work += state_size_ / scan_divisor;
        return sync_traits<State>::missing(state, mine, theirs,
                                           reply_budget{max_pieces_, replies_++});
    }

    /// Sends `to` the digest of `state`, split into parts when it does not fit one datagram.
    template <class Context>
    void send(Context& ctx, const typename Context::address_type& to, const State& state,
              digest_reply reply) {
        const digest_type& whole = digest(state);
        const std::uint64_t asks =
            reply == digest_reply::requested ? detail::digest_wants_reply : 0;
        auto message = [&](const digest_type& d, std::uint64_t flags) {
            return [&d, flags](writer& w) {
                w.write_varint(flags);
                encode_value(d, w);
            };
        };
        const auto one = message(whole, asks | detail::digest_whole);
        if (ctx.out.measure(message_kind::digest, one) <= ctx.out.budget()) {
            ++ctx.stats.digests_sent;
            ctx.emit(to, message_kind::digest, one);
            return;
        }
        // Split by writer and counter range until every part fits (digest_parts.hpp).
        const std::size_t header =
            ctx.out.measure(message_kind::digest, message(digest_type{}, asks));
        const std::size_t room = ctx.out.budget() - std::min(ctx.out.budget(), header);
        parts_.clear();
        if (!split_digest_to_fit<State>(whole, room, parts_))
            ++ctx.stats.payload_too_large; // parts that fit still go
        for (const digest_type& part : parts_) {
            ++ctx.stats.digests_sent;
            ctx.emit(to, message_kind::digest, message(part, asks));
        }
        parts_.clear();
    }

    /// Encoded state bytes charged as one byte of work when a digest's reply scans the state.
    static constexpr std::size_t scan_divisor = 16;

  private:
    std::uint64_t period_;
    std::uint64_t phase_;
    std::size_t max_pieces_;
    std::uint64_t replies_ = 0; // rotates the window of a reply cut by its budget
    std::vector<digest_type> parts_;
    digest_type digest_{};
    std::uint64_t hash_ = 0;
    std::size_t state_size_ = 0; // encoded, with the digest
    bool stale_ = true;
};

} // namespace hearsay

#endif
