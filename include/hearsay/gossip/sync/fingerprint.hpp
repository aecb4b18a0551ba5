// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_FINGERPRINT_HPP
#define HEARSAY_GOSSIP_SYNC_FINGERPRINT_HPP

// Hashes that every process computes alike: digests compare them across the
// network, so they depend on bytes only, never on std::hash, addresses or the
// platform. A value is hashed through its canonical encoding (codec/), which
// equal values share. The hashes catch accidental differences, not forgery:
// a peer that may send arbitrary state needs no collision to do harm.

#include <cstddef> // std::byte, std::size_t
#include <cstdint>
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/varint.hpp" // load_le64
#include "hearsay/codec/writer.hpp"

namespace hearsay::detail {

/// Scrambles `x` so that each input bit flips about half the output bits; a bijection.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15u; // the fixed point of the rest is then not 0
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

/// Returns a 64-bit hash of the `size` bytes at `data`.
inline std::uint64_t hash_bytes(const std::byte* data, std::size_t size) noexcept {
    // The length goes in first, so that inputs differing only by trailing zero
    // bytes, which the last word pads with, still differ.
    std::uint64_t h = mix64(std::uint64_t{size} ^ 0x6A09E667F3BCC908u);
    std::size_t at = 0;
    for (; size - at >= 8; at += 8)
        h = mix64(h ^ load_le64(data + at));
    std::uint64_t tail = 0;
    for (unsigned shift = 0; at < size; ++at, shift += 8)
        tail |= std::uint64_t{static_cast<unsigned char>(data[at])} << shift;
    return mix64(h ^ tail);
}

/// Returns a 64-bit hash of the canonical encoding of `value`.
template <class T> std::uint64_t stable_hash(const T& value) {
    std::byte small[32]; // ids and most keys fit: no allocation
    {
        writer out(small, sizeof small);
        encode_value(value, out);
        if (out.fits())
            return hash_bytes(small, out.size());
    }
    std::vector<std::byte> bytes;
    writer out(bytes);
    encode_value(value, out);
    out.finish();
    return hash_bytes(bytes.data(), bytes.size());
}

/// Returns what the dot `counter` of an origin whose stable_hash is `origin_hash` adds to the
/// origin's fingerprint (a wrapping sum over its live dots, so the order of the dots is moot).
constexpr std::uint64_t dot_fingerprint(std::uint64_t origin_hash, std::uint64_t counter) noexcept {
    return mix64(origin_hash ^ mix64(counter));
}

} // namespace hearsay::detail

#endif
