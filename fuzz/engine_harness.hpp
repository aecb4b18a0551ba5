// What the engine fuzz target and its corpus share: the engines under test, a
// transport that keeps what they send, and the input's framing.
//
// An input is a selector byte (which engine), then frames: a two-byte
// little-endian length, a sender byte (address 1..4) and that many bytes of
// datagram. A length of 0xFFFF instead advances virtual time by one round and
// polls, so inputs also exercise what the engine sends in reply.

#ifndef HEARSAY_FUZZ_ENGINE_HARNESS_HPP
#define HEARSAY_FUZZ_ENGINE_HARNESS_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hearsay/gossip/engine.hpp"
#include "hearsay/hearsay.hpp"

namespace hearsay_fuzz {

struct keeping_transport {
    using address_type = std::uint32_t;
    std::vector<std::pair<std::uint32_t, std::vector<std::byte>>> sent;
    std::size_t payload = 1400;

    void send(const address_type& to, hearsay::bytes_view bytes) {
        sent.emplace_back(to, std::vector<std::byte>(bytes.begin(), bytes.end()));
    }
    std::size_t max_payload() const { return payload; }
};

using cart_type = hearsay::or_map<std::string, hearsay::or_set<std::string>>;
using counter_type = hearsay::pn_counter<>;
using register_type = hearsay::lww_register<std::string, std::uint64_t, std::uint64_t>;
using set_type = hearsay::g_set<std::uint64_t>;

template <class State>
using engine = hearsay::gossip_engine<State, keeping_transport, hearsay::manual_clock>;

inline constexpr std::uint16_t poll_frame = 0xFFFF;

/// Appends one datagram frame from `sender` to `input`.
inline void add_frame(std::vector<std::uint8_t>& input, std::uint8_t sender,
                      const std::vector<std::byte>& bytes) {
    const auto n = static_cast<std::uint16_t>(bytes.size() < 0xFFFE ? bytes.size() : 0xFFFE);
    input.push_back(static_cast<std::uint8_t>(n & 0xFF));
    input.push_back(static_cast<std::uint8_t>(n >> 8));
    input.push_back(sender);
    for (std::size_t i = 0; i < n; ++i)
        input.push_back(static_cast<std::uint8_t>(bytes[i]));
}

/// Appends a frame that advances time by one round and polls.
inline void add_poll(std::vector<std::uint8_t>& input) {
    input.push_back(0xFF);
    input.push_back(0xFF);
}

} // namespace hearsay_fuzz

#endif
