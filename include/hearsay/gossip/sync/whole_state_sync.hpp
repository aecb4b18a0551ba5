// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_WHOLE_STATE_SYNC_HPP
#define HEARSAY_GOSSIP_SYNC_WHOLE_STATE_SYNC_HPP

// Anti-entropy for a type hearsay knows nothing about but its codec (g_set,
// two_phase_set, a user's CRDT): the digest is a hash of the state's canonical
// encoding, which equal states share, plus its element count when it has
// size(); a peer whose digest differs gets the whole state, which its merge
// absorbs whatever it already had. The digest costs O(state) to compute and
// 9 bytes or so to send; a difference costs the whole state.
//
// Wire form of state_digest: the hash as 8 little-endian bytes, then the count
// as a varint (0 for a type without size()).

#include <cstddef>
#include <cstdint>
#include <type_traits> // declval, void_t

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/varint.hpp" // load_le64, store_le64
#include "hearsay/gossip/sync/fingerprint.hpp"
#include "hearsay/gossip/sync/reply_budget.hpp"

namespace hearsay {

/// Summarises a state for anti-entropy by a hash of its encoding and its element count.
struct state_digest {
    std::uint64_t hash = 0; ///< hash of the canonical encoding (fingerprint.hpp)
    std::uint64_t size = 0; ///< the state's size(), 0 when it has none

    friend bool operator==(const state_digest& a, const state_digest& b) {
        return a.hash == b.hash && a.size == b.size;
    }
    friend bool operator!=(const state_digest& a, const state_digest& b) { return !(a == b); }
};

/// Encodes a state digest as its hash (8 bytes) and its count (varint).
template <> struct codec_traits<state_digest> {
    static constexpr std::size_t min_size = 9;

    static void encode(const state_digest& value, writer& out) {
        std::byte bytes[8];
        detail::store_le64(bytes, value.hash);
        out.write_bytes(bytes, 8);
        out.write_varint(value.size);
    }
    static bool decode(reader& in, state_digest& value) {
        const std::byte* bytes = nullptr;
        if (!in.read_bytes(8, bytes))
            return false;
        value.hash = detail::load_le64(bytes);
        return in.read_varint(value.size);
    }
};

namespace detail {
template <class T, class = void> struct has_size : std::false_type {};
template <class T>
struct has_size<T, std::void_t<decltype(std::declval<const T&>().size())>> : std::true_type {};
} // namespace detail

/// Computes digests and missing deltas of any encodable State by whole states (see sync_traits).
template <class State> struct whole_state_sync {
    using digest_type = state_digest;

    /// Returns the hash of `s`'s encoding and its size.
    static digest_type digest(const State& s) {
        digest_type out;
        out.hash = detail::stable_hash(s);
        if constexpr (detail::has_size<State>::value)
            out.size = static_cast<std::uint64_t>(s.size());
        return out;
    }

    /// Returns `mine` when the digests differ, else bottom.
    static State missing(const State& mine, const digest_type& mine_digest,
                         const digest_type& theirs) {
        return mine_digest == theirs ? State{} : mine;
    }

    /// Returns missing(mine, mine_digest, theirs): a whole state cannot be cut, so the budget
    /// does not apply (the reply is still split into datagrams by split, where it can be).
    static State missing(const State& mine, const digest_type& mine_digest,
                         const digest_type& theirs, const reply_budget&) {
        return missing(mine, mine_digest, theirs);
    }

    /// Returns false: a state of unknown structure is atomic.
    static bool split(const State&, State&, State&) { return false; }
    /// Returns false: the digest is one hash.
    static bool split_digest(const digest_type&, digest_type&, digest_type&) { return false; }
};

} // namespace hearsay

#endif
