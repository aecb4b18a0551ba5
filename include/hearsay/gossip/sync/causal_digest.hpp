// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_CAUSAL_DIGEST_HPP
#define HEARSAY_GOSSIP_SYNC_CAUSAL_DIGEST_HPP

// causal_digest: what a replica of a causal type (or_set, mv_register, the
// flags, or_map, lww_map) tells a peer so that the peer can send back what it
// lacks (causal_sync.hpp). It holds
//   - the replica's causal context: every event seen, removed or not;
//   - per origin, a fingerprint of the live dots of that origin (the dots
//     still present in the store): the wrapping sum of a 64-bit mix of each
//     dot (fingerprint.hpp), so the same set gives the same sum everywhere.
//   - per origin that its range cuts (a part of a split digest that holds
//     only some counters of the origin), a hash of the origin's whole context
//     (context_hash), so that the part is answered exactly as the whole
//     digest would answer for those counters.
// The context alone would not do: a removal adds no dot to it, so two replicas
// whose contexts are equal differ when one has seen a removal and the other
// has not; their fingerprints of that origin differ.
//
// A digest covers the events of its `origins` range only (a whole digest
// covers all; a part may cut inside one origin's counters, and then carries
// that origin's whole fingerprint). Size: the compact context (an (id,
// counter) pair per origin, plus a range per gap) and 9 bytes or so per origin
// with live dots; never a cost per event.
//
// Wire form: origin range, causal context (codec/context.hpp), varint count,
// then count x (Id origin, 8-byte little-endian fingerprint), origins strictly
// ascending; then varint count, count x (Id origin, 8-byte context hash),
// origins strictly ascending, each cut by the range (at most two). Every dot
// of the context and every origin of the fingerprints lies in the range; a fingerprint is never 0
// (an origin without live dots is absent) and names an origin of the context (a live dot is a seen
// one).
//
// A digest that holds one range of one origin cannot split further; its
// encoding takes at most digest_atomic_size() bytes (92 for 64-bit ids), so
// any digest splits into parts that each fit a datagram of that size plus the
// message header (causal_sync::split_digest, digest_parts.hpp).

#include <cstddef>
#include <cstdint>
#include <iterator> // prev
#include <utility>  // move

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/context.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/varint.hpp" // load_le64, store_le64
#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/flat_map.hpp"
#include "hearsay/gossip/sync/detail/context_builder.hpp"
#include "hearsay/gossip/sync/fingerprint.hpp"
#include "hearsay/gossip/sync/origin_range.hpp"

