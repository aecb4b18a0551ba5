// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_ENGINE_HPP
#define HEARSAY_GOSSIP_ENGINE_HPP

// gossip_engine: replicates one CRDT over the user's transport, by delta.
//
// Theory of operation. Each round (config.interval), the engine picks `fanout`
// live members (PeerSelection) and, per the strategy, pushes deltas, pulls
// them, or both; one of them gets a digest exchange instead every
// `anti_entropy_rounds` rounds. The parts, one file each:
//   timers.hpp          every deadline; poll() fires them and returns the next
//   outbox.hpp          every message out: header, send buffer, payload budget
//   engine_context.hpp  what the parts share: outbox, counters, random source
//   replication.hpp     the state and how it spreads, made of
//     delta_log.hpp       the numbered deltas still to spread, with its bound
//     rumor.hpp           when a logged delta stops being pushed (Demers' variants)
//     delta_packer.hpp    intervals and rumors batched into datagrams; big deltas as pieces
//     anti_entropy.hpp    digests: when, cached, split, and the reply to a peer's
//   peer_sync.hpp       per peer: untracked, or tracked with what it acknowledged
//   tracked_peers.hpp   the peers whose acknowledgements hold the log back
//   admission.hpp       which received messages are handled, and what they may cost:
//     peer_budget.hpp     per peer and per round, messages and replies
//     backlog.hpp         messages kept until their sender shows its address token
//   own_writer.hpp      this start's writer id, how far it wrote, clashes repaired
//   membership/         the member table, address tokens, how members learn of
//                       each other, refutation, failure detection (SWIM with
//                       Lifeguard: failure_detector.hpp)
//   messages.hpp        the wire format of every message
// This file keeps the public calls, the rounds, the dispatch of admitted
// messages and the callbacks.
//
// The caller's contract. Sans-I/O: the engine never sleeps, blocks, spawns or
// opens anything. Hand it every datagram with receive(); call poll() after any
// input or command and again by the time it returns (an extra poll() is
// harmless). The clock must not go back. Transport::send must not call back
// into the engine, and should not throw. Queries: state, stats, members,
// live_members. Input: receive. Commands: update, add_peer, remove_peer,
// leave. Emitting and scheduling: poll (replies to a received message are sent
// from receive itself).
//
// Guarantees. receive() accepts any bytes: a message is decoded whole, within
// config.limits, before anything is applied, and a refused one changes nothing
// but the counters. Running out of memory while handling a message is counted
// (rejected_out_of_memory), never thrown. The only exceptions that leave the
// engine are those of the caller's own code (a callback, Transport::send),
// thrown through after the engine's state is consistent; the rest of that
// call's replies and callbacks are then skipped, as if datagrams were lost.
// An update is kept in the buffer, and anti-entropy reaches every peer, so an
// update reaches every member that stays connected, whatever the losses. Not
// thread-safe: one thread, or the caller's lock, per engine. Cost per round:
// O(fanout) messages, and bookkeeping in O(fanout + membership_sample +
// tracked peers), whatever the table holds; a received delta costs its decode
// and merge.

#include <algorithm> // min
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional> // function
#include <limits>
#include <memory> // make_shared, shared_ptr
#include <new>    // bad_alloc
#include <system_error>
#include <utility> // move, pair
#include <vector>

#include "hearsay/clock/clock_policy.hpp"
#include "hearsay/clock/steady_clock.hpp"
#include "hearsay/codec/codec.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/core/counter_limit.hpp" // counter_overflow
#include "hearsay/gossip/admission.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/engine_context.hpp"
#include "hearsay/gossip/membership/failure_detector.hpp"
#include "hearsay/gossip/membership/member.hpp"
#include "hearsay/gossip/membership/membership.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/own_writer.hpp"
#include "hearsay/gossip/peer_budget.hpp" // peer_state
#include "hearsay/gossip/peer_selection.hpp"
#include "hearsay/gossip/peer_sync.hpp"
#include "hearsay/gossip/random.hpp"
#include "hearsay/gossip/replication.hpp"
#include "hearsay/gossip/stats.hpp"
#include "hearsay/gossip/subscribers.hpp"
#include "hearsay/gossip/sync/sync_traits.hpp"
#include "hearsay/gossip/timers.hpp"
#include "hearsay/gossip/tracked_peers.hpp"
#include "hearsay/gossip/transport_policy.hpp"
#include "hearsay/gossip/writer_id.hpp"

