// The engine's protocol, message by message: one engine, a recording transport,
// and scripted peers whose messages are written by hand.

#include <algorithm> // count_if, find_if
#include <cstddef>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "catch.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/hearsay.hpp"
#include "support/engine_harness.hpp"

namespace {

using namespace hearsay;
using test::recording_transport;
using test::scripted_peer;

using test::harness;
using test::of_kind;
using test::quiet_config;
using set_type = test::harness::set_type;
using engine_type = test::harness::engine_type;
using digest_type = test::harness::digest_type;
using message = test::harness::message;

} // namespace

TEST_CASE("protocol: a tracked peer gets the unacknowledged interval until it acks", "[protocol]") {
    harness h;
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    h.track(2, p);
    h.insert(10);
    h.insert(11);

    auto deltas = of_kind(h.round(), message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(deltas[0].to == 2);
    CHECK(deltas[0].head.complete());
    CHECK(deltas[0].head.after == 0);
    CHECK(deltas[0].head.upto == 2);
    REQUIRE(deltas[0].entries.size() == 2);
    CHECK(deltas[0].entries[0].second.contains(10));
    CHECK(deltas[0].entries[1].second.contains(11));

    // Unacknowledged, the interval is sent again.
    deltas = of_kind(h.round(), message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(deltas[0].head.after == 0);
    CHECK(deltas[0].head.upto == 2);

    // An ack advances what the peer holds: nothing is resent, and the next delta starts after it.
    CHECK(h.receive(2, p.ack(0, 2)).empty());
    CHECK(of_kind(h.round(), message_kind::deltas).empty());
    h.insert(12);
    deltas = of_kind(h.round(), message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(deltas[0].head.complete());
    CHECK(deltas[0].head.after == 2);
    CHECK(deltas[0].head.upto == 3);
    REQUIRE(deltas[0].entries.size() == 1);
    CHECK(deltas[0].entries[0].first == 3);
}

TEST_CASE("protocol: an ack that does not start at or before what was acked changes nothing",
          "[protocol]") {
    harness h;
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    h.track(2, p);
    for (std::uint64_t x = 0; x < 4; ++x)
        h.insert(x);
    h.round();
    h.receive(2, p.ack(3, 4)); // skips (0, 3]: not a whole interval from what was acked
    const auto deltas = of_kind(h.round(), message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(deltas[0].head.after == 0);
    CHECK(deltas[0].head.upto == 4);
    h.receive(2, p.ack(0, 9)); // names entries never logged
    CHECK(of_kind(h.round(), message_kind::deltas).at(0).head.after == 0);
}

TEST_CASE("protocol: a peer that falls behind the log is untracked and gets rumors, the bound "
          "counts deltas_trimmed",
          "[protocol]") {
    gossip_config c = quiet_config();
    c.max_buffered_deltas = 2;
    harness h(c);
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    h.track(2, p);
    h.insert(1);
    h.insert(2);
    CHECK(h.engine.stats().deltas_trimmed == 0);
    h.insert(3); // the log holds entries 2 and 3: the peer, at 0, fell behind it
    CHECK(h.engine.stats().deltas_trimmed == 1);

    const auto deltas = of_kind(h.round(), message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(!deltas[0].head.complete()); // rumors, not an interval
    CHECK(deltas[0].head.upto == 0);
    REQUIRE(deltas[0].entries.size() == 2);
    CHECK(deltas[0].entries[0].first == 2);
    CHECK(deltas[0].entries[1].first == 3);
}

TEST_CASE("protocol: a whole digest that lacks nothing starts tracking, a part does not",
          "[protocol]") {
    harness h;
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    h.insert(1);
    auto deltas = of_kind(h.round(), message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(!deltas[0].head.complete()); // untracked: the hot rumor only

    const digest_type same = sync_traits<set_type>::digest(h.engine.state());
    CHECK(of_kind(h.receive(2, p.digest(same, 0)), message_kind::deltas).empty()); // one part
    h.insert(2);
    deltas = of_kind(h.round(), message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(!deltas[0].head.complete());

    h.receive(2, p.digest(sync_traits<set_type>::digest(h.engine.state())));
    h.insert(3);
    deltas = of_kind(h.round(), message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(deltas[0].head.complete());
    CHECK(deltas[0].head.after == 2);
    CHECK(deltas[0].head.upto == 3);
}

TEST_CASE("protocol: a digest is answered with exactly what it lacks, and with ours when asked",
          "[protocol]") {
    harness h;
    scripted_peer p{2};
    h.join(2, p);
    h.insert(7);
    h.insert(8);
    const auto replies =
        h.receive(2, p.digest(digest_type{}, detail::digest_whole | detail::digest_wants_reply));
    const auto deltas = of_kind(replies, message_kind::deltas);
    REQUIRE(deltas.size() == 1);
    CHECK(deltas[0].head.flags == 0); // an anti-entropy reply: nothing to acknowledge
    REQUIRE(deltas[0].entries.size() == 1);
    CHECK(deltas[0].entries[0].first == 0);
    CHECK(deltas[0].entries[0].second.contains(7));
    CHECK(deltas[0].entries[0].second.contains(8));
    const auto digests = of_kind(replies, message_kind::digest);
    REQUIRE(digests.size() == 1);
    CHECK(digests[0].flags == detail::digest_whole); // ours, asking for nothing more
}

TEST_CASE("protocol: a quiet pull whose hash differs starts a digest exchange at once",
          "[protocol]") {
    harness h;
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    // A fresh engine spreads no rumor, so its own pulls carry its digest's hash.
    const auto pulls = of_kind(h.round(), message_kind::pull);
    REQUIRE(pulls.size() == 1);
    const std::uint64_t own_hash = pulls[0].hash;
    CHECK(own_hash != 0);

    CHECK(of_kind(h.receive(2, p.pull(own_hash)), message_kind::digest).empty());
    CHECK(of_kind(h.receive(2, p.pull(0)), message_kind::digest).empty());
    const auto digests = of_kind(h.receive(2, p.pull(own_hash ^ 2)), message_kind::digest);
    REQUIRE(digests.size() == 1);
    CHECK(digests[0].to == 2);
    CHECK((digests[0].flags & detail::digest_wants_reply) != 0);

    // A node with a hot rumor pulls without a hash and leaves digests to anti-entropy.
    h.insert(5);
    const auto busy = of_kind(h.round(), message_kind::pull);
    REQUIRE(busy.size() == 1);
    CHECK(busy[0].hash == 0);
    CHECK(of_kind(h.receive(2, p.pull(own_hash ^ 2)), message_kind::digest).empty());
}

TEST_CASE("protocol: rumor feedback cools a rumor after rumor_k peers knew it", "[protocol]") {
    gossip_config c = quiet_config();
    c.rumor_k = 2;
    harness h(c);
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    h.insert(1);
    for (int known = 0; known < 2; ++known) {
        const auto deltas = of_kind(h.round(), message_kind::deltas);
        REQUIRE(deltas.size() == 1);
        CHECK((deltas[0].head.flags & detail::deltas_feedback) != 0);
        h.receive(2, p.ack(0, 0, {1})); // "I knew entry 1 already"
    }
    CHECK(of_kind(h.round(), message_kind::deltas).empty()); // cold
}

TEST_CASE("protocol: a received rumor is merged, acknowledged with feedback and spread on",
          "[protocol]") {
    harness h;
    scripted_peer p{2};
    h.join(2, p);
    set_type other;
    const set_type delta = other.insert(2, 42);
    auto replies = h.receive(2, p.rumor(delta, 5));
    CHECK(h.engine.state().contains(42));
    auto acks = of_kind(replies, message_kind::ack);
    REQUIRE(acks.size() == 1);
    CHECK(acks[0].known.empty());
    // Again: now it was known.
    replies = h.receive(2, p.rumor(delta, 5));
    acks = of_kind(replies, message_kind::ack);
    REQUIRE(acks.size() == 1);
    REQUIRE(acks[0].known.size() == 1);
    CHECK(acks[0].known[0] == 5);
    // The engine spreads it on to its other peers as a rumor of its own.
    h.engine.add_peer(3);
    bool spread = false;
    for (int r = 0; r < 12 && !spread; ++r)
        for (const auto& m : of_kind(h.round(), message_kind::deltas))
            spread = spread || (m.to == 3 && m.entries.at(0).second.contains(42));
    CHECK(spread);
}

TEST_CASE("protocol: leave tells every live member, then rounds stop, the node still answers",
          "[protocol]") {
    harness h;
    h.engine.add_peer(2);
    h.engine.add_peer(3);
    h.round();
    h.engine.leave();
    const auto leaves = of_kind(h.sent(), message_kind::leave);
    REQUIRE(leaves.size() == 2);
    CHECK(leaves[0].incarnation == 1);
    for (int r = 0; r < 10; ++r)
        CHECK(h.round().empty());
    CHECK(h.engine.stats().rounds == 11);
    // It still answers what it is asked, but starts no digest exchange.
    const auto replies = h.receive(2, scripted_peer{2}.pull(12345));
    CHECK(of_kind(replies, message_kind::digest).empty());
    CHECK(of_kind(replies, message_kind::members).empty());
}

TEST_CASE("protocol: a newcomer is welcomed with the member list and announced to others",
          "[protocol]") {
    harness h;
    std::vector<std::pair<member<std::uint32_t>, member_status>> seen;
    auto changes =
        h.engine.on_member_change([&](const member<std::uint32_t>& m, member_status old) {
            seen.push_back({m, old});
        });
    h.engine.add_peer(2);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].first.address == 2);
    CHECK(seen[0].first.id == 0); // a seed's id is learnt from its first verified message
    scripted_peer p2{2};
    h.join(2, p2);
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].first.id == 2);

    // Address 9 writes for the first time: it gets only its token, and is no member yet.
    scripted_peer p9{9};
    auto replies = h.receive(9, p9.pull());
    CHECK(seen.size() == 2);
    CHECK(of_kind(replies, message_kind::members).empty());
    const auto tokens = of_kind(replies, message_kind::token);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].to == 9);
    // Once it shows the token, it is a member: welcomed with the list, and announced.
    p9.token = tokens[0].yours;
    replies = h.receive(9, p9.pull());
    REQUIRE(seen.size() == 3);
    CHECK(seen[2].first.address == 9);
    CHECK(seen[2].second == member_status::alive); // discovered: old status is the new one
    const auto welcome = of_kind(replies, message_kind::members);
    REQUIRE(welcome.size() == 1);
    CHECK(welcome[0].to == 9);
    REQUIRE(welcome[0].members.size() >= 1);
    CHECK(welcome[0].members[0].address == 2); // not the newcomer itself
    for (const auto& m : welcome[0].members)
        CHECK(m.address != 9);

    // The next round's members message, to peer 2 or 9, carries the news of the other.
    bool announced = false;
    for (int r = 0; r < 10 && !announced; ++r)
        for (const auto& m : of_kind(h.round(), message_kind::members))
            for (const auto& listed : m.members)
                announced = announced || (m.to == 2 && listed.address == 9);
    CHECK(announced);
}

TEST_CASE("protocol: a leave is reported with the old status and gossiped as news", "[protocol]") {
    harness h;
    h.engine.add_peer(2);
    h.engine.add_peer(3);
    scripted_peer p2{2};
    scripted_peer p3{3};
    h.join(2, p2);
    h.join(3, p3);
    std::vector<std::pair<member<std::uint32_t>, member_status>> seen;
    auto changes =
        h.engine.on_member_change([&](const member<std::uint32_t>& m, member_status old) {
            seen.push_back({m, old});
        });
    h.receive(3, scripted_peer{3}.leave(1)); // spoofed: without 3's token
    CHECK(seen.empty());
    h.receive(3, p3.leave(1));
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].first.address == 3);
    CHECK(seen[0].first.status == member_status::left);
    CHECK(seen[0].second == member_status::alive);
    std::size_t live = 0;
    for (const auto& m : h.engine.live_members()) {
        CHECK(m.address == 2);
        ++live;
    }
    CHECK(live == 1);
    CHECK(h.engine.members().size() == 2);
    // Rounds now contact only peer 2, and tell it that 3 left.
    const auto sent = h.round();
    for (const auto& m : sent)
        CHECK(m.to == 2);
    const auto members = of_kind(sent, message_kind::members);
    REQUIRE(members.size() == 1);
    const auto& listed = members[0].members;
    const auto it = std::find_if(listed.begin(), listed.end(),
                                 [](const member<std::uint32_t>& m) { return m.address == 3; });
    REQUIRE(it != listed.end());
    CHECK(it->status == member_status::left);
    CHECK(it->incarnation == 1);
}

