// SPDX-License-Identifier: BSL-1.0
// Bytes per node and round, by message class, of a 32-node cluster on the
// library's default config: a few rounds to start, one big write (20,000
// scattered numbers in one update at node 0), its spreading, then idle. The
// classes are gossip_stats' sent_* counters, summed over the nodes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility> // pair
#include <vector>

#include "figures.hpp"
#include "hearsay/crdt/or_set.hpp"
#include "hearsay/sim.hpp"

namespace plots {
namespace {

using namespace hearsay;
using set_type = or_set<std::uint64_t>;

constexpr std::size_t n = 32;
constexpr std::size_t rounds = 150;
constexpr std::size_t write_after = 5; // rounds before the write

// One traffic class: its name and where gossip_stats counts it.
struct traffic_class {
    const char* name;
    traffic_count gossip_stats::*field;
    const char* color;
    shape marker;
};

const traffic_class classes[] = {
    {"deltas", &gossip_stats::sent_deltas, "#1f77b4", shape::circle},
    {"acks", &gossip_stats::sent_acks, "#ff7f0e", shape::square},
    {"digests (anti-entropy)", &gossip_stats::sent_digests, "#2ca02c", shape::diamond},
    {"membership", &gossip_stats::sent_membership, "#9467bd", shape::triangle},
    {"probes (failure detection)", &gossip_stats::sent_probes, "#8c564b", shape::circle},
};

std::uint64_t bytes(const sim::cluster<set_type>& c, traffic_count gossip_stats::*field) {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < c.size(); ++i)
        total += (c.node(i).stats().*field).bytes;
    return total;
}

} // namespace

chart bytes_per_round(const std::string& provenance) {
    gossip_config config; // the library's defaults: push-pull, fanout 2, failure detection on
    config.seed = 3;
    sim::network_config net;
    net.seed = 4;
    sim::cluster<set_type> c(n, config, net);

    constexpr std::size_t class_count = sizeof classes / sizeof classes[0];
    std::vector<series> lines;
    for (const traffic_class& t : classes)
        lines.push_back({t.name, {}, draw::line, t.color, t.marker});
    series total{"all messages", {}, draw::dashed_line, "#333333", shape::circle};
    std::uint64_t before[class_count] = {};
    std::size_t converged_at = 0;
    for (std::size_t r = 1; r <= rounds; ++r) {
        if (r == write_after + 1)
            c.update(0, [](set_type& s, std::uint64_t self) {
                set_type delta;
                for (std::uint64_t x = 0; x < 20000; ++x) // scattered: a multiplicative hash
                    delta.merge(s.insert(self, x * 0x9e3779b97f4a7c15));
                return delta;
            });
        const bool all = c.step().all_converged();
        if (r > write_after && all && converged_at == 0)
            converged_at = r;
        double sum = 0;
        for (std::size_t k = 0; k < class_count; ++k) {
            const std::uint64_t now = bytes(c, classes[k].field);
            const double per_node = static_cast<double>(now - before[k]) / n;
            before[k] = now;
            lines[k].points.emplace_back(static_cast<double>(r), per_node);
            sum += per_node;
        }
        total.points.emplace_back(static_cast<double>(r), sum);
    }

    chart ch;
    ch.title = "Bytes sent per node and round, 32 nodes, through one big write";
    ch.subtitle = "defaults (push-pull, fanout 2); node 0 inserts 20,000 numbers into an or_set at "
                  "once; " +
                  provenance;
    ch.x = {"round", 0, static_cast<double>(rounds)};
    ch.y = {"bytes sent per node in the round (log scale; a gap: none sent)", 1, 1e6, true};
    ch.lines = std::move(lines);
    ch.lines.push_back(std::move(total));
    ch.x_marks.emplace_back(static_cast<double>(write_after) + 0.5, "write");
    if (converged_at != 0)
        ch.x_marks.emplace_back(static_cast<double>(converged_at), "all 32 hold it");
    return ch;
}

} // namespace plots
