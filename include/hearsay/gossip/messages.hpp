// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_MESSAGES_HPP
#define HEARSAY_GOSSIP_MESSAGES_HPP

// The engine's messages on the wire (docs/wire-format.md, "Engine messages").
//
// Every datagram is one message: the format version byte, a kind byte from the
// range 0x40..0x7E that the codec reserves for the engine, the sender's replica
// id (varint), the receiver's token for the sender (8 bytes, little-endian; 0
// when the sender has none: see address_tokens.hpp), then the kind's body:
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
//   members         count, count x (address, id, status, incarnation); status
//                   bit 7: the sender itself suspects the member (its own
//                   probe failed), an independent confirmation for Lifeguard
//   leave           incarnation: the sender leaves the cluster
//   token           yours (8 bytes, little-endian): the sender's token for the
//                   receiver, to put in the header of what it sends the sender
//   alive           incarnation: the sender is alive, refuting news of its death
//   ping            seq, news: a probe (failure_detector.hpp); answered with
//                   probe_ack
//   ping_request    seq, address, id, news: asks the receiver to probe a member
//                   for the sender; answered with probe_ack (it answered) or
//                   nack (it did not)
//   probe_ack       seq, news: the probed member answered the probe numbered seq
//   nack            seq: a probe asked for with ping_request went unanswered
//                   (news: count, count x member, as in members; piggybacked)
// Decoding is the codec's: bounds-checked, limited, canonical (a flag bit not
// listed above is refused), and a message is applied only once decoded whole.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hearsay/codec/codec_traits.hpp" // encode_value, decode_value
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/varint.hpp" // load_le64, store_le64
#include "hearsay/codec/writer.hpp"
#include "hearsay/gossip/membership/member.hpp"

