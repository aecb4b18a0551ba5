// Failure detection in whole simulated clusters: a crashed node is declared
// dead by every live node, no live node is, even under message loss, and a
// node that comes back is alive again.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "catch.hpp"
#include "swim_support.hpp"

using namespace hearsay;
using namespace swim_support;

TEST_CASE("swim cluster: a crashed node is declared dead by every live node, and no other",
          "[swim][sim]") {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        CAPTURE(seed);
        sim::cluster_options opts;
        opts.seeds = 2;
        cluster_type c(20, detecting_config(seed), network(seed, 0.0), opts);
        run_periods(c, 10);
        for (std::size_t v = 0; v < c.size(); ++v)
            REQUIRE(c.node(v).members().size() == c.size() - 1); // everyone found everyone
        c.crash(7);
        std::size_t rounds = 0;
        auto all_know = [&] {
            for (std::size_t v = 0; v < c.size(); ++v)
                if (c.alive(v) && seen(c, v, 7) != member_status::dead)
                    return false;
            return true;
        };
        while (!all_know() && rounds < 120) {
            run_periods(c, 1);
            ++rounds;
        }
        INFO("all live nodes knew after " << rounds << " periods");
        CHECK(all_know());
        CHECK(false_deaths(c) == 0);
    }
}

TEST_CASE("swim cluster: 10% loss for 100 periods declares no live node dead (Lifeguard)",
          "[swim][sim]") {
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
        CAPTURE(seed);
        sim::cluster_options opts;
        opts.seeds = 2;
        cluster_type c(30, detecting_config(seed), network(seed, 0.10), opts);
        std::uint64_t suspicions = 0;
        for (int p = 0; p < 100; ++p) {
            run_periods(c, 1);
            CHECK(false_deaths(c) == 0);
        }
        for (std::size_t v = 0; v < c.size(); ++v)
            suspicions += c.node(v).stats().suspicions;
        INFO(suspicions << " suspicions raised, all refuted");
        std::uint64_t deaths = 0;
        for (std::size_t v = 0; v < c.size(); ++v)
            deaths += c.node(v).stats().deaths_declared;
        CHECK(deaths == 0);
    }
}

TEST_CASE("swim cluster: a node declared dead that comes back is alive again everywhere",
          "[swim][sim]") {
    sim::cluster_options opts;
    opts.seeds = 2;
    gossip_config config = detecting_config(5);
    config.failure_detection.reconnect_periods = 5;
    cluster_type c(10, config, network(5, 0.0), opts);
    run_periods(c, 10);
    c.crash(4);
    run_periods(c, 60);
    for (std::size_t v = 0; v < c.size(); ++v)
        if (v != 4)
            REQUIRE(seen(c, v, 4) == member_status::dead);
    c.restart(4, sim::restart_mode::keep_state);
    std::size_t rounds = 0;
    auto all_alive = [&] {
        for (std::size_t v = 0; v < c.size(); ++v)
            if (v != 4 && seen(c, v, 4) != member_status::alive)
                return false;
        return true;
    };
    while (!all_alive() && rounds < 60) {
        run_periods(c, 1);
        ++rounds;
    }
    INFO("alive again everywhere after " << rounds << " periods");
    CHECK(all_alive());
}