TEST_CASE("protocol: subscriptions are removable, and a callback's exception reaches the caller "
          "after the state changed",
          "[protocol]") {
    harness h;
    int calls = 0;
    {
        auto counting = h.engine.on_change([&](const set_type&, const set_type&) { ++calls; });
        h.insert(1);
        CHECK(calls == 1);
    }
    h.insert(2); // the handle is gone, and its callback with it
    CHECK(calls == 1);
    auto kept = h.engine.on_change([&](const set_type&, const set_type&) { ++calls; });
    kept.release();
    h.insert(3);
    CHECK(calls == 2);

    auto throwing = h.engine.on_change(
        [](const set_type&, const set_type&) { throw std::runtime_error("the user's"); });
    scripted_peer p{2};
    h.join(2, p);
    set_type other;
    const set_type delta = other.insert(2, 99);
    const auto bytes = p.rumor(delta, 1);
    CHECK_THROWS_AS(h.engine.receive(2, bytes_view(bytes.data(), bytes.size())),
                    std::runtime_error);
    CHECK(h.engine.state().contains(99)); // merged before the callbacks ran
    CHECK(h.engine.stats().messages_rejected == 0);
    CHECK(calls == 3);
}

TEST_CASE("protocol: replica id 0 is refused at construction", "[protocol]") {
    manual_clock clock;
    recording_transport transport;
    CHECK_THROWS_AS(engine_type(0, transport, clock), std::system_error);
}

