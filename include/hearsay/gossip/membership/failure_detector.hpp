// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MEMBERSHIP_FAILURE_DETECTOR_HPP
#define HEARSAY_GOSSIP_MEMBERSHIP_FAILURE_DETECTOR_HPP

// failure_detector: SWIM (Das, Gupta, Motivala, DSN 2002) with Lifeguard's
// refinements (Dadgar, Phillips, Currey, 2018), over the member table.
//
//   every protocol period        ping a member (randomised round robin)
//     no ack by probe_timeout    ping_request to indirect_checks others, who
//                                ping it for us and relay its probe_ack (or
//                                a nack when it stays silent)
//     no ack by the period's end mark it suspect; the news spreads
//   suspect                      refuted by the member (a higher incarnation:
//                                alive), or dead when its suspicion times out
//
// Lifeguard: the period and the probe timeout stretch with this node's own
// health score (health_awareness.hpp); a suspicion times out after a time
// that starts at suspicion_max_timeout_mult x the minimum and shrinks towards
// the minimum as other members independently report the same suspicion
// (suspicions.hpp); a suspect member that is pinged is also told that it is
// suspected (the buddy system), so that it refutes at once. The ping-requests
// served for others are in probe_relays.hpp.
//
// A member is probed only once it showed its token (until then, rounds send it
// token messages, and a silent seed is no failure to report); a ping_request is relayed only to a
// live member this node knows, so no datagram makes it probe an address of the sender's choosing.
// A member believed dead is pinged every reconnect_periods periods: an answer makes it refute, so
// the two sides of a healed partition find each other again. Pings, acks and ping_requests carry
// member news too (SWIM's piggybacking), so that suspicions and refutations spread with every
// period's probes as well as with the rounds. Cost per period: O(indirect_checks) messages and O(1)
// expected work to pick the members; a timer scan is O(suspects + relays),
// both bounded.

#include <algorithm> // find
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "hearsay/codec/codec_traits.hpp" // encode_value, decode_value
#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/writer.hpp"
#include "hearsay/gossip/membership/failure_detection_config.hpp"
#include "hearsay/gossip/membership/health_awareness.hpp"
#include "hearsay/gossip/membership/member.hpp"
#include "hearsay/gossip/membership/probe_order.hpp"
#include "hearsay/gossip/membership/probe_relays.hpp"
#include "hearsay/gossip/membership/suspicions.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/random.hpp" // uniform_below

