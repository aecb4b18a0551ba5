// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_VARINT_HPP
#define HEARSAY_CODEC_VARINT_HPP

// Variable-length integers, as LEB128: seven bits per byte, least significant
// group first, the high bit set on every byte but the last. A 64-bit value
// takes 1 to 10 bytes; values below 128 take one. Signed values are first
// mapped by zig-zag (0, -1, 1, -2, ... to 0, 1, 2, 3, ...) so that small
// magnitudes stay short. The only encoding of a value is the shortest one: the
// reader (reader.hpp) rejects a final 0x00 byte after a continuation byte and
// any bit beyond the 64th.

#include <cstddef> // std::byte, std::size_t
#include <cstdint>
#include <cstring> // memcpy

namespace hearsay {

/// The longest varint: a 64-bit value in groups of seven bits.
inline constexpr std::size_t max_varint_size = 10;

/// Returns how many bytes the varint of `value` takes (1 to 10).
constexpr std::size_t varint_size(std::uint64_t value) noexcept {
    // (a loop, to stay constexpr in C++17)
    std::size_t size = 1;
    while (value >= 0x80) {
        value >>= 7;
        ++size;
    }
    return size;
}

/// Maps a signed value to an unsigned one with small magnitudes kept small.
constexpr std::uint64_t zigzag_encode(std::int64_t value) noexcept {
    return (static_cast<std::uint64_t>(value) << 1) ^ (value < 0 ? ~std::uint64_t{0} : 0);
}

/// Inverts zigzag_encode.
constexpr std::int64_t zigzag_decode(std::uint64_t value) noexcept {
    return static_cast<std::int64_t>((value >> 1) ^ (~(value & 1) + 1));
}

namespace detail {

// Returns the number of significant bits of `value` (0 for 0).
inline unsigned bit_width(std::uint64_t value) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return value == 0 ? 0u : 64u - static_cast<unsigned>(__builtin_clzll(value));
#else
    unsigned width = 0;
    for (; value != 0; value >>= 1)
        ++width;
    return width;
#endif
}

// Returns the index of the lowest set bit of `value`, which must not be 0.
inline unsigned lowest_bit(std::uint64_t value) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<unsigned>(__builtin_ctzll(value));
#else
    unsigned index = 0;
    for (; (value & 1) == 0; value >>= 1)
        ++index;
    return index;
#endif
}

// 8-byte little-endian load and store at any alignment. On little-endian
// targets they are one memcpy, which compilers turn into one move (g++ 12 does
// not fuse the byte loop of a load, which cost varint reads ~10 instructions);
// elsewhere, a byte loop.
inline std::uint64_t load_le64(const std::byte* at) noexcept {
    std::uint64_t value = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(&value, at, sizeof value);
#else
    for (unsigned i = 0; i < 8; ++i)
        value |= std::uint64_t{static_cast<unsigned char>(at[i])} << (8 * i);
#endif
    return value;
}
inline void store_le64(std::byte* at, std::uint64_t value) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(at, &value, sizeof value);
#else
    for (unsigned i = 0; i < 8; ++i)
        at[i] = static_cast<std::byte>(static_cast<unsigned char>(value >> (8 * i)));
#endif
}

// Spreads the low 56 bits of `value` into eight 7-bit groups, one per byte.
inline std::uint64_t spread_groups(std::uint64_t value) noexcept {
    std::uint64_t x = value & 0x00FFFFFFFFFFFFFF;
    x = (x & 0x000000000FFFFFFF) | ((x & 0x00FFFFFFF0000000) << 4);
    x = (x & 0x00003FFF00003FFF) | ((x & 0x0FFFC0000FFFC000) << 2);
    x = (x & 0x007F007F007F007F) | ((x & 0x3F803F803F803F80) << 1);
    return x;
}

// Inverts spread_groups: gathers the 7-bit groups of eight bytes (high bits ignored).
inline std::uint64_t gather_groups(std::uint64_t bytes) noexcept {
    std::uint64_t x = bytes & 0x7F7F7F7F7F7F7F7F;
    x = (x & 0x007F007F007F007F) | ((x & 0x7F007F007F007F00) >> 1);
    x = (x & 0x00003FFF00003FFF) | ((x & 0x3FFF00003FFF0000) >> 2);
    x = (x & 0x000000000FFFFFFF) | ((x & 0x0FFFFFFF00000000) >> 4);
    return x;
}

// Writes the varint of `value` at `at`, which must have max_varint_size bytes
// of room (bytes past the varint may be overwritten); returns the byte after it.
inline std::byte* put_varint(std::byte* at, std::uint64_t value) noexcept {
    if (value < 0x80) {
        *at = static_cast<std::byte>(static_cast<unsigned char>(value));
        return at + 1;
    }
    if (value < 0x4000) {
        at[0] = static_cast<std::byte>(static_cast<unsigned char>(value | 0x80));
        at[1] = static_cast<std::byte>(static_cast<unsigned char>(value >> 7));
        return at + 2;
    }
    // Longer values without a branch per byte: all ten bytes with continuation
    // bits, then the last one of this varint cleared.
    const unsigned size = (bit_width(value) * 9 + 64) / 64; // = ceil(width / 7), for 1..64
    store_le64(at, spread_groups(value) | 0x8080808080808080);
    at[8] = static_cast<std::byte>(static_cast<unsigned char>((value >> 56) | 0x80));
    at[9] = static_cast<std::byte>(static_cast<unsigned char>(value >> 63));
    at[size - 1] &= std::byte{0x7F};
    return at + size;
}

} // namespace detail
} // namespace hearsay

#endif
