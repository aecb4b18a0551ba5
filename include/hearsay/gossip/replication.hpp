// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_REPLICATION_HPP
#define HEARSAY_GOSSIP_REPLICATION_HPP

// replication<State>: how one replica's state spreads and is repaired.
//
// It owns the state and everything that moves it between nodes: the delta
// log (delta_log.hpp) with its rumors (rumor.hpp), the packer that fills
// datagrams (delta_packer.hpp) and the digest exchanges (anti_entropy.hpp).
// It knows peers only by the peer_sync the engine keeps for each of them, and
// sends only through the outbox it is given. The engine decodes each message
// header and tells membership of the sender; the handlers here do the rest.
//
// Invariants: every delta that changed the state, local or received, is in
// the log until every tracked peer acknowledged it or the log's bound drops
// it; the cached digest is invalidated on every change. A received message is
// decoded whole (read_deltas) before anything of it is merged (merge_deltas).

#include <cstddef>
#include <cstdint>
#include <utility> // move
#include <vector>

#include "hearsay/codec/codec_traits.hpp" // decode_value
#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/writer.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/gossip/anti_entropy.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/delta_log.hpp"
#include "hearsay/gossip/delta_packer.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/peer_sync.hpp"
#include "hearsay/gossip/rumor.hpp"
#include "hearsay/gossip/stats.hpp"
#include "hearsay/gossip/sync/merge_check.hpp"
#include "hearsay/gossip/sync/sync_traits.hpp"

