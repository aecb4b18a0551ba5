// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_CONTEXT_HPP
#define HEARSAY_CODEC_CONTEXT_HPP

// Codecs of the causal vocabulary: dot, version_vector, causal_context.
//   dot<Id>               Id replica, varint counter (1 <= counter <= 2^62)
//   version_vector<Id>    varint n, then n x (Id replica, varint counter), counters
//                         1..2^62, replicas strictly ascending
//   causal_context<Id>    its version vector, then the cloud: varint m, then
//                         m x (Id replica, varint first, varint span), each the
//                         range of dots first..first+span, ascending by
//                         (replica, first); a range starts at least two past its
//                         replica's vector counter and at least two past the
//                         previous range of its replica, and ends at most at 2^62
// Only compact contexts decode: a range that the vector covers, that continues
// it or that touches another would have been folded into them. A counter above
// max_counter_value is errc::counter_too_large; a vector or context naming more
// than decode_limits::max_writers replicas is errc::too_many_writers. Decoding
// costs O(bytes), whatever the counters claim.

#include <cstddef>
#include <cstdint>
#include <utility> // move
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/reader.hpp"
#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/dot_range.hpp"
#include "hearsay/core/error.hpp"
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
        if (!decode_value(in, value.replica) || !in.read_counter(value.counter))
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
        if (count > in.limits().max_writers)
            return in.fail(errc::too_many_writers);
        typename version_vector<Id>::map_type::container_type items;
        in.reserve(items, count);
        for (std::size_t i = 0; i < count; ++i) {
            items.emplace_back();
            auto& entry = items.back();
            if (!decode_value(in, entry.first) || !in.read_counter(entry.second))
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

/// Encodes a causal context as its version vector and its cloud of dot ranges.
template <class Id> struct codec_traits<causal_context<Id>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::causal_context);
    static constexpr std::size_t min_size = 2;

    static void encode(const causal_context<Id>& value, writer& out) {
        encode_value(value.compact(), out);
        out.write_varint(value.cloud().size());
        for (const auto& r : value.cloud()) {
            encode_value(r.replica, out);
            out.write_varint(r.first);
            out.write_varint(r.last - r.first);
        }
    }
    static bool decode(reader& in, causal_context<Id>& value) {
        auto& compact = codec_access::compact(value);
        auto& cloud = codec_access::cloud(value);
        std::size_t count = 0;
        if (!decode_value(in, compact) || !in.read_count(count, min_encoded_size_v<Id> + 2))
            return false;
        cloud.clear();
        in.reserve(cloud, count);
        std::size_t writers = compact.size();
        for (std::size_t i = 0; i < count; ++i) {
            cloud.emplace_back();
            auto& r = cloud.back();
            std::uint64_t span = 0;
            if (!decode_value(in, r.replica) || !in.read_counter(r.first) || !in.read_varint(span))
                return false;
            if (span > max_counter_value - r.first)
                return in.fail(errc::counter_too_large);
            r.last = r.first + span;
            // Compact: the range is neither covered by the vector nor next after it.
            if (r.first < 2 || r.first - 1 <= compact.get(r.replica))
                return in.fail(errc::not_canonical);
            if (i != 0) {
                const auto& previous = cloud[i - 1];
                if (!detail::strictly_after(in, previous, r))
                    return false;
                const bool same_writer = !(previous.replica < r.replica);
                if (same_writer && r.first - 1 <= previous.last) // overlaps or touches
                    return in.fail(errc::not_canonical);
                if (!same_writer && !compact.contains(dot<Id>{r.replica, 1}) &&
                    ++writers > in.limits().max_writers)
                    return in.fail(errc::too_many_writers);
            } else if (!compact.contains(dot<Id>{r.replica, 1}) &&
                       ++writers > in.limits().max_writers) {
                return in.fail(errc::too_many_writers);
            }
        }
        return true;
    }
};

} // namespace hearsay

#endif
