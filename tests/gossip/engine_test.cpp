// The engine on its own: a hand-driven hub of a few engines, no simulator.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <vector>

#include "catch.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/hearsay.hpp"

namespace {

using namespace hearsay;

// A transport that queues what it is given; the hub moves the queue.
struct queue_transport {
    using address_type = std::uint32_t;
    struct datagram {
        std::uint32_t from;
        std::uint32_t to;
        std::vector<std::byte> bytes;
    };
    std::uint32_t self = 0;
    std::deque<datagram>* wire = nullptr;
    std::size_t payload = 65507;
    std::size_t largest = 0;

    void send(const address_type& to, bytes_view bytes) {
        largest = std::max(largest, bytes.size());
        wire->push_back({self, to, std::vector<std::byte>(bytes.begin(), bytes.end())});
    }
    std::size_t max_payload() const { return payload; }
};

template <class State> struct hub {
    using engine = gossip_engine<State, queue_transport, manual_clock>;
    manual_clock clock;
    std::deque<queue_transport::datagram> wire;
    std::vector<std::unique_ptr<queue_transport>> transports;
    std::vector<std::unique_ptr<engine>> nodes;
    std::set<std::uint32_t> down;

    hub(std::size_t n, gossip_config config, std::size_t payload = 65507) {
        for (std::size_t i = 0; i < n; ++i) {
            auto t = std::make_unique<queue_transport>();
            t->self = static_cast<std::uint32_t>(i);
            t->wire = &wire;
            t->payload = payload;
            config.seed = 1000 + i;
            config.writer_epoch = 1 + i; // deterministic runs
            nodes.push_back(std::make_unique<engine>(i + 1, *t, clock, config));
            transports.push_back(std::move(t));
        }
    }
    engine& operator[](std::size_t i) { return *nodes[i]; }

    // One round: every node polls, then everything sent (and replied) is delivered.
    void round() {
        clock.advance(nodes.front()->config().interval);
        for (std::size_t i = 0; i < nodes.size(); ++i)
            if (!down.count(static_cast<std::uint32_t>(i)))
                nodes[i]->poll();
        std::size_t cap = 1000000;
        while (!wire.empty() && cap-- > 0) {
            auto d = std::move(wire.front());
            wire.pop_front();
            if (down.count(d.to) || down.count(d.from))
                continue;
            nodes[d.to]->receive(d.from, bytes_view(d.bytes.data(), d.bytes.size()));
        }
    }
    bool agree() const {
        for (const auto& n : nodes)
            if (!(n->state() == nodes.front()->state()))
                return false;
        return true;
    }
    std::size_t rounds_to_agree(std::size_t max_rounds) {
        for (std::size_t r = 1; r <= max_rounds; ++r) {
            round();
            if (agree())
                return r;
        }
        return max_rounds + 1;
    }
};

using set_type = or_set<std::uint64_t>;

gossip_config small_config() {
    gossip_config c = gossip_config::simulation();
    c.fanout = 2;
    return c;
}

// The peer-selection policy of earlier versions, handed a vector of every live member: refused,
// as a round no longer builds that vector.
struct vector_of_pointers_selection {
    template <class Member, class Random>
    void select(const std::vector<const Member*>&, std::size_t, Random&,
                std::vector<std::size_t>&) {}
};

} // namespace

TEST_CASE("engine: policies are checked in both standards", "[engine]") {
    struct no_send {
        using address_type = std::uint32_t;
    };
    struct no_address {
        void send(int, bytes_view) {}
    };
    STATIC_REQUIRE(transport_policy<queue_transport>);
    STATIC_REQUIRE(!transport_policy<no_send>);
    STATIC_REQUIRE(!transport_policy<no_address>);
    STATIC_REQUIRE(clock_policy<manual_clock>);
    STATIC_REQUIRE(random_policy<xoshiro256>);
    STATIC_REQUIRE(peer_selection_policy<uniform_peer_selection>);
    STATIC_REQUIRE(!peer_selection_policy<vector_of_pointers_selection>);
    STATIC_REQUIRE(!random_policy<int>);
}

