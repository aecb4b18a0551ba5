// One keyed engine driven datagram by datagram: what it sends is sealed and
// within budget; what does not open under its keys (forged, replayed,
// truncated, altered, sent in the clear or under a foreign key or label) is
// refused before decoding, counted, and changes nothing; and the data-loss
// attack of a hand-written delta that claims a writer's whole history, which
// erases data from an unkeyed engine, erases nothing from a keyed one.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "support/adapters.hpp"

#if defined(HEARSAY_TEST_ANY_AEAD)

#include "hearsay/gossip/engine.hpp"
#include "hearsay/hearsay.hpp"
#include "hearsay/security/sealer.hpp"
#include "support/engine_harness.hpp"
#include "support/hostile_messages.hpp"

namespace {

using namespace hearsay;
using test::quiet_config;
using test::raw_context;
using test::rumor_of_bytes;
using test::scripted_peer;
using bytes = std::vector<std::byte>;
using set_type = or_set<std::uint64_t>;
using engine_type = gossip_engine<set_type, test::recording_transport, manual_clock>;
using digest_type = engine_type::digest_type;
using message = test::sent_message<set_type>;

gossip_config keyed_config(keyring ring = test::ring_of({1})) {
    gossip_config c = quiet_config();
    c.keys = std::move(ring);
    return c;
}

// One keyed engine (replica 1) and the peers' side of the cluster: a sealer with the same ring,
// which seals what scripted peers send and opens what the engine sends.
struct sealed_harness {
    manual_clock clock;
    test::recording_transport transport;
    engine_type engine;
    sealer peers;

    explicit sealed_harness(gossip_config c = keyed_config())
        : engine(1, transport, clock, c), peers(c.keys) {}

    bytes seal(const bytes& plain) {
        const bytes_view sealed = peers.seal(bytes_view(plain.data(), plain.size()));
        REQUIRE(sealed.size() == plain.size() + sealer::sealed_overhead);
        return bytes(sealed.begin(), sealed.end());
    }
    // Hands the engine `datagram` as it is; returns what the engine sent, opened.
    std::vector<message> receive_raw(std::uint32_t address, const bytes& datagram) {
        engine.receive(address, bytes_view(datagram.data(), datagram.size()));
        return sent();
    }
    std::vector<message> receive(std::uint32_t address, const bytes& plain) {
        return receive_raw(address, seal(plain));
    }
    std::vector<message> round() {
        clock.advance(engine.config().interval);
        engine.poll();
        return sent();
    }
    // Opens every datagram the engine sent since the last call; each must open and decode.
    std::vector<message> sent() {
        std::vector<message> out;
        for (auto& d : transport.take()) {
            REQUIRE(d.bytes.size() <= engine.config().max_payload);
            REQUIRE(d.bytes.front() == sealer::marker);
            bytes_view plain;
            REQUIRE(peers.open(bytes_view(d.bytes.data(), d.bytes.size()), plain) ==
                    open_status::opened);
            message m =
                test::decode_sent<set_type, digest_type>({d.to, {plain.begin(), plain.end()}});
            m.size = d.bytes.size(); // what actually left
            out.push_back(std::move(m));
        }
        return out;
    }
    void join(std::uint32_t address, scripted_peer& peer) {
        const auto tokens = test::of_kind(receive(address, peer.pull()), message_kind::token);
        REQUIRE(tokens.size() == 1);
        peer.token = tokens[0].yours;
        receive(address, peer.give_token(0x7000 + address));
        sent();
    }
};

std::size_t bytes_of(const std::vector<message>& sent) {
    std::size_t n = 0;
    for (const auto& m : sent)
        n += m.size;
    return n;
}

// What a refusal must leave alone: the state, the members and their statuses.
struct snapshot {
    set_type state;
    std::vector<std::pair<std::uint32_t, member_status>> members;
    std::uint64_t applied, redundant, unverified;

    explicit snapshot(const engine_type& e)
        : state(e.state()), applied(e.stats().deltas_applied),
          redundant(e.stats().deltas_redundant), unverified(e.stats().unverified_messages) {
        for (const auto& m : e.members())
            members.emplace_back(m.address, m.status);
    }
    bool operator==(const snapshot& o) const {
        return state == o.state && members == o.members && applied == o.applied &&
               redundant == o.redundant && unverified == o.unverified;
    }
};

} // namespace

