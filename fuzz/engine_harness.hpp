// What the engine fuzz target and its corpus share: the engines under test, a
// transport that keeps what they send, and the input's framing.
//
// An input is a selector byte (which engine), then frames: a two-byte
// little-endian length, a sender byte (address 1..4 in its low bits; bit 7
// set: stamp the datagram's header with the token the engine gave that
// address, so inputs reach the handlers of verified messages) and that many
// bytes of datagram. A length of 0xFFFF instead advances virtual time by one
// round and polls, so inputs also exercise what the engine sends in reply.

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
inline constexpr std::uint8_t stamp_token = 0x80;

/// Remembers the tokens an engine gave each address, from the token messages it sent.
struct token_book {
    std::uint64_t given[5] = {};
    std::size_t seen = 0; // datagrams of the transport already read

    void read(const keeping_transport& t) {
        for (; seen < t.sent.size(); ++seen) {
            const auto& [to, bytes] = t.sent[seen];
            if (to < 5 && bytes.size() >= 8 && bytes[1] == std::byte{0x47}) // a token message
                given[to] = hearsay::detail::load_le64(bytes.data() + bytes.size() - 8);
        }
    }
    /// Writes the token given to `from` into the header of `datagram`, if it has one.
    void stamp(std::uint32_t from, std::vector<std::byte>& datagram) const {
        std::size_t at = 2; // after the version and kind bytes: the sender's varint, then 8 bytes
        while (at < datagram.size() && (static_cast<unsigned>(datagram[at]) & 0x80u) != 0)
            ++at;
        ++at;
        if (at + 8 <= datagram.size() && from < 5)
            hearsay::detail::store_le64(datagram.data() + at, given[from]);
    }
};

/// Walks the frames of an input: calls `poll()` for each poll frame and `datagram(how, first,
/// length)` for each datagram frame (`how`: its sender byte); stops at a frame cut short.
template <class Poll, class Datagram>
void for_each_frame(const std::uint8_t* data, std::size_t size, Poll&& poll, Datagram&& datagram) {
    std::size_t at = 0;
    while (at + 2 <= size) {
        const auto length = static_cast<std::uint16_t>(data[at] | (data[at + 1] << 8));
        at += 2;
        if (length == poll_frame) {
            poll();
            continue;
        }
        if (at + 1 + length > size)
            break;
        datagram(data[at], reinterpret_cast<const std::byte*>(data + at + 1), std::size_t{length});
        at += 1 + std::size_t{length};
    }
}

/// Appends one datagram frame from `sender` to `input`.
inline void add_frame(std::vector<std::uint8_t>& input, std::uint8_t sender,
                      const std::vector<std::byte>& bytes) {
    const auto n = static_cast<std::uint16_t>(bytes.size() < 0xFFFE ? bytes.size() : 0xFFFE);
    input.push_back(static_cast<std::uint8_t>(n & 0xFF));
    input.push_back(static_cast<std::uint8_t>(n >> 8));
    input.push_back(static_cast<std::uint8_t>(sender | stamp_token));
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
