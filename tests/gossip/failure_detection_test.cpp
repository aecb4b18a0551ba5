// Failure detection (SWIM with Lifeguard), message by message: one engine, a
// recording transport, scripted members, and a clock moved by hand.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <utility> // move
#include <vector>

#include "catch.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/hearsay.hpp"
#include "support/engine_harness.hpp"

namespace {

using namespace hearsay;
using namespace std::chrono_literals;
using test::harness;
using test::of_kind;
using test::scripted_peer;
using message = harness::message;

// Rounds far apart, so that only probes happen; periods of 1 s, probe timeouts of 500 ms.
gossip_config probing_config() {
    gossip_config c = test::quiet_config();
    c.interval = std::chrono::hours(1);
    c.failure_detection.enabled = true;
    c.failure_detection.probe_interval = 1s;
    c.failure_detection.probe_timeout = 500ms;
    c.failure_detection.indirect_checks = 3;
    c.failure_detection.suspicion_mult = 4;
    c.failure_detection.suspicion_max_timeout_mult = 6;
    REQUIRE(!c.validate());
    return c;
}

struct cluster_view {
    harness h;
    std::vector<scripted_peer> peers; // peers[k] is member k + 2, at address k + 2

    explicit cluster_view(std::size_t members, gossip_config c = probing_config()) : h(c) {
        for (std::uint32_t a = 2; a < 2 + members; ++a) {
            h.engine.add_peer(a);
            peers.push_back(scripted_peer{a});
            h.join(a, peers.back());
        }
        h.sent();
    }
    // Moves the clock by `d` and polls; returns what was sent.
    std::vector<message> after(std::chrono::nanoseconds d) {
        h.clock.advance(std::chrono::duration_cast<manual_clock::duration>(d));
        h.engine.poll();
        return h.sent();
    }
    scripted_peer& peer(std::uint32_t address) { return peers[address - 2]; }
    member_status status_of(std::uint32_t address) const {
        for (const auto& m : h.engine.members())
            if (m.address == address)
                return m.status;
        FAIL("no such member");
        return member_status::left;
    }
};

std::vector<message> pings(const std::vector<message>& sent) {
    return of_kind(sent, message_kind::ping);
}

} // namespace

TEST_CASE("swim: each period pings one member, and an ack keeps it alive", "[swim][protocol]") {
    cluster_view v(1);
    const auto first = pings(v.after(0s));
    REQUIRE(first.size() == 1);
    CHECK(first[0].to == 2);
    v.h.receive(2, v.peer(2).numbered(message_kind::probe_ack, first[0].seq));
    CHECK(v.after(500ms).empty()); // answered: nobody is asked to help
    const auto second = pings(v.after(500ms));
    REQUIRE(second.size() == 1);
    CHECK(second[0].seq != first[0].seq);
    CHECK(v.status_of(2) == member_status::alive);
    CHECK(v.h.engine.stats().probes_sent == 2);
    CHECK(v.h.engine.stats().suspicions == 0);
}

TEST_CASE("swim: a ping is answered with an ack of its number", "[swim][protocol]") {
    cluster_view v(1);
    const auto acks = of_kind(v.h.receive(2, v.peer(2).numbered(message_kind::ping, 4242)),
                              message_kind::probe_ack);
    REQUIRE(acks.size() == 1);
    CHECK(acks[0].to == 2);
    CHECK(acks[0].seq == 4242);
}

TEST_CASE("swim: no direct ack: others are asked to probe, then the member is suspect",
          "[swim][protocol]") {
    cluster_view v(5);
    std::vector<std::pair<std::uint64_t, member_status>> changes;
    auto sub = v.h.engine.on_member_change([&](const member<std::uint32_t>& m, member_status) {
        changes.emplace_back(m.address, m.status);
    });
    const auto ping = pings(v.after(0s));
    REQUIRE(ping.size() == 1);
    const std::uint32_t target = ping[0].to;
    const auto asked = of_kind(v.after(500ms), message_kind::ping_request);
    CHECK(asked.size() == 3);
    for (const auto& m : asked) {
        CHECK(m.to != target);
        CHECK(m.target == target);
        CHECK(m.target_id == target);
        CHECK(m.seq == ping[0].seq);
    }
    CHECK(v.h.engine.stats().indirect_probes == 3);
    CHECK(v.status_of(target) == member_status::alive);
    v.after(500ms); // the period ends unanswered
    CHECK(v.status_of(target) == member_status::suspect);
    CHECK(v.h.engine.stats().suspicions == 1);
    REQUIRE(!changes.empty());
    CHECK(changes.back() == std::make_pair(std::uint64_t{target}, member_status::suspect));
}