TEST_CASE("engine: gossip_config validates every range and rejects without change", "[engine]") {
    CHECK(!gossip_config{}.validate());
    CHECK(!gossip_config::lan().validate());
    CHECK(!gossip_config::wan().validate());
    CHECK(!gossip_config::simulation().validate());
    auto bad = [](auto mutate) {
        gossip_config c;
        mutate(c);
        return c.validate() == make_error_code(errc::invalid_config);
    };
    CHECK(bad([](gossip_config& c) { c.fanout = 0; }));
    CHECK(bad([](gossip_config& c) { c.fanout = 65; }));
    CHECK(bad([](gossip_config& c) { c.interval = std::chrono::microseconds(10); }));
    CHECK(bad([](gossip_config& c) { c.max_payload = 10; }));
    CHECK(bad([](gossip_config& c) { c.rumor_k = 0; }));
    CHECK(bad([](gossip_config& c) { c.anti_entropy_rounds = 0; }));
    CHECK(bad([](gossip_config& c) { c.max_buffered_deltas = 0; }));
    CHECK(bad([](gossip_config& c) { c.peer_receive_budget = c.max_payload - 1; }));
    CHECK(bad([](gossip_config& c) { c.peer_reply_budget = c.max_payload - 1; }));
    CHECK(bad([](gossip_config& c) { c.round_reply_budget = c.max_payload - 1; }));
    CHECK(bad([](gossip_config& c) { c.round_reply_budget = (std::size_t{1} << 32) + 1; }));
    CHECK(bad([](gossip_config& c) { c.max_writers = 0; }));
    CHECK(bad([](gossip_config& c) { c.max_members = 0; }));
    CHECK(bad([](gossip_config& c) {
        c.failure_detection.gone_retention = std::chrono::milliseconds(999);
    }));
    CHECK(bad([](gossip_config& c) {
        c.failure_detection.gone_retention = std::chrono::hours(24 * 366);
    }));
    queue_transport t;
    manual_clock clock;
    gossip_config c;
    c.fanout = 0;
    using engine = gossip_engine<set_type, queue_transport, manual_clock>;
    CHECK_THROWS_AS(engine(1, t, clock, c), std::system_error);
}

TEST_CASE("engine: an update reaches every node, under each strategy", "[engine]") {
    for (auto strategy :
         {gossip_strategy::push, gossip_strategy::pull, gossip_strategy::push_pull}) {
        CAPTURE(static_cast<int>(strategy));
        gossip_config c = small_config();
        c.strategy = strategy;
        hub<set_type> h(6, c);
        for (std::size_t i = 1; i < 6; ++i)
            h[i].add_peer(0); // one seed; membership gossip does the rest
        h[0].add_peer(1);
        h[3].update([](set_type& s, std::uint64_t self) { return s.insert(self, 42); });
        h[5].update([](set_type& s, std::uint64_t self) { return s.insert(self, 7); });
        REQUIRE(h.rounds_to_agree(60) <= 60);
        CHECK(h[0].state().contains(42));
        CHECK(h[0].state().contains(7));
        CHECK(h[0].state().size() == 2);
        auto everyone_known = [&] {
            for (std::size_t i = 0; i < 6; ++i)
                if (h[i].members().size() != 5)
                    return false;
            return true;
        };
        for (int r = 0; r < 30 && !everyone_known(); ++r)
            h.round();
        CHECK(everyone_known());
    }
}

TEST_CASE("engine: on_change fires for local and received changes, with their delta", "[engine]") {
    hub<set_type> h(2, small_config());
    h[0].add_peer(1);
    h[1].add_peer(0);
    int local = 0, remote = 0;
    auto local_changes = h[0].on_change([&](const set_type& s, const set_type& delta) {
        ++local;
        CHECK(s.contains(9));
        CHECK(delta.contains(9));
    });
    auto remote_changes = h[1].on_change([&](const set_type& s, const set_type& delta) {
        ++remote;
        CHECK(s.contains(9));
        CHECK(delta.contains(9));
    });
    h[0].update([](set_type& s, std::uint64_t self) { return s.insert(self, 9); });
    CHECK(local == 1);
    h[0].update([](set_type&, std::uint64_t) { return set_type{}; }); // changes nothing
    CHECK(local == 1);
    REQUIRE(h.rounds_to_agree(10) <= 10);
    CHECK(local == 1);
    CHECK(remote >= 1);
}

TEST_CASE("engine: an idle, converged pair sends no deltas", "[engine]") {
    hub<set_type> h(2, small_config());
    h[0].add_peer(1);
    h[1].add_peer(0);
    for (std::uint64_t x = 0; x < 50; ++x)
        h[0].update([&](set_type& s, std::uint64_t self) { return s.insert(self, x); });
    REQUIRE(h.rounds_to_agree(20) <= 20);
    for (int r = 0; r < 20; ++r) // let rumors cool and acknowledgements settle
        h.round();
    const auto applied = h[1].stats().deltas_applied + h[1].stats().deltas_redundant;
    const auto bytes = h[0].stats().bytes_sent;
    for (int r = 0; r < 10; ++r)
        h.round();
    CHECK(h[1].stats().deltas_applied + h[1].stats().deltas_redundant == applied);
    // Ten idle rounds cost only pulls, digests and member samples: well under 100 bytes a round.
    CHECK(h[0].stats().bytes_sent - bytes < 1000);
}

