// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_VALUES_HPP
#define HEARSAY_CODEC_VALUES_HPP

// Codecs of the scalar values: integers, bool, std::byte, std::string and
// hlc_timestamp.
//   unsigned integers   varint; decoding into a narrower type is range-checked
//   signed integers     zig-zag varint; range-checked likewise
//   character types     varint of the character's unsigned value, so the same
//                       on every platform whatever the signedness of char
//   bool                one byte, 0x00 or 0x01
//   std::byte           one byte
//   std::string         varint length, then the bytes
//   hlc_timestamp       8 bytes, little-endian raw() (shorter than its varint)

#include <cstddef> // std::byte, std::size_t
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "hearsay/clock/hlc_timestamp.hpp"
#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/varint.hpp" // load_le64, store_le64

namespace hearsay {
namespace detail {

template <class T>
inline constexpr bool is_char_type_v =
    std::is_same_v<T, char> || std::is_same_v<T, wchar_t> || std::is_same_v<T, char16_t> ||
#if defined(__cpp_char8_t)
    std::is_same_v<T, char8_t> ||
#endif
    std::is_same_v<T, char32_t>;

template <class T>
inline constexpr bool is_varint_unsigned_v =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) <= sizeof(std::uint64_t) &&
    (std::is_unsigned_v<T> || is_char_type_v<T>);

template <class T>
inline constexpr bool is_varint_signed_v = std::is_integral_v<T>&& std::is_signed_v<T> &&
                                           !is_char_type_v<T> && sizeof(T) <= sizeof(std::int64_t);

/// Tells whether the encoding of T is one varint, and gives the varint's value: a bulk
/// encoder (or_set.hpp) stores it directly into writer::room().
template <class T, class = void> struct one_varint : std::false_type {};
template <class T>
struct one_varint<T, std::enable_if_t<is_varint_unsigned_v<T>>> : std::true_type {
    static std::uint64_t of(T value) noexcept {
        return static_cast<std::make_unsigned_t<T>>(value);
    }
};
template <class T> struct one_varint<T, std::enable_if_t<is_varint_signed_v<T>>> : std::true_type {
    static std::uint64_t of(T value) noexcept {
        return zigzag_encode(static_cast<std::int64_t>(value));
    }
};

} // namespace detail

/// Encodes unsigned integers and character types as varints.
template <class T> struct codec_traits<T, std::enable_if_t<detail::is_varint_unsigned_v<T>>> {
    using bits = std::make_unsigned_t<T>;
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::unsigned_integer);

    static void encode(T value, writer& out) { out.write_varint(detail::one_varint<T>::of(value)); }
    static bool decode(reader& in, T& value) {
        std::uint64_t raw = 0;
        if (!in.read_varint(raw))
            return false;
        if constexpr (sizeof(bits) < sizeof(std::uint64_t)) {
            if (raw > std::numeric_limits<bits>::max())
                return in.fail(errc::invalid_value);
        }
        value = static_cast<T>(static_cast<bits>(raw));
        return true;
    }
};

/// Encodes signed integers as zig-zag varints.
template <class T> struct codec_traits<T, std::enable_if_t<detail::is_varint_signed_v<T>>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::signed_integer);

    static void encode(T value, writer& out) { out.write_varint(detail::one_varint<T>::of(value)); }
    static bool decode(reader& in, T& value) {
        std::uint64_t raw = 0;
        if (!in.read_varint(raw))
            return false;
        const std::int64_t wide = zigzag_decode(raw);
        if constexpr (sizeof(T) < sizeof(std::int64_t)) {
            if (wide < std::numeric_limits<T>::min() || wide > std::numeric_limits<T>::max())
                return in.fail(errc::invalid_value);
        }
        value = static_cast<T>(wide);
        return true;
    }
};

/// Encodes bool as one byte, 0x00 or 0x01.
template <> struct codec_traits<bool> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::boolean);

    static void encode(bool value, writer& out) {
        out.write_byte(value ? std::byte{1} : std::byte{0});
    }
    static bool decode(reader& in, bool& value) {
        std::byte b{};
        if (!in.read_byte(b))
            return false;
        if (b != std::byte{0} && b != std::byte{1})
            return in.fail(errc::invalid_value);
        value = b == std::byte{1};
        return true;
    }
};

/// Encodes std::byte as itself.
template <> struct codec_traits<std::byte> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::byte);

    static void encode(std::byte value, writer& out) { out.write_byte(value); }
    static bool decode(reader& in, std::byte& value) { return in.read_byte(value); }
};

/// Encodes std::string as a varint length and its bytes.
template <> struct codec_traits<std::string> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::string);

    static void encode(const std::string& value, writer& out) {
        out.write_varint(value.size());
        out.write_bytes(reinterpret_cast<const std::byte*>(value.data()), value.size());
    }
    static bool decode(reader& in, std::string& value) {
        std::size_t length = 0;
        const std::byte* bytes = nullptr;
        if (!in.read_length(length) || !in.read_bytes(length, bytes))
            return false;
        value.assign(reinterpret_cast<const char*>(bytes), length);
        return true;
    }
};

/// Encodes hlc_timestamp as its raw() form in 8 little-endian bytes.
template <> struct codec_traits<hlc_timestamp> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::hlc_timestamp);
    static constexpr std::size_t min_size = 8;

    static void encode(hlc_timestamp value, writer& out) {
        std::byte bytes[8];
        detail::store_le64(bytes, value.raw());
        out.write_bytes(bytes, 8);
    }
    static bool decode(reader& in, hlc_timestamp& value) {
        const std::byte* bytes = nullptr;
        if (!in.read_bytes(8, bytes))
            return false;
        value = hlc_timestamp::from_raw(detail::load_le64(bytes));
        return true;
    }
};

} // namespace hearsay

#endif
