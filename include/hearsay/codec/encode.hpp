// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_ENCODE_HPP
#define HEARSAY_CODEC_ENCODE_HPP

// The top-level encoders. Each writes the two-byte header (format version, type
// tag; format.hpp), then the value.
//   encode(x, out)              appends to a vector, growing it
//   encode_to(x, buf, cap)      fills a caller's buffer; allocates nothing, and
//                               when the buffer is too small reports the size
//                               that would fit (the buffer's content is then
//                               unspecified)
//   encoded_size(x)             counts, writing nothing
// Encoding a state that the data type's own operations produced cannot fail.
// Nothing here allocates except the growth of `out`; a codec_traits
// specialisation of a user type may, at its own choice.

#include <cstddef>
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/writer.hpp"

namespace hearsay {

/// Reports the outcome of encode_to: the encoding's size and whether it was written whole.
struct encode_result {
    std::size_t size = 0; ///< bytes of the encoding: written when `fits`, else needed
    bool fits = false;    ///< whether the buffer held the whole encoding
    /// Tells whether the buffer held the whole encoding.
    explicit operator bool() const noexcept { return fits; }
};

namespace detail {
template <class T> void encode_message(const T& value, writer& out) {
    out.write_byte(static_cast<std::byte>(wire_format_version));
    out.write_byte(static_cast<std::byte>(type_tag_v<T>));
    encode_value(value, out);
}
} // namespace detail

/// Appends the encoding of `value` (header included) to `out`.
template <class T> void encode(const T& value, std::vector<std::byte>& out) {
    const std::size_t before = out.size();
    try {
        writer w(out);
        detail::encode_message(value, w);
        w.finish();
    } catch (...) {
        out.resize(before); // leave `out` as it was
        throw;
    }
}

/// Writes the encoding of `value` (header included) into buffer[0, capacity), without
/// allocating; reports its size, and whether it fit.
template <class T>
encode_result encode_to(const T& value, std::byte* buffer, std::size_t capacity) {
    writer w(buffer, capacity);
    detail::encode_message(value, w);
    return {w.size(), w.fits()};
}

/// Returns the size of the encoding of `value` (header included).
template <class T> std::size_t encoded_size(const T& value) {
    writer w;
    detail::encode_message(value, w);
    return w.size();
}

} // namespace hearsay

#endif
