// Whole clusters of real engines on the simulated network: every CRDT type,
// every strategy, under loss, duplication, reordering, a partition that heals,
// and crashes with restarts. Every write must reach every node, and nothing
// else may appear: each node must end equal to the join of all writes.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

#include "catch.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/sim/cluster.hpp"
#include "support/crdt_types.hpp"
#include "support/generators.hpp"

namespace {

using namespace hearsay;
using namespace hearsay::testing;

const char* name_of(gossip_strategy s) {
    switch (s) {
    case gossip_strategy::push:
        return "push";
    case gossip_strategy::pull:
        return "pull";
    default:
        return "push_pull";
    }
}

sim::network_config faulty_network(std::uint64_t seed) {
    sim::network_config net;
    net.seed = seed;
    net.loss = 0.3;
    net.duplication = 0.1;
    net.reorder = 0.5;
    net.min_delay = std::chrono::milliseconds(1);
    net.max_delay = std::chrono::milliseconds(300);
    return net;
}

// Writes at random nodes of `writers` for `rounds` rounds, a few per round.
template <class T>
void write_some(sim::cluster<T>& c, std::mt19937_64& rng, std::size_t first, std::size_t last,
                int per_round) {
    for (int k = 0; k < per_round; ++k) {
        const std::size_t i = first + static_cast<std::size_t>(rng() % (last - first + 1));
        if (!c.alive(i))
            continue;
        c.update(i,
                 [&](T& state, std::uint64_t self) { return random_mutation(state, self, rng); });
    }
}

template <class T> void converges_under_faults(gossip_strategy strategy, std::uint64_t seed) {
    CAPTURE(name_of(strategy), seed);
    constexpr std::size_t n = 12;
    gossip_config config = gossip_config::simulation();
    config.strategy = strategy;
    config.fanout = 2;
    config.anti_entropy_rounds = 3;
    config.seed = seed;
    sim::cluster<T> c(n, config, faulty_network(seed));
    std::mt19937_64 rng(seed);

    // Writes everywhere while the network loses, duplicates and reorders.
    for (int r = 0; r < 6; ++r) {
        write_some(c, rng, 0, n - 3, 3);
        c.step();
    }
    // A partition: both sides keep writing; node 9 crashes and comes back with its state.
    c.net().partition({{0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}});
    c.crash(9);
    for (int r = 0; r < 8; ++r) {
        write_some(c, rng, 0, n - 3, 3);
        c.step();
    }
    c.restart(9, sim::restart_mode::keep_state);
    c.net().heal();
    // Node 11 never writes, so it can crash and come back empty, under a new replica id.
    c.crash(11);
    for (int r = 0; r < 4; ++r) {
        write_some(c, rng, 0, n - 3, 2);
        c.step();
    }
    c.restart(11, sim::restart_mode::fresh);
    const auto rounds = c.run_until_converged(200);
    REQUIRE(rounds.has_value());
    for (std::size_t i = 0; i < n; ++i)
        REQUIRE(c.node(i).state() == c.expected());
    CHECK(c.net().stats().dropped_loss > 0);
    CHECK(c.net().stats().duplicated > 0);
}

} // namespace

TEMPLATE_TEST_CASE("cluster: every type converges under loss, duplication, reordering, "
                   "partition and crashes",
                   "[simulation][convergence]", HEARSAY_TEST_FLAT_CRDTS, HEARSAY_TEST_MAP_CRDTS) {
    for (auto strategy : {gossip_strategy::push, gossip_strategy::pull, gossip_strategy::push_pull})
        converges_under_faults<TestType>(strategy, 11);
}

TEST_CASE("cluster: convergence holds across seeds, for the cart type", "[simulation]") {
    using cart = or_map<int, or_set_type>;
    for (std::uint64_t seed = 1; seed <= 8; ++seed)
        converges_under_faults<cart>(gossip_strategy::push_pull, seed);
}

TEST_CASE("cluster: the same seed gives the same run, byte for byte", "[simulation]") {
    auto run = [](std::uint64_t seed) {
        gossip_config config = gossip_config::simulation();
        config.seed = seed;
        sim::cluster<or_set_type> c(20, config, faulty_network(seed));
        std::mt19937_64 rng(seed);
        std::string trace;
        for (int r = 0; r < 15; ++r) {
            write_some(c, rng, 0, 19, 2);
            trace += sim::to_string(c.step()) + "\n";
        }
        return trace;
    };
    CHECK(run(5) == run(5));
    CHECK(run(5) != run(6));
}
