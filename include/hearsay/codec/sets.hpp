// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_SETS_HPP
#define HEARSAY_CODEC_SETS_HPP

// Codecs of the non-causal sets:
//   g_set<T>           varint count, then the elements, strictly ascending
//   two_phase_set<T>   the live elements as for g_set, then the erased ones
//                      likewise; no element may be in both
// (or_set, a causal type, is in or_set.hpp.)

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/containers.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/crdt/g_set.hpp"
#include "hearsay/crdt/two_phase_set.hpp"

namespace hearsay {
namespace detail {

template <class T> void encode_sorted(const std::vector<T>& items, writer& out) {
    out.write_varint(items.size());
    for (const auto& item : items)
        encode_value(item, out);
}

template <class T> bool decode_sorted(reader& in, std::vector<T>& items) {
    std::size_t count = 0;
    if (!in.read_count(count, min_encoded_size_v<T>))
        return false;
    items.clear();
    in.reserve(items, count);
    for (std::size_t i = 0; i < count; ++i) {
        if (!decode_back(in, items))
            return false;
        if (i != 0 && !strictly_after<T>(in, items[i - 1], items[i]))
            return false;
    }
    return true;
}

// Tells whether two sorted ranges share no element.
template <class T> bool disjoint(const std::vector<T>& a, const std::vector<T>& b) {
    auto x = a.begin();
    auto y = b.begin();
    while (x != a.end() && y != b.end()) {
        if (*x < *y)
            ++x;
        else if (*y < *x)
            ++y;
        else
            return false;
    }
    return true;
}

} // namespace detail

/// Encodes a g_set as its elements in ascending order.
template <class T> struct codec_traits<g_set<T>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::g_set);

    static void encode(const g_set<T>& value, writer& out) {
        detail::encode_sorted(codec_access::items(value), out);
    }
    static bool decode(reader& in, g_set<T>& value) {
        if (!in.enter() || !detail::decode_sorted(in, codec_access::items(value)))
            return false;
        in.leave();
        return true;
    }
};

/// Encodes a two_phase_set as its live elements, then its erased ones, each ascending.
template <class T> struct codec_traits<two_phase_set<T>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::two_phase_set);
    static constexpr std::size_t min_size = 2;

    static void encode(const two_phase_set<T>& value, writer& out) {
        detail::encode_sorted(codec_access::live(value), out);
        detail::encode_sorted(codec_access::removed(value), out);
    }
    static bool decode(reader& in, two_phase_set<T>& value) {
        auto& live = codec_access::live(value);
        auto& removed = codec_access::removed(value);
        if (!in.enter() || !detail::decode_sorted(in, live) || !detail::decode_sorted(in, removed))
            return false;
        if (!detail::disjoint(live, removed)) // an erased element is never live again
            return in.fail(errc::not_canonical);
        in.leave();
        return true;
    }
};

} // namespace hearsay

#endif
