// The simulator's speed: the network alone moving small datagrams, and whole
// clusters of real engines running rounds.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>

#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/sim/cluster.hpp"
#include "hearsay/sim/network.hpp"
#include "registry.hpp"

namespace hearsay_bench {
namespace {

// 1,000 nodes each send a 50-byte datagram to a random node; deliver() hands them all over.
void network_small_messages(benchmark::State& state) {
    constexpr std::uint32_t nodes = 1000;
    hearsay::manual_clock clock;
    hearsay::sim::network net(hearsay::sim::network_config{}, clock);
    std::vector<hearsay::sim::transport*> transports;
    for (std::uint32_t i = 0; i < nodes; ++i)
        transports.push_back(&net.attach(i));
    std::vector<std::byte> payload(50, std::byte{7});
    std::uint64_t x = 1;
    std::uint64_t delivered = 0;
    for (auto _ : state) {
        for (std::uint32_t i = 0; i < nodes; ++i) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            transports[i]->send(static_cast<std::uint32_t>((x >> 33) % nodes),
                                hearsay::bytes_view(payload.data(), payload.size()));
        }
        delivered += net.deliver(clock.now(),
                                 [](auto, auto, hearsay::bytes_view b) {
                                     benchmark::DoNotOptimize(b.data());
                                 })
                         .delivered;
    }
    state.counters["messages_per_second"] =
        benchmark::Counter(static_cast<double>(delivered), benchmark::Counter::kIsRate);
}

// A cluster of g_counter engines, one of 16 writers incrementing each round; each iteration
// is one round of every node (polls, rumors, pulls, acks, members, digests).
void cluster_round(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    hearsay::gossip_config config = hearsay::gossip_config::simulation();
    hearsay::sim::cluster_options options;
    options.seeds = 3;
    auto cluster = std::make_unique<hearsay::sim::cluster<hearsay::g_counter<>>>(
        n, config, hearsay::sim::network_config{}, options);
    for (int r = 0; r < 3; ++r) // membership settles past its first, busiest rounds
        cluster->step();
    std::uint64_t messages = 0;
    std::size_t writer = 0;
    for (auto _ : state) {
        cluster->update(writer++ % 16, [](hearsay::g_counter<>& g, std::uint64_t self) {
            return g.increment(self);
        });
        messages += cluster->step().messages;
    }
    state.counters["messages_per_second"] =
        benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
    state.counters["messages_per_round"] =
        static_cast<double>(messages) / static_cast<double>(state.iterations());
}

} // namespace

void register_sim_benchmarks() {
    add_benchmark("sim/network_small_messages", network_small_messages)
        ->Unit(benchmark::kMicrosecond);
    add_benchmark("sim/cluster_round", cluster_round)
        ->Arg(1000)
        ->Arg(10000)
        ->Iterations(5)
        ->Unit(benchmark::kMillisecond);
}

} // namespace hearsay_bench