namespace hearsay {

/// Replicates a State CRDT among the members of a cluster, over a user-supplied Transport.
template <class State, class Transport, class Clock = steady_clock, class Random = xoshiro256,
          class PeerSelection = uniform_peer_selection>
class gossip_engine {
    static_assert(check_transport<Transport>::value, "hearsay: see the messages above");
    static_assert(clock_policy<Clock>, "hearsay: the Clock needs `time_point`, `duration` and a "
                                       "const `now()` (see hearsay/clock/clock_policy.hpp)");
    static_assert(random_policy<Random>,
                  "hearsay: the Random source needs `explicit Random(std::uint64_t seed)` and "
                  "`std::uint64_t operator()()` (see hearsay/gossip/random.hpp)");
    static_assert(peer_selection_policy<PeerSelection>,
                  "hearsay: the PeerSelection needs a `select(candidates, count, random, chosen)` "
                  "member template, `candidates` a random-access range of members (see "
                  "hearsay/gossip/peer_selection.hpp)");
    static_assert(detail::codec_is_provided_for<State>::value, "hearsay: State needs a codec");

  public:
    using state_type = State;
    using address_type = typename Transport::address_type;
    using time_point = typename Clock::time_point;
    using member_type = member<address_type>;
    using digest_type = typename sync_traits<State>::digest_type;

    /// Starts replica `self` (a cluster-unique id, not 0) with an empty state; throws
    /// std::system_error (errc::invalid_config) when `self` is 0 or config.validate() fails.
    gossip_engine(std::uint64_t self, Transport& transport, Clock& clock, gossip_config config = {})
        : gossip_engine(self, transport, clock, std::move(config), State{}) {}

    /// Starts replica `self` from `initial`, e.g. a state kept across a restart.
    gossip_engine(std::uint64_t self, Transport& transport, Clock& clock, gossip_config config,
                  State initial)
        : self_(checked_id(self)), clock_(&clock), config_(checked(std::move(config))),
          own_(derive_writer_id(self, config_.writer_epoch != 0 ? config_.writer_epoch
                                                                : draw_epoch(clock))),
          ctx_{outbox<Transport>(transport, self, config_.max_payload,
                                 sealer(config_.keys, config_.max_sessions)),
               gossip_stats{}, Random(config_.seed ^ (self * 0x9e3779b97f4a7c15))},
          replication_(config_, ctx_.random, std::move(initial)),
          members_(self, config_, token_key(config_.writer_epoch, clock, 0),
                   token_key(config_.writer_epoch, clock, 1)) {}

    // Queries.

    /// Returns this node's member id, the same at every start.
    std::uint64_t id() const { return self_; }
    /// Returns the writer id this start writes under: fresh at every start (writer_id.hpp).
    std::uint64_t writer_id() const { return own_.id(); }
    /// Returns the replicated state.
    const State& state() const { return replication_.state(); }
    /// Returns the counters kept since construction.
    const gossip_stats& stats() const { return ctx_.stats; }
    /// Returns every other member this node has known (not itself), gone ones included, in
    /// order of discovery.
    const std::vector<member_type>& members() const { return members_.members(); }
    /// Returns the members rounds choose from: those alive or suspect, in order of discovery.
    live_member_range<member_type> live_members() const { return members_.live(); }
    /// Returns the configuration in force.
    const gossip_config& config() const { return config_; }

    // Input.

