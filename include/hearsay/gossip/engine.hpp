// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_ENGINE_HPP
#define HEARSAY_GOSSIP_ENGINE_HPP

// gossip_engine: replicates one CRDT over the user's transport, by delta.
//
// Theory of operation. Each round (config.interval), the engine picks `fanout`
// alive members (PeerSelection) and, per the strategy, pushes deltas, pulls
// them, or both. Deltas come from a numbered buffer (delta_log.hpp): a peer
// whose acknowledgements the buffer still covers gets the whole interval it
// has not acknowledged, retransmitted until acknowledged; any other peer gets
// the buffer's hot rumors, which cool per Demers' feedback/blind and counter/
// coin variants. Every `anti_entropy_rounds` rounds the exchange is a digest
// (sync_traits<State>) instead: the peer answers with exactly what the digest
// lacks, which repairs what rumors missed and re-establishes acknowledgements.
// Every datagram fits max_payload: big deltas travel as independent pieces
// (join decomposition), each merging on its own. Members learn of each other
// from message senders and from gossiped member lists (membership.hpp).
//
// The caller's contract. Sans-I/O: the engine never sleeps, blocks, spawns or
// opens anything. Hand it every datagram with receive(); call poll() after any
// input or command and again by the time it returns (an extra poll() is
// harmless). The clock must not go back. Transport::send must not call back
// into the engine. Queries: state, stats, members. Input: receive. Commands:
// update, add_peer, remove_peer, leave. Emitting and scheduling: poll (replies
// to a received message are sent from receive itself).
//
// Guarantees. receive() accepts any bytes and never throws: a message is
// decoded whole, within config.limits, before anything is applied, and a
// refused one changes nothing but the counters. An update is kept in the
// buffer, and anti-entropy reaches every peer, so an update reaches every
// member that stays connected, whatever the losses. Not thread-safe: one
// thread, or the caller's lock, per engine. Cost per round: O(fanout) messages
// plus O(members) bookkeeping; a received delta costs its decode and merge.

#include <algorithm> // min, max
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional> // function
#include <system_error>
#include <utility> // move
#include <vector>

