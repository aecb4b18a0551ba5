// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_LIMITS_HPP
#define HEARSAY_CODEC_LIMITS_HPP

// decode_limits: how much an untrusted message may ask of its decoder.
//
// Guarantees: decode<T> refuses a message that breaks any limit before it
// allocates for it. Every count and length is also checked against the bytes
// left in the message (each element needs at least one byte), so memory use is
// bounded by a small multiple of the message size whatever the limits say. The
// defaults suit gossip between trusted-format peers: raise them for bulk state
// transfer, lower them for a node exposed to arbitrary senders.

#include <cstddef>

namespace hearsay {

/// Bounds what one decoded message may contain; every field is checked before allocating.
struct decode_limits {
    /// Largest accepted message, in bytes (the whole input of decode<T>); default 4 MiB.
    std::size_t max_message_size = std::size_t{4} << 20;
    /// Deepest accepted nesting of containers and data types (a top-level or_map of or_sets is
    /// 2 deep, each std::vector, std::pair or std::array adds 1); default 32.
    std::size_t max_depth = 32;
    /// Largest accepted element count of one container (set elements, map keys, dots of a store,
    /// vector items, version vector entries); default 2^20.
    std::size_t max_elements = std::size_t{1} << 20;
    /// Longest accepted string, in bytes; default 1 MiB.
    std::size_t max_string_length = std::size_t{1} << 20;
    /// Most distinct writers (replica ids) accepted in one version vector or causal context, so
    /// in one counter, causal state, delta or digest; default 2^16. A writer costs every later
    /// merge and digest a vector entry, so a message naming more is refused
    /// (errc::too_many_writers) before it can grow a state.
    std::size_t max_writers = std::size_t{1} << 16;
};

} // namespace hearsay

#endif
