// SPDX-License-Identifier: BSL-1.0
// Periods from a crash to its first suspicion, 100 nodes, against SWIM's
// geometric law. Each crash is timed as tests/simulation/
// detection_figures_test.cpp times it (its time_one_crash, redone here): LAN
// timing (200 ms rounds, fanout 2, 1 s periods, 200 ms probe timeout, 1-10 ms
// delays), full membership, the crash a round before a period starts, the
// time counted from the first probe after it.

#include <algorithm> // max
#include <chrono>
#include <cmath> // pow
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "figures.hpp"
#include "hearsay/crdt/or_set.hpp"
#include "hearsay/sim.hpp"

namespace plots {
namespace {

using namespace hearsay;
using namespace std::chrono_literals;
using cluster_type = sim::cluster<or_set<std::uint64_t>>;

constexpr std::size_t n = 100;
constexpr std::uint64_t crashes = 200;
constexpr int rounds_per_period = 5;
constexpr auto period = 1s;

void run_periods(cluster_type& c, int periods) {
    for (int r = 0; r < periods * rounds_per_period; ++r)
        c.step();
}

bool all_acquainted(const cluster_type& c) {
    for (std::size_t v = 0; v < c.size(); ++v)
        if (c.alive(v) && c.node(v).members().size() < c.size() - 1)
            return false;
    return true;
}

// Periods from the first probe after the crash to the first suspicion of the crashed node by
// any node, or nothing if the cluster did not form or nobody suspected within 100 periods.
std::optional<double> time_one_crash(std::uint64_t seed) {
    gossip_config config = gossip_config::simulation();
    config.seed = seed;
    config.interval = 200ms;
    config.fanout = 2;
    config.failure_detection.enabled = true;
    config.failure_detection.probe_interval = period;
    config.failure_detection.probe_timeout = 200ms;
    sim::network_config net;
    net.seed = seed;
    net.min_delay = 1ms;
    net.max_delay = 10ms;
    sim::cluster_options options;
    options.full_membership = true;
    cluster_type c(n, config, net, options);
    for (int warm = 0; !all_acquainted(c) && warm < 60; ++warm)
        run_periods(c, 1);
    if (!all_acquainted(c))
        return std::nullopt;
    run_periods(c, 2); // the newest members get probed too
    for (int r = 0; r + 1 < rounds_per_period; ++r)
        c.step(); // a round before the next period starts
    const std::size_t victim = 1 + seed % (n - 1);
    std::optional<manual_clock::time_point> suspected;
    std::vector<subscription> subs;
    for (std::size_t v = 0; v < n; ++v)
        subs.push_back(c.node(v).on_member_change([&](const auto& m, member_status) {
            if (!suspected && m.address == cluster_type::address(victim) &&
                m.status == member_status::suspect)
                suspected = c.clock().now();
        }));
    const auto first_probe = c.clock().now() + 200ms;
    c.crash(victim);
    for (int periods = 0; !suspected && periods < 100; ++periods)
        run_periods(c, 1);
    if (!suspected)
        return std::nullopt;
    return std::chrono::duration<double>(*suspected - first_probe).count() /
           std::chrono::duration<double>(period).count();
}

} // namespace

chart detection_time(const std::string& provenance) {
    std::vector<double> counts;
    double sum = 0;
    std::uint64_t timed = 0;
    for (std::uint64_t seed = 1; seed <= crashes; ++seed) {
        const std::optional<double> t = time_one_crash(seed);
        if (!t)
            continue;
        ++timed;
        sum += *t;
        // A period's probe suspects at the period's end: t is a whole number of periods.
        const auto k = static_cast<std::size_t>(std::max(1L, std::lround(*t)));
        if (counts.size() < k + 1)
            counts.resize(k + 1, 0.0);
        counts[k] += 1;
    }
    // SWIM: each of the n - 1 live members probes one of its n - 1 others a period, so a
    // period finds the crash with p = 1 - (1 - 1/(n-1))^(n-1).
    const double miss = 1.0 - 1.0 / static_cast<double>(n - 1);
    const double p = 1.0 - std::pow(miss, static_cast<double>(n - 1));
    const std::size_t shown = std::max<std::size_t>(counts.size(), 6);

    series measured{"measured (mean " + fixed(sum / static_cast<double>(timed), 2) + " periods)",
                    {},
                    draw::bars,
                    "#1f77b4",
                    shape::square,
                    0.7};
    for (std::size_t k = 1; k < counts.size(); ++k)
        measured.points.emplace_back(static_cast<double>(k), counts[k]);
    series swim{"SWIM, theory: crashes x (1-p)^(t-1) p (mean " + fixed(1 / p, 2) + ")",
                {},
                draw::line_and_markers,
                "#d62728",
                shape::circle};
    for (std::size_t k = 1; k < shown; ++k)
        swim.points.emplace_back(static_cast<double>(k),
                                 static_cast<double>(timed) *
                                     std::pow(1 - p, static_cast<double>(k - 1)) * p);

    chart c;
    c.title = "Failure detection: periods from a crash to its first suspicion, 100 nodes";
    c.subtitle = std::to_string(timed) +
                 " seeded crashes; 1 s periods, 200 ms probe timeout, "
                 "p = 1 - (1 - 1/99)^99; " +
                 provenance;
    c.x = {"protocol periods from the first probe after the crash to the first suspicion", 0.4,
           static_cast<double>(shown) - 0.4};
    c.y = {"crashes", 0, static_cast<double>(timed) * p * 1.15};
    c.lines.push_back(std::move(measured));
    c.lines.push_back(std::move(swim));
    return c;
}

} // namespace plots
