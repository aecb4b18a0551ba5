// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_DELTA_PACKER_HPP
#define HEARSAY_GOSSIP_DELTA_PACKER_HPP

// delta_packer: packs deltas into datagrams that fit the payload budget.
//
// A tracked peer gets the interval of the delta log it has not acknowledged,
// batched in order into as few `deltas` messages as fit, each numbered so the
// peer can acknowledge it (peer_sync.hpp); any other peer gets the hot rumors,
// batched the same way. A delta larger than a datagram by itself travels as
// pieces, split by join decomposition (sync_traits<State>::split) until each
// fits and merges on its own; pieces cannot be acknowledged as an interval, so
// the peer is untracked until the next digest exchange. Anti-entropy replies
// travel as pieces too. Cost: one pass over the entries sent, no re-encoding
// but for oversized entries.

#include <algorithm> // min
#include <cstddef>
#include <cstdint>
#include <vector>

#include "hearsay/codec/codec_traits.hpp" // encode_value, decode_value
#include "hearsay/codec/limits.hpp"
#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/varint.hpp" // varint_size
#include "hearsay/codec/writer.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/gossip/delta_log.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/peer_sync.hpp"
#include "hearsay/gossip/rumor.hpp"
#include "hearsay/gossip/sync/sync_traits.hpp"

namespace hearsay {

/// Batches log entries and pieces of deltas into deltas messages within the payload budget.
template <class State> class delta_packer {
  public:
    /// Sends peer `to` the log interval it has not acknowledged when it is tracked and the log
    /// still holds that interval, else the log's hot rumors.
    template <class Context>
    void send_log(Context& ctx, delta_log& log, const rumor_mongering& rumors, peer_sync& peer,
                  const typename Context::address_type& to) {
        if (peer.tracked() && !log.holds_after(peer.acked()))
            peer.untrack(); // fell behind the log: the next digest exchange repairs it
        const bool interval = peer.tracked();
        const std::uint64_t flags = (interval ? detail::deltas_complete : 0) |
                                    (rumors.wants_feedback() ? detail::deltas_feedback : 0);
        const std::uint64_t acked = interval ? peer.acked() : 0;
        batch_.clear();
        std::size_t size = 0;
        std::uint64_t after = acked;
        const std::size_t room = ctx.out.entry_room();
        auto flush = [&](std::uint64_t upto) {
            if (batch_.empty())
                return;
            ctx.emit(to, message_kind::deltas, [&](writer& w) {
                detail::write_deltas_head(w, {flags, after, interval ? upto : 0, batch_.size()});
                for (const auto* e : batch_) {
                    w.write_varint(e->seq);
                    w.write_bytes(e->bytes.data(), e->bytes.size());
                }
            });
            after = upto;
            batch_.clear();
            size = 0;
        };
        for (auto& e : log.entries()) {
            if (interval ? e.seq <= acked : !e.rumor.hot())
                continue;
            const std::size_t cost = varint_size(e.seq) + e.bytes.size();
            if (cost > room) { // too big for any datagram: send it as pieces, unacknowledged
                flush(e.seq - 1);
                send_pieces(ctx, to, decode_own(e.bytes), e.seq,
                            rumors.wants_feedback() ? detail::deltas_feedback : 0);
                peer.untrack();
                rumors.sent(e.rumor, ctx.random);
                if (interval)
                    break;
                continue;
            }
            if (size + cost > room)
                flush(batch_.back()->seq);
            batch_.push_back(&e);
            size += cost;
            rumors.sent(e.rumor, ctx.random);
        }
        if (!batch_.empty())
            flush(batch_.back()->seq);
    }

    /// Sends `delta` as deltas messages, split until each piece fits: pieces of log entry `seq`
    /// with the deltas `flags` given (feedback or none), or an anti-entropy reply (seq 0).
    template <class Context>
    void send_pieces(Context& ctx, const typename Context::address_type& to, const State& delta,
                     std::uint64_t seq = 0, std::uint64_t flags = 0) {
        if (delta == State{})
            return;
        const std::vector<std::byte> body = encode_own(delta);
        if (body.size() <= ctx.out.entry_room()) {
            ctx.emit(to, message_kind::deltas, [&](writer& w) {
                detail::write_deltas_head(w, {seq != 0 ? flags : 0, 0, 0, 1});
                w.write_varint(seq);
                w.write_bytes(body.data(), body.size());
            });
            return;
        }
        State first;
        State second;
        if (!sync_traits<State>::split(delta, first, second)) {
            ++ctx.stats.payload_too_large;
            return;
        }
        send_pieces(ctx, to, first, seq, flags);
        send_pieces(ctx, to, second, seq, flags);
    }

    /// Encodes a value without a message header.
    static std::vector<std::byte> encode_own(const State& value) {
        std::vector<std::byte> bytes;
        writer w(bytes);
        encode_value(value, w);
        w.finish();
        return bytes;
    }

  private:
    // Decodes a delta this node encoded itself, so no limit but memory applies.
    static State decode_own(const std::vector<std::byte>& bytes) {
        static const decode_limits unlimited{~std::size_t{0}, ~std::size_t{0}, ~std::size_t{0},
                                             ~std::size_t{0}, ~std::size_t{0}};
        reader in(bytes_view(bytes.data(), bytes.size()), unlimited);
        State value{};
        decode_value(in, value);
        return value;
    }

    std::vector<delta_log::entry*> batch_; // scratch, reused across sends
};

} // namespace hearsay

#endif