TEST_CASE("protocol: a message without the token gets only the token, within 3x its size, and "
          "waits, with it the whole reply",
          "[protocol][hostile]") {
    harness h;
    for (std::uint64_t x = 0; x < 200; ++x)
        h.insert(x * 7919);
    scripted_peer spoofer{2}; // sends from an address it does not receive at
    const auto digest = spoofer.digest(digest_type{}, detail::digest_whole);
    const auto replies = h.receive(2, digest);
    const auto before = h.engine.stats().bytes_sent;
    CHECK(before <= 3 * digest.size());
    REQUIRE(replies.size() == 1); // only the token: the message waits for it
    CHECK(replies[0].kind == message_kind::token);
    CHECK(h.engine.stats().unverified_messages == 1);
    CHECK(h.engine.members().empty());

    // The real owner of the address shows the token: it gets everything it lacks.
    scripted_peer owner{2};
    owner.token = replies[0].yours;
    const auto full = of_kind(h.receive(2, owner.digest(digest_type{}, detail::digest_whole)),
                              message_kind::deltas);
    REQUIRE(!full.empty());
    set_type received;
    for (const auto& m : full)
        for (const auto& e : m.entries)
            received.merge(e.second);
    CHECK(received == h.engine.state());
    CHECK(h.engine.members().size() == 1);
}

