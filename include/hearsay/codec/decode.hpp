// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_DECODE_HPP
#define HEARSAY_CODEC_DECODE_HPP

// decode<T>: the top-level decoder, for untrusted bytes.
//
// Guarantees: it never throws, never aborts and never reads outside `input`;
// it returns the value, or an errc saying why there is none:
//   message_too_large    input larger than limits.max_message_size
//   truncated            input ends inside the header or the value
//   bad_version          first byte is not wire_format_version
//   unknown_type         second byte is not T's tag (another type was encoded)
//   trailing_bytes       the value ends before the input does
//   length_too_large, depth_exceeded, invalid_value, not_canonical,
//   duplicate_entry      the value breaks a limit or is not the one encoding
//                        of a valid state (docs/wire-format.md)
//   out_of_memory        an allocation failed
// Every accepted input is the encoding of its value: encode(decode(input))
// reproduces the input byte for byte. Memory use is bounded by a small multiple
// of input.size(), whatever the input claims. An exception thrown by a user's
// codec_traits is reported as invalid_value.

#include <cstddef>
#include <cstdint>
#include <new>     // bad_alloc
#include <utility> // move

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/limits.hpp"
#include "hearsay/codec/reader.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/result.hpp"

namespace hearsay {

/// Decodes a T encoded by encode (header included) from untrusted `input`.
template <class T> result<T> decode(bytes_view input, const decode_limits& limits = {}) noexcept {
    try {
        if (input.size() > limits.max_message_size)
            return errc::message_too_large;
        reader in(input, limits);
        std::byte version{};
        std::byte tag{};
        if (!in.read_byte(version))
            return errc::truncated;
        if (static_cast<std::uint8_t>(version) != wire_format_version)
            return errc::bad_version;
        if (!in.read_byte(tag))
            return errc::truncated;
        if (static_cast<std::uint8_t>(tag) != type_tag_v<T>)
            return errc::unknown_type;
        T value{};
        if (!decode_value(in, value))
            return in.error();
        if (!in.at_end())
            return errc::trailing_bytes;
        return result<T>(std::move(value));
    } catch (const std::bad_alloc&) {
        return errc::out_of_memory;
    } catch (...) {
        return errc::invalid_value;
    }
}

} // namespace hearsay

#endif
