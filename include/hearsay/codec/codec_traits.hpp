// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_CODEC_TRAITS_HPP
#define HEARSAY_CODEC_CODEC_TRAITS_HPP

// codec_traits<T>: the customization point that makes T encodable.
//
// A specialisation provides
//     static void encode(const T& value, hearsay::writer& out);
//     static bool decode(hearsay::reader& in, T& value);  // value starts as T{}
// and may provide
//     static constexpr std::uint8_t tag = 0x80..0xFF;  // names T in a top-level header
//     static constexpr std::size_t min_size = ...;     // fewest bytes of any encoding (default 1)
// decode returns false after recording why through in.fail(errc), or after a
// nested decode_value failed; it must accept only what encode produces, so that
// each value has exactly one encoding. Compose codecs with encode_value and
// decode_value. The primary template means "not provided": using T without a
// specialisation stops compilation with a message naming T (see
// docs/wire-format.md).

#include <cstddef>
#include <cstdint>
#include <type_traits> // false_type, true_type, void_t

#include "hearsay/codec/reader.hpp"
#include "hearsay/codec/writer.hpp"

namespace hearsay {

/// Describes how T is encoded and decoded; specialise it to make your type encodable.
template <class T, class Enable = void> struct codec_traits {
    /// Marks the primary template: no codec is provided for T.
    using not_provided = void;
};

namespace detail {

template <class T, class = void> struct has_codec : std::true_type {};
template <class T>
struct has_codec<T, std::void_t<typename codec_traits<T>::not_provided>> : std::false_type {};

/// Stops compilation, naming T, when T has no codec.
template <class T> struct codec_is_provided_for {
    static_assert(has_codec<T>::value,
                  "hearsay: no codec for this type; specialise hearsay::codec_traits<T> with "
                  "encode/decode (see docs/wire-format.md)");
    static constexpr bool value = has_codec<T>::value;
};

template <class T, class = void> struct declared_tag {
    static constexpr std::uint8_t value = 0x7F; // a user value without a tag of its own
};
template <class T> struct declared_tag<T, std::void_t<decltype(codec_traits<T>::tag)>> {
    static constexpr std::uint8_t value = codec_traits<T>::tag;
};

template <class T, class = void> struct declared_min_size {
    static constexpr std::size_t value = 1;
};
template <class T> struct declared_min_size<T, std::void_t<decltype(codec_traits<T>::min_size)>> {
    static constexpr std::size_t value = codec_traits<T>::min_size;
};

} // namespace detail

/// Tells whether T has a codec (a specialisation of codec_traits).
template <class T> inline constexpr bool has_codec_v = detail::has_codec<T>::value;

/// Names T in the header of a top-level encoding (docs/wire-format.md lists the tags).
template <class T> inline constexpr std::uint8_t type_tag_v = detail::declared_tag<T>::value;

/// Returns the fewest bytes any encoding of T takes, which bounds counts before allocation.
template <class T>
inline constexpr std::size_t min_encoded_size_v = detail::declared_min_size<T>::value;

/// Appends the encoding of `value`, without a header, to `out`.
template <class T> void encode_value(const T& value, writer& out) {
    // Without a codec, the check's static_assert is the only error reported.
    if constexpr (detail::codec_is_provided_for<T>::value)
        codec_traits<T>::encode(value, out);
}

/// Reads an encoding of T, without a header, into `value`; returns false on failure.
template <class T> bool decode_value(reader& in, T& value) {
    if constexpr (detail::codec_is_provided_for<T>::value) {
        if (codec_traits<T>::decode(in, value) && !in.failed())
            return true;
    }
    return in.fail(errc::invalid_value); // keeps the reason a nested read recorded, if any
}

} // namespace hearsay

#endif