TEST_CASE("protocol: a token answered with an echo verifies both ways in one round trip",
          "[protocol]") {
    harness h;
    h.engine.add_peer(2);
    scripted_peer p{2};
    // The engine's first round reaches its seed without a token; the seed answers with its token
    // for the engine, asking for the engine's in return.
    h.round();
    auto replies = h.receive(2, p.give_token(0xabc));
    auto tokens = of_kind(replies, message_kind::token);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].token == 0xabc); // the engine now shows the seed's token
    p.token = tokens[0].yours;
    // Every later message carries the seed's token in its header.
    for (const auto& m : h.round())
        CHECK(m.token == 0xabc);
    // And the seed's messages, showing the engine's token, are verified: no token reply.
    CHECK(of_kind(h.receive(2, p.pull()), message_kind::token).empty());
    CHECK(h.engine.stats().unverified_messages == 1);
}

TEST_CASE("protocol: members learnt by gossip get a token message before any round contacts "
          "them",
          "[protocol]") {
    harness h;
    h.engine.add_peer(2);
    scripted_peer p2{2};
    h.join(2, p2);
    const auto gossip = p2.message(message_kind::members, [](writer& w) {
        w.write_varint(1);
        detail::write_member(w, member<std::uint32_t>{5, 5, member_status::alive, 0});
    });
    h.receive(2, gossip);
    REQUIRE(h.engine.members().size() == 2);
    // Rounds choose 5 sooner or later: it gets a token message, and nothing else.
    std::uint64_t token_for_5 = 0;
    for (int r = 0; r < 40 && token_for_5 == 0; ++r) {
        for (const auto& m : h.round()) {
            if (m.to != 5)
                continue;
            CHECK(m.kind == message_kind::token);
            token_for_5 = m.yours;
        }
    }
    REQUIRE(token_for_5 != 0);
    // 5 answers, showing the token: the round's exchange with it, held back, goes out now.
    scripted_peer p5{5};
    p5.token = token_for_5;
    const auto resumed = h.receive(5, p5.give_token(0x55));
    CHECK(!of_kind(resumed, message_kind::pull).empty());
    for (const auto& m : resumed)
        CHECK(m.token == 0x55);
}

