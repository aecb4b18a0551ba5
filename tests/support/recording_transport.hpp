#ifndef HEARSAY_TESTS_SUPPORT_RECORDING_TRANSPORT_HPP
#define HEARSAY_TESTS_SUPPORT_RECORDING_TRANSPORT_HPP

// A transport that records what an engine sends, and a peer that writes what
// an engine receives: protocol tests drive one engine message by message and
// assert on each message it sends (kind, fields, entries), decoded with the
// engine's own readers.

#include <cstddef>
#include <cstdint>
#include <functional> // function
#include <stdexcept>
#include <utility>
#include <vector>

#include "hearsay/codec/codec.hpp"
#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/writer.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/gossip/membership/member.hpp"
#include "hearsay/gossip/messages.hpp"

namespace hearsay::test {

/// Records every datagram handed to it, in order.
struct recording_transport {
    using address_type = std::uint32_t;
    struct datagram {
        address_type to;
        std::vector<std::byte> bytes;
    };
    std::vector<datagram> sent;

    void send(const address_type& to, bytes_view bytes) {
        sent.push_back({to, std::vector<std::byte>(bytes.begin(), bytes.end())});
    }
    /// Returns what was sent since the last call, and forgets it.
    std::vector<datagram> take() { return std::exchange(sent, {}); }
};

/// One message an engine sent, decoded; fields not of its kind stay zero or empty.
template <class State> struct sent_message {
    std::uint32_t to = 0;
    std::size_t size = 0; // the datagram's bytes
    message_kind kind{};
    std::uint64_t sender = 0;
    std::uint64_t token = 0; // the receiver's token for the engine, from the header
    // deltas
    detail::deltas_head head;
    std::vector<std::pair<std::uint64_t, State>> entries;
    // ack
    std::uint64_t after = 0;
    std::uint64_t upto = 0;
    std::vector<std::uint64_t> known;
    // digest and pull
    std::uint64_t flags = 0;
    std::uint64_t hash = 0;
    // members and leave
    std::vector<detail::member_news_entry<std::uint32_t>> members; // with their accusation bit
    std::uint64_t incarnation = 0;
    // token
    std::uint64_t yours = 0;
    // ping, ping_request, probe_ack, nack
    std::uint64_t seq = 0;
    std::uint32_t target = 0; // ping_request: the member to probe
    std::uint64_t target_id = 0;
};

/// Decodes a datagram an engine sent; throws std::runtime_error when it is not a valid message,
/// which no engine may ever send.
template <class State, class Digest>
sent_message<State> decode_sent(const recording_transport::datagram& d) {
    static const decode_limits limits{};
    reader in(bytes_view(d.bytes.data(), d.bytes.size()), limits);
    sent_message<State> m;
    m.to = d.to;
    m.size = d.bytes.size();
    bool ok = detail::read_message_header(in, m.kind, m.sender, m.token);
    if (ok) {
        switch (m.kind) {
        case message_kind::deltas:
            ok = detail::read_deltas_head(in, m.head);
            for (std::size_t k = 0; ok && k < m.head.count; ++k) {
                std::pair<std::uint64_t, State> e;
                ok = detail::read_entry_seq(in, m.head, k, e.first) && decode_value(in, e.second);
                m.entries.push_back(std::move(e));
            }
            break;
        case message_kind::ack:
            ok = detail::read_ack(in, m.after, m.upto, m.known);
            break;
        case message_kind::digest: {
            Digest digest{};
            ok = detail::read_flags(in, detail::digest_wants_reply | detail::digest_whole,
                                    m.flags) &&
                 decode_value(in, digest);
            break;
        }
        case message_kind::digest_request:
            break;
        case message_kind::pull:
            ok = detail::read_hash(in, m.hash);
            break;
        case message_kind::members:
            ok = detail::read_members(in, m.members);
            break;
        case message_kind::leave:
        case message_kind::alive:
            ok = in.read_varint(m.incarnation);
            break;
        case message_kind::token:
            ok = detail::read_hash(in, m.yours);
            break;
        case message_kind::ping:
        case message_kind::probe_ack:
            ok = in.read_varint(m.seq) && detail::read_members(in, m.members);
            break;
        case message_kind::nack:
            ok = in.read_varint(m.seq);
            break;
        case message_kind::ping_request:
            ok = in.read_varint(m.seq) && decode_value(in, m.target) &&
                 in.read_varint(m.target_id) && detail::read_members(in, m.members);
            break;
        }
    }
    if (!ok || !in.at_end())
        throw std::runtime_error("the engine sent a message it would itself refuse");
    return m;
}

/// Writes the messages a test peer sends to the engine under test.
struct scripted_peer {
    std::uint64_t id;
    std::uint64_t token = 0; // the engine's token for this peer, once it gave one

    template <class Body> std::vector<std::byte> message(message_kind kind, Body&& body) const {
        std::vector<std::byte> out;
        writer w(out);
        detail::write_message_header(w, kind, id, token);
        body(w);
        w.finish();
        return out;
    }
    /// Acknowledges the interval (after, upto]; `known` lists rumors it already had.
    std::vector<std::byte> ack(std::uint64_t after, std::uint64_t upto,
                               std::vector<std::uint64_t> known = {}) const {
        return message(message_kind::ack,
                       [&](writer& w) { detail::write_ack(w, after, upto, known); });
    }
    /// Sends a digest, whole and asking for nothing back unless told otherwise.
    template <class Digest>
    std::vector<std::byte> digest(const Digest& d,
                                  std::uint64_t flags = detail::digest_whole) const {
        return message(message_kind::digest, [&](writer& w) {
            w.write_varint(flags);
            encode_value(d, w);
        });
    }
    /// Sends a pull; a nonzero hash says "I spread no rumor, and my digest hashes to this".
    std::vector<std::byte> pull(std::uint64_t hash = 0) const {
        return message(message_kind::pull, [&](writer& w) { detail::write_hash(w, hash); });
    }
    /// Sends one delta as a rumor (seq) or an anti-entropy piece (seq 0), asking for feedback.
    template <class State>
    std::vector<std::byte> rumor(const State& delta, std::uint64_t seq) const {
        return message(message_kind::deltas, [&](writer& w) {
            detail::write_deltas_head(w, {detail::deltas_feedback, 0, 0, 1});
            w.write_varint(seq);
            encode_value(delta, w);
        });
    }
    /// Gives the engine this peer's token for it.
    std::vector<std::byte> give_token(std::uint64_t yours) const {
        return message(message_kind::token, [&](writer& w) { detail::write_hash(w, yours); });
    }
    /// Sends a ping, probe_ack or nack numbered `seq` (with no news: pings and acks carry an
    /// empty members list).
    std::vector<std::byte> numbered(message_kind kind, std::uint64_t seq) const {
        return message(kind, [&](writer& w) {
            w.write_varint(seq);
            if (kind != message_kind::nack)
                w.write_varint(0);
        });
    }
    /// Asks the engine to probe the member at `target`, replica `target_id`, for this peer.
    std::vector<std::byte> ping_request(std::uint64_t seq, std::uint32_t target,
                                        std::uint64_t target_id) const {
        return message(message_kind::ping_request, [&](writer& w) {
            w.write_varint(seq);
            encode_value(target, w);
            w.write_varint(target_id);
            w.write_varint(0); // no news
        });
    }
    /// Announces this peer's departure.
    std::vector<std::byte> leave(std::uint64_t incarnation) const {
        return message(message_kind::leave, [&](writer& w) { w.write_varint(incarnation); });
    }
};

} // namespace hearsay::test

#endif