    /// Handles one datagram from `from`; any bytes are safe, refusals are counted in stats().
    void receive(const address_type& from, bytes_view bytes) {
        const std::uint64_t refutations = ctx_.stats.refutations;
        ++ctx_.stats.messages_received;
        ctx_.stats.bytes_received += bytes.size();
        try {
            if (!ctx_.out.unseal(bytes, ctx_.stats)) // with keys: refused before decoding
                return;
            if (handle(from, bytes, sender_check::unverified) == sender_check::verified) {
                admission_.take_kept(from, [&](bytes_view kept) { // now it showed its token
                    handle(from, kept, sender_check::verified);
                });
                resume_exchange(from);
            }
        } catch (const std::bad_alloc&) {
            count_rejection(ctx_.stats, errc::out_of_memory);
        }
        if (own_.clashed())
            repair_clash();
        if (ctx_.stats.refutations != refutations)
            detector_.refuted(); // Lifeguard: having to refute says this node is slow
        detector_.follow(members_, ctx_.random, clock_->now());
        // Callbacks run outside the guarded part: what they throw is theirs to catch.
        for (const auto& r : replication_.received())
            if (r.changed)
                on_change_->notify(state(), r.delta);
        replication_.forget_received();
        tell_member_news();
    }

    // Commands.

    /// Applies a mutation: `f(State&, std::uint64_t self)` calls a mutator with `self`, this
    /// start's writer_id(), and returns its delta, which the engine spreads; returns that delta.
    template <class F> State update(F&& f) {
        State delta;
        try {
            delta = replication_.update(f, own_.id(), ctx_.stats);
        } catch (const counter_overflow&) {
            // This writer id minted its last counter (2^62): write under a fresh one. The
            // mutator threw before changing anything, so it runs again.
            own_.escape(derive_writer_id(self_, draw_epoch(*clock_)), state());
            ++ctx_.stats.writer_rotations;
            delta = replication_.update(f, own_.id(), ctx_.stats);
        }
        own_.wrote(state());
        if (!(delta == State{}))
            on_change_->notify(state(), delta);
        return delta;
    }

    /// Adds a peer (a seed) by address; gossip brings the rest of the cluster.
    void add_peer(const address_type& address) {
        members_.add_seed(address);
        tell_member_news();
    }

    /// Removes a peer: marks it dead here and tells others at the next rounds.
    void remove_peer(const address_type& address) {
        members_.remove(address);
        tell_member_news();
    }

    /// Announces this node's departure to every live member, and stops starting rounds.
    void leave() { members_.leave(ctx_); }

    /// Returns the keys in force (a copy of config().keys at the start), to rotate them: add a
    /// key, use it, remove the old one (security/keyring.hpp); the next datagram sees the change.
    keyring& keys() noexcept { return ctx_.out.seals().keys(); }

    /// Calls `callback(state(), delta)` after each change of the state, local or received, with
    /// the delta that made it; the callback stays registered while the returned handle lives.
    subscription on_change(std::function<void(const State&, const State&)> callback) {
        return on_change_->add(std::move(callback));
    }
    /// Calls `callback(writer)` when data from another node turns out to be written under this
    /// start's writer id `writer` (a start that reused a writer epoch); the engine has then moved
    /// to a fresh writer id. Registered while the returned handle lives.
    subscription on_writer_clash(std::function<void(std::uint64_t)> callback) {
        return on_writer_clash_->add(std::move(callback));
    }
    /// Calls `callback(member, old_status)` each time a member is discovered (old_status is then
    /// its status) or changes; registered while the returned handle lives.
    subscription on_member_change(std::function<void(const member_type&, member_status)> callback) {
        return on_member_change_->add(std::move(callback));
    }

    // Emitting and scheduling.