TEST_CASE("protocol: a member learnt by gossip that never answers is erased after two token "
          "messages",
          "[protocol][hostile]") {
    harness h;
    h.engine.add_peer(2);
    scripted_peer p2{2};
    h.join(2, p2);
    h.receive(2, p2.message(message_kind::members, [](writer& w) {
        w.write_varint(1);
        detail::write_member(w, member<std::uint32_t>{5, 5, member_status::alive, 0});
    }));
    REQUIRE(h.engine.members().size() == 2);
    int probes = 0;
    for (int r = 0; r < 100 && h.engine.members().size() == 2; ++r)
        for (const auto& m : h.round())
            if (m.to == 5)
                ++probes;
    CHECK(h.engine.members().size() == 1);
    CHECK(probes == 2);
}

TEST_CASE("protocol: news of absurd incarnations is refused, news of a death is refuted by the "
          "member itself",
          "[protocol][hostile]") {
    harness h;
    h.engine.add_peer(2);
    h.engine.add_peer(3);
    scripted_peer p2{2};
    scripted_peer p3{3};
    h.join(2, p2);
    h.join(3, p3);
    auto news = [&](std::uint32_t address, std::uint64_t id, member_status status,
                    std::uint64_t incarnation) {
        return p3.message(message_kind::members, [&](writer& w) {
            w.write_varint(1);
            detail::write_member(w, member<std::uint32_t>{address, id, status, incarnation});
        });
    };
    auto status_of = [&](std::uint32_t address) {
        for (const auto& m : h.engine.members())
            if (m.address == address)
                return m.status;
        return member_status::left;
    };
    // One datagram that would kill a member for good, at an incarnation it could never outrank.
    h.receive(3, news(2, 2, member_status::dead, ~std::uint64_t{0}));
    CHECK(status_of(2) == member_status::alive);
    h.receive(3, news(2, 2, member_status::dead, max_incarnation_step + 1));
    CHECK(status_of(2) == member_status::alive);

    // A plausible death is believed; when the member talks, it is told, and its refutation wins.
    h.receive(3, news(2, 2, member_status::dead, 0));
    CHECK(status_of(2) == member_status::dead);
    const auto told = of_kind(h.receive(2, p2.pull()), message_kind::members);
    REQUIRE(told.size() == 1);
    REQUIRE(told[0].members.size() == 1);
    CHECK(told[0].members[0].status == member_status::dead);
    h.receive(2, p2.message(message_kind::alive, [](writer& w) { w.write_varint(1); }));
    CHECK(status_of(2) == member_status::alive);

    // News of this node's own death: it raises its incarnation and tells its peers it is alive.
    h.receive(3, news(99, h.engine.id(), member_status::dead, 4));
    CHECK(h.engine.stats().refutations == 1);
    std::uint64_t claimed = 0;
    for (const auto& m : h.round())
        if (m.kind == message_kind::alive)
            claimed = m.incarnation;
    CHECK(claimed == 5);
    // Stale news (an incarnation it already outranks) changes nothing.
    h.receive(3, news(99, h.engine.id(), member_status::dead, 4));
    CHECK(h.engine.stats().refutations == 1);
}

