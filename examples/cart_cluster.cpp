// 1,000 simulated nodes replicate shopping carts over a network that loses one
// datagram in ten. Each node is a real gossip_engine exchanging real bytes; the
// simulator only moves them, on virtual time. Shoppers add and remove items at
// random nodes for ten rounds; then the cluster gossips until every node holds
// every cart. One line per round, then a summary.
//
//   cart_cluster [nodes] [seed]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include <hearsay/gossip/engine.hpp>
#include <hearsay/hearsay.hpp>
#include <hearsay/sim/cluster.hpp>

// user -> the items in their cart; concurrent adds and removes: add wins.
using carts = hearsay::or_map<std::string, hearsay::or_set<std::string>>;

int main(int argc, char** argv) {
    const std::size_t nodes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
    const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 42;
    if (nodes < 2)
        return std::fputs("usage: cart_cluster [nodes >= 2] [seed]\n", stderr), 2;

    hearsay::gossip_config config = hearsay::gossip_config::simulation(); // 1 s virtual rounds
    config.fanout = 2;
    config.seed = seed;
    hearsay::sim::network_config network;
    network.loss = 0.10;
    network.seed = seed;
    hearsay::sim::cluster_options options;
    options.seeds = 3; // each node knows three others; membership gossip finds the rest
    hearsay::sim::cluster<carts> cluster(nodes, config, network, options);

    std::mt19937_64 shoppers(seed);
    auto pick = [&](std::uint64_t n) { return shoppers() % n; };
    const int writing_rounds = 10, writes_per_round = 20;
    int writes = 0, last_write_round = 0;
    std::printf("%zu nodes, 10%% loss, %d writes per round for %d rounds\n", nodes,
                writes_per_round, writing_rounds);
    for (int round = 1; round <= 100; ++round) {
        for (int k = 0; round <= writing_rounds && k < writes_per_round; ++k, ++writes) {
            const std::string user = "user-" + std::to_string(pick(200));
            const std::string item = "item-" + std::to_string(pick(50));
            const bool remove = pick(4) == 0;
            cluster.update(pick(nodes), [&](carts& all, std::uint64_t self) {
                return all.update(self, user, [&](hearsay::or_set<std::string>& cart) {
                    return remove ? cart.erase(item) : cart.insert(self, item);
                });
            });
            last_write_round = round;
        }
        const hearsay::sim::round_report report = cluster.step();
        std::printf("round %3d  converged %4zu/%zu  messages %7llu  bytes %9llu\n", round,
                    report.converged, report.alive,
                    static_cast<unsigned long long>(report.messages),
                    static_cast<unsigned long long>(report.bytes));
        if (round > writing_rounds && report.all_converged()) {
            const auto& stats = cluster.net().stats();
            std::size_t items = 0;
            for (const auto& cart : cluster.node(0).state())
                items += cart.second.size();
            std::printf("converged %d rounds after the last write: %zu carts, %zu items, %d "
                        "writes\nnetwork: %llu messages, %llu bytes delivered, %llu lost; %.0f "
                        "bytes per node per round\n",
                        round - last_write_round, cluster.node(0).state().size(), items, writes,
                        static_cast<unsigned long long>(stats.delivered),
                        static_cast<unsigned long long>(stats.bytes_delivered),
                        static_cast<unsigned long long>(stats.dropped_loss),
                        static_cast<double>(stats.bytes_delivered) /
                            (static_cast<double>(nodes) * round));
            return 0;
        }
    }
    std::puts("did not converge within 100 rounds");
    return 1;
}