#include "hearsay/clock/clock_policy.hpp"
#include "hearsay/clock/steady_clock.hpp"
#include "hearsay/codec/codec.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/delta_log.hpp"
#include "hearsay/gossip/member.hpp"
#include "hearsay/gossip/membership.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/peer_selection.hpp"
#include "hearsay/gossip/random.hpp"
#include "hearsay/gossip/stats.hpp"
#include "hearsay/gossip/sync/fingerprint.hpp" // hash_bytes
#include "hearsay/gossip/sync/sync_traits.hpp"
#include "hearsay/gossip/transport_policy.hpp"

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
                  "member (see hearsay/gossip/peer_selection.hpp)");
    static_assert(detail::codec_is_provided_for<State>::value, "hearsay: State needs a codec");

  public:
    using state_type = State;
    using address_type = typename Transport::address_type;
    using time_point = typename Clock::time_point;
    using member_type = member<address_type>;
    using digest_type = typename sync_traits<State>::digest_type;

    /// Starts replica `self` (a cluster-unique id) with an empty state; throws std::system_error
    /// (errc::invalid_config) when config.validate() fails.
    gossip_engine(std::uint64_t self, Transport& transport, Clock& clock, gossip_config config = {})
        : gossip_engine(self, transport, clock, std::move(config), State{}) {}

    /// Starts replica `self` from `initial`, e.g. a state kept across a restart.
    gossip_engine(std::uint64_t self, Transport& transport, Clock& clock, gossip_config config,
                  State initial)
        : self_(self), transport_(&transport), clock_(&clock), config_(std::move(config)),
          random_(config_.seed ^ (self * 0x9e3779b97f4a7c15)), state_(std::move(initial)) {
        if (auto error = config_.validate())
            throw std::system_error(error, "hearsay: gossip_config");
        ae_phase_ = uniform_below(random_, config_.anti_entropy_rounds);
    }

    // Queries.

    /// Returns this replica's id.
    std::uint64_t id() const { return self_; }
    /// Returns the replicated state.
    const State& state() const { return state_; }
    /// Returns the counters kept since construction.
    const gossip_stats& stats() const { return stats_; }
    /// Returns the other members this node knows (not itself), in order of discovery.
    const std::vector<member_type>& members() const { return members_.members(); }
    /// Returns the configuration in force.
    const gossip_config& config() const { return config_; }

    // Input.

    /// Handles one datagram from `from`; any bytes are safe, refusals are counted in stats().
    void receive(const address_type& from, bytes_view bytes) noexcept {
        try {
            ++stats_.messages_received;
            stats_.bytes_received += bytes.size();
            handle(from, bytes);
        } catch (...) { // only an allocation failure can land here
            reject(errc::out_of_memory);
        }
    }

    // Commands.

    /// Applies a mutation: `f(State&, std::uint64_t self)` calls a mutator and returns its delta,
    /// which the engine spreads; returns that delta.
    template <class F> State update(F&& f) {
        State delta = f(state_, self_);
        if (!(delta == State{})) {
            buffer(encode_body(delta), true);
            digest_dirty_ = true;
        }
        return delta;
    }

    /// Adds a peer (a seed) by address; gossip brings the rest of the cluster.
    void add_peer(const address_type& address) {
        notify(members_.add_seed(address), members_.find(address));
    }

    /// Removes a peer: marks it dead here and tells others at the next rounds.
    void remove_peer(const address_type& address) {
        const std::size_t i = members_.find(address);
        if (i == members_.size())
            return;
        const member_type& m = members_.members()[i];
        notify(members_.apply(address, m.id, member_status::dead, m.incarnation), i);
    }

    /// Announces this node's departure to every member it knows, and stops starting rounds.
    void leave() {
        if (left_)
            return;
        left_ = true;
        ++incarnation_;
        for (const auto& m : members_.members()) {
            if (m.status == member_status::alive || m.status == member_status::suspect) {
                emit(m.address, message_kind::leave,
                     [&](writer& w) { w.write_varint(incarnation_); });
            }
        }
    }

    /// Calls `callback(state())` each time received data changes the state.
    void on_change(std::function<void(const State&)> callback) { on_change_ = std::move(callback); }
    /// Calls `callback(member)` each time a member is discovered or changes status.
    void on_member_change(std::function<void(const member_type&)> callback) {
        on_member_change_ = std::move(callback);
    }

    // Emitting and scheduling.

    /// Does the work due by now (at most one round) and returns when to be polled next.
    time_point poll() {
        const time_point now = clock_->now();
        const auto interval =
            std::chrono::duration_cast<typename Clock::duration>(config_.interval);
        if (!started_) {
            started_ = true;
            next_round_ = now;
        }
        if (!(now < next_round_)) {
            run_round();
            next_round_ = next_round_ + interval;
            if (!(now < next_round_)) // far behind (a stalled loop): do not replay missed rounds
                next_round_ = now + interval;
        }
        return next_round_;
    }

  private:
    // Rounds.

    void run_round() {
        ++stats_.rounds;
        ++round_;
        if (left_)
            return;
        trim_log();
        candidates_.clear();
        candidate_index_.clear();
        for (std::size_t i = 0; i < members_.size(); ++i) {
            const member_type& m = members_.members()[i];
            if ((m.status == member_status::alive || m.status == member_status::suspect) &&
                m.id != self_) {
                candidates_.push_back(&m);
                candidate_index_.push_back(i);
            }
        }
        chosen_.clear();
        selection_.select(candidates_, config_.fanout, random_, chosen_);
        // Anti-entropy pairs with one peer (Demers' one partner per cycle); the others get rumors.
        bool anti_entropy = (round_ + ae_phase_) % config_.anti_entropy_rounds == 0;
        for (std::size_t c : chosen_) {
            const std::size_t i = candidate_index_[c];
            const address_type to = members_.members()[i].address;
            if (config_.strategy != gossip_strategy::pull)
                send_deltas(i);
            if (config_.strategy == gossip_strategy::push) {
                if (anti_entropy)
                    send_empty(to, message_kind::digest_request);
                anti_entropy = false;
            } else if (anti_entropy) {
                anti_entropy = false;
                send_digest(to, config_.strategy == gossip_strategy::push_pull);
            } else {
                send_pull(to);
            }
        }
        if (!chosen_.empty())
            send_members(members_.members()[candidate_index_[chosen_.front()]].address, false);
    }

    // Drops cold entries every tracked peer has acknowledged (buffer() enforces the bound).
    void trim_log() {
        std::uint64_t floor = log_.head();
        for (std::size_t i = 0; i < members_.size(); ++i) {
            auto& peer = members_.bookkeeping(i);
            const auto status = members_.members()[i].status;
            if (status == member_status::dead || status == member_status::left)
                peer.tracked = false;
            if (peer.tracked)
                floor = std::min(floor, peer.acked);
        }
        while (!log_.empty() && !log_.entries().front().hot && log_.entries().front().seq <= floor)
            log_.pop_front();
    }

    // Appends to the buffer, dropping the oldest entry beyond its bound.
    void buffer(std::vector<std::byte> bytes, bool hot) {
        log_.append(std::move(bytes), hot);
        if (log_.size() > config_.max_buffered_deltas) {
            log_.pop_front();
            ++stats_.deltas_trimmed;
        }
    }

    // Counts one transmission of a hot entry towards its loss of interest.
    void count_transmission(delta_log::entry& e) {
        if (!e.hot)
            return;
        if (config_.loss == rumor_loss::counter) {
            if (++e.counted >= config_.rumor_k)
                e.hot = false;
        } else if (one_in(random_, config_.rumor_k)) {
            e.hot = false;
        }
    }

    // Sending.

    std::size_t budget() const {
        return std::min(config_.max_payload,
                        transport_max_payload(*transport_, config_.max_payload));
    }

    void put_header(writer& w, message_kind kind) const {
        detail::write_message_header(w, kind, self_);
    }

    // Writes a message with `body(writer&)` into the send buffer and sends it; the buffer grows
    // to the largest message sent so far, never past budget(). False when the message is larger.
    template <class Body> bool emit(const address_type& to, message_kind kind, Body&& body) {
        for (;;) {
            writer w(out_.data(), out_.size());
            put_header(w, kind);
            body(w);
            if (w.fits()) {
                ++stats_.messages_sent;
                stats_.bytes_sent += w.size();
                transport_->send(to, bytes_view(out_.data(), w.size()));
                return true;
            }
            if (w.size() > budget()) {
                ++stats_.payload_too_large;
                return false;
            }
            out_.resize(w.size()); // then write it again, now that it fits
        }
    }

    void send_empty(const address_type& to, message_kind kind) {
        emit(to, kind, [](writer&) {});
    }

    static std::size_t varint_size(std::uint64_t v) {
        std::size_t n = 1;
        while (v >= 0x80) {
            v >>= 7;
            ++n;
        }
        return n;
    }

    // Header (3 + id) plus flags, after, upto and count, each at most a 10-byte varint.
    std::size_t deltas_overhead() const { return 2 + varint_size(self_) + 4 * 10; }

    // Sends peer `i` the interval it has not acknowledged, or else the hot rumors.
    void send_deltas(std::size_t i) {
        auto& peer = members_.bookkeeping(i);
        const address_type to = members_.members()[i].address;
        if (peer.tracked && !log_.holds_after(peer.acked))
            peer.tracked = false; // fell behind the buffer: the next digest exchange repairs it
        const bool interval = peer.tracked;
        const bool blind = config_.feedback == rumor_feedback::blind;
        const std::uint64_t flags =
            (interval ? detail::deltas_complete : 0) | (blind ? 0 : detail::deltas_feedback);
        batch_.clear();
        std::size_t size = 0;
        std::uint64_t after = interval ? peer.acked : 0;
        const std::size_t room = budget() - std::min(budget(), deltas_overhead());
        auto flush = [&](std::uint64_t upto) {
            if (batch_.empty())
                return;
            emit(to, message_kind::deltas,
                 [&](writer& w) { write_deltas(w, flags, after, interval ? upto : 0, batch_); });
            after = upto;
            batch_.clear();
            size = 0;
        };
        for (auto& e : log_.entries()) {
            if (interval ? e.seq <= peer.acked : !e.hot)
                continue;
            const std::size_t cost = varint_size(e.seq) + e.bytes.size();
            if (cost > room) { // too big for any datagram: send it as pieces, unacknowledged
                flush(e.seq - 1);
                send_pieces(to, decode_body(e.bytes), e.seq);
                peer.tracked = false;
                if (blind)
                    count_transmission(e);
                if (interval)
                    break;
                continue;
            }
            if (size + cost > room)
                flush(batch_.back()->seq);
            batch_.push_back(&e);
            size += cost;
            if (blind)
                count_transmission(e);
        }
        if (!batch_.empty())
            flush(batch_.back()->seq);
    }

    static void write_deltas(writer& w, std::uint64_t flags, std::uint64_t after,
                             std::uint64_t upto, const std::vector<delta_log::entry*>& entries) {
        detail::write_deltas_head(w, {flags, after, upto, entries.size()});
        for (const auto* e : entries) {
            w.write_varint(e->seq);
            w.write_bytes(e->bytes.data(), e->bytes.size());
        }
    }

    // Sends `delta` as deltas messages, split until each piece fits. Pieces of buffered entry
    // `seq` ask for rumor feedback; those of an anti-entropy reply (seq 0) ask for nothing.
    void send_pieces(const address_type& to, const State& delta, std::uint64_t seq = 0) {
        if (delta == State{})
            return;
        std::vector<std::byte> body = encode_body(delta);
        if (body.size() + deltas_overhead() <= budget()) {
            const bool feedback = seq != 0 && config_.feedback == rumor_feedback::feedback;
            emit(to, message_kind::deltas, [&](writer& w) {
                detail::write_deltas_head(w, {feedback ? detail::deltas_feedback : 0, 0, 0, 1});
                w.write_varint(seq);
                w.write_bytes(body.data(), body.size());
            });
            return;
        }
        State first;
        State second;
        if (!sync_traits<State>::split(delta, first, second)) {
            ++stats_.payload_too_large;
            return;
        }
        send_pieces(to, first, seq);
        send_pieces(to, second, seq);
    }

    const digest_type& digest() {
        if (digest_dirty_) {
            digest_ = sync_traits<State>::digest(state_);
            std::vector<std::byte> bytes;
            writer w(bytes);
            encode_value(digest_, w);
            w.finish();
            digest_hash_ = detail::hash_bytes(bytes.data(), bytes.size()) | 1; // never 0
            digest_dirty_ = false;
        }
        return digest_;
    }

    // Tells whether this node has stopped spreading rumors: what it lacks now, only
    // anti-entropy brings.
    bool quiet() const {
        for (const auto& e : log_.entries())
            if (e.hot)
                return false;
        return true;
    }

    // A pull asks for hot deltas; a quiet node adds the hash of its digest, so that a quiet
    // peer whose digest differs starts a digest exchange at once instead of at its next
    // anti-entropy round: this is what brings the last nodes a rumor missed.
    void send_pull(const address_type& to) {
        std::uint64_t hash = 0;
        if (quiet()) {
            digest();
            hash = digest_hash_;
        }
        emit(to, message_kind::pull, [&](writer& w) { detail::write_hash(w, hash); });
    }

    void on_pull(const address_type& from, std::uint64_t sender, reader& in) {
        std::uint64_t theirs = 0;
        if (!detail::read_hash(in, theirs) || !detail::read_end(in))
            return refuse(in);
        heard_from(from, sender);
        send_deltas(members_.find(from));
        if (theirs != 0 && !left_ && quiet()) {
            digest();
            if (digest_hash_ != theirs)
                send_digest(from, true);
        }
    }

    void send_digest(const address_type& to, bool wants_reply) {
        send_digest_part(to, digest(), wants_reply, true);
    }

    void send_digest_part(const address_type& to, const digest_type& d, bool wants_reply,
                          bool whole) {
        const std::uint64_t flags =
            (wants_reply ? detail::digest_wants_reply : 0) | (whole ? detail::digest_whole : 0);
        writer counting;
        put_header(counting, message_kind::digest);
        counting.write_varint(flags);
        encode_value(d, counting);
        if (counting.size() <= budget()) {
            ++stats_.digests_sent;
            emit(to, message_kind::digest, [&](writer& w) {
                w.write_varint(flags);
                encode_value(d, w);
            });
            return;
        }
        digest_type first;
        digest_type second;
        if (!sync_traits<State>::split_digest(d, first, second)) {
            ++stats_.payload_too_large;
            return;
        }
        send_digest_part(to, first, wants_reply, false);
        send_digest_part(to, second, wants_reply, false);
    }

    // Sends `to` one datagram of members: those whose news is still being announced, then a
    // random sample (as many as fit, for a newcomer's welcome).
    void send_members(const address_type& to, bool welcome) {
        const std::size_t n = members_.size();
        const std::size_t room = budget() - std::min(budget(), deltas_overhead());
        listed_.clear();
        std::size_t size = 0;
        auto add = [&](std::size_t i) {
            const member_type& m = members_.members()[i];
            if (m.address == to || m.id == 0)
                return true;
            writer counting;
            detail::write_member(counting, m);
            if (size + counting.size() > room)
                return false;
            size += counting.size();
            listed_.push_back(i);
            return true;
        };
        // News first, but never more than a sample's worth, so that a burst of news (a cluster
        // starting) costs a bounded datagram per round and drains over the next rounds.
        std::size_t news = 0;
        for (std::size_t i = 0; i < n && news < config_.membership_sample; ++i) {
            auto& peer = members_.bookkeeping(i);
            if (peer.announce > 0) {
                if (!add(i))
                    break;
                --peer.announce;
                ++news;
            }
        }
        const std::size_t draws = std::min(n, config_.membership_sample * (welcome ? 4 : 1));
        for (std::size_t k = 0; k < draws; ++k)
            if (!add(static_cast<std::size_t>(uniform_below(random_, n))))
                break;
        if (listed_.empty())
            return;
        emit(to, message_kind::members, [&](writer& w) {
            w.write_varint(listed_.size());
            for (std::size_t i : listed_)
                detail::write_member(w, members_.members()[i]);
        });
    }

    // Receiving.

    void reject(errc why) {
        ++stats_.messages_rejected;
        if (why == errc::bad_version)
            ++stats_.rejected_version;
        else
            ++stats_.rejected_malformed;
    }

    // Refuses a message for the reason its reader recorded.
    void refuse(const reader& in) { reject(static_cast<errc>(in.error().value())); }

    void handle(const address_type& from, bytes_view bytes) {
        if (bytes.size() > config_.limits.max_message_size)
            return reject(errc::message_too_large);
        reader in(bytes, config_.limits);
        message_kind kind{};
        std::uint64_t sender = 0;
        if (!detail::read_message_header(in, kind, sender))
            return refuse(in);
        if (sender == self_) {
            ++stats_.messages_rejected;
            ++stats_.rejected_self;
            return;
        }
        switch (kind) {
        case message_kind::deltas:
            return on_deltas(from, sender, in, bytes);
        case message_kind::ack:
            return on_ack(from, sender, in);
        case message_kind::digest:
            return on_digest(from, sender, in);
        case message_kind::digest_request:
            if (!detail::read_end(in))
                return refuse(in);
            heard_from(from, sender);
            return send_digest(from, false);
        case message_kind::pull:
            return on_pull(from, sender, in);
        case message_kind::members:
            return on_members(from, sender, in);
        case message_kind::leave:
            return on_leave(from, sender, in);
        }
    }

    // Records a valid message from `from`: a newcomer is welcomed with the member list.
    void heard_from(const address_type& from, std::uint64_t sender) {
        const member_news news = members_.heard_from(from, sender);
        notify(news, members_.find(from));
        if (news == member_news::added && !left_)
            send_members(from, true);
    }

    void notify(member_news news, std::size_t i) {
        if (news == member_news::none)
            return;
        members_.bookkeeping(i).announce = announce_budget();
        if (on_member_change_)
            on_member_change_(members_.members()[i]);
    }

    // Transmissions of one member's news: k times the rounds push needs to reach everyone.
    std::uint32_t announce_budget() const {
        std::uint32_t rounds = 1;
        for (std::size_t n = members_.size() + 1; n > 1; n >>= 1)
            ++rounds;
        return static_cast<std::uint32_t>(config_.rumor_k) * rounds;
    }

    struct received_delta {
        std::uint64_t seq = 0;
        State delta;
        std::size_t begin = 0; // the delta's bytes within the message, kept for the buffer
        std::size_t end = 0;
    };

    void on_deltas(const address_type& from, std::uint64_t sender, reader& in, bytes_view bytes) {
        detail::deltas_head head;
        if (!detail::read_deltas_head(in, head))
            return refuse(in);
        received_.clear();
        received_.resize(head.count);
        for (std::size_t k = 0; k < head.count; ++k) {
            auto& r = received_[k];
            if (!detail::read_entry_seq(in, head, k, r.seq))
                return refuse(in);
            r.begin = bytes.size() - in.remaining();
            if (!decode_value(in, r.delta))
                return refuse(in);
            r.end = bytes.size() - in.remaining();
        }
        if (!detail::read_end(in))
            return refuse(in);
        heard_from(from, sender);
        bool changed = false;
        known_.clear();
        for (auto& r : received_) {
            if (state_.merge(r.delta)) {
                changed = true;
                ++stats_.deltas_applied;
                // A rumor spreads on; an anti-entropy piece (seq 0) is buffered for tracked
                // peers only: re-rumoring repairs would multiply traffic for nothing.
                buffer(std::vector<std::byte>(bytes.data() + r.begin, bytes.data() + r.end),
                       r.seq != 0);
            } else {
                ++stats_.deltas_redundant;
                if (r.seq != 0)
                    known_.push_back(r.seq);
            }
        }
        if (head.flags != 0) {
            emit(from, message_kind::ack,
                 [&](writer& w) { detail::write_ack(w, head.after, head.upto, known_); });
        }
        if (changed) {
            digest_dirty_ = true;
            if (on_change_)
                on_change_(state_);
        }
    }

    void on_ack(const address_type& from, std::uint64_t sender, reader& in) {
        std::uint64_t after = 0, upto = 0;
        if (!detail::read_ack(in, after, upto, known_) || !detail::read_end(in))
            return refuse(in);
        heard_from(from, sender);
        auto& peer = members_.bookkeeping(members_.find(from));
        if (upto != 0 && peer.tracked && peer.acked >= after && upto <= log_.head() &&
            upto > peer.acked)
            peer.acked = upto;
        if (config_.feedback == rumor_feedback::feedback) {
            for (std::uint64_t seq : known_)
                if (auto* e = log_.find(seq))
                    count_transmission(*e);
        }
    }

    void on_digest(const address_type& from, std::uint64_t sender, reader& in) {
        std::uint64_t flags = 0;
        digest_type theirs{};
        if (!detail::read_flags(in, detail::digest_wants_reply | detail::digest_whole, flags) ||
            !decode_value(in, theirs) || !detail::read_end(in))
            return refuse(in);
        heard_from(from, sender);
        const std::size_t i = members_.find(from);
        State reply = sync_traits<State>::missing(state_, digest(), theirs);
        if (reply == State{}) {
            if ((flags & detail::digest_whole) != 0) { // it holds all we hold: track from here
                auto& peer = members_.bookkeeping(i);
                peer.tracked = true;
                peer.acked = log_.head();
            }
        } else {
            send_pieces(from, reply);
        }
        if ((flags & detail::digest_wants_reply) != 0)
            send_digest(from, false);
    }

    void on_members(const address_type& from, std::uint64_t sender, reader& in) {
        if (!detail::read_members(in, gossiped_) || !detail::read_end(in))
            return refuse(in);
        heard_from(from, sender);
        for (const auto& m : gossiped_) {
            if (m.id == self_ || m.address == from)
                continue; // news about ourselves is for failure detection to refute
            notify(members_.apply(m.address, m.id, m.status, m.incarnation),
                   members_.find(m.address));
        }
    }

    void on_leave(const address_type& from, std::uint64_t sender, reader& in) {
        std::uint64_t incarnation = 0;
        if (!in.read_varint(incarnation) || !detail::read_end(in))
            return refuse(in);
        heard_from(from, sender);
        notify(members_.apply(from, sender, member_status::left, incarnation), members_.find(from));
    }

    // Encoding of values without a message header.

    static std::vector<std::byte> encode_body(const State& value) {
        std::vector<std::byte> bytes;
        writer w(bytes);
        encode_value(value, w);
        w.finish();
        return bytes;
    }

    // Decodes a delta this engine encoded itself, so no limit but memory applies.
    static State decode_body(const std::vector<std::byte>& bytes) {
        static const decode_limits unlimited{~std::size_t{0}, ~std::size_t{0}, ~std::size_t{0},
                                             ~std::size_t{0}};
        reader in(bytes_view(bytes.data(), bytes.size()), unlimited);
        State value{};
        decode_value(in, value);
        return value;
    }

    std::uint64_t self_;
    Transport* transport_;
    Clock* clock_;
    gossip_config config_;
    Random random_;
    PeerSelection selection_{};
    State state_;
    digest_type digest_{};
    std::uint64_t digest_hash_ = 0;
    bool digest_dirty_ = true;
    delta_log log_;
    membership<address_type> members_;
    gossip_stats stats_;
    std::function<void(const State&)> on_change_;
    std::function<void(const member_type&)> on_member_change_;

    time_point next_round_{};
    bool started_ = false;
    std::uint64_t round_ = 0;
    std::uint64_t ae_phase_ = 0;
    bool left_ = false;
    std::uint64_t incarnation_ = 0;

    // Scratch space reused across calls, so steady operation does not allocate.
    std::vector<std::byte> out_;
    std::vector<std::size_t> listed_;
    std::vector<const member_type*> candidates_;
    std::vector<std::size_t> candidate_index_;
    std::vector<std::size_t> chosen_;
    std::vector<delta_log::entry*> batch_;
    std::vector<received_delta> received_;
    std::vector<std::uint64_t> known_;
    std::vector<member_type> gossiped_;
};

} // namespace hearsay

#endif
