// hearsay_seal_benchmarks: what sealing costs (docs/benchmarks.md, "Sealed
// datagrams"). Per adapter built in (libsodium, OpenSSL 3): sealing and
// opening one datagram through hearsay's sealer (header, label, AEAD, replay
// window) at typical sizes; and a simulated cluster's round, unkeyed and keyed,
// whose difference is the seal's share of a round's CPU. Built only where
// libsodium or OpenSSL 3 is found; standard Google Benchmark flags apply.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility> // move, pair
#include <vector>

#include <benchmark/benchmark.h>

#include "hearsay/crdt/or_set.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/security/sealer.hpp"
#include "hearsay/sim/cluster.hpp"
#if defined(HEARSAY_BENCH_SODIUM)
#include "hearsay/security/sodium.hpp"
#endif
#if defined(HEARSAY_BENCH_OPENSSL)
#include "hearsay/security/openssl.hpp"
#endif

namespace {

using adapter_ptr = std::shared_ptr<const hearsay::aead>;

hearsay::keyring ring_with(adapter_ptr cipher) {
    hearsay::keyring ring(std::move(cipher), "benchmark-cluster");
    std::array<std::byte, hearsay::aead_key::size> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::byte>(i * 7 + 1);
    (void)ring.add(1, hearsay::aead_key(bytes));
    return ring;
}

std::vector<std::byte> message_of(std::size_t size) {
    std::vector<std::byte> m(size);
    for (std::size_t i = 0; i < size; ++i)
        m[i] = static_cast<std::byte>(i * 31);
    return m;
}

// Seals one message of state.range(0) bytes per iteration.
void seal(benchmark::State& state, adapter_ptr cipher) {
    hearsay::sealer s(ring_with(std::move(cipher)));
    const auto m = message_of(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(s.seal(hearsay::bytes_view(m.data(), m.size())).data());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// Opens one sealed datagram of state.range(0) bytes of message per iteration (each one new to
// the replay window, as on the wire).
void open(benchmark::State& state, adapter_ptr cipher) {
    hearsay::sealer sender(ring_with(cipher));
    hearsay::sealer receiver(ring_with(cipher));
    const auto m = message_of(static_cast<std::size_t>(state.range(0)));
    constexpr std::size_t batch = 256;
    std::vector<std::vector<std::byte>> sealed;
    for (std::size_t k = 0; k < batch; ++k) {
        const auto v = sender.seal(hearsay::bytes_view(m.data(), m.size()));
        sealed.emplace_back(v.begin(), v.end());
    }
    std::size_t k = 0;
    std::uint64_t refused = 0;
    for (auto _ : state) {
        if (k == batch) { // a fresh batch, out of the timing
            state.PauseTiming();
            for (auto& d : sealed) {
                const auto v = sender.seal(hearsay::bytes_view(m.data(), m.size()));
                d.assign(v.begin(), v.end());
            }
            k = 0;
            state.ResumeTiming();
        }
        hearsay::bytes_view plain;
        refused += receiver.open(hearsay::bytes_view(sealed[k].data(), sealed[k].size()), plain) !=
                   hearsay::open_status::opened;
        benchmark::DoNotOptimize(plain.data());
        ++k;
    }
    if (refused != 0)
        state.SkipWithError("a sealed datagram did not open");
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// One round of a 64-node or_set cluster (1,400-byte datagrams, two writes a round), keyed with
// `cipher` or not (nullptr).
void cluster_round(benchmark::State& state, adapter_ptr cipher) {
    hearsay::gossip_config config = hearsay::gossip_config::simulation();
    config.fanout = 2;
    config.max_payload = 1400;
    if (cipher)
        config.keys = ring_with(std::move(cipher));
    hearsay::sim::cluster_options options;
    options.seeds = 3;
    using set_type = hearsay::or_set<std::uint64_t>;
    auto cluster = std::make_unique<hearsay::sim::cluster<set_type>>(
        64, config, hearsay::sim::network_config{}, options);
    std::uint64_t x = 0;
    auto write = [&] {
        for (int w = 0; w < 2; ++w) {
            ++x;
            cluster->update(x % 64,
                            [&](set_type& s, std::uint64_t self) { return s.insert(self, x); });
        }
    };
    for (int r = 0; r < 20; ++r) { // membership settles and the state grows a little
        write();
        cluster->step();
    }
    std::uint64_t messages = 0, bytes = 0;
    for (auto _ : state) {
        write();
        const auto report = cluster->step();
        messages += report.messages;
        bytes += report.bytes;
    }
    state.counters["messages_per_round"] =
        static_cast<double>(messages) / static_cast<double>(state.iterations());
    state.counters["bytes_per_round"] =
        static_cast<double>(bytes) / static_cast<double>(state.iterations());
}

void register_all() {
    std::vector<std::pair<std::string, adapter_ptr>> adapters;
#if defined(HEARSAY_BENCH_SODIUM)
    adapters.emplace_back("sodium", hearsay::sodium_aead::make());
#endif
#if defined(HEARSAY_BENCH_OPENSSL)
    adapters.emplace_back("openssl", hearsay::openssl_aead::make());
#endif
    for (const auto& [name, cipher] : adapters) {
        benchmark::RegisterBenchmark(("seal/" + name).c_str(), seal, cipher)
            ->Arg(64)
            ->Arg(512)
            ->Arg(1400)
            ->Arg(8192)
            ->Arg(65507);
        benchmark::RegisterBenchmark(("open/" + name).c_str(), open, cipher)
            ->Arg(64)
            ->Arg(512)
            ->Arg(1400)
            ->Arg(8192)
            ->Arg(65507);
    }
    benchmark::RegisterBenchmark("cluster_round/unkeyed", cluster_round, adapter_ptr{})
        ->Unit(benchmark::kMillisecond)
        ->MinTime(2.0);
    for (const auto& [name, cipher] : adapters)
        benchmark::RegisterBenchmark(("cluster_round/" + name).c_str(), cluster_round, cipher)
            ->Unit(benchmark::kMillisecond)
            ->MinTime(2.0);
}

} // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