namespace hearsay {

/// Probes members and suspects, then declares dead, those that do not answer.
template <class Address, class TimePoint> class failure_detector {
  public:
    using duration = typename TimePoint::duration;

    failure_detector(const failure_detection_config& config, std::uint64_t first_seq)
        : config_(config), seq_(first_seq), health_(config.lifeguard, config.awareness_max),
          suspicions_(config) {}

    // Queries.

    /// Returns the awareness score: 0 for a healthy node, up to awareness_max - 1.
    std::size_t awareness() const { return health_.score(); }
    /// Returns the current protocol period, stretched by the awareness score.
    duration period() const { return stretch(config_.probe_interval); }
    /// Returns the earliest time something is due, or `otherwise` when nothing is.
    TimePoint next_deadline(TimePoint otherwise) const {
        if (!config_.enabled)
            return otherwise;
        TimePoint at = started_ ? next_period_ : otherwise;
        if (probe_.active && !probe_.asked_others && probe_.timeout < at)
            at = probe_.timeout;
        return suspicions_.next_deadline(relays_.next_deadline(at));
    }

    // Time.

    /// Does what is due by `now`: ends and starts protocol periods, asks others to probe, sends
    /// nacks for relays that timed out, and declares dead the suspects whose time ran out.
    template <class Context, class Members>
    void tick(Context& ctx, Members& members, TimePoint now) {
        if (!config_.enabled || members.left())
            return;
        if (!started_) {
            started_ = true;
            next_period_ = now;
        }
        if (probe_.active && !probe_.asked_others && !(now < probe_.timeout))
            ask_others(ctx, members);
        expire_relays(ctx, members, now);
        expire_suspicions(ctx, members, now);
        if (!(now < next_period_)) {
            end_probe(ctx, members, now);
            start_probe(ctx, members, now);
            next_period_ = now + period();
        }
    }

    // Input: bodies of verified messages, after their header. Each returns false (the reason
    // recorded in `in`) when malformed; `heard()` records the sender once the body is valid.

    /// Answers a ping with a probe_ack of its seq.
    template <class Context, class Members, class Heard>
    bool on_ping(Context& ctx, reader& in, const Address& from, Heard&& heard, Members& members) {
        std::uint64_t seq = 0;
        if (!in.read_varint(seq) || !members.read_news(in) || !detail::read_end(in))
            return false;
        heard();
        members.apply_carried(ctx, from);
        send_numbered(ctx, members, from, message_kind::probe_ack, seq);
        return true;
    }

    /// Pings, for `from`, the member it names, if it is a live member this node can contact.
    template <class Context, class Members, class Heard>
    bool on_ping_request(Context& ctx, reader& in, const Address& from, Heard&& heard,
                         Members& members, TimePoint now) {
        std::uint64_t seq = 0;
        Address target{};
        std::uint64_t id = 0;
        if (!in.read_varint(seq) || !decode_value(in, target) || !in.read_varint(id) ||
            !members.read_news(in) || !detail::read_end(in))
            return false;
        heard();
        members.apply_carried(ctx, from);
        const auto& table = members.table();
        const std::size_t i = table.find(target);
        if (i == table.size() || !is_live(table.at(i).status) || !table.contactable(i) ||
            (table.at(i).id != id && table.at(i).id != 0) || target == from || relays_.full())
            return true; // nothing to relay to: the requester's probe times out
        const std::uint64_t mine = ++seq_;
        relays_.add({mine, from, seq, now + stretch(config_.probe_timeout)});
        ping(ctx, members, i, mine);
        return true;
    }

    /// Takes an answer to a probe: ours, or one we relay for another member.
    template <class Context, class Members, class Heard>
    bool on_probe_ack(Context& ctx, reader& in, const Address& from, Heard&& heard,
                      Members& members) {
        std::uint64_t seq = 0;
        if (!in.read_varint(seq) || !members.read_news(in) || !detail::read_end(in))
            return false;
        heard();
        members.apply_carried(ctx, from);
        if (probe_.active && seq == probe_.seq) {
            probe_.acked = true;
            return true;
        }
        if (const auto r = relays_.take(seq)) {
            open_to(ctx, members, r->requester);
            send_numbered(ctx, members, r->requester, message_kind::probe_ack, r->their_seq);
        }
        return true;
    }

    /// Counts a nack: an indirect probe failed, but the member that says so is reachable.
    template <class Heard> bool on_nack(reader& in, Heard&& heard) {
        std::uint64_t seq = 0;
        if (!detail::read_seq(in, seq))
            return false;
        heard();
        if (probe_.active && seq == probe_.seq)
            ++probe_.nacks;
        return true;
    }

    // Membership events.

    /// Follows a change of a member's status: a suspicion starts its timer, anything else ends
    /// it. `reporter` is the member whose news it was (this node's own address for its own
    /// suspicions), for Lifeguard's confirmations.
    template <class Members>
    void on_status(const Members& members, const Address& address, member_status status,
                   TimePoint now) {
        if (!config_.enabled)
            return;
        if (status == member_status::suspect)
            suspicions_.start(address, now, view_size(members));
        else
            suspicions_.end(address);
    }
    /// Counts `reporter`'s news that `address` is suspect as a confirmation, once per reporter.
    template <class Members>
    void confirm(const Members& members, const Address& address, const Address& reporter) {
        suspicions_.confirm(address, reporter, view_size(members));
    }
    /// Takes what changed in `members` since the last call: suspicions start and end their
    /// timers, members that may now be probed join the probe order, reports of suspicion confirm
    /// it.
    template <class Members, class Random>
    void follow(Members& members, Random& random, TimePoint now) {
        for (const auto& c : members.status_changes()) {
            on_status(members, c.address, c.status, now);
            if (c.probeable)
                joined(members, random, c.address);
        }
        members.status_changes().clear();
        for (const auto& [suspect, reporter] : members.suspect_reports())
            confirm(members, suspect, reporter);
        members.suspect_reports().clear();
    }
    /// Raises the awareness score: this node had to refute its own suspicion.
    void refuted() { health_.raise(1); }
    /// Places a new member at a random point of the current round-robin pass.
    template <class Members, class Random>
    void joined(const Members& members, Random& random, const Address& address) {
        order_.joined(address, members.table().size(), random);
    }

  private:
    struct probe_state {
        bool active = false;
        bool acked = false;
        bool asked_others = false;
        Address target{};
        std::uint64_t id = 0;
        std::uint64_t seq = 0;
        TimePoint timeout{};
        std::size_t expected_nacks = 0;
        std::size_t nacks = 0;
    };
    duration stretch(std::chrono::nanoseconds d) const { return health_.stretch<duration>(d); }

    // The cluster's size as this node sees it, itself included (gone members too: O(1)).
    template <class Members> static std::size_t view_size(const Members& members) {
        return members.table().size() + 1;
    }

    template <class Context, class Members>
    void open_to(Context& ctx, Members& members, const Address& to) {
        ctx.out.open(to, members.token_from(to));
    }

    // Sends `to`, the open peer, a ping or probe_ack numbered `seq`, with news piggybacked
    // on half of what a datagram may carry.
    template <class Context, class Members>
    void send_numbered(Context& ctx, Members& members, const Address& to, message_kind kind,
                       std::uint64_t seq) {
        const auto& news = members.pick_news(to, ctx.out.entry_room() / 2);
        ctx.emit(to, kind, [&](writer& w) {
            w.write_varint(seq);
            detail::write_members(w, news);
        });
        members.tell_alive(ctx, to);
    }

    // Sends member i a ping numbered `seq`; a suspect is also told what is said of it.
    template <class Context, class Members>
    void ping(Context& ctx, Members& members, std::size_t i, std::uint64_t seq) {
        const Address to = members.table().at(i).address;
        open_to(ctx, members, to);
        ++ctx.stats.probes_sent;
        send_numbered(ctx, members, to, message_kind::ping, seq);
        if (config_.lifeguard && members.table().at(i).status != member_status::alive)
            members.tell(ctx, i); // the buddy system: it refutes at once
    }

    template <class Context, class Members>
    void start_probe(Context& ctx, Members& members, TimePoint now) {
        ++periods_;
        if (periods_ % config_.reconnect_periods == 0)
            ping_the_dead(ctx, members);
        const std::size_t i = order_.next(members.table(), ctx.random);
        if (i == members.table().size())
            return;
        probe_ = probe_state{};
        probe_.active = true;
        probe_.target = members.table().at(i).address;
        probe_.id = members.table().at(i).id;
        probe_.seq = ++seq_;
        probe_.timeout = now + stretch(config_.probe_timeout);
        ping(ctx, members, i, probe_.seq);
    }

    // Asks indirect_checks random live members, other than the target, to probe it for us.
    template <class Context, class Members> void ask_others(Context& ctx, Members& members) {
        probe_.asked_others = true;
        if (probe_.acked)
            return;
        const auto& table = members.table();
        std::vector<std::size_t>& chosen = chosen_;
        chosen.clear();
        for (std::size_t tries = 0; chosen.size() < config_.indirect_checks &&
                                    tries < 4 * config_.indirect_checks + 4 && table.size() > 0;
             ++tries) {
            const auto i = static_cast<std::size_t>(uniform_below(ctx.random, table.size()));
            const auto& m = table.at(i);
            if (m.status != member_status::alive || !table.verified(i) ||
                m.address == probe_.target ||
                std::find(chosen.begin(), chosen.end(), i) != chosen.end())
                continue;
            chosen.push_back(i);
        }
        for (std::size_t i : chosen) {
            const Address to = table.at(i).address;
            open_to(ctx, members, to);
            ++ctx.stats.indirect_probes;
            const auto& news = members.pick_news(to, ctx.out.entry_room() / 2);
            ctx.emit(to, message_kind::ping_request, [&](writer& w) {
                w.write_varint(probe_.seq);
                encode_value(probe_.target, w);
                w.write_varint(probe_.id);
                detail::write_members(w, news);
            });
        }
        probe_.expected_nacks = chosen.size();
    }

    // Ends the period's probe: an answer lowers the awareness score; silence makes the target
    // suspect, and raises the score when the nacks that prove our own links are missing.
    template <class Context, class Members>
    void end_probe(Context& ctx, Members& members, TimePoint now) {
        if (!probe_.active)
            return;
        probe_.active = false;
        if (probe_.acked) {
            health_.lower();
            return;
        }
        if (probe_.expected_nacks > 0) {
            if (probe_.nacks < probe_.expected_nacks)
                health_.raise(probe_.expected_nacks - probe_.nacks);
        } else {
            health_.raise(1);
        }
        const std::size_t i = members.table().find(probe_.target);
        if (i == members.table().size() || members.table().at(i).id != probe_.id)
            return;
        if (members.mark(i, member_status::suspect))
            ++ctx.stats.suspicions;
        if (members.table().at(i).status == member_status::suspect) // a timer, if it had none
            on_status(members, probe_.target, member_status::suspect, now);
    }

    template <class Context, class Members>
    void expire_relays(Context& ctx, Members& members, TimePoint now) {
        relays_.expire(now, [&](const auto& r) {
            open_to(ctx, members, r.requester);
            ctx.emit(r.requester, message_kind::nack,
                     [&](writer& w) { w.write_varint(r.their_seq); });
        });
    }

    template <class Context, class Members>
    void expire_suspicions(Context& ctx, Members& members, TimePoint now) {
        auto suspect = [&](const Address& address) {
            const std::size_t i = members.table().find(address);
            const bool is = i != members.table().size() &&
                            members.table().at(i).status == member_status::suspect;
            return is ? i : members.table().size();
        };
        suspicions_.expire(
            now,
            [&](const Address& address) {
                const std::size_t i = suspect(address);
                if (i != members.table().size() && members.mark(i, member_status::dead))
                    ++ctx.stats.deaths_declared;
            },
            [&](const Address& address) {
                const std::size_t i = suspect(address);
                if (i != members.table().size())
                    members.last_call(ctx, i);
            });
    }

    // Pings one member believed dead, chosen at random among the departures: if it answers, it
    // is told, and refutes.
    template <class Context, class Members> void ping_the_dead(Context& ctx, Members& members) {
        const auto& table = members.table();
        const auto& gone = table.departures();
        for (std::size_t tries = 0; tries < 8 && gone.size() > 0; ++tries) {
            const auto k = static_cast<std::size_t>(uniform_below(ctx.random, gone.size()));
            const std::size_t i = table.find(gone.begin()[static_cast<std::ptrdiff_t>(k)].address);
            if (i != table.size() && table.at(i).status == member_status::dead &&
                table.contactable(i)) {
                ping(ctx, members, i, ++seq_);
                return;
            }
        }
    }

    failure_detection_config config_;
    std::uint64_t seq_;
    bool started_ = false;
    TimePoint next_period_{};
    std::uint64_t periods_ = 0;
    health_awareness health_;
    probe_state probe_;
    probe_order<Address> order_;
    std::vector<std::size_t> chosen_;
    probe_relays<Address, TimePoint> relays_;
    suspicions<Address, TimePoint> suspicions_;
};

} // namespace hearsay

#endif
