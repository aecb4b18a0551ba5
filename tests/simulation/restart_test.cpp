// Restarts without durable state: a node that comes back empty under its old
// replica id (the natural mistake: ids 1, 2, 3 in a config file) and writes at
// once, before it has caught up, must lose nothing, old or new.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <random>

#include "catch.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/sim/cluster.hpp"

namespace {

using namespace hearsay;
using set_type = or_set<std::uint64_t>;

sim::network_config lossy(std::uint64_t seed) {
    sim::network_config net;
    net.seed = seed;
    net.loss = 0.3;
    net.min_delay = std::chrono::milliseconds(1);
    net.max_delay = std::chrono::milliseconds(100);
    return net;
}

} // namespace

TEST_CASE("restart: a node back empty under its old id, writing at once, loses nothing",
          "[simulation][restart]") {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        CAPTURE(seed);
        constexpr std::size_t n = 8;
        gossip_config config = gossip_config::simulation();
        config.seed = seed;
        config.fanout = 2;
        sim::cluster<set_type> c(n, config, lossy(seed));
        std::mt19937_64 rng(seed);
        for (std::uint64_t x = 0; x < 200; ++x) {
            const std::size_t i = static_cast<std::size_t>(rng() % n);
            c.update(i, [&](set_type& s, std::uint64_t self) { return s.insert(self, x); });
            if (x % 20 == 19)
                c.step();
        }
        REQUIRE(c.run_until_converged(100).has_value());

        const std::uint64_t member = c.node(3).id();
        const std::uint64_t old_writer = c.node(3).writer_id();
        c.restart(3, sim::restart_mode::empty);
        CHECK(c.node(3).id() == member);
        CHECK(c.node(3).writer_id() != old_writer);
        CHECK(c.node(3).state().empty());
        for (std::uint64_t x = 1000; x < 1010; ++x) // before it heard from anyone
            c.update(3, [&](set_type& s, std::uint64_t self) { return s.insert(self, x); });

        REQUIRE(c.run_until_converged(100).has_value());
        CHECK(c.expected().size() == 210);
        for (std::size_t i = 0; i < n; ++i)
            CHECK(c.node(i).state() == c.expected());
    }
}