TEST_CASE("engine: leave is announced and remove_peer marks dead", "[engine]") {
    hub<set_type> h(3, small_config());
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            if (i != j)
                h[i].add_peer(static_cast<std::uint32_t>(j));
    for (int r = 0; r < 3; ++r)
        h.round();
    std::vector<member<std::uint32_t>> seen;
    auto changes = h[0].on_member_change(
        [&](const member<std::uint32_t>& m, member_status) { seen.push_back(m); });
    h[2].leave();
    h.round();
    REQUIRE(!seen.empty());
    CHECK(seen.back().address == 2);
    CHECK(seen.back().id == 3);
    CHECK(seen.back().status == member_status::left);
    for (const auto& m : h[1].members())
        if (m.address == 2)
            CHECK(m.status == member_status::left);
    h[0].remove_peer(1);
    for (const auto& m : h[0].members())
        if (m.address == 1)
            CHECK(m.status == member_status::dead);
}

TEST_CASE("engine: nothing sent exceeds max_payload, big states travel as pieces", "[engine]") {
    gossip_config c = small_config();
    c.max_payload = 512;
    hub<set_type> h(3, c, 4096); // the config's limit is the smaller, so it wins
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            if (i != j)
                h[i].add_peer(static_cast<std::uint32_t>(j));
    set_type big;
    for (std::uint64_t x = 0; x < 2000; ++x)
        big.insert(77, x * 1000003);
    h[0].update([&](set_type& s, std::uint64_t) {
        set_type delta = big;
        s.merge(big);
        return delta;
    });
    REQUIRE(h.rounds_to_agree(40) <= 40);
    CHECK(h[2].state().size() == 2000);
    for (const auto& t : h.transports)
        CHECK(t->largest <= 512);
}

TEST_CASE("engine: any bytes are refused safely and counted", "[engine]") {
    hub<set_type> h(2, small_config());
    h[0].add_peer(1);
    h[1].add_peer(0);
    h[0].update([](set_type& s, std::uint64_t self) { return s.insert(self, 1); });
    // Capture real messages to mutate.
    h.clock.advance(h[0].config().interval);
    h[0].poll();
    std::vector<std::vector<std::byte>> samples;
    for (auto& d : h.wire)
        samples.push_back(d.bytes);
    h.wire.clear();
    REQUIRE(!samples.empty());
    std::uint64_t seed = 12345;
    std::uint64_t sent = 0;
    for (const auto& m : samples) {
        for (std::size_t cut = 0; cut < m.size(); ++cut) { // every truncation
            h[1].receive(0, bytes_view(m.data(), cut));
            ++sent;
        }
        for (int k = 0; k < 200; ++k) { // random corruption
            auto copy = m;
            const std::size_t at = static_cast<std::size_t>(splitmix64(seed) % copy.size());
            copy[at] = static_cast<std::byte>(splitmix64(seed));
            h[1].receive(0, bytes_view(copy.data(), copy.size()));
            ++sent;
        }
    }
    for (int k = 0; k < 500; ++k) { // random bytes
        std::vector<std::byte> junk(static_cast<std::size_t>(splitmix64(seed) % 64));
        for (auto& b : junk)
            b = static_cast<std::byte>(splitmix64(seed));
        h[1].receive(0, bytes_view(junk.data(), junk.size()));
        ++sent;
    }
    CHECK(h[1].stats().messages_received == sent);
    CHECK(h[1].stats().messages_rejected > sent / 2);
    CHECK(h[1].stats().messages_rejected == h[1].stats().rejected_version +
                                                h[1].stats().rejected_malformed +
                                                h[1].stats().rejected_self);
    // Whatever was accepted was a valid message: the pair still converges to the real state.
    h.wire.clear();
    REQUIRE(h.rounds_to_agree(20) <= 20);
    CHECK(h[1].state().contains(1));
}

TEST_CASE("engine: messages from its own id are refused", "[engine]") {
    hub<set_type> h(1, small_config());
    queue_transport t;
    std::deque<queue_transport::datagram> wire;
    t.wire = &wire;
    manual_clock clock;
    gossip_engine<set_type, queue_transport, manual_clock> twin(1, t, clock, small_config());
    twin.add_peer(0);
    clock.advance(std::chrono::seconds(1));
    twin.poll();
    REQUIRE(!wire.empty());
    for (auto& d : wire)
        h[0].receive(5, bytes_view(d.bytes.data(), d.bytes.size()));
    CHECK(h[0].stats().rejected_self == wire.size());
    CHECK(h[0].members().empty());
}

