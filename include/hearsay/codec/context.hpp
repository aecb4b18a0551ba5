// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_CONTEXT_HPP
#define HEARSAY_CODEC_CONTEXT_HPP

// Codecs of the causal vocabulary: dot, version_vector, causal_context.
//   dot<Id>               Id replica, varint counter (>= 1)
//   version_vector<Id>    varint n, then n x (Id replica, varint counter >= 1),
//                         replicas strictly ascending
//   causal_context<Id>    its version vector, then the cloud: varint m, then
//                         m x (Id replica, varint counter), strictly ascending
//                         by (replica, counter), each counter > the replica's
//                         vector counter + 1
// Only compact contexts decode: a cloud dot that the vector covers or that
// continues it would have been folded into the vector.

#include <cstddef>
#include <cstdint>
#include <utility> // move
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/version_vector.hpp"

namespace hearsay {

/// Encodes a dot as its replica and counter.
template <class Id> struct codec_traits<dot<Id>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::dot);
    static constexpr std::size_t min_size = min_encoded_size_v<Id> + 1;

    static void encode(const dot<Id>& value, writer& out) {
        encode_value(value.replica, out);
        out.write_varint(value.counter);
    }
    static bool decode(reader& in, dot<Id>& value) {
        if (!decode_value(in, value.replica) || !in.read_varint(value.counter))
            return false;
        return value.counter != 0 || in.fail(errc::invalid_value);
    }
};

/// Encodes a version vector as its (replica, counter) entries in replica order.
template <class Id> struct codec_traits<version_vector<Id>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::version_vector);

    static void encode(const version_vector<Id>& value, writer& out) {
        out.write_varint(value.size());
        for (const auto& entry : value) {
            encode_value(entry.first, out);
            out.write_varint(entry.second);
        }
    }
    static bool decode(reader& in, version_vector<Id>& value) {
        std::size_t count = 0;
        if (!in.read_count(count, min_encoded_size_v<Id> + 1))
            return false;
        typename version_vector<Id>::map_type::container_type items;
        items.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            items.emplace_back();
            auto& entry = items.back();
            if (!decode_value(in, entry.first) || !in.read_varint(entry.second))
                return false;
            if (entry.second == 0) // a replica at zero is absent, never stored
                return in.fail(errc::not_canonical);
            if (i != 0 && !detail::strictly_after(in, items[i - 1].first, entry.first))
                return false;
        }
        codec_access::counters(value) = version_vector<Id>::map_type::from_sorted(std::move(items));
        return true;
    }
};

/// Encodes a causal context as its version vector and its dot cloud.
template <class Id> struct codec_traits<causal_context<Id>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::causal_context);
    static constexpr std::size_t min_size = 2;

    static void encode(const causal_context<Id>& value, writer& out) {
        encode_value(value.compact(), out);
        out.write_varint(value.cloud().size());
        for (const auto& d : value.cloud())
            encode_value(d, out);
    }
    static bool decode(reader& in, causal_context<Id>& value) {
        auto& compact = codec_access::compact(value);
        auto& cloud = codec_access::cloud(value);
        std::size_t count = 0;
        if (!decode_value(in, compact) || !in.read_count(count, min_encoded_size_v<Id> + 1))
            return false;
        cloud.clear();
        cloud.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            cloud.emplace_back();
            auto& d = cloud.back();
            if (!decode_value(in, d.replica) || !in.read_varint(d.counter))
                return false;
            // Compact: the dot is neither covered by the vector nor next after it.
            if (d.counter < 2 || d.counter - 1 <= compact.get(d.replica))
                return in.fail(errc::not_canonical);
            if (i != 0 && !detail::strictly_after(in, cloud[i - 1], d))
                return false;
        }
        return true;
    }
};

} // namespace hearsay

#endif
