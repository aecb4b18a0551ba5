#ifndef HEARSAY_TESTS_SUPPORT_ENGINE_HARNESS_HPP
#define HEARSAY_TESTS_SUPPORT_ENGINE_HARNESS_HPP

// One engine over a recording transport and a manual clock, driven message by
// message: protocol and hostile-input tests hand it datagrams from scripted
// peers and assert on what it sends back.

#include <cstdint>
#include <vector>

#include "catch.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/hearsay.hpp"
#include "support/recording_transport.hpp"

namespace hearsay::test {

/// One round contacts one peer; digest exchanges are left out unless a test asks for them.
inline gossip_config quiet_config() {
    gossip_config c = gossip_config::simulation();
    c.fanout = 1;
    c.anti_entropy_rounds = 10000;
    return c;
}

/// Returns the messages of `kind` among `all`.
template <class State>
std::vector<sent_message<State>> of_kind(const std::vector<sent_message<State>>& all,
                                         message_kind kind) {
    std::vector<sent_message<State>> out;
    for (const auto& m : all)
        if (m.kind == kind)
            out.push_back(m);
    return out;
}

struct harness {
    using set_type = or_set<std::uint64_t>;
    using engine_type = gossip_engine<set_type, recording_transport, manual_clock>;
    using digest_type = engine_type::digest_type;
    using message = sent_message<set_type>;

    manual_clock clock;
    recording_transport transport;
    engine_type engine;

    explicit harness(gossip_config config = quiet_config()) : engine(1, transport, clock, config) {}

    // Hands the engine a datagram from `address`; returns what it sent in reply.
    std::vector<message> receive(std::uint32_t address, const std::vector<std::byte>& bytes) {
        engine.receive(address, bytes_view(bytes.data(), bytes.size()));
        return sent();
    }
    // Runs one round; returns what it sent.
    std::vector<message> round() {
        clock.advance(engine.config().interval);
        engine.poll();
        return sent();
    }
    std::vector<message> sent() {
        std::vector<message> out;
        for (const auto& d : transport.take())
            out.push_back(decode_sent<set_type, digest_type>(d));
        return out;
    }
    void insert(std::uint64_t x) {
        engine.update([&](set_type& s, std::uint64_t self) { return s.insert(self, x); });
    }
    // Shows the engine that `peer` receives at `address`: a first message without a token gets
    // the engine's token for it, which the peer then shows back. From then on its messages are
    // verified, and the engine knows it as a member; what the handshake sent is dropped.
    void join(std::uint32_t address, scripted_peer& peer) {
        const auto tokens = of_kind(receive(address, peer.pull()), message_kind::token);
        REQUIRE(tokens.size() == 1);
        peer.token = tokens[0].yours;
        receive(address, peer.give_token(0x7000 + address));
        sent();
    }
    // Makes `peer` at `address` known, with the engine holding all it holds: a digest exchange
    // of equal states, after which the engine tracks it.
    void track(std::uint32_t address, const scripted_peer& peer) {
        const digest_type same = sync_traits<set_type>::digest(engine.state());
        receive(address, peer.digest(same));
    }
};

} // namespace hearsay::test

#endif
