// SPDX-License-Identifier: BSL-1.0
// Fraction of nodes informed per round, push / pull / push-pull, against the
// mean-field recurrences. The setup is the dissemination test's
// (tests/simulation/dissemination_test.cpp): 1,000 nodes, full membership, no
// loss, rumors kept hot, anti-entropy off, one increment written at node 0.

#include <cmath> // exp, pow
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "figures.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/sim.hpp"

namespace plots {
namespace {

using namespace hearsay;

constexpr std::size_t n = 1000;
constexpr std::size_t rounds = 24;
constexpr int seeds = 5;

// Mean over seeds of the fraction informed after each round; entry 0 is the moment of the write.
std::vector<double> measured(gossip_strategy strategy, std::size_t fanout) {
    std::vector<double> mean(rounds + 1, 0.0);
    for (int s = 1; s <= seeds; ++s) {
        gossip_config config = gossip_config::simulation();
        config.strategy = strategy;
        config.fanout = fanout;
        config.rumor_k = 64;                // rumors stay hot, as in the textbook model
        config.anti_entropy_rounds = 10000; // rumors only
        config.seed = static_cast<std::uint64_t>(s);
        sim::network_config net;
        net.seed = static_cast<std::uint64_t>(s) * 7919;
        sim::cluster_options options;
        options.full_membership = true;
        sim::cluster<g_counter<>> c(n, config, net, options);
        c.step(); // every node's first poll: membership settles before the write
        c.update(0, [](g_counter<>& g, std::uint64_t self) { return g.increment(self); });
        mean[0] += 1.0 / n;
        for (std::size_t r = 1; r <= rounds; ++r)
            mean[r] += static_cast<double>(c.step().converged) / n;
    }
    for (double& m : mean)
        m /= seeds;
    return mean;
}

// The informed fraction after each round by the mean-field recurrence, starting from one node.
// With fanout f, an uninformed node stays so when none of the informed pushes to it (about
// e^{-f s}) and, pulling, when all f nodes it asks are uninformed ((1 - s)^f).
std::vector<double> theory(gossip_strategy strategy, std::size_t fanout) {
    const double f = static_cast<double>(fanout);
    std::vector<double> s{1.0 / n};
    for (std::size_t r = 1; r <= rounds; ++r) {
        const double t = s.back();
        const double missed_push = std::exp(-f * t);
        const double missed_pull = std::pow(1 - t, f);
        double stays = 1 - t;
        if (strategy != gossip_strategy::pull)
            stays *= missed_push;
        if (strategy != gossip_strategy::push)
            stays *= missed_pull;
        s.push_back(1 - stays);
    }
    return s;
}

std::vector<std::pair<double, double>> by_round(const std::vector<double>& v) {
    std::vector<std::pair<double, double>> out;
    for (std::size_t r = 0; r < v.size(); ++r)
        out.emplace_back(static_cast<double>(r), v[r]);
    return out;
}

} // namespace

chart informed_per_round(const std::string& provenance) {
    constexpr std::size_t fanout = 1;
    chart c;
    c.title = "Fraction of 1,000 nodes informed per round (fanout 1)";
    c.subtitle = "one update from node 0, no loss, rumors hot, anti-entropy off; mean of " +
                 std::to_string(seeds) + " seeds; " + provenance;
    c.x = {"round (the update is written just before round 1)", 0, static_cast<double>(rounds)};
    c.y = {"fraction of nodes informed", 0, 1};
    c.legend = corner::bottom_right;
    struct variant {
        gossip_strategy strategy;
        const char* name;
        const char* recurrence; // for fanout 1, s the informed fraction, s' the next round's
        const char* color;
        shape marker;
    };
    const variant variants[] = {
        {gossip_strategy::push, "push", "s' = 1 - (1-s) e^-s (Pittel)", "#1f77b4", shape::circle},
        {gossip_strategy::pull, "pull", "1 - s' = (1-s)^2", "#d62728", shape::square},
        {gossip_strategy::push_pull, "push-pull", "1 - s' = (1-s)^2 e^-s (Karp et al.)", "#2ca02c",
         shape::diamond}};
    for (const variant& v : variants) {
        c.lines.push_back({std::string(v.name) + ", measured",
                           by_round(measured(v.strategy, fanout)), draw::line_and_markers, v.color,
                           v.marker});
        c.lines.push_back({std::string(v.name) + ", theory: " + v.recurrence,
                           by_round(theory(v.strategy, fanout)), draw::dashed_line, v.color,
                           v.marker});
    }
    return c;
}

} // namespace plots