namespace {

// Picks only candidates whose address is even: a stand-in for "prefer my zone". (A policy for
// large views would look at O(count) candidates, drawn at random, not at every one.)
struct even_addresses_only {
    template <class Candidates, class Random>
    void select(const Candidates& candidates, std::size_t count, Random&,
                std::vector<std::size_t>& chosen) {
        for (std::size_t i = 0; i < candidates.size() && count > 0; ++i) {
            if (candidates[i].address % 2 == 0) {
                chosen.push_back(i);
                --count;
            }
        }
    }
};

} // namespace

TEST_CASE("engine: a peer-selection policy decides whom rounds contact", "[engine]") {
    STATIC_REQUIRE(peer_selection_policy<even_addresses_only>);
    std::deque<queue_transport::datagram> wire;
    queue_transport t;
    t.wire = &wire;
    t.self = 9;
    manual_clock clock;
    gossip_engine<set_type, queue_transport, manual_clock, xoshiro256, even_addresses_only> node(
        1, t, clock, small_config());
    for (std::uint32_t a = 0; a < 8; ++a)
        node.add_peer(a);
    node.update([](set_type& s, std::uint64_t self) { return s.insert(self, 3); });
    for (int r = 0; r < 5; ++r) {
        clock.advance(std::chrono::seconds(1));
        node.poll();
    }
    REQUIRE(!wire.empty());
    for (const auto& d : wire)
        CHECK(d.to % 2 == 0);
}

TEST_CASE("engine: the transport's max_payload wins when it is the smaller", "[engine]") {
    gossip_config c = small_config();
    c.max_payload = 65507;
    hub<set_type> h(2, c, 300);
    h[0].add_peer(1);
    h[1].add_peer(0);
    h[0].update([](set_type& s, std::uint64_t) {
        set_type delta;
        for (std::uint64_t x = 0; x < 500; ++x)
            delta.merge(s.insert(5, x));
        return delta;
    });
    REQUIRE(h.rounds_to_agree(40) <= 40);
    CHECK(h[1].state().size() == 500);
    for (const auto& t : h.transports)
        CHECK(t->largest <= 300);
}

TEST_CASE("engine: a start that reused an earlier start's writer epoch is seen, repaired and "
          "converges, a fresh epoch needs no repair",
          "[engine][restart]") {
    // Node 0 writes three elements, everyone has them; node 0 restarts empty under the same
    // member id and writes at once. With the earlier start's epoch its new dot (w, 1) is one
    // the cluster already saw, for element 1. The earlier start's higher dots show node 0 the
    // clash: it moves to a fresh writer id and re-adds under it what collided that it holds or
    // was sent, with a context covering the collided dots, so that every node ends equal and
    // the new write survives. Element 1, merged with the new write elsewhere before the clash
    // could show, is kept only where node 0 was sent it. A fresh epoch (the default) never
    // collides.
    for (const bool reuse : {true, false}) {
        CAPTURE(reuse);
        gossip_config config = small_config();
        hub<set_type> h(3, config);
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 3; ++j)
                if (i != j)
                    h[i].add_peer(static_cast<std::uint32_t>(j));
        for (std::uint64_t x = 1; x <= 3; ++x)
            h[0].update([&](set_type& s, std::uint64_t self) { return s.insert(self, x); });
        REQUIRE(h.rounds_to_agree(20) <= 20);

        config.seed = 2000;
        config.writer_epoch = reuse ? 1 : 0; // the hub gave node 0 epoch 1
        h.nodes[0] = std::make_unique<hub<set_type>::engine>(1, *h.transports[0], h.clock, config);
        for (std::size_t j = 1; j < 3; ++j)
            h[0].add_peer(static_cast<std::uint32_t>(j));
        h[0].update([](set_type& s, std::uint64_t self) { return s.insert(self, 4); });
        CHECK(h.rounds_to_agree(40) <= 40);
        for (const auto& node : h.nodes)
            for (std::uint64_t x = 2; x <= 4; ++x)
                CHECK(node->state().contains(x));
        CHECK(h[0].stats().writer_clashes == (reuse ? 1u : 0u));
        if (!reuse)
            for (const auto& node : h.nodes)
                CHECK(node->state().contains(1));
    }
}
