// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_OUTBOX_HPP
#define HEARSAY_GOSSIP_OUTBOX_HPP

// outbox: the one way out of an engine. Every message is written here, behind
// its header, into one reused send buffer, and handed to the Transport.
//
// Guarantees: nothing handed to the transport is larger than budget(), the
// smaller of config.max_payload and the transport's max_payload(); a message
// that does not fit is not sent and is counted in payload_too_large. Messages
// go to one peer at a time, opened with open(): its token goes in their
// headers, and what they may cost in all is capped (3x the received message,
// for replies to an address that showed no token: no amplification); a message
// beyond the cap is not sent and is counted in replies_withheld. With keys
// (security/sealer.hpp), every datagram is sealed: budget() and the caps count
// the sealed bytes, so a message leaves room for the seal's 33 bytes. The send
// buffer grows only as far as the largest message sent so far, so steady
// operation does not allocate. The outbox holds the transport, never owns it.

#include <algorithm> // min
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility> // move
#include <vector>

#include "hearsay/codec/varint.hpp" // varint_size, max_varint_size
#include "hearsay/codec/writer.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/stats.hpp"
#include "hearsay/gossip/transport_policy.hpp"
#include "hearsay/security/sealer.hpp"

namespace hearsay {

/// Writes engine messages and sends them through a Transport, within the payload budget.
template <class Transport> class outbox {
  public:
    using address_type = typename Transport::address_type;

    outbox(Transport& transport, std::uint64_t self, std::size_t max_payload, sealer seals = {})
        : transport_(&transport), self_(self), max_payload_(max_payload), seals_(std::move(seals)) {
    }

    /// Returns the sealer: the keys, and what opens received datagrams.
    sealer& seals() noexcept { return seals_; }
    const sealer& seals() const noexcept { return seals_; }

    /// Says that the next messages go to `to`, with `token` (the token `to` gave us, 0 when none)
    /// in their headers, and may cost at most `allowance` bytes in all.
    void open(const address_type& to, std::uint64_t token,
              std::size_t allowance = std::numeric_limits<std::size_t>::max()) {
        to_ = to;
        token_ = token;
        allowance_ = allowance;
    }
    /// Returns the token that messages to the open peer carry.
    std::uint64_t token() const { return token_; }
    /// Returns what the open peer's messages may still cost, in bytes.
    std::size_t allowance() const { return allowance_; }

    /// Returns the largest message that may be sent, in bytes: the largest datagram less what
    /// sealing adds.
    std::size_t budget() const {
        const std::size_t datagram =
            std::min(max_payload_, transport_max_payload(*transport_, max_payload_));
        return datagram - std::min(datagram, seals_.overhead());
    }

    /// Returns what a deltas or members message may spend on its entries: the budget less the
    /// header (3 bytes + the sender's id) and four fields of at most a varint each.
    std::size_t entry_room() const {
        const std::size_t overhead = 2 + varint_size(self_) + 4 * max_varint_size;
        return budget() - std::min(budget(), overhead);
    }

    /// Returns the size of a message of `kind` whose body `body(writer&)` writes, header included.
    template <class Body> std::size_t measure(message_kind kind, Body&& body) const {
        writer counting;
        detail::write_message_header(counting, kind, self_, token_);
        body(counting);
        return counting.size();
    }

    /// Writes a message of `kind` with `body(writer&)` and sends it to `to`, the open peer; false
    /// (and counted) when it exceeds budget() or what the open peer may still cost.
    template <class Body>
    bool emit(gossip_stats& stats, const address_type& to, message_kind kind, Body&& body) {
        if (!(to == to_)) // not the open peer: a bug of the caller's, never worth a datagram
            return false;
        for (;;) {
            writer w(buffer_.data(), buffer_.size());
            detail::write_message_header(w, kind, self_, token_);
            body(w);
            if (w.fits()) {
                const std::size_t size = w.size() + seals_.overhead(); // what leaves
                if (size > allowance_) {
                    ++stats.replies_withheld;
                    allowance_ = 0; // later, smaller messages would arrive out of order
                    return false;
                }
                const bytes_view datagram = seals_.seal(bytes_view(buffer_.data(), w.size()));
                if (datagram.size() != size) // the cipher failed: nothing leaves
                    return false;
                allowance_ -= size;
                ++stats.messages_sent;
                stats.bytes_sent += size;
                count_sent(stats, kind, size);
                transport_->send(to, datagram);
                return true;
            }
            if (w.size() > budget()) {
                ++stats.payload_too_large;
                return false;
            }
            buffer_.resize(w.size()); // then write it again, now that it fits
        }
    }

    /// Opens a received datagram in place (with keys, `bytes` becomes the message it seals, valid
    /// until the next call); false, and counted, when it is refused: then nothing may read it.
    bool unseal(bytes_view& bytes, gossip_stats& stats) {
        switch (seals_.open(bytes, bytes)) {
        case open_status::clear:
        case open_status::opened:
            return true;
        case open_status::unauthenticated:
            ++stats.rejected_unauthenticated;
            break;
        case open_status::replayed:
            ++stats.rejected_replay;
            break;
        }
        ++stats.messages_rejected;
        return false;
    }

    /// Sends a message of `kind` with an empty body.
    bool emit_empty(gossip_stats& stats, const address_type& to, message_kind kind) {
        return emit(stats, to, kind, [](writer&) {});
    }

  private:
    static void count_sent(gossip_stats& stats, message_kind kind, std::size_t size) {
        traffic_count* c = &stats.sent_membership;
        switch (kind) {
        case message_kind::deltas:
            c = &stats.sent_deltas;
            break;
        case message_kind::ack:
            c = &stats.sent_acks;
            break;
        case message_kind::digest:
        case message_kind::digest_request:
        case message_kind::pull:
            c = &stats.sent_digests;
            break;
        case message_kind::ping:
        case message_kind::ping_request:
        case message_kind::probe_ack:
        case message_kind::nack:
            c = &stats.sent_probes;
            break;
        case message_kind::members:
        case message_kind::leave:
        case message_kind::token:
        case message_kind::alive:
            break;
        }
        ++c->messages;
        c->bytes += size;
    }

    Transport* transport_;
    std::uint64_t self_;
    std::size_t max_payload_;
    sealer seals_;
    std::vector<std::byte> buffer_;
    address_type to_{};
    std::uint64_t token_ = 0;
    std::size_t allowance_ = 0;
};

} // namespace hearsay

#endif