    /// Does the work due by now (at most one round) and returns when to be polled next.
    time_point poll() {
        const time_point now = clock_->now();
        if (!timers_.armed(timer_kind::round))
            timers_.arm(timer_kind::round, now); // the first poll starts the rounds
        if (timers_.due(timer_kind::round, now)) {
            const auto interval =
                std::chrono::duration_cast<typename Clock::duration>(config_.interval);
            time_point next = timers_.deadline(timer_kind::round) + interval;
            if (!(now < next)) // far behind (a stalled loop): do not replay missed rounds
                next = now + interval;
            timers_.arm(timer_kind::round, next);
            run_round();
        }
        detector_.tick(ctx_, members_, now);
        detector_.follow(members_, ctx_.random, now);
        tell_member_news();
        const time_point next = timers_.next(now);
        return std::min(next, detector_.next_deadline(next));
    }

  private:
    static std::uint64_t checked_id(std::uint64_t self) {
        if (self == 0)
            throw std::system_error(make_error_code(errc::invalid_config),
                                    "hearsay: replica id 0 is reserved (it marks an unknown id)");
        return self;
    }
    static gossip_config checked(gossip_config config) {
        if (auto error = config.validate())
            throw std::system_error(error, "hearsay: gossip_config");
        return config;
    }

    // Rounds.

    void run_round() {
        ++ctx_.stats.rounds;
        ++round_;
        drop_acknowledged();
        if (members_.left())
            return;
        const auto& table = members_.table();
        const auto& chosen = peers_.choose(table, self_, config_.fanout, selection_, ctx_.random);
        // Anti-entropy pairs with one peer (Demers' one partner per cycle); the others get rumors.
        exchange what = replication_.digest_due(round_) ? exchange::digest : exchange::rumors;
        awaiting_.clear();
        probed_.clear();
        for (std::size_t i : chosen) {
            const address_type to = table.at(i).address;
            if (table.contactable(i)) {
                ctx_.out.open(to, table.token(i));
                replication_.exchange_with(ctx_, members_.slot(i).sync, to, what);
                members_.send_alive(ctx_, i);
            } else {
                probed_.push_back(to); // learnt by gossip: probed first, the exchange waits
                awaiting_.push_back({to, what});
            }
            what = exchange::rumors;
        }
        for (std::size_t k = 0; k < chosen.size(); ++k) { // the first gets a sample as well
            if (!table.contactable(chosen[k]))
                continue;
            if (k == 0)
                members_.send_sample(ctx_, chosen[k]);
            else
                members_.send_news(ctx_, chosen[k]);
        }
        for (const address_type& to : probed_) // probing may erase members: indices go stale
            members_.probe(ctx_, table.find(to));
        members_.round_done();
    }

    // Runs the round's exchange with `from` that waited for it to answer a token message.
    void resume_exchange(const address_type& from) {
        for (std::size_t k = 0; k < awaiting_.size(); ++k) {
            if (!(awaiting_[k].first == from))
                continue;
            const exchange what = awaiting_[k].second;
            awaiting_.erase(awaiting_.begin() + static_cast<std::ptrdiff_t>(k));
            const std::size_t i = members_.table().find(from);
            if (i == members_.table().size() || !members_.table().contactable(i))
                return;
            ctx_.out.open(from, members_.table().token(i));
            replication_.exchange_with(ctx_, members_.slot(i).sync, from, what);
            return;
        }
    }

    // Lets the log drop what every tracked peer acknowledged (tracked_peers.hpp).
    void drop_acknowledged() {
        replication_.drop_acknowledged(
            tracked_.floor(ctx_.newly_tracked, members_, replication_.log().newest_seq()));
    }

    // Receiving.

    // Handles one message; `known` is verified for a message kept in the backlog until its
    // sender showed its token. Returns whether the message was verified.
    sender_check handle(const address_type& from, bytes_view bytes, sender_check known) {
        reader in(bytes, config_.limits);
        const admitted a =
            admission_.admit(ctx_, members_, in, from, bytes, known, round_, config_);
        if (!a.handle)
            return a.check;
        if (!dispatch(a, in, from, bytes))
            count_rejection(ctx_.stats, in);
        admission_.settle(ctx_, members_, from, a, round_);
        return a.check;
    }