TEST_CASE("protocol: a member's messages and their replies are held to its budget per round",
          "[protocol][hostile]") {
    gossip_config c = quiet_config();
    c.max_payload = 1400;
    c.peer_receive_budget = 4096;
    c.peer_reply_budget = 2048;
    REQUIRE(!c.validate());
    harness h(c);
    for (std::uint64_t x = 0; x < 2000; ++x)
        h.insert(x * 7919);
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    h.round();

    // A whole resync is far more than 2 KiB: the replies stop at the budget.
    const auto ask = p.digest(digest_type{}, detail::digest_whole);
    const auto before = h.engine.stats().bytes_sent;
    h.receive(2, ask);
    CHECK(h.engine.stats().bytes_sent > before);
    CHECK(h.engine.stats().bytes_sent - before <= 2048);
    CHECK(h.engine.stats().replies_withheld >= 1);
    // Asking again in the same round brings nothing more.
    const auto again = h.engine.stats().bytes_sent;
    h.receive(2, ask);
    CHECK(h.engine.stats().bytes_sent == again);

    // Messages beyond 4 KiB in a round are dropped unread; each digest was also charged for
    // its pass over the state.
    std::vector<std::byte> state_bytes;
    encode(h.engine.state(), state_bytes);
    const std::size_t scan = state_bytes.size() / anti_entropy<set_type>::scan_divisor;
    const auto pull = p.pull();
    std::size_t sent = 2 * (ask.size() + scan);
    while (sent + pull.size() <= 4096) {
        h.receive(2, pull);
        sent += pull.size();
    }
    CHECK(h.engine.stats().over_budget == 0);
    h.receive(2, pull);
    CHECK(h.engine.stats().over_budget == 1);

    // A new round, a new budget.
    h.round();
    const auto next = h.engine.stats().bytes_sent;
    h.receive(2, ask);
    CHECK(h.engine.stats().bytes_sent > next);
    CHECK(h.engine.stats().over_budget == 1);
}

TEST_CASE("protocol: planted members cost bounded memory and vanish when they do not answer",
          "[protocol][hostile]") {
    gossip_config c = quiet_config();
    c.max_members = 300;
    harness h(c);
    h.engine.add_peer(2);
    scripted_peer p2{2};
    h.join(2, p2);
    scripted_peer p3{3};
    h.join(3, p3);
    // A member (buggy, or taken over) lists 5 x 200 made-up addresses.
    std::uint32_t next = 1000;
    for (int m = 0; m < 5; ++m) {
        h.receive(2, p2.message(message_kind::members, [&](writer& w) {
            w.write_varint(200);
            for (int k = 0; k < 200; ++k, ++next)
                detail::write_member(w, member<std::uint32_t>{next, next, member_status::alive, 0});
        }));
    }
    CHECK(h.engine.members().size() <= 300); // the table's cap
    CHECK(std::distance(h.engine.live_members().begin(), h.engine.live_members().end()) >= 1);
    // None is vouched for: the member list sent to others names none of them.
    for (const auto& m : of_kind(h.receive(3, p3.pull()), message_kind::members))
        for (const auto& listed : m.members)
            CHECK(listed.address < 1000);
    // Rounds probe them, each at most twice, and erase those that never answer.
    std::size_t probes = 0;
    for (int r = 0; r < 2000 && h.engine.members().size() > 2; ++r)
        for (const auto& m : h.round())
            if (m.to >= 1000) {
                CHECK(m.kind == message_kind::token);
                ++probes;
            }
    CHECK(h.engine.members().size() == 2);
    CHECK(probes <= 2 * 298); // two token messages, about 20 bytes each, per planted entry
}

