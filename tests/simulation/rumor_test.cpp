// Rumor mongering alone (anti-entropy off), in each of Demers' variants: rumors
// spread, then every node loses interest, leaving a residue of uninformed nodes
// that shrinks as k grows (Demers et al. 1987, section 3); anti-entropy then
// repairs the residue.

#include <cstddef>
#include <cstdint>

#include "catch.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/sim/cluster.hpp"

namespace {

using namespace hearsay;
using counter = g_counter<>;

// Returns how many of 200 nodes hold one update once its rumor died out.
std::size_t spread(rumor_feedback feedback, rumor_loss loss, std::size_t k, std::uint64_t seed) {
    constexpr std::size_t n = 200;
    gossip_config config = gossip_config::simulation();
    config.strategy = gossip_strategy::push;
    config.feedback = feedback;
    config.loss = loss;
    config.rumor_k = k;
    config.anti_entropy_rounds = 10000; // rumors only
    config.seed = seed;
    sim::network_config net;
    net.seed = seed;
    sim::cluster_options options;
    options.full_membership = true;
    sim::cluster<counter> c(n, config, net, options);
    c.step();
    c.update(0, [](counter& g, std::uint64_t self) { return g.increment(self); });
    for (int r = 0; r < 60; ++r)
        c.step();
    std::size_t informed = 0;
    for (std::size_t i = 0; i < n; ++i)
        informed += static_cast<std::size_t>(c.node(i).state().value());
    return informed;
}

} // namespace

TEST_CASE("rumors: every variant spreads, cools, and leaves less residue with a larger k",
          "[simulation][rumor]") {
    for (auto feedback : {rumor_feedback::feedback, rumor_feedback::blind}) {
        for (auto loss : {rumor_loss::counter, rumor_loss::coin}) {
            CAPTURE(static_cast<int>(feedback), static_cast<int>(loss));
            std::size_t informed_k1 = 0, informed_k4 = 0;
            for (std::uint64_t seed = 1; seed <= 4; ++seed) {
                const std::size_t low = spread(feedback, loss, 1, seed);
                const std::size_t high = spread(feedback, loss, 4, seed);
                informed_k1 += low;
                informed_k4 += high;
                CHECK(low > 1); // the rumor left its writer
                CHECK(high > 100);
            }
            CHECK(informed_k4 >= informed_k1);
            CHECK(informed_k4 > 4 * 190); // k = 4 informs nearly everyone
        }
    }
}

TEST_CASE("rumors: a cold rumor is sent no more, and anti-entropy repairs its residue",
          "[simulation][rumor]") {
    constexpr std::size_t n = 200;
    gossip_config config = gossip_config::simulation();
    config.strategy = gossip_strategy::push;
    config.feedback = rumor_feedback::blind;
    config.loss = rumor_loss::counter;
    config.rumor_k = 1; // a large residue on purpose
    config.anti_entropy_rounds = 10000;
    config.seed = 9;
    sim::network_config net;
    net.seed = 9;
    sim::cluster_options options;
    options.full_membership = true;
    sim::cluster<counter> c(n, config, net, options);
    c.step();
    c.update(0, [](counter& g, std::uint64_t self) { return g.increment(self); });
    for (int r = 0; r < 30; ++r)
        c.step();
    auto deltas_applied = [&] {
        std::uint64_t total = 0;
        for (std::size_t i = 0; i < n; ++i)
            total += c.node(i).stats().deltas_applied + c.node(i).stats().deltas_redundant;
        return total;
    };
    const std::uint64_t settled = deltas_applied();
    for (int r = 0; r < 10; ++r)
        c.step();
    CHECK(deltas_applied() == settled); // every node lost interest: no delta moves
    std::size_t informed = 0;
    for (std::size_t i = 0; i < n; ++i)
        informed += static_cast<std::size_t>(c.node(i).state().value());
    CHECK(informed < n); // blind, k = 1 leaves a residue

    // The same cluster with anti-entropy every round repairs it.
    gossip_config repair = config;
    repair.anti_entropy_rounds = 1;
    sim::cluster<counter> d(n, repair, net, options);
    d.step();
    d.update(0, [](counter& g, std::uint64_t self) { return g.increment(self); });
    REQUIRE(d.run_until_converged(30).has_value());
}
