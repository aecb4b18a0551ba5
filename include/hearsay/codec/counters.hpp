// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_COUNTERS_HPP
#define HEARSAY_CODEC_COUNTERS_HPP

// Codecs of the counters:
//   g_counter<Id>    its version vector of counts (context.hpp)
//   pn_counter<Id>   the version vector of increments, then that of decrements
// A replica with a zero count is never stored, so each counter value has one
// encoding.

#include <cstdint>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/context.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/crdt/pn_counter.hpp"

namespace hearsay {

/// Encodes a g_counter as its per-replica counts.
template <class Id> struct codec_traits<g_counter<Id>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::g_counter);

    static void encode(const g_counter<Id>& value, writer& out) {
        encode_value(value.counts(), out);
    }
    static bool decode(reader& in, g_counter<Id>& value) {
        return decode_value(in, codec_access::counts(value));
    }
};

/// Encodes a pn_counter as its per-replica increments, then decrements.
template <class Id> struct codec_traits<pn_counter<Id>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::pn_counter);
    static constexpr std::size_t min_size = 2;

    static void encode(const pn_counter<Id>& value, writer& out) {
        encode_value(value.increments(), out);
        encode_value(value.decrements(), out);
    }
    static bool decode(reader& in, pn_counter<Id>& value) {
        return decode_value(in, codec_access::increments(value)) &&
               decode_value(in, codec_access::decrements(value));
    }
};

} // namespace hearsay

#endif
