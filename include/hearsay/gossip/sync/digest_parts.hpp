// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_DIGEST_PARTS_HPP
#define HEARSAY_GOSSIP_SYNC_DIGEST_PARTS_HPP

// Splitting a digest into parts that each fit a datagram. The parts cover
// disjoint ranges of events and are answered independently (the replies to all
// parts together are the reply to the whole digest), so a lost part delays only
// its own range. A causal digest splits by origin and, inside one origin, by
// counter range at its gaps (causal_sync::split_digest), so it always splits
// into parts of at most digest_split_floor bytes (160 for 64-bit ids): no
// origin's part is ever dropped for being too large. A counter digest splits
// by origin, one entry per origin and half. Whole-state digests (g_set, user
// types) are one hash and always fit.
//
// Cost: O(size of the digest x depth), the depth being log2 of the number of
// parts, as each level encodes its parts once to measure them.

#include <cstddef>
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/writer.hpp"
#include "hearsay/gossip/sync/sync_traits.hpp"

namespace hearsay {

/// Appends to `parts` digests of State that together cover `d`, each encoding (without any
/// message header) in at most `max_bytes`; returns false when some part cannot split further
/// and does not fit (then only parts that fit were appended). For causal types it always
/// succeeds when max_bytes >= max(digest_split_floor, digest_atomic_size(bytes of the largest
/// id)): 160 bytes for 64-bit ids.
template <class State>
bool split_digest_to_fit(const typename sync_traits<State>::digest_type& d, std::size_t max_bytes,
                         std::vector<typename sync_traits<State>::digest_type>& parts) {
    writer counting;
    encode_value(d, counting);
    if (counting.size() <= max_bytes) {
        parts.push_back(d);
        return true;
    }
    typename sync_traits<State>::digest_type first;
    typename sync_traits<State>::digest_type second;
    if (!sync_traits<State>::split_digest(d, first, second))
        return false;
    const bool low = split_digest_to_fit<State>(first, max_bytes, parts);
    const bool high = split_digest_to_fit<State>(second, max_bytes, parts);
    return low && high;
}

} // namespace hearsay

#endif