namespace hearsay {

/// Returns the most bytes a causal digest that cannot split further encodes in, for ids that
/// encode in at most `id_bytes` bytes (10 for any 64-bit integer id): 92 for such ids.
constexpr std::size_t digest_atomic_size(std::size_t id_bytes = 10) {
    return 1 + 2 * (id_bytes + 10) + // the range: flags, two bounds with their counters
           2 + id_bytes + 20 +       // the context's two counts and its one piece
           1 + id_bytes + 8;         // one fingerprint
}

/// Is the size below which a digest of one origin is not cut inside that origin: its parts would
/// be no smaller. Any causal digest with 64-bit ids splits into parts of at most this many bytes.
inline constexpr std::size_t digest_split_floor = 160;

/// Summarises a causal replica for anti-entropy: its context and a fingerprint per origin.
template <class Id> struct causal_digest {
    origin_range<Id> origins;                 ///< the origins this digest speaks for
    causal_context<Id> context;               ///< the events seen, restricted to `origins`
    flat_map<Id, std::uint64_t> fingerprints; ///< origin -> fingerprint of its live dots; 0 absent
    flat_map<Id, std::uint64_t> context_hashes; ///< cut origin -> context_hash of all its dots

    /// Returns the fingerprint of `origin`'s live dots, 0 when it has none.
    std::uint64_t fingerprint(const Id& origin) const {
        auto it = fingerprints.find(origin);
        return it == fingerprints.end() ? 0 : it->second;
    }

    friend bool operator==(const causal_digest& a, const causal_digest& b) {
        return a.origins == b.origins && a.fingerprints == b.fingerprints &&
               a.context_hashes == b.context_hashes && a.context == b.context;
    }
    friend bool operator!=(const causal_digest& a, const causal_digest& b) { return !(a == b); }
};

namespace detail {

/// Tells whether `range` holds some but not all counters of `origin`.
template <class Id> bool cuts(const origin_range<Id>& range, const Id& origin) {
    return range.contains(origin) &&
           (range.lowest(origin) > 1 || range.highest(origin) != ~std::uint64_t{0});
}

/// Returns a hash of the dots of one origin: its prefix `top` and its ranges [first, last).
template <class Id, class It>
std::uint64_t context_hash(const Id& origin, std::uint64_t top, It first, It last) {
    std::uint64_t h = mix64(stable_hash(origin) ^ mix64(top));
    for (; first != last; ++first)
        h = mix64(mix64(h ^ first->first) ^ first->last);
    return h;
}

} // namespace detail

/// Encodes a causal digest as its origin range, its context and its (origin, fingerprint) pairs.
template <class Id> struct codec_traits<causal_digest<Id>> {
    static constexpr std::size_t min_size = 5; // range byte, empty context, no hashes

    static void encode(const causal_digest<Id>& value, writer& out) {
        encode_value(value.origins, out);
        encode_value(value.context, out);
        out.write_varint(value.fingerprints.size());
        for (const auto& entry : value.fingerprints) {
            encode_value(entry.first, out);
            std::byte bytes[8];
            detail::store_le64(bytes, entry.second);
            out.write_bytes(bytes, 8);
        }
        out.write_varint(value.context_hashes.size());
        for (const auto& entry : value.context_hashes) {
            encode_value(entry.first, out);
            std::byte bytes[8];
            detail::store_le64(bytes, entry.second);
            out.write_bytes(bytes, 8);
        }
    }

    static bool decode(reader& in, causal_digest<Id>& value) {
        if (!in.enter() || !decode_value(in, value.origins) || !decode_value(in, value.context))
            return false;
        bool inside = true;
        const auto& range = value.origins;
        detail::for_each_origin(
            value.context, [&](const Id& origin, std::uint64_t top, auto first, auto last) {
                if (!inside || !range.contains(origin)) {
                    inside = false;
                    return;
                }
                const std::uint64_t lo = range.lowest(origin);
                const std::uint64_t hi = range.highest(origin);
                if (top != 0 && (lo > 1 || top > hi))
                    inside = false;
                if (first != last && (first->first < lo || std::prev(last)->last > hi))
                    inside = false;
            });
        if (!inside)
            return in.fail(errc::invalid_value);
        std::size_t count = 0;
        if (!in.read_count(count, min_encoded_size_v<Id> + 8))
            return false;
        typename flat_map<Id, std::uint64_t>::container_type items;
        in.reserve(items, count);
        for (std::size_t i = 0; i < count; ++i) {
            items.emplace_back();
            auto& entry = items.back();
            const std::byte* bytes = nullptr;
            if (!decode_value(in, entry.first) || !in.read_bytes(8, bytes))
                return false;
            entry.second = detail::load_le64(bytes);
            if (i != 0 && !detail::strictly_after(in, items[i - 1].first, entry.first))
                return false;
            if (entry.second == 0) // an origin without live dots is absent
                return in.fail(errc::not_canonical);
            if (!value.origins.contains(entry.first) || value.context.max_counter(entry.first) == 0)
                return in.fail(errc::invalid_value);
        }
        value.fingerprints = flat_map<Id, std::uint64_t>::from_sorted(std::move(items));
        if (!in.read_count(count, min_encoded_size_v<Id> + 8))
            return false;
        if (count > 2)
            return in.fail(errc::invalid_value); // a range cuts at most its two ends
        items.clear();
        for (std::size_t i = 0; i < count; ++i) {
            items.emplace_back();
            auto& entry = items.back();
            const std::byte* bytes = nullptr;
            if (!decode_value(in, entry.first) || !in.read_bytes(8, bytes))
                return false;
            entry.second = detail::load_le64(bytes);
            if (i != 0 && !detail::strictly_after(in, items[i - 1].first, entry.first))
                return false;
            if (!detail::cuts(value.origins, entry.first))
                return in.fail(errc::invalid_value);
        }
        value.context_hashes = flat_map<Id, std::uint64_t>::from_sorted(std::move(items));
        in.leave();
        return true;
    }
};

} // namespace hearsay

#endif
