// Keyed clusters on the simulator: a key rotation done node by node while the
// cluster runs, writes and loses datagrams loses nothing and keeps converging;
// nodes with disjoint keys never merge each other's state.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <random>

#include "catch.hpp"
#include "support/adapters.hpp"

#if defined(HEARSAY_TEST_ANY_AEAD)

#include "hearsay/hearsay.hpp"
#include "hearsay/sim/cluster.hpp"

namespace {

using namespace hearsay;
using set_type = or_set<std::uint64_t>;

sim::network_config lossy(std::uint64_t seed) {
    sim::network_config net;
    net.seed = seed;
    net.loss = 0.2;
    net.duplication = 0.1; // a duplicate is a replay: refused, and nothing is lost
    net.reorder = 0.3;
    net.min_delay = std::chrono::milliseconds(1);
    net.max_delay = std::chrono::milliseconds(300);
    return net;
}

gossip_config keyed(keyring ring) {
    gossip_config c = gossip_config::simulation();
    c.fanout = 2;
    c.anti_entropy_rounds = 3;
    c.max_payload = 1400;
    c.keys = std::move(ring);
    return c;
}

void write_at(sim::cluster<set_type>& c, std::mt19937_64& rng, std::size_t n) {
    const std::size_t i = static_cast<std::size_t>(rng() % n);
    const std::uint64_t x = rng();
    c.update(i, [&](set_type& s, std::uint64_t self) { return s.insert(self, x); });
}

bool all_converged(const sim::cluster<set_type>& c) {
    for (std::size_t i = 0; i < c.size(); ++i)
        if (!c.converged(i))
            return false;
    return true;
}

} // namespace

TEST_CASE("sealed cluster: a key rotation node by node on a running, lossy cluster loses nothing "
          "and keeps converging",
          "[security][simulation][rotation]") {
    const std::uint64_t seed = 0x5eed0011;
    CAPTURE(seed);
    constexpr std::size_t n = 10;
    sim::cluster<set_type> c(n, keyed(test::ring_of({1})), lossy(seed));
    std::mt19937_64 rng(seed);
    const aead_key next = test::key_of(2);

    // Each step of the rotation reaches every node, one node per round, with writes all along.
    auto node_by_node = [&](auto&& change) {
        for (std::size_t i = 0; i < n; ++i) {
            REQUIRE(!change(c.node(i).keys()));
            write_at(c, rng, n);
            c.step();
        }
    };
    for (int r = 0; r < 5; ++r) {
        write_at(c, rng, n);
        c.step();
    }
    node_by_node([&](keyring& k) { return k.add(2, next); });
    node_by_node([&](keyring& k) { return k.use(2); });
    node_by_node([&](keyring& k) { return k.remove(1); });
    for (std::size_t i = 0; i < n; ++i) {
        CHECK(c.node(i).keys().ids() == std::vector<key_id>{2});
        CHECK(c.node(i).keys().primary() == 2);
    }
    for (int r = 0; r < 5; ++r) {
        write_at(c, rng, n);
        c.step();
    }
    int rounds = 0;
    while (!all_converged(c) && rounds < 60) {
        c.step();
        ++rounds;
    }
    CHECK(all_converged(c));
    std::uint64_t unauthenticated = 0, replays = 0;
    for (std::size_t i = 0; i < n; ++i) {
        unauthenticated += c.node(i).stats().rejected_unauthenticated;
        replays += c.node(i).stats().rejected_replay;
    }
    CHECK(unauthenticated == 0); // every datagram was sealed under a key its receiver held
    CHECK(replays > 0);          // the network's duplicates
    CHECK(c.expected().size() == 5 + 3 * n + 5);
}

TEST_CASE("sealed cluster: nodes with disjoint keys never merge each other's state",
          "[security][simulation]") {
    const std::uint64_t seed = 0x5eed0012;
    constexpr std::size_t n = 8;
    sim::cluster_options full;
    full.full_membership = true; // every node tries every other, whatever its keys
    sim::cluster<set_type> c(n, keyed(test::ring_of({1})), lossy(seed), full);
    // Nodes 4..7 hold another key under the same id, before their first datagram.
    for (std::size_t i = n / 2; i < n; ++i) {
        keyring& k = c.node(i).keys();
        REQUIRE(!k.add(2, test::key_of(77)));
        REQUIRE(!k.use(2));
        REQUIRE(!k.remove(1));
        REQUIRE(!k.add(1, test::key_of(78))); // id 1 again, another key
    }
    set_type group[2];
    std::mt19937_64 rng(seed);
    for (int r = 0; r < 40; ++r) {
        const std::size_t i = static_cast<std::size_t>(rng() % n);
        const std::uint64_t x = rng();
        group[i < n / 2 ? 0 : 1].merge(
            c.update(i, [&](set_type& s, std::uint64_t self) { return s.insert(self, x); }));
        c.step();
    }
    for (int r = 0; r < 30; ++r)
        c.step();
    std::uint64_t unauthenticated = 0;
    for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(i);
        CHECK(c.node(i).state() == group[i < n / 2 ? 0 : 1]);
        unauthenticated += c.node(i).stats().rejected_unauthenticated;
    }
    CHECK(unauthenticated > 0);
}

#endif
