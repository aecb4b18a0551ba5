// What the failure-detection simulations share: LAN timing, a lossy network,
// and how one node sees another.

#ifndef HEARSAY_TESTS_SIMULATION_SWIM_SUPPORT_HPP
#define HEARSAY_TESTS_SIMULATION_SWIM_SUPPORT_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "hearsay/hearsay.hpp"
#include "hearsay/sim.hpp"

namespace swim_support {

using namespace std::chrono_literals;
using set_type = hearsay::or_set<std::uint64_t>;
using cluster_type = hearsay::sim::cluster<set_type>;

// LAN timing: gossip rounds of 200 ms, protocol periods of 1 s (five rounds each), probe
// timeouts of 200 ms; round trips of 2-20 ms. Failure detection wants rounds faster than
// periods: news of a suspicion, and its refutation, must spread well within the minimum
// suspicion timeout.
constexpr int rounds_per_period = 5;
constexpr auto period = 1s;

inline hearsay::gossip_config detecting_config(std::uint64_t seed) {
    hearsay::gossip_config c = hearsay::gossip_config::simulation();
    c.seed = seed;
    c.interval = 200ms;
    c.fanout = 2;
    c.failure_detection.enabled = true;
    c.failure_detection.probe_interval = period;
    c.failure_detection.probe_timeout = 200ms;
    return c;
}

inline hearsay::sim::network_config network(std::uint64_t seed, double loss) {
    hearsay::sim::network_config n;
    n.seed = seed;
    n.loss = loss;
    n.min_delay = std::chrono::milliseconds(1);
    n.max_delay = std::chrono::milliseconds(10);
    return n;
}

inline void run_periods(cluster_type& c, int periods) {
    for (int r = 0; r < periods * rounds_per_period; ++r)
        c.step();
}

// How node `viewer` sees the node at `address`.
inline hearsay::member_status seen(const cluster_type& c, std::size_t viewer, std::size_t address) {
    for (const auto& m : c.node(viewer).members())
        if (m.address == cluster_type::address(address))
            return m.status;
    return hearsay::member_status::left; // unknown: counted as not alive by the callers
}

// Tells whether every live node knows every other node.
inline bool all_acquainted(const cluster_type& c) {
    for (std::size_t v = 0; v < c.size(); ++v)
        if (c.alive(v) && c.node(v).members().size() < c.size() - 1)
            return false;
    return true;
}

// Tells whether every live node knows every other node's id.
inline bool all_named(const cluster_type& c) {
    for (std::size_t v = 0; v < c.size(); ++v)
        for (const auto& m : c.node(v).members())
            if (c.alive(v) && m.id == 0)
                return false;
    return all_acquainted(c);
}

// Tells whether every live node holds every write made through the cluster.
inline bool converged_all(const cluster_type& c) {
    for (std::size_t v = 0; v < c.size(); ++v)
        if (c.alive(v) && !c.converged(v))
            return false;
    return true;
}

// Counts the (viewer, member) pairs, both up, where the viewer believes the member dead.
inline std::size_t false_deaths(const cluster_type& c) {
    std::size_t n = 0;
    for (std::size_t v = 0; v < c.size(); ++v)
        for (std::size_t m = 0; m < c.size(); ++m)
            if (v != m && c.alive(v) && c.alive(m) && seen(c, v, m) == hearsay::member_status::dead)
                ++n;
    return n;
}

// Sums a counter of gossip_stats over every node.
template <class Field> std::uint64_t total(const cluster_type& c, Field field) {
    std::uint64_t sum = 0;
    for (std::size_t v = 0; v < c.size(); ++v)
        sum += c.node(v).stats().*field;
    return sum;
}

} // namespace swim_support

#endif
