// The engine's own cost per received message: decode, merge, buffer and reply,
// with a transport that only counts what it is given.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "hearsay/clock/manual_clock.hpp"
#include "hearsay/crdt/or_set.hpp"
#include "hearsay/gossip/engine.hpp"
#include "registry.hpp"

namespace hearsay_bench {
namespace {

struct counting_transport {
    using address_type = std::uint32_t;
    std::uint64_t datagrams = 0;
    std::uint64_t token = 0; // the last token the engine gave, to show in later headers
    void send(const address_type&, hearsay::bytes_view bytes) {
        datagrams += 1;
        if (bytes.size() >= 8 && bytes.data()[1] == std::byte{0x47}) // a token message
            token = hearsay::detail::load_le64(bytes.data() + bytes.size() - 8);
        benchmark::DoNotOptimize(bytes.data());
    }
};

using set_type = hearsay::or_set<std::uint64_t>;
using engine_type = hearsay::gossip_engine<set_type, counting_transport, hearsay::manual_clock>;

// A deltas message from replica `sender` carrying one insert delta, as a peer's round sends it.
std::vector<std::byte> one_delta_message(std::uint64_t sender, std::uint64_t token,
                                         std::uint64_t seq, const set_type& delta) {
    std::vector<std::byte> bytes;
    hearsay::writer w(bytes);
    hearsay::detail::write_message_header(w, hearsay::message_kind::deltas, sender, token);
    w.write_varint(hearsay::detail::deltas_feedback);
    w.write_varint(0);
    w.write_varint(0);
    w.write_varint(1);
    w.write_varint(seq);
    hearsay::encode_value(delta, w);
    w.finish();
    return bytes;
}

// Receives fresh one-insert deltas into a replica already holding `base_size` elements.
void receive_small_delta(benchmark::State& state) {
    const auto base_size = static_cast<std::uint64_t>(state.range(0));
    constexpr std::size_t batch = 4096;
    counting_transport transport;
    hearsay::manual_clock clock;
    set_type base;
    for (std::uint64_t x = 0; x < base_size; ++x)
        base.insert(1 + x % 16, x * 2654435761u);
    engine_type node(99, transport, clock, hearsay::gossip_config::simulation(), base);
    set_type writer_replica = base; // the peer writes on a copy of the same state
    { // a first message, without a token, gets the engine's token for the peer's address
        const auto hello = one_delta_message(7, 0, 1, set_type{});
        node.receive(3, hearsay::bytes_view(hello.data(), hello.size()));
    }
    std::vector<std::vector<std::byte>> messages;
    std::uint64_t next = 0;
    std::size_t at = batch;
    for (auto _ : state) {
        if (at == batch) {
            state.PauseTiming();
            messages.clear();
            for (std::size_t k = 0; k < batch; ++k, ++next)
                messages.push_back(one_delta_message(
                    7, transport.token, next + 2, writer_replica.insert(7, (1ull << 62) + next)));
            at = 0;
            state.ResumeTiming();
        }
        const auto& m = messages[at++];
        node.receive(3, hearsay::bytes_view(m.data(), m.size()));
    }
    if (node.stats().deltas_applied != static_cast<std::uint64_t>(state.iterations()))
        state.SkipWithError("a delta was not applied");
    if (node.stats().unverified_messages != 1)
        state.SkipWithError("the peer's messages did not show its token");
    state.counters["bytes_per_message"] = static_cast<double>(messages.front().size());
}

} // namespace

void register_engine_benchmarks() {
    add_benchmark("engine/receive_small_delta", receive_small_delta)
        ->Arg(1000)
        ->Arg(100000)
        ->Unit(benchmark::kNanosecond);
}

} // namespace hearsay_bench
