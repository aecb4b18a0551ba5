// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_CONTAINERS_HPP
#define HEARSAY_CODEC_CONTAINERS_HPP

// Codecs of the standard compound values, for any element type with a codec:
//   std::vector<T>      varint count, then each element
//   std::array<T, N>    the N elements (the count is the type's)
//   std::pair<A, B>     first, then second
// Each nests one level deeper (decode_limits::max_depth). A vector's count is
// checked against the limits and the bytes left before it reserves memory.

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits> // is_same
#include <utility>     // pair, move
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/format.hpp"

namespace hearsay {
namespace detail {

/// Decodes one more element at the back of `items`.
template <class T, class Allocator> bool decode_back(reader& in, std::vector<T, Allocator>& items) {
    if constexpr (std::is_same_v<T, bool>) { // vector<bool> has no bool& to decode into
        bool element = false;
        if (!decode_value(in, element))
            return false;
        items.push_back(element);
        return true;
    } else {
        items.emplace_back();
        return decode_value(in, items.back());
    }
}

} // namespace detail

/// Encodes std::vector<T> as a varint count and the elements in order.
template <class T, class Allocator> struct codec_traits<std::vector<T, Allocator>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::vector);

    static void encode(const std::vector<T, Allocator>& value, writer& out) {
        out.write_varint(value.size());
        for (const auto& element : value)
            encode_value(static_cast<const T&>(element), out);
    }
    static bool decode(reader& in, std::vector<T, Allocator>& value) {
        std::size_t count = 0;
        if (!in.enter() || !in.read_count(count, min_encoded_size_v<T>))
            return false;
        value.clear();
        in.reserve(value, count);
        for (std::size_t i = 0; i < count; ++i)
            if (!detail::decode_back(in, value))
                return false;
        in.leave();
        return true;
    }
};

/// Encodes std::array<T, N> as its N elements.
template <class T, std::size_t N> struct codec_traits<std::array<T, N>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::array);
    static constexpr std::size_t min_size = N * min_encoded_size_v<T>;

    static void encode(const std::array<T, N>& value, writer& out) {
        for (const auto& element : value)
            encode_value(element, out);
    }
    static bool decode(reader& in, std::array<T, N>& value) {
        if (!in.enter())
            return false;
        for (auto& element : value)
            if (!decode_value(in, element))
                return false;
        in.leave();
        return true;
    }
};

/// Encodes std::pair<A, B> as first, then second.
template <class A, class B> struct codec_traits<std::pair<A, B>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::pair);
    static constexpr std::size_t min_size = min_encoded_size_v<A> + min_encoded_size_v<B>;

    static void encode(const std::pair<A, B>& value, writer& out) {
        encode_value(value.first, out);
        encode_value(value.second, out);
    }
    static bool decode(reader& in, std::pair<A, B>& value) {
        if (!in.enter() || !decode_value(in, value.first) || !decode_value(in, value.second))
            return false;
        in.leave();
        return true;
    }
};

} // namespace hearsay

#endif
