#ifndef HEARSAY_GOSSIP_MESSAGES_HPP
#define HEARSAY_GOSSIP_MESSAGES_HPP

// The engine's messages on the wire (docs/wire-format.md, "Engine messages").
//
// Every datagram is one message: the format version byte, a kind byte from the
// range 0x40..0x7E that the codec reserves for the engine, the sender's replica
// id (varint), then the kind's body:
//   deltas          flags, after, upto, count, count x (seq, State)
//                   flags bit 0: the entries are the whole interval (after,
//                   upto] of the sender's buffer, to be acknowledged; bit 1: the
//                   sender wants feedback (which entries were known already).
//                   seq 0 marks an entry outside the buffer (an anti-entropy reply).
//   ack             after, upto, count, count x seq (ascending): the interval
//                   received whole (upto 0: none) and the entries already known
//   digest          flags, digest of the State (sync_traits<State>)
//                   flags bit 0: reply with your digest too (push-pull);
//                   bit 1: the digest is whole, not one part of a split digest
//   digest_request  (empty) asks for the receiver's digest
//   pull            hash (8 bytes, little-endian): asks for the receiver's
//                   unacknowledged or hot deltas; a nonzero hash is that of the
//                   sender's digest, sent when it spreads no rumor itself
//   members         count, count x (address, id, status, incarnation)
//   leave           incarnation: the sender leaves the cluster
// Decoding is the codec's: bounds-checked, limited, canonical (a flag bit not
// listed above is refused), and a message is applied only once decoded whole.

#include <cstddef>
#include <cstdint>

#include "hearsay/codec/format.hpp"
#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/writer.hpp"

namespace hearsay {

/// Names the kinds of engine messages; values are their kind bytes on the wire.
enum class message_kind : std::uint8_t {
    deltas = 0x40,
    ack = 0x41,
    digest = 0x42,
    digest_request = 0x43,
    pull = 0x44,
    members = 0x45,
    leave = 0x46
};

namespace detail {

inline constexpr std::uint64_t deltas_complete = 1;
inline constexpr std::uint64_t deltas_feedback = 2;
inline constexpr std::uint64_t digest_wants_reply = 1;
inline constexpr std::uint64_t digest_whole = 2;

/// Writes the header every engine message starts with.
inline void write_message_header(writer& out, message_kind kind, std::uint64_t sender) {
    out.write_byte(static_cast<std::byte>(wire_format_version));
    out.write_byte(static_cast<std::byte>(kind));
    out.write_varint(sender);
}

/// Reads a message header; false (with the reason recorded in `in`) when it is not one.
inline bool read_message_header(reader& in, message_kind& kind, std::uint64_t& sender) {
    std::byte version{};
    std::byte tag{};
    if (!in.read_byte(version) || !in.read_byte(tag))
        return false;
    if (static_cast<std::uint8_t>(version) != wire_format_version)
        return in.fail(errc::bad_version);
    const auto k = static_cast<std::uint8_t>(tag);
    if (k < static_cast<std::uint8_t>(message_kind::deltas) ||
        k > static_cast<std::uint8_t>(message_kind::leave))
        return in.fail(errc::unknown_type);
    kind = static_cast<message_kind>(k);
    return in.read_varint(sender);
}

/// Reads flags, refusing any bit outside `allowed`.
inline bool read_flags(reader& in, std::uint64_t allowed, std::uint64_t& flags) {
    if (!in.read_varint(flags))
        return false;
    return (flags & ~allowed) == 0 || in.fail(errc::invalid_value);
}

} // namespace detail
} // namespace hearsay

#endif