TEST_CASE("sealed: a keyed engine seals everything it sends, within max_payload, and first "
          "contacts still get their token within 3x the bytes they sent",
          "[security][sealed]") {
    gossip_config c = keyed_config();
    c.max_payload = 200;
    c.peer_receive_budget = c.peer_reply_budget = c.round_reply_budget = 1 << 20;
    sealed_harness h(c);
    for (std::uint64_t x = 0; x < 300; ++x)
        h.engine.update([&](set_type& s, std::uint64_t self) { return s.insert(self, x * 7919); });
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    // A digest of an empty state: the engine answers with all it holds, in sealed pieces.
    const auto replies = h.receive(2, p.digest(digest_type{}, detail::digest_whole));
    CHECK(test::of_kind(replies, message_kind::deltas).size() > 10);
    set_type got;
    for (const auto& m : test::of_kind(replies, message_kind::deltas))
        for (const auto& e : m.entries)
            got.merge(e.second);
    CHECK(got == h.engine.state());
    h.round(); // sent() checks each datagram: sealed, within max_payload, opens

    // The smallest message from an address that showed no token still gets its token back, and
    // what leaves is at most 3x the sealed bytes that came in.
    const scripted_peer stranger{9};
    const bytes ask =
        h.seal(stranger.message(message_kind::digest_request, [](hearsay::writer&) {}));
    const auto answer = h.receive_raw(9, ask);
    CHECK(test::of_kind(answer, message_kind::token).size() == 1);
    CHECK(bytes_of(answer) <= 3 * ask.size());
    CHECK(h.engine.stats().rejected_unauthenticated == 0);
    CHECK(h.engine.stats().rejected_replay == 0);
}

TEST_CASE("sealed: forged, replayed, truncated, altered, clear and foreign datagrams are refused "
          "before decoding, counted, and change nothing",
          "[security][sealed][hostile]") {
    sealed_harness h;
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    set_type theirs;
    const bytes honest = h.seal(p.rumor(theirs.insert(7, 1001), 1));
    h.receive_raw(2, honest);
    REQUIRE(h.engine.state().contains(1001));
    const set_type fresh_delta = theirs.insert(7, 1002);

    const auto& stats = h.engine.stats();
    auto refused = [&](const bytes& datagram, std::uint64_t gossip_stats::*counter) {
        const snapshot before(h.engine);
        const auto rejected = stats.messages_rejected;
        const auto count = stats.*counter;
        const auto received = stats.messages_received;
        const auto answer = h.receive_raw(2, datagram);
        CHECK(answer.empty());
        CHECK(stats.messages_received == received + 1);
        CHECK(stats.messages_rejected == rejected + 1);
        CHECK(stats.*counter == count + 1);
        CHECK(snapshot(h.engine) == before);
    };
    const auto unauthenticated = &gossip_stats::rejected_unauthenticated;

    SECTION("replayed") {
        refused(honest, &gossip_stats::rejected_replay);
        refused(honest, &gossip_stats::rejected_replay);
    }
    SECTION("in the clear") {
        refused(p.rumor(fresh_delta, 2), unauthenticated);
        refused(p.pull(), unauthenticated);
        refused(bytes{}, unauthenticated);
    }
    SECTION("forged: the layout and key id right, the rest made up") {
        bytes forged = h.seal(p.rumor(fresh_delta, 2));
        for (std::size_t i = sealer::header_size; i < forged.size(); ++i)
            forged[i] = static_cast<std::byte>(i * 13);
        refused(forged, unauthenticated);
    }
    SECTION("truncated") {
        const bytes whole = h.seal(p.rumor(fresh_delta, 2));
        for (std::size_t keep : {whole.size() - 1, whole.size() - 16, std::size_t{33},
                                 std::size_t{32}, std::size_t{17}, std::size_t{1}})
            refused(bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(keep)),
                    unauthenticated);
        bytes longer = whole;
        longer.push_back(std::byte{0});
        refused(longer, unauthenticated);
    }
    SECTION("any one bit flipped") {
        const bytes whole = h.seal(p.rumor(fresh_delta, 2));
        for (std::size_t i = 0; i < whole.size(); ++i) {
            bytes altered = whole;
            altered[i] ^= std::byte{static_cast<unsigned char>(1u << (i % 8))};
            refused(altered, unauthenticated);
        }
        h.receive_raw(2, whole); // the original still opens: refusals moved no window
        CHECK(h.engine.state().contains(1002));
    }
    SECTION("under a foreign key, the same key under another id, or another cluster's label") {
        keyring other_key = test::ring_of({});
        REQUIRE(!other_key.add(1, test::key_of(99))); // id 1, another key
        sealer wrong(other_key);
        keyring renamed = test::ring_of({});
        REQUIRE(!renamed.add(5, test::key_of(1))); // the right key under an id the ring lacks
        sealer moved(renamed);
        sealer labelled(test::ring_of({1}, "another-cluster"));
        for (sealer* s : {&wrong, &moved, &labelled}) {
            const bytes plain = p.rumor(fresh_delta, 2);
            const bytes_view v = s->seal(bytes_view(plain.data(), plain.size()));
            refused(bytes(v.begin(), v.end()), unauthenticated);
        }
    }
}