namespace hearsay {

/// Names the kinds of engine messages; values are their kind bytes on the wire.
enum class message_kind : std::uint8_t {
    deltas = 0x40,
    ack = 0x41,
    digest = 0x42,
    digest_request = 0x43,
    pull = 0x44,
    members = 0x45,
    leave = 0x46,
    token = 0x47,
    alive = 0x48,
    ping = 0x49,
    ping_request = 0x4A,
    probe_ack = 0x4B,
    nack = 0x4C
};

namespace detail {

inline constexpr std::uint64_t deltas_complete = 1;
inline constexpr std::uint64_t deltas_feedback = 2;
inline constexpr std::uint64_t digest_wants_reply = 1;
inline constexpr std::uint64_t digest_whole = 2;

inline void write_hash(writer& w, std::uint64_t hash);
inline bool read_hash(reader& in, std::uint64_t& hash);

/// Writes the header every engine message starts with; `token` is the receiver's token for the
/// sender, 0 when unknown.
inline void write_message_header(writer& out, message_kind kind, std::uint64_t sender,
                                 std::uint64_t token) {
    out.write_byte(static_cast<std::byte>(wire_format_version));
    out.write_byte(static_cast<std::byte>(kind));
    out.write_varint(sender);
    write_hash(out, token);
}

/// Reads a message header; false (with the reason recorded in `in`) when it is not one.
inline bool read_message_header(reader& in, message_kind& kind, std::uint64_t& sender,
                                std::uint64_t& token) {
    std::byte version{};
    std::byte tag{};
    if (!in.read_byte(version) || !in.read_byte(tag))
        return false;
    if (static_cast<std::uint8_t>(version) != wire_format_version)
        return in.fail(errc::bad_version);
    const auto k = static_cast<std::uint8_t>(tag);
    if (k < static_cast<std::uint8_t>(message_kind::deltas) ||
        k > static_cast<std::uint8_t>(message_kind::nack))
        return in.fail(errc::unknown_type);
    kind = static_cast<message_kind>(k);
    return in.read_varint(sender) && read_hash(in, token);
}

/// Reads flags, refusing any bit outside `allowed`.
inline bool read_flags(reader& in, std::uint64_t allowed, std::uint64_t& flags) {
    if (!in.read_varint(flags))
        return false;
    return (flags & ~allowed) == 0 || in.fail(errc::invalid_value);
}

/// Refuses what is left of a message once its body has been read.
inline bool read_end(reader& in) {
    return in.at_end() || in.fail(errc::trailing_bytes);
}

/// Holds the fields that open a deltas message.
struct deltas_head {
    std::uint64_t flags = 0;
    std::uint64_t after = 0;
    std::uint64_t upto = 0;
    std::size_t count = 0;
    bool complete() const { return (flags & deltas_complete) != 0; }
};

inline void write_deltas_head(writer& w, const deltas_head& h) {
    w.write_varint(h.flags);
    w.write_varint(h.after);
    w.write_varint(h.upto);
    w.write_varint(h.count);
}

inline bool read_deltas_head(reader& in, deltas_head& h) {
    if (!read_flags(in, deltas_complete | deltas_feedback, h.flags) || !in.read_varint(h.after) ||
        !in.read_varint(h.upto) || !in.read_count(h.count, 2))
        return false;
    const bool numbered =
        h.complete() ? h.upto > h.after && h.upto - h.after == h.count : h.upto == 0;
    return numbered || in.fail(errc::invalid_value);
}

/// Reads the number of entry `k`; the entries of an interval are after + 1, after + 2, ...
inline bool read_entry_seq(reader& in, const deltas_head& h, std::size_t k, std::uint64_t& seq) {
    if (!in.read_varint(seq))
        return false;
    return !h.complete() || seq == h.after + 1 + k || in.fail(errc::invalid_value);
}

inline void write_ack(writer& w, std::uint64_t after, std::uint64_t upto,
                      const std::vector<std::uint64_t>& known) {
    w.write_varint(after);
    w.write_varint(upto);
    w.write_varint(known.size());
    for (std::uint64_t seq : known)
        w.write_varint(seq);
}

inline bool read_ack(reader& in, std::uint64_t& after, std::uint64_t& upto,
                     std::vector<std::uint64_t>& known) {
    std::size_t count = 0;
    if (!in.read_varint(after) || !in.read_varint(upto) || !in.read_count(count, 1))
        return false;
    if (upto < after || (upto == after && after != 0))
        return in.fail(errc::invalid_value);
    known.clear();
    for (std::size_t k = 0; k < count; ++k) {
        std::uint64_t seq = 0;
        if (!in.read_varint(seq))
            return false;
        if (seq == 0 || (!known.empty() && seq <= known.back()))
            return in.fail(errc::not_canonical);
        known.push_back(seq);
    }
    return true;
}

/// A member as news carries it: with whether its sender itself suspects it (its own probe
/// failed), which Lifeguard counts as an independent confirmation; relayed news does not.
template <class Address> struct member_news_entry : member<Address> {
    member_news_entry() = default;
    member_news_entry(const member<Address>& m, bool accused_by_sender)
        : member<Address>(m), accuses(accused_by_sender) {}
    bool accuses = false;
};

inline constexpr std::uint8_t accuses_bit = 0x80;

template <class Address>
void write_member(writer& w, const member<Address>& m, bool accuses = false) {
    encode_value(m.address, w);
    w.write_varint(m.id);
    const auto status = static_cast<std::uint8_t>(m.status);
    w.write_byte(static_cast<std::byte>(accuses ? status | accuses_bit : status));
    w.write_varint(m.incarnation);
}
template <class Address> void write_member(writer& w, const member_news_entry<Address>& m) {
    write_member(w, static_cast<const member<Address>&>(m), m.accuses);
}

template <class Address>
void write_members(writer& w, const std::vector<member_news_entry<Address>>& members) {
    w.write_varint(members.size());
    for (const auto& m : members)
        write_member(w, m);
}

template <class Address>
bool read_members(reader& in, std::vector<member_news_entry<Address>>& members) {
    std::size_t count = 0;
    if (!in.read_count(count, 4))
        return false;
    members.clear();
    members.resize(count);
    for (auto& m : members) {
        std::byte status{};
        if (!decode_value(in, m.address) || !in.read_varint(m.id) || !in.read_byte(status) ||
            !in.read_varint(m.incarnation))
            return false;
        auto code = static_cast<std::uint8_t>(status);
        m.accuses = (code & accuses_bit) != 0;
        code = static_cast<std::uint8_t>(code & ~accuses_bit);
        if (code > static_cast<std::uint8_t>(member_status::left) ||
            (m.accuses && code != static_cast<std::uint8_t>(member_status::suspect)))
            return in.fail(errc::invalid_value);
        m.status = static_cast<member_status>(code);
    }
    return true;
}

/// Reads the body of a ping, probe_ack or nack: one sequence number.
inline bool read_seq(reader& in, std::uint64_t& seq) {
    return in.read_varint(seq) && read_end(in);
}

inline void write_hash(writer& w, std::uint64_t hash) {
    std::byte bytes[8];
    store_le64(bytes, hash);
    w.write_bytes(bytes, 8);
}

inline bool read_hash(reader& in, std::uint64_t& hash) {
    const std::byte* bytes = nullptr;
    if (!in.read_bytes(8, bytes))
        return false;
    hash = load_le64(bytes);
    return true;
}

} // namespace detail
} // namespace hearsay

#endif