TEST_CASE("protocol: deltas that would grow the state past max_writers are refused",
          "[protocol][hostile]") {
    gossip_config c = quiet_config();
    c.max_writers = 50;
    harness h(c);
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    for (std::uint64_t writer = 1; writer <= 200; ++writer) { // made-up writer ids
        set_type other;
        h.receive(2, p.rumor(other.insert(writer * 1000003, writer), writer));
    }
    CHECK(h.engine.state().context().compact().size() + h.engine.state().context().cloud().size() <=
          50);
    CHECK(h.engine.state().size() <= 50);
    CHECK(h.engine.stats().deltas_refused >= 150);
    CHECK(h.engine.stats().messages_rejected == 0); // well-formed: refused deltas, not messages
}

TEST_CASE("protocol: writes of another node under this start's writer id are reported, and the "
          "engine moves to a fresh writer id",
          "[protocol][hostile][restart]") {
    harness h;
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    std::vector<std::uint64_t> clashes;
    auto seen = h.engine.on_writer_clash([&](std::uint64_t w) { clashes.push_back(w); });
    h.insert(1);
    h.insert(2);
    const std::uint64_t writer = h.engine.writer_id();
    // Its own writes, echoed back, are no clash.
    set_type echo = h.engine.state();
    h.receive(2, p.rumor(echo, 1));
    CHECK(h.engine.stats().writer_clashes == 0);
    // A write under the same writer id that it never made (another start with its epoch).
    set_type other = h.engine.state();
    const set_type foreign = other.insert(writer, 77);
    h.receive(2, p.rumor(foreign, 2));
    CHECK(h.engine.stats().writer_clashes == 1);
    REQUIRE(clashes.size() == 1);
    CHECK(clashes[0] == writer);
    CHECK(h.engine.writer_id() != writer);
    // Later writes go under the fresh id, and are not taken for clashes.
    h.insert(3);
    h.receive(2, p.rumor(h.engine.state(), 3));
    CHECK(h.engine.stats().writer_clashes == 1);
}

TEST_CASE("protocol: writes lost to a clash of writer ids are re-added under the fresh id and "
          "spread",
          "[protocol][hostile][restart]") {
    harness h;
    h.engine.add_peer(2);
    scripted_peer p{2};
    h.join(2, p);
    h.insert(1);
    h.insert(2);
    const std::uint64_t writer = h.engine.writer_id();
    // Another start under the same writer id wrote three elements: its first two dots are the
    // two this node minted, for other elements. Merged as they are, all four would be erased.
    set_type theirs;
    for (std::uint64_t x : {10u, 20u, 30u})
        theirs.insert(writer, x);
    h.receive(2, p.rumor(theirs, 1));
    CHECK(h.engine.stats().writer_clashes == 1);
    const std::uint64_t fresh = h.engine.writer_id();
    CHECK(fresh != writer);
    for (std::uint64_t x : {1u, 2u, 10u, 20u, 30u})
        CHECK(h.engine.state().contains(x));
    CHECK(h.engine.state().context().max_counter(fresh) == 4); // the four that collided
    // The repair is an update like any other: the next round spreads it.
    set_type spread;
    for (const auto& m : of_kind(h.round(), message_kind::deltas))
        for (const auto& e : m.entries)
            spread.merge(e.second);
    for (std::uint64_t x : {1u, 2u, 10u, 20u})
        CHECK(spread.contains(x));
    // A peer that merged both histories (and so lost the four) gets them back from it.
    set_type both = theirs;
    set_type mine;
    mine.insert(writer, 1);
    mine.insert(writer, 2);
    both.merge(mine);
    CHECK(!both.contains(1));
    both.merge(spread);
    for (std::uint64_t x : {1u, 2u, 10u, 20u, 30u})
        CHECK(both.contains(x));
}

