// Cost follows the difference, not the state (DESIGN.md, principle 8): an idle
// cluster sends small digests, an insert costs about its delta, and a resync
// after a partition costs about what diverged.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "catch.hpp"
#include "hearsay/codec/codec.hpp"
#include "hearsay/crdt/or_set.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/sim/cluster.hpp"

namespace {

using namespace hearsay;
using set_type = or_set<std::uint64_t>;

// A set of `size` elements written by 16 replicas, ids 101..116 (no cluster node's id).
set_type big_set(std::size_t size) {
    set_type s;
    for (std::uint64_t x = 0; x < size; ++x)
        s.insert(101 + x % 16, x * 0x9e3779b97f4a7c15);
    return s;
}

// Loads `state` at node 0 as one update, and runs until every node holds it and rumors cooled.
void preload(sim::cluster<set_type>& c, const set_type& state) {
    c.update(0, [&](set_type& s, std::uint64_t) {
        s.merge(state);
        return state;
    });
    REQUIRE(c.run_until_converged(100).has_value());
    for (int r = 0; r < 100; ++r) // rumors cool, membership news drains, acks settle
        c.step();
}

std::uint64_t bytes_over(sim::cluster<set_type>& c, int rounds) {
    std::uint64_t bytes = 0;
    for (int r = 0; r < rounds; ++r)
        bytes += c.step().bytes;
    return bytes;
}

std::size_t encoded_bytes(const set_type& s) {
    std::vector<std::byte> out;
    encode(s, out);
    return out.size();
}

} // namespace

TEST_CASE("cost: an idle cluster sends small digests, an insert costs about its delta",
          "[simulation][cost]") {
    constexpr std::size_t n = 32;
    gossip_config config = gossip_config::simulation();
    config.seed = 3;
    sim::network_config net;
    net.seed = 4;
    sim::cluster<set_type> c(n, config, net);
    const set_type state = big_set(20000);
    preload(c, state);
    const std::size_t state_bytes = encoded_bytes(state);

    const int idle_rounds = 20;
    const std::uint64_t idle = bytes_over(c, idle_rounds);
    const double idle_per_node_round = static_cast<double>(idle) / (n * idle_rounds);

    set_type delta;
    c.update(7, [&](set_type& s, std::uint64_t self) {
        delta = s.insert(self, 424242);
        return delta;
    });
    // Bytes while the insert spreads and its rumor cools, beyond the idle rate.
    std::uint64_t busy = 0;
    int busy_rounds = 0;
    std::size_t rounds = 0;
    for (; busy_rounds < 60; ++busy_rounds) {
        const auto report = c.step();
        busy += report.bytes;
        if (rounds == 0 && report.all_converged())
            rounds = static_cast<std::size_t>(busy_rounds) + 1;
    }
    REQUIRE(rounds > 0);
    const double insert_cost = static_cast<double>(busy) - idle_per_node_round * n * busy_rounds;
    const double idle_after = static_cast<double>(bytes_over(c, idle_rounds)) / (n * idle_rounds);
    CHECK(idle_after <= idle_per_node_round * 1.1); // the idle rate is steady, so the cost is fair
    const std::size_t delta_bytes = encoded_bytes(delta);
    std::printf("cost n=%zu, state %zu B: idle %.1f B per node per round; one insert (delta %zu "
                "B) converged in %zu rounds and cost %.0f B in all\n",
                n, state_bytes, idle_per_node_round, delta_bytes, rounds, insert_cost);
    // Every node must receive the delta at least once, in a message with its header, and the
    // rumor is pushed and pulled until k peers knew it: tens of small messages per node, each
    // with about 40 bytes around the delta (version, kind, sender id, token, deltas fields).
    // (The writer is new to the cluster, as every start's writer id is: the delta and every
    // later digest carry its 64-bit id.)
    CHECK(insert_cost / n < 32.0 * (static_cast<double>(delta_bytes) + 40));
    CHECK(insert_cost / n < static_cast<double>(state_bytes) / 100); // under 1% of a state, each

    CHECK(idle_per_node_round < 256);
    CHECK(idle_per_node_round < static_cast<double>(state_bytes) / 1000);
}

TEST_CASE("cost: two nodes 10 elements apart in a 100,000-element set resync in under 2 KB",
          "[simulation][cost]") {
    gossip_config config = gossip_config::simulation();
    config.seed = 5;
    config.anti_entropy_rounds = 1;
    sim::network_config net;
    net.seed = 6;
    sim::cluster<set_type> c(2, config, net);
    preload(c, big_set(100000));

    c.net().partition({{0}, {1}});
    for (std::uint64_t x = 0; x < 10; ++x)
        c.update(x % 2,
                 [&](set_type& s, std::uint64_t self) { return s.insert(self, 7000000 + x); });
    for (int r = 0; r < 10; ++r) // rumors get nowhere, and go cold
        c.step();
    c.net().heal();
    const std::uint64_t before = c.net().stats().bytes_delivered;
    const auto rounds = c.run_until_converged(20);
    REQUIRE(rounds.has_value());
    const std::uint64_t resync = c.net().stats().bytes_delivered - before;
    std::printf("resync of 10 elements in a 100,000-element set: %llu bytes in %zu rounds\n",
                static_cast<unsigned long long>(resync), *rounds);
    CHECK(resync < 2000);
    CHECK(c.node(0).state().size() == 100010);
}
