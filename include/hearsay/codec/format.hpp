// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_FORMAT_HPP
#define HEARSAY_CODEC_FORMAT_HPP

// The two-byte header of a top-level encoding: the format version, then a tag
// naming the family of the encoded type. Nested values carry no header. The
// tags are part of the wire format: values are never renumbered or reused.
// docs/wire-format.md is the reference.

#include <cstdint>

namespace hearsay {

/// The wire format version this build writes and reads.
inline constexpr std::uint8_t wire_format_version = 2;

/// Names the family of a top-level encoding (the second header byte).
enum class wire_tag : std::uint8_t {
    g_counter = 0x01,
    pn_counter = 0x02,
    g_set = 0x03,
    two_phase_set = 0x04,
    lww_register = 0x05,
    mv_register = 0x06,
    ew_flag = 0x07,
    dw_flag = 0x08,
    or_set = 0x09,
    lww_map = 0x0A,
    or_map = 0x0B,
    unsigned_integer = 0x20,
    signed_integer = 0x21,
    boolean = 0x22,
    string = 0x23,
    vector = 0x24,
    array = 0x25,
    pair = 0x26,
    hlc_timestamp = 0x27,
    dot = 0x28,
    version_vector = 0x29,
    causal_context = 0x2A,
    byte = 0x2B,
    udp_endpoint = 0x2C,
    user_value = 0x7F, ///< a codec_traits specialisation that declares no tag
    // 0x80..0xFF: free for applications, declared as codec_traits<T>::tag.
};

namespace detail {
constexpr std::uint8_t tag_byte(wire_tag t) noexcept {
    return static_cast<std::uint8_t>(t);
}
} // namespace detail

} // namespace hearsay

#endif
