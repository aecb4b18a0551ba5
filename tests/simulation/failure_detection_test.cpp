// Failure detection in whole simulated clusters: a crashed node is declared
// dead by every live node, no live node is, even under message loss, and a
// node that comes back is alive again.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "catch.hpp"
#include "hearsay/hearsay.hpp"
#include "hearsay/sim.hpp"

namespace {

using namespace hearsay;
using namespace std::chrono_literals;
using set_type = or_set<std::uint64_t>;
using cluster_type = sim::cluster<set_type>;

// LAN timing: gossip rounds of 200 ms, protocol periods of 1 s (five rounds each), probe
// timeouts of 200 ms; round trips of 2-20 ms. Failure detection wants rounds faster than
// periods: news of a suspicion, and its refutation, must spread well within the minimum
// suspicion timeout.
constexpr int rounds_per_period = 5;

gossip_config detecting_config(std::uint64_t seed) {
    gossip_config c = gossip_config::simulation();
    c.seed = seed;
    c.interval = 200ms;
    c.fanout = 2;
    c.failure_detection.enabled = true;
    c.failure_detection.probe_interval = 1s;
    c.failure_detection.probe_timeout = 200ms;
    return c;
}

void run_periods(cluster_type& c, int periods) {
    for (int r = 0; r < periods * rounds_per_period; ++r)
        c.step();
}

sim::network_config network(std::uint64_t seed, double loss) {
    sim::network_config n;
    n.seed = seed;
    n.loss = loss;
    n.min_delay = std::chrono::milliseconds(1);
    n.max_delay = std::chrono::milliseconds(10);
    return n;
}

// How node `viewer` sees the node at `address`.
member_status seen(const cluster_type& c, std::size_t viewer, std::size_t address) {
    for (const auto& m : c.node(viewer).members())
        if (m.address == cluster_type::address(address))
            return m.status;
    return member_status::left; // unknown: counted as not alive by the callers
}

// Counts the (viewer, member) pairs, both up, where the viewer believes the member dead.
std::size_t false_deaths(const cluster_type& c) {
    std::size_t n = 0;
    for (std::size_t v = 0; v < c.size(); ++v)
        for (std::size_t m = 0; m < c.size(); ++m)
            if (v != m && c.alive(v) && c.alive(m) && seen(c, v, m) == member_status::dead)
                ++n;
    return n;
}

} // namespace

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