TEST_CASE("swim: an ack relayed by an asked member keeps the target alive", "[swim][protocol]") {
    cluster_view v(4);
    const auto ping = pings(v.after(0s));
    REQUIRE(ping.size() == 1);
    const auto asked = of_kind(v.after(500ms), message_kind::ping_request);
    REQUIRE(!asked.empty());
    v.h.receive(asked[0].to, v.peer(asked[0].to).numbered(message_kind::probe_ack, ping[0].seq));
    v.after(500ms);
    CHECK(v.status_of(ping[0].to) == member_status::alive);
    CHECK(v.h.engine.stats().suspicions == 0);
}

TEST_CASE("swim: a ping_request is relayed to the member, its ack relayed back, or a nack sent",
          "[swim][protocol]") {
    cluster_view v(2);
    v.after(0s);
    // Member 2 asks the engine to probe member 3, which answers.
    const auto relayed = pings(v.h.receive(2, v.peer(2).ping_request(77, 3, 3)));
    REQUIRE(relayed.size() == 1);
    CHECK(relayed[0].to == 3);
    const auto back =
        of_kind(v.h.receive(3, v.peer(3).numbered(message_kind::probe_ack, relayed[0].seq)),
                message_kind::probe_ack);
    REQUIRE(back.size() == 1);
    CHECK(back[0].to == 2);
    CHECK(back[0].seq == 77);
    // Member 3 stays silent this time: member 2 gets a nack after the probe timeout.
    REQUIRE(pings(v.h.receive(2, v.peer(2).ping_request(78, 3, 3))).size() == 1);
    const auto nacks = of_kind(v.after(500ms), message_kind::nack);
    REQUIRE(nacks.size() == 1);
    CHECK(nacks[0].to == 2);
    CHECK(nacks[0].seq == 78);
    // An address that is no member, or a wrong id, is never probed: no reflection.
    CHECK(v.h.receive(2, v.peer(2).ping_request(79, 999, 999)).empty());
    CHECK(v.h.receive(2, v.peer(2).ping_request(80, 3, 12345)).empty());
}

TEST_CASE("swim: a suspect is declared dead when its suspicion times out, unless it refutes",
          "[swim][protocol]") {
    for (const bool refutes : {false, true}) {
        CAPTURE(refutes);
        cluster_view v(1);
        const auto ping = pings(v.after(0s));
        REQUIRE(ping.size() == 1);
        v.after(500ms);
        const auto next = pings(v.after(500ms)); // the period ends: suspect, and pinged again
        REQUIRE(v.status_of(2) == member_status::suspect);
        REQUIRE(next.size() == 1);
        if (refutes) {
            v.h.receive(
                2, v.peer(2).message(message_kind::alive, [](writer& w) { w.write_varint(1); }));
            v.h.receive(2, v.peer(2).numbered(message_kind::probe_ack, next[0].seq));
        }
        // Unconfirmed, a suspicion lasts suspicion_max_timeout_mult x suspicion_mult x
        // max(1, log10(n)) periods: 6 x 4 x 1 = 24 s. A member that refuted answers its pings.
        auto step = [&] {
            for (const auto& m : pings(v.after(1s)))
                if (refutes)
                    v.h.receive(2, v.peer(2).numbered(message_kind::probe_ack, m.seq));
        };
        for (int s = 0; s < 23; ++s)
            step();
        CHECK(v.status_of(2) == (refutes ? member_status::alive : member_status::suspect));
        for (int s = 0; s < 2; ++s)
            step();
        if (!refutes) {
            CHECK(v.status_of(2) == member_status::dead);
            CHECK(v.h.engine.stats().deaths_declared == 1);
        } else {
            CHECK(v.h.engine.stats().deaths_declared == 0);
        }
    }
}

