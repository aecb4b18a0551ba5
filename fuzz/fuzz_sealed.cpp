// Fuzz target: a keyed engine's open path. Frames as in engine_harness.hpp,
// but the sender byte also says how the datagram travels: bit 6 set, sealed
// under the cluster's key (so the input reaches the decoder behind the seal);
// bit 5 set, sealed under a foreign key; neither, as it is. Checks that
// whatever is not sealed under the key is refused as unauthenticated and
// changes nothing, that every refusal is counted once, and that everything
// the engine sends is sealed, within max_payload, and opens. Needs libsodium.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "engine_harness.hpp"
#include "hearsay/security/sealer.hpp"
#include "hearsay/security/sodium.hpp"

namespace {

using namespace hearsay_fuzz;

void require(bool ok) {
    if (!ok)
        std::abort();
}

constexpr std::uint8_t seal_right = 0x40;
constexpr std::uint8_t seal_wrong = 0x20;

hearsay::keyring ring_of(unsigned char fill) {
    static const auto cipher = hearsay::sodium_aead::make();
    std::array<std::byte, hearsay::aead_key::size> bytes{};
    bytes.fill(std::byte{fill});
    hearsay::keyring ring(cipher, "fuzz");
    require(!ring.add(1, hearsay::aead_key(bytes)));
    return ring;
}

void run(const std::uint8_t* data, std::size_t size) {
    keeping_transport transport;
    keeping_transport opened; // what the engine sent, opened: where tokens are read
    hearsay::manual_clock clock;
    hearsay::gossip_config config = hearsay::gossip_config::simulation();
    config.max_payload = transport.payload;
    config.writer_epoch = 1; // an input must replay the same run
    config.keys = ring_of(0x11);
    engine<set_type> node(7, transport, clock, config);
    node.add_peer(1);
    hearsay::sealer peers(ring_of(0x11));
    hearsay::sealer foreign(ring_of(0x22));
    hearsay::sealer reader(ring_of(0x11));
    token_book tokens;
    std::size_t seen = 0;
    auto read_sent = [&] {
        for (; seen < transport.sent.size(); ++seen) {
            const auto& [to, bytes] = transport.sent[seen];
            require(bytes.size() <= config.max_payload);
            hearsay::bytes_view plain;
            require(reader.open(hearsay::bytes_view(bytes.data(), bytes.size()), plain) ==
                    hearsay::open_status::opened);
            opened.sent.emplace_back(to, std::vector<std::byte>(plain.begin(), plain.end()));
        }
        tokens.read(opened);
    };
    std::vector<std::byte> datagram;
    for_each_frame(
        data, size,
        [&] {
            clock.advance(config.interval);
            node.poll();
            read_sent();
        },
        [&](std::uint8_t how, const std::byte* first, std::size_t length) {
            const std::uint32_t from = 1u + (how & 0x1Fu) % 4u;
            datagram.assign(first, first + length);
            if ((how & stamp_token) != 0)
                tokens.stamp(from, datagram);
            const bool authentic = (how & seal_right) != 0;
            if (authentic || (how & seal_wrong) != 0) {
                const auto v = (authentic ? peers : foreign)
                                   .seal(hearsay::bytes_view(datagram.data(), datagram.size()));
                datagram.assign(v.begin(), v.end());
            }
            const auto before = node.stats();
            const auto state = node.state();
            node.receive(from, hearsay::bytes_view(datagram.data(), datagram.size()));
            if (!authentic) { // refused unread: only the counters moved
                require(node.stats().rejected_unauthenticated ==
                        before.rejected_unauthenticated + 1);
                require(node.stats().messages_rejected == before.messages_rejected + 1);
                require(node.state() == state);
                require(transport.sent.size() == seen);
            }
            read_sent();
        });
    const auto& stats = node.stats();
    require(stats.rejected_replay == 0); // each sealed frame is sealed anew
    require(stats.messages_rejected == stats.rejected_version + stats.rejected_malformed +
                                           stats.rejected_self + stats.rejected_out_of_memory +
                                           stats.rejected_unauthenticated + stats.rejected_replay);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    run(data + 1, size - 1); // the first byte: the engine selector of the engine target's inputs
    return 0;
}
