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
// The context alone would not do: a removal adds no dot to it, so two replicas
// whose contexts are equal differ when one has seen a removal and the other
// has not; their fingerprints of that origin differ.
//
// A digest covers the origins of its `origins` range only (a whole digest
// covers all). Size: the compact context (an (id, counter) pair per origin,
// plus the dots beyond a gap) and 9 bytes or so per origin with live dots.
//
// Wire form: origin range, causal context (codec/context.hpp), varint count,
// then count x (Id origin, 8-byte little-endian fingerprint), origins strictly
// ascending. Every origin, of the context and of the fingerprints, lies in the
// range; a fingerprint is never 0 (an origin without live dots is absent) and
// names an origin of the context (a live dot is a seen one).

#include <cstddef>
#include <cstdint>
#include <utility> // move

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/context.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/varint.hpp" // load_le64, store_le64
#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/flat_map.hpp"
#include "hearsay/gossip/sync/detail/context_builder.hpp"
#include "hearsay/gossip/sync/origin_range.hpp"

namespace hearsay {

/// Summarises a causal replica for anti-entropy: its context and a fingerprint per origin.
template <class Id> struct causal_digest {
    origin_range<Id> origins;                 ///< the origins this digest speaks for
    causal_context<Id> context;               ///< the events seen, restricted to `origins`
    flat_map<Id, std::uint64_t> fingerprints; ///< origin -> fingerprint of its live dots; 0 absent

    /// Returns the fingerprint of `origin`'s live dots, 0 when it has none.
    std::uint64_t fingerprint(const Id& origin) const {
        auto it = fingerprints.find(origin);
        return it == fingerprints.end() ? 0 : it->second;
    }

    friend bool operator==(const causal_digest& a, const causal_digest& b) {
        return a.origins == b.origins && a.fingerprints == b.fingerprints && a.context == b.context;
    }
    friend bool operator!=(const causal_digest& a, const causal_digest& b) { return !(a == b); }
};

/// Encodes a causal digest as its origin range, its context and its (origin, fingerprint) pairs.
template <class Id> struct codec_traits<causal_digest<Id>> {
    static constexpr std::size_t min_size = 4; // range byte, empty context, no fingerprint

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
    }

    static bool decode(reader& in, causal_digest<Id>& value) {
        if (!in.enter() || !decode_value(in, value.origins) || !decode_value(in, value.context))
            return false;
        bool inside = true;
        detail::for_each_origin(value.context, [&](const Id& origin, auto...) {
            inside = inside && value.origins.contains(origin);
        });
        if (!inside)
            return in.fail(errc::invalid_value);
        std::size_t count = 0;
        if (!in.read_count(count, min_encoded_size_v<Id> + 8))
            return false;
        typename flat_map<Id, std::uint64_t>::container_type items;
        items.reserve(count);
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
        in.leave();
        return true;
    }
};

} // namespace hearsay

#endif