TEST_CASE("swim: independent reports of a suspicion shorten it and relayed ones do not "
          "(Lifeguard)",
          "[swim][protocol]") {
    for (const bool accuse : {true, false}) {
        CAPTURE(accuse);
        cluster_view v(4);
        const auto ping = pings(v.after(0s));
        REQUIRE(ping.size() == 1);
        const std::uint32_t target = ping[0].to;
        v.after(500ms);
        auto sent = v.after(500ms); // the period ends: suspect
        REQUIRE(v.status_of(target) == member_status::suspect);
        // The other members say the same (k = suspicion_mult - 2 = 2 confirmations wanted):
        // each its own accusation (its probe failed too), or news it relays.
        for (std::uint32_t a = 2; a < 6; ++a) {
            if (a == target)
                continue;
            v.h.receive(a, v.peer(a).message(message_kind::members, [&](writer& w) {
                w.write_varint(1);
                detail::write_member(
                    w, member<std::uint32_t>{target, target, member_status::suspect, 0}, accuse);
            }));
        }
        // Confirmed, the suspicion lasts its minimum, suspicion_mult x max(1, log10(5)) = 4 s,
        // not the 24 s of an unconfirmed one.
        for (int s = 0; s < 3; ++s)
            for (auto& m : v.after(1s))
                sent.push_back(std::move(m));
        bool accused = false;      // this node tells its own suspicion as an accusation
        for (const auto& m : sent) // members messages, and news piggybacked on probes
            for (const auto& listed : m.members)
                accused = accused || (listed.address == target && listed.accuses);
        CHECK(accused);
        CHECK(v.status_of(target) == member_status::suspect);
        v.after(1s);
        CHECK(v.status_of(target) == (accuse ? member_status::dead : member_status::suspect));
    }
}

TEST_CASE("swim: a pinged suspect is told it is suspected, and refutes at once (buddy system)",
          "[swim][protocol]") {
    cluster_view v(1);
    v.after(0s);
    v.after(500ms);
    const auto sent = v.after(500ms); // the period ends: member 2 is suspect, and pinged again
    REQUIRE(v.status_of(2) == member_status::suspect);
    REQUIRE(pings(sent).size() == 1);
    bool told = false;
    for (const auto& m : of_kind(sent, message_kind::members))
        for (const auto& listed : m.members)
            told = told ||
                   (m.to == 2 && listed.address == 2 && listed.status == member_status::suspect);
    CHECK(told);
}

TEST_CASE("swim: probes that fail without nacks raise the awareness score and stretch the period "
          "(Lifeguard)",
          "[swim][protocol]") {
    cluster_view v(4);
    v.after(0s);
    v.after(500ms); // three members asked; none answers, none sends a nack
    v.after(500ms); // the period ends: awareness rises by the three missing nacks, to 3
    // The next period starts now and lasts (3 + 1) x 1 s: no ping before it ends.
    std::size_t pinged = 0;
    for (int step = 0; step < 7; ++step)
        pinged += pings(v.after(500ms)).size();
    CHECK(pinged == 0);
    CHECK(pings(v.after(500ms)).size() == 1);
}

TEST_CASE("swim: members believed dead are pinged now and then, and one that answers comes back",
          "[swim][protocol]") {
    gossip_config c = probing_config();
    c.failure_detection.reconnect_periods = 3;
    cluster_view v(2, c);
    v.h.engine.remove_peer(3); // believed dead
    REQUIRE(v.status_of(3) == member_status::dead);
    std::vector<std::uint64_t> seqs;
    for (int p = 0; p < 4; ++p)
        for (const auto& m : pings(v.after(p == 0 ? 0s : 1s)))
            if (m.to == 3)
                seqs.push_back(m.seq);
    REQUIRE(seqs.size() == 1);
    // It answers: it is told it is believed dead, and refutes with a higher incarnation.
    const auto told = of_kind(v.h.receive(3, v.peer(3).numbered(message_kind::probe_ack, seqs[0])),
                              message_kind::members);
    REQUIRE(told.size() == 1);
    v.h.receive(3, v.peer(3).message(message_kind::alive, [](writer& w) { w.write_varint(2); }));
    CHECK(v.status_of(3) == member_status::alive);
}

TEST_CASE("swim: a member gone for gone_retention is forgotten, a seed the user gave is kept",
          "[swim][protocol]") {
    gossip_config c = test::quiet_config();
    c.failure_detection.enabled = false;
    c.failure_detection.gone_retention = 10s; // ten rounds of 1 s
    REQUIRE(!c.validate());
    harness h(c);
    scripted_peer learnt{2};
    scripted_peer seed{3};
    h.join(2, learnt);
    h.engine.add_peer(3);
    h.join(3, seed);
    h.engine.remove_peer(2);
    h.engine.remove_peer(3);
    auto known = [&](std::uint32_t address) {
        for (const auto& m : h.engine.members())
            if (m.address == address)
                return true;
        return false;
    };
    for (int r = 0; r < 9; ++r)
        h.round();
    CHECK(known(2)); // still within its retention: pinged now and then, it could come back
    for (int r = 0; r < 3; ++r)
        h.round();
    CHECK(!known(2));
    CHECK(known(3));
    CHECK(h.engine.members().size() == 1);
}