    // Hands an admitted message's body to the part it belongs to; false when it is invalid.
    bool dispatch(const admitted& a, reader& in, const address_type& from, bytes_view bytes) {
        // Called once the body proved valid: records the sender, returns its sync state.
        auto heard = [&]() -> peer_sync* {
            peer_state* peer = members_.heard_from(ctx_, from, a.sender);
            return peer != nullptr ? &peer->sync : nullptr;
        };
        switch (a.kind) {
        case message_kind::deltas:
            return replication_.on_deltas(ctx_, in, bytes, from, heard, [&](const State& delta) {
                // Before it is merged: a clash loses writes. Seeing one costs a pass over the
                // state, charged to the sender like a digest's.
                const bool first = !own_.clashed();
                if (own_.inspect(state(), delta) && first)
                    ctx_.work += encoded_size(state()) / anti_entropy<State>::scan_divisor;
            });
        case message_kind::ack:
            return replication_.on_ack(ctx_, in, heard);
        case message_kind::digest:
            return replication_.on_digest(ctx_, in, from, heard);
        case message_kind::digest_request:
            return replication_.on_digest_request(ctx_, in, from, heard);
        case message_kind::pull:
            return replication_.on_pull(ctx_, in, from, heard,
                                        members_.left() ? pull_answer::deltas_only
                                                        : pull_answer::deltas_and_digest);
        case message_kind::members:
            return members_.on_members(ctx_, in, from, heard);
        case message_kind::leave:
            return members_.on_leave(in, from, a.sender, heard);
        case message_kind::alive:
            return members_.on_alive(in, from, a.sender, heard);
        case message_kind::ping:
            return detector_.on_ping(ctx_, in, from, heard, members_);
        case message_kind::ping_request:
            return detector_.on_ping_request(ctx_, in, from, heard, members_, clock_->now());
        case message_kind::probe_ack:
            return detector_.on_probe_ack(ctx_, in, from, heard, members_);
        case message_kind::nack:
            return detector_.on_nack(in, heard);
        case message_kind::token:
            break; // admission handles the handshake
        }
        return true;
    }

    // Someone else writes under our writer id: write under a fresh one from now on, so that no
    // later write of ours collides, re-add under it what the clash lost, and report it.
    void repair_clash() {
        const std::uint64_t clashed =
            own_.escape(derive_writer_id(self_, draw_epoch(*clock_)), state());
        ++ctx_.stats.writer_clashes;
        update([&](State& s, std::uint64_t self) { return own_.repair(s, clashed, self); });
        on_writer_clash_->notify(clashed);
    }

    void tell_member_news() {
        members_.deliver_news([&](const auto& n) { on_member_change_->notify(n.first, n.second); });
    }

    std::uint64_t self_;
    Clock* clock_;
    gossip_config config_;
    own_writer<State> own_;
    engine_context<Transport, Random> ctx_;
    PeerSelection selection_{};
    timer_table<time_point> timers_;
    std::uint64_t round_ = 0;
    replication<State> replication_;
    membership<address_type, peer_state> members_;
    // Probe numbers start apart on each node (and at each start): an old answer is not taken
    // for a new one.
    failure_detector<address_type, time_point> detector_{
        config_.failure_detection, (config_.seed ^ own_.id()) * 0x9e3779b97f4a7c15u};
    round_peers peers_;
    tracked_peers<address_type> tracked_;
    // This round's peers learnt by gossip, sent a token message; the exchange waits for them.
    std::vector<std::pair<address_type, exchange>> awaiting_;
    std::vector<address_type> probed_;
    admission<address_type> admission_{config_.unverified_backlog};
    // Shared, so that subscriptions stay valid when the engine moves.
    std::shared_ptr<subscribers<const State&, const State&>> on_change_ =
        std::make_shared<subscribers<const State&, const State&>>();
    std::shared_ptr<subscribers<const member_type&, member_status>> on_member_change_ =
        std::make_shared<subscribers<const member_type&, member_status>>();
    std::shared_ptr<subscribers<std::uint64_t>> on_writer_clash_ =
        std::make_shared<subscribers<std::uint64_t>>();
};

} // namespace hearsay

#endif
