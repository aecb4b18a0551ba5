// Fuzz target: whole engine messages. Feeds framed datagrams (engine_harness.hpp)
// from a few addresses into an engine, polling between them, and checks that the
// engine neither crashes nor breaks its counters, payload limit or state.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "engine_harness.hpp"

namespace {

using namespace hearsay_fuzz;

void require(bool ok) {
    if (!ok)
        std::abort();
}

template <class State> void run(const std::uint8_t* data, std::size_t size) {
    keeping_transport transport;
    hearsay::manual_clock clock;
    hearsay::gossip_config config = hearsay::gossip_config::simulation();
    config.max_payload = transport.payload;
    config.writer_epoch = 1; // an input must replay the same run
    engine<State> node(7, transport, clock, config);
    node.add_peer(1);
    std::uint64_t frames = 0;
    token_book tokens;
    std::vector<std::byte> datagram;
    for_each_frame(
        data, size,
        [&] {
            clock.advance(config.interval);
            node.poll();
            tokens.read(transport);
        },
        [&](std::uint8_t how, const std::byte* first, std::size_t length) {
            const std::uint32_t from = 1u + (how & 0x7Fu) % 4u;
            datagram.assign(first, first + length);
            if ((how & stamp_token) != 0)
                tokens.stamp(from, datagram);
            node.receive(from, hearsay::bytes_view(datagram.data(), datagram.size()));
            tokens.read(transport);
            ++frames;
        });
    clock.advance(config.interval);
    node.poll();
    const auto& stats = node.stats();
    require(stats.messages_received == frames);
    require(stats.messages_rejected == stats.rejected_version + stats.rejected_malformed +
                                           stats.rejected_self + stats.rejected_out_of_memory);
    for (const auto& sent : transport.sent)
        require(sent.second.size() <= config.max_payload);
    // Whatever was merged is a valid state: it round-trips through the codec.
    std::vector<std::byte> bytes;
    hearsay::encode(node.state(), bytes);
    auto decoded = hearsay::decode<State>(hearsay::bytes_view(bytes.data(), bytes.size()),
                                          hearsay::decode_limits{std::size_t{1} << 30});
    require(decoded.has_value() && *decoded == node.state());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    switch (data[0] % 4) {
    case 0:
        run<cart_type>(data + 1, size - 1);
        break;
    case 1:
        run<counter_type>(data + 1, size - 1);
        break;
    case 2:
        run<register_type>(data + 1, size - 1);
        break;
    default:
        run<set_type>(data + 1, size - 1);
        break;
    }
    return 0;
}
