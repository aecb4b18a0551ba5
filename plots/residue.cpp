// SPDX-License-Identifier: BSL-1.0
// Residue of rumor mongering against k, Demers' four variants, against the
// paper's tables. The setup is docs/benchmarks.md's ("Dissemination"): push,
// fanout 1, full membership, anti-entropy off, 1,000 nodes, one increment
// written at node 0; the residue is the fraction never informed once the
// rumor died out.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility> // pair
#include <vector>

#include "figures.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/sim.hpp"

namespace plots {
namespace {

using namespace hearsay;

constexpr std::size_t n = 1000;
constexpr std::size_t max_k = 5;
constexpr int seeds = 10;

std::uint64_t deltas_sent(const sim::cluster<g_counter<>>& c) {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < c.size(); ++i)
        total += c.node(i).stats().sent_deltas.messages;
    return total;
}

// The fraction of nodes that never got the update, once no delta moved for 5 rounds.
double residue(rumor_feedback feedback, rumor_loss loss, std::size_t k, std::uint64_t seed) {
    gossip_config config = gossip_config::simulation();
    config.strategy = gossip_strategy::push;
    config.feedback = feedback;
    config.loss = loss;
    config.rumor_k = k;
    config.anti_entropy_rounds = 10000; // rumors only: the residue is what they leave
    config.seed = seed;
    sim::network_config net;
    net.seed = seed;
    sim::cluster_options options;
    options.full_membership = true;
    sim::cluster<g_counter<>> c(n, config, net, options);
    c.step();
    c.update(0, [](g_counter<>& g, std::uint64_t self) { return g.increment(self); });
    std::uint64_t last = deltas_sent(c);
    for (int quiet = 0, r = 0; quiet < 5 && r < 200; ++r) {
        if (c.step().all_converged())
            break;
        const std::uint64_t now = deltas_sent(c);
        quiet = now == last ? quiet + 1 : 0;
        last = now;
    }
    return static_cast<double>(n - c.reports().back().converged) / n;
}

} // namespace

chart rumor_residue(const std::string& provenance) {
    chart c;
    c.title = "Rumor mongering: residue against k, Demers' four variants";
    c.subtitle = "1,000 nodes, push, fanout 1, anti-entropy off; mean of " + std::to_string(seeds) +
                 " seeds; " + provenance;
    c.x = {"k (transmissions counted before a node loses interest; 1/k: the coin's chance)", 0.6,
           static_cast<double>(max_k) + 0.4};
    c.y = {"residue s: fraction of nodes never informed (log)", 1e-3, 1, true};
    c.legend = corner::bottom_left;
    struct variant {
        rumor_feedback feedback;
        rumor_loss loss;
        const char* name;
        const char* color;
        shape marker;
    };
    const variant variants[] = {
        {rumor_feedback::feedback, rumor_loss::counter, "feedback, counter", "#1f77b4",
         shape::circle},
        {rumor_feedback::feedback, rumor_loss::coin, "feedback, coin", "#9467bd", shape::triangle},
        {rumor_feedback::blind, rumor_loss::counter, "blind, counter", "#ff7f0e", shape::square},
        {rumor_feedback::blind, rumor_loss::coin, "blind, coin", "#2ca02c", shape::diamond}};
    for (const variant& v : variants) {
        series measured{
            std::string(v.name) + ", measured", {}, draw::line_and_markers, v.color, v.marker};
        for (std::size_t k = 1; k <= max_k; ++k) {
            double s = 0;
            for (std::uint64_t seed = 1; seed <= seeds; ++seed)
                s += residue(v.feedback, v.loss, k, seed);
            measured.points.emplace_back(static_cast<double>(k), s / seeds);
        }
        c.lines.push_back(std::move(measured));
    }
    // Demers et al. 1987 tabulate two variants for n = 1,000: table 1 (feedback, counter) and
    // table 2 (blind, coin); the figures as docs/benchmarks.md quotes them.
    c.lines.push_back({"feedback, counter: Demers table 1",
                       {{1, 0.18}, {2, 0.037}, {3, 0.011}, {4, 0.0036}},
                       draw::hollow_markers,
                       "#1f77b4",
                       shape::square});
    c.lines.push_back({"blind, coin: Demers table 2",
                       {{1, 0.96}, {2, 0.20}, {3, 0.060}, {4, 0.021}},
                       draw::hollow_markers,
                       "#2ca02c",
                       shape::circle});
    return c;
}

} // namespace plots