namespace {

// Rumors go cold at their first transmission, so that only tracked peers keep logged deltas.
gossip_config cold_rumors_config() {
    gossip_config c = quiet_config();
    c.feedback = rumor_feedback::blind;
    c.loss = rumor_loss::counter;
    c.rumor_k = 1;
    c.max_buffered_deltas = 2;
    return c;
}

// Makes `peer`, a seed at `address`, a verified member that the engine tracks.
void add_tracked(harness& h, std::uint32_t address, scripted_peer& peer) {
    h.engine.add_peer(address);
    h.join(address, peer);
    h.track(address, peer);
}

} // namespace

TEST_CASE("protocol: the log keeps cold deltas for a tracked peer until it acknowledges them",
          "[protocol]") {
    harness h(cold_rumors_config());
    scripted_peer p{2};
    add_tracked(h, 2, p);
    h.insert(1);
    h.insert(2);
    for (int r = 0; r < 5; ++r) {
        const auto deltas = of_kind(h.round(), message_kind::deltas);
        REQUIRE(deltas.size() == 1);
        CHECK(deltas[0].head.complete());
        CHECK(deltas[0].head.after == 0);
        CHECK(deltas[0].head.upto == 2);
    }
}

TEST_CASE("protocol: a tracked peer that is gone no longer holds the log", "[protocol]") {
    harness h(cold_rumors_config());
    scripted_peer p{2};
    scripted_peer q{3};
    add_tracked(h, 2, p);
    add_tracked(h, 3, q);
    h.insert(1);
    h.insert(2);
    for (int r = 0; r < 3; ++r)
        h.round();
    h.receive(2, p.ack(0, 2));
    h.engine.remove_peer(3); // it never acknowledged: gone, it holds nothing back
    h.round();
    h.insert(3);
    h.insert(4); // room in the log: entries 1 and 2 were dropped
    CHECK(h.engine.stats().deltas_trimmed == 0);
}

TEST_CASE("protocol: stale news is answered with the newer entry and a stale suspicion of this "
          "node with alive",
          "[protocol][membership]") {
    harness h;
    h.engine.add_peer(2);
    scripted_peer p2{2};
    h.join(2, p2);
    h.engine.add_peer(3);
    scripted_peer p3{3};
    h.join(3, p3);
    // Member 3 refuted a suspicion: it is alive at incarnation 1.
    h.receive(3, p3.message(message_kind::alive, [](writer& w) { w.write_varint(1); }));
    // Member 2 still says 3 is suspect at incarnation 0: it is told what refuted it.
    const auto suspect_3 = p2.message(message_kind::members, [](writer& w) {
        w.write_varint(1);
        detail::write_member(w, member<std::uint32_t>{3, 3, member_status::suspect, 0});
    });
    const auto told = of_kind(h.receive(2, suspect_3), message_kind::members);
    REQUIRE(told.size() == 1);
    CHECK(told[0].to == 2u);
    REQUIRE(told[0].members.size() == 1);
    CHECK(told[0].members[0].address == 3u);
    CHECK(told[0].members[0].status == member_status::alive);
    CHECK(told[0].members[0].incarnation == 1u);
    // News as new as what this node holds, or newer, is not answered.
    const auto alive_3 = p2.message(message_kind::members, [](writer& w) {
        w.write_varint(1);
        detail::write_member(w, member<std::uint32_t>{3, 3, member_status::alive, 1});
    });
    CHECK(of_kind(h.receive(2, alive_3), message_kind::members).empty());
    // This node refutes a suspicion of itself, then hears the old suspicion again from 2:
    // it answers with alive at its new incarnation, and does not raise it again.
    auto suspect_self = [&](std::uint64_t incarnation) {
        return p2.message(message_kind::members, [&](writer& w) {
            w.write_varint(1);
            detail::write_member(
                w, member<std::uint32_t>{9, h.engine.id(), member_status::suspect, incarnation});
        });
    };
    h.receive(2, suspect_self(0));
    REQUIRE(h.engine.stats().refutations == 1);
    const auto alive = of_kind(h.receive(2, suspect_self(0)), message_kind::alive);
    REQUIRE(alive.size() == 1);
    CHECK(alive[0].to == 2u);
    CHECK(alive[0].incarnation == 1u);
    CHECK(h.engine.stats().refutations == 1);
}