namespace hearsay {

/// Says what one round's exchange with a peer carries.
enum class exchange : std::uint8_t {
    rumors, ///< deltas and/or a pull, per the strategy
    digest  ///< this round's anti-entropy: a digest (or, for push, a request for one)
};

/// Says how far a node answers a pull.
enum class pull_answer : std::uint8_t {
    deltas_only,      ///< the deltas the peer lacks (a node that left)
    deltas_and_digest ///< also a digest exchange when both sides are quiet but differ
};

/// Holds a replica's state and spreads its changes: delta log, rumors, packing, digests.
template <class State> class replication {
  public:
    using digest_type = typename sync_traits<State>::digest_type;

    /// One decoded entry of a deltas message.
    struct received_delta {
        std::uint64_t seq = 0;
        State delta;
        std::size_t begin = 0; // the delta's bytes within the message, kept for the log
        std::size_t end = 0;
        bool changed = false; // whether merging it changed the state
    };

    template <class Random>
    replication(const gossip_config& config, Random& random, State initial)
        : strategy_(config.strategy), caps_{config.max_writers}, state_(std::move(initial)),
          log_(config.max_buffered_deltas), rumors_(config), anti_entropy_(config, random) {}

    const State& state() const { return state_; }
    const delta_log& log() const { return log_; }

    /// Tells whether round number `round` is this node's digest exchange.
    bool digest_due(std::uint64_t round) const { return anti_entropy_.due(round); }

    /// Applies `f(State&, self)`, a mutator returning its delta, and logs the delta as a rumor.
    template <class F> State update(F&& f, std::uint64_t self, gossip_stats& stats) {
        State delta = f(state_, self);
        if (!(delta == State{})) {
            log(stats, delta_packer<State>::encode_own(delta), rumor_heat::hot);
            anti_entropy_.invalidate();
        }
        return delta;
    }

    /// Drops cold entries that every tracked peer acknowledged; `floor` is the least acked()
    /// over tracked peers (log().newest_seq() when none is tracked).
    void drop_acknowledged(std::uint64_t floor) { log_.drop_acknowledged(floor); }

    // Sending.

    /// Runs one round's exchange with peer `to`, per the strategy.
    template <class Context>
    void exchange_with(Context& ctx, peer_sync& peer, const typename Context::address_type& to,
                       exchange what) {
        if (strategy_ != gossip_strategy::pull)
            packer_.send_log(ctx, log_, rumors_, peer, to);
        if (strategy_ == gossip_strategy::push) {
            if (what == exchange::digest)
                ctx.out.emit_empty(ctx.stats, to, message_kind::digest_request);
        } else if (what == exchange::digest) {
            anti_entropy_.send(ctx, to, state_,
                               strategy_ == gossip_strategy::push_pull ? digest_reply::requested
                                                                       : digest_reply::none);
        } else {
            send_pull(ctx, to);
        }
    }

    // Receiving. Each handler gets a message body whose header was read, decodes it whole,
    // and returns false (the reason recorded in `in`) when it is malformed. Only a valid body
    // calls `heard()`, which records the sender and returns its peer_sync, or nullptr when the
    // sender is unverified: what it says of itself (acks, what it holds) is then not kept.

    /// Handles a deltas message: merges its deltas, logs those that changed the state, and acks
    /// when asked; `before_merge(delta)` sees each delta before it is merged. The deltas stay in
    /// received() until forget_received().
    template <class Context, class Heard, class BeforeMerge>
    bool on_deltas(Context& ctx, reader& in, bytes_view bytes,
                   const typename Context::address_type& from, Heard&& heard,
                   BeforeMerge&& before_merge) {
        detail::deltas_head head;
        received_.clear();
        if (!detail::read_deltas_head(in, head))
            return false;
        received_.resize(head.count);
        for (std::size_t k = 0; k < head.count; ++k) {
            auto& r = received_[k];
            if (!detail::read_entry_seq(in, head, k, r.seq))
                return false;
            r.begin = bytes.size() - in.remaining();
            if (!decode_value(in, r.delta))
                return false;
            r.end = bytes.size() - in.remaining();
        }
        if (!detail::read_end(in))
            return false;
        heard();
        bool changed = false;
        known_.clear();
        for (auto& r : received_) {
            if (check_merge(state_, r.delta, caps_) != errc{}) {
                ++ctx.stats.deltas_refused; // it would grow the state past its caps
                continue;
            }
            before_merge(static_cast<const State&>(r.delta));
            r.changed = state_.merge(r.delta);
            if (r.changed) {
                changed = true;
                ++ctx.stats.deltas_applied;
                // A rumor spreads on; an anti-entropy piece (seq 0) is kept for tracked peers
                // only: re-rumoring repairs would multiply traffic for nothing.
                log(ctx.stats, std::vector<std::byte>(bytes.data() + r.begin, bytes.data() + r.end),
                    r.seq != 0 ? rumor_heat::hot : rumor_heat::cold);
            } else {
                ++ctx.stats.deltas_redundant;
                if (r.seq != 0)
                    known_.push_back(r.seq);
            }
        }
        if (changed)
            anti_entropy_.invalidate();
        if (head.flags != 0) {
            ctx.emit(from, message_kind::ack,
                     [&](writer& w) { detail::write_ack(w, head.after, head.upto, known_); });
        }
        return true;
    }
    /// Returns the deltas of the last deltas message, each saying whether it changed the state.
    const std::vector<received_delta>& received() const { return received_; }
    void forget_received() { received_.clear(); }

    /// Handles an ack: advances what the peer acknowledged, and counts the rumors it knew.
    template <class Context, class Heard> bool on_ack(Context& ctx, reader& in, Heard&& heard) {
        std::uint64_t after = 0, upto = 0;
        if (!detail::read_ack(in, after, upto, known_) || !detail::read_end(in))
            return false;
        peer_sync* peer = heard();
        if (peer == nullptr)
            return true;
        peer->acknowledge(after, upto, log_.newest_seq());
        for (std::uint64_t seq : known_)
            if (auto* e = log_.find(seq))
                rumors_.known(e->rumor, ctx.random);
        return true;
    }

    /// Handles a digest: sends what it lacks, and our digest when asked; a peer whose whole
    /// digest lacks nothing is tracked from here.
    template <class Context, class Heard>
    bool on_digest(Context& ctx, reader& in, const typename Context::address_type& from,
                   Heard&& heard) {
        std::uint64_t flags = 0;
        digest_type theirs{};
        if (!detail::read_flags(in, detail::digest_wants_reply | detail::digest_whole, flags) ||
            !decode_value(in, theirs) || !detail::read_end(in))
            return false;
        peer_sync* peer = heard();
        const State reply = anti_entropy_.missing(ctx, state_, theirs);
        if (reply == State{}) {
            if ((flags & detail::digest_whole) != 0 && peer != nullptr) {
                if (!peer->tracked())
                    ctx.newly_tracked.push_back(from);
                peer->track_from(log_.newest_seq());
            }
        } else {
            packer_.send_pieces(ctx, from, reply);
        }
        if ((flags & detail::digest_wants_reply) != 0)
            anti_entropy_.send(ctx, from, state_, digest_reply::none);
        return true;
    }

    /// Handles a digest_request: sends our digest.
    template <class Context, class Heard>
    bool on_digest_request(Context& ctx, reader& in, const typename Context::address_type& from,
                           Heard&& heard) {
        if (!detail::read_end(in))
            return false;
        heard();
        anti_entropy_.send(ctx, from, state_, digest_reply::none);
        return true;
    }

    /// Handles a pull: sends our unacknowledged or hot deltas; and when neither side spreads a
    /// rumor but their digests differ, starts a digest exchange at once (unless `answer` says
    /// deltas only: a node that left answers only what it is asked).
    template <class Context, class Heard>
    bool on_pull(Context& ctx, reader& in, const typename Context::address_type& from,
                 Heard&& heard, pull_answer answer) {
        std::uint64_t theirs = 0;
        if (!detail::read_hash(in, theirs) || !detail::read_end(in))
            return false;
        peer_sync* peer = heard();
        peer_sync stranger; // untracked: gets the hot rumors only
        packer_.send_log(ctx, log_, rumors_, peer != nullptr ? *peer : stranger, from);
        if (theirs != 0 && answer == pull_answer::deltas_and_digest && !log_.has_hot_rumors() &&
            anti_entropy_.digest_hash(state_) != theirs)
            anti_entropy_.send(ctx, from, state_, digest_reply::requested);
        return true;
    }

  private:
    void log(gossip_stats& stats, std::vector<std::byte> bytes, rumor_heat heat) {
        if (log_.append(std::move(bytes), heat))
            ++stats.deltas_trimmed;
    }

    // A pull asks for hot deltas; a quiet node adds the hash of its digest, so that a quiet
    // peer whose digest differs starts a digest exchange at once instead of at its next
    // anti-entropy round: this is what brings the last nodes a rumor missed.
    template <class Context>
    void send_pull(Context& ctx, const typename Context::address_type& to) {
        const std::uint64_t hash = log_.has_hot_rumors() ? 0 : anti_entropy_.digest_hash(state_);
        ctx.emit(to, message_kind::pull, [&](writer& w) { detail::write_hash(w, hash); });
    }

    gossip_strategy strategy_;
    merge_caps caps_;
    State state_;
    delta_log log_;
    rumor_mongering rumors_;
    delta_packer<State> packer_;
    anti_entropy<State> anti_entropy_;
    // Scratch space reused across messages, so steady operation does not allocate.
    std::vector<received_delta> received_;
    std::vector<std::uint64_t> known_;
};

} // namespace hearsay

#endif
