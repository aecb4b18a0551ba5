// Failure detection in whole simulated clusters: a crashed node is declared
// dead by every live node, no live node is, even under message loss, and a
// node that comes back is alive again.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

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

TEST_CASE("swim cluster: a 50/50 partition of 60 periods heals into one cluster by itself, "
          "and every write made on either side reaches every node",
          "[swim][sim]") {
    sim::cluster_options opts;
    opts.seeds = 2;
    cluster_type c(20, detecting_config(9), network(9, 0.0), opts);
    run_periods(c, 10);
    REQUIRE(all_acquainted(c));
    std::vector<sim::node_address> left, right;
    for (std::size_t i = 0; i < c.size(); ++i)
        (i < c.size() / 2 ? left : right).push_back(cluster_type::address(i));
    c.net().partition({left, right});
    for (int p = 0; p < 60; ++p) {
        c.update(static_cast<std::size_t>(p) % c.size(), [&](set_type& s, std::uint64_t self) {
            return s.insert(self, 1000 + static_cast<std::uint64_t>(p));
        });
        run_periods(c, 1);
    }
    std::size_t dead_across = 0; // each side believes the other dead, or gone
    for (std::size_t v = 0; v < c.size(); ++v)
        for (std::size_t m = 0; m < c.size(); ++m)
            if ((v < c.size() / 2) != (m < c.size() / 2) && !is_live(seen(c, v, m)))
                ++dead_across;
    CHECK(dead_across == c.size() * c.size() / 2);
    c.net().heal();
    auto whole = [&] {
        for (std::size_t v = 0; v < c.size(); ++v)
            for (std::size_t m = 0; m < c.size(); ++m)
                if (v != m && seen(c, v, m) != member_status::alive)
                    return false;
        return true;
    };
    int periods = 0;
    while (!(whole() && converged_all(c)) && periods < 120) {
        run_periods(c, 1);
        ++periods;
    }
    INFO("one cluster again, every write everywhere, " << periods << " periods after the heal");
    CHECK(whole());
    CHECK(converged_all(c));
}

TEST_CASE("swim cluster: writes converge under loss with failure detection on, and a node "
          "declared dead loses none of what it wrote",
          "[swim][sim]") {
    sim::cluster_options opts;
    opts.seeds = 2;
    cluster_type c(12, detecting_config(4), network(4, 0.05), opts);
    run_periods(c, 5);
    for (std::uint64_t x = 0; x < 60; ++x)
        c.update(x % c.size(), [&](set_type& s, std::uint64_t self) { return s.insert(self, x); });
    // Node 5 writes, then crashes before it could spread all of it, and is declared dead.
    for (std::uint64_t x = 100; x < 110; ++x)
        c.update(5, [&](set_type& s, std::uint64_t self) { return s.insert(self, x); });
    c.step();
    c.crash(5);
    run_periods(c, 40);
    std::size_t knows_dead = 0;
    for (std::size_t v = 0; v < c.size(); ++v)
        knows_dead += v != 5 && !is_live(seen(c, v, 5));
    CHECK(knows_dead == c.size() - 1);
    // Back with its state: what it wrote reaches everyone.
    c.restart(5, sim::restart_mode::keep_state);
    int periods = 0;
    while (!converged_all(c) && periods < 60) {
        run_periods(c, 1);
        ++periods;
    }
    INFO("converged " << periods << " periods after the restart");
    CHECK(converged_all(c));
}