TEST_CASE("sealed: a delta claiming a writer's whole history erases data from an unkeyed engine, "
          "and nothing from a keyed one, sent in the clear or under a wrong key",
          "[security][sealed][hostile]") {
    scripted_peer p{2};
    set_type theirs;
    set_type written;
    for (std::uint64_t x = 1; x <= 50; ++x)
        written.merge(theirs.insert(7, x));
    const bytes attack_body = raw_context({{7, 1000}}); // covers every write of writer 7

    SECTION("the attack is real: an unkeyed engine loses writer 7's elements") {
        test::harness h;
        h.engine.add_peer(2);
        scripted_peer q{2};
        h.join(2, q);
        h.receive(2, q.rumor(written, 1));
        REQUIRE(h.engine.state().size() == 50);
        h.receive(2, rumor_of_bytes(q, attack_body, 2));
        CHECK(h.engine.state().size() == 0);
    }
    SECTION("a keyed engine refuses it in the clear and under a wrong key") {
        sealed_harness h;
        h.engine.add_peer(2);
        h.join(2, p);
        h.receive(2, p.rumor(written, 1));
        REQUIRE(h.engine.state().size() == 50);
        const snapshot before(h.engine);
        h.receive_raw(2, rumor_of_bytes(p, attack_body, 2));
        keyring other = test::ring_of({});
        REQUIRE(!other.add(1, test::key_of(200)));
        sealer wrong(other);
        const bytes plain = rumor_of_bytes(p, attack_body, 2);
        const bytes_view sealed = wrong.seal(bytes_view(plain.data(), plain.size()));
        h.receive_raw(2, bytes(sealed.begin(), sealed.end()));
        CHECK(snapshot(h.engine) == before);
        CHECK(h.engine.state().size() == 50);
        CHECK(h.engine.stats().rejected_unauthenticated == 2);
        CHECK(h.engine.stats().rejected_malformed == 0);
    }
}

TEST_CASE("sealed: keys rotate on a running engine: add, use, remove", "[security][sealed]") {
    sealed_harness h;
    scripted_peer p{2};
    h.engine.add_peer(2);
    h.join(2, p);
    set_type theirs;

    REQUIRE(!h.engine.keys().add(2, test::key_of(2)));
    REQUIRE(!h.peers.keys().add(2, test::key_of(2)));
    REQUIRE(!h.peers.keys().use(2)); // the peers switch first: the engine opens both
    h.receive(2, p.rumor(theirs.insert(7, 1), 1));
    CHECK(h.engine.state().contains(1));
    CHECK(h.engine.keys().primary() == 1);
    REQUIRE(!h.engine.keys().use(2));
    h.engine.update([](set_type& s, std::uint64_t self) { return s.insert(self, 2); });
    for (const auto& d : h.transport.sent) // what it sends now names key 2
        CHECK(d.bytes.at(1) == std::byte{2});
    h.round();
    CHECK(h.engine.keys().remove(2) == errc::unknown_key); // the primary stays
    REQUIRE(!h.engine.keys().remove(1));
    REQUIRE(!h.peers.keys().remove(1)); // then the old key opens nothing
    sealer old(test::ring_of({1}));
    const bytes plain = p.rumor(theirs.insert(7, 3), 2);
    const bytes_view sealed = old.seal(bytes_view(plain.data(), plain.size()));
    h.receive_raw(2, bytes(sealed.begin(), sealed.end()));
    CHECK_FALSE(h.engine.state().contains(3));
    CHECK(h.engine.stats().rejected_unauthenticated == 1);
    h.receive(2, plain);
    CHECK(h.engine.state().contains(3));
}

TEST_CASE("sealed: an engine refuses keys without a cipher, and without keys sends as before",
          "[security][sealed]") {
    gossip_config c = quiet_config();
    REQUIRE(!c.keys.add(1, test::key_of(1)));
    CHECK(c.validate() == errc::invalid_config);
    manual_clock clock;
    test::recording_transport t;
    CHECK_THROWS_AS(engine_type(1, t, clock, c), std::system_error);
    c.keys = keyring{};
    c.max_sessions = 0;
    CHECK(c.validate() == errc::invalid_config);
}

#endif
