// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_REGISTER_SYNC_HPP
#define HEARSAY_GOSSIP_SYNC_REGISTER_SYNC_HPP

// Anti-entropy for lww_register. The winning (timestamp, writer) pair names the
// register's state, so the digest is that pair, never the value, and a peer
// lacks our state exactly when our pair beats its own. A register is one
// assignment: neither it nor its digest splits.
//
// This relies on lww_register's rule that a writer never reuses a timestamp
// for two different values: two registers with equal pairs are taken as equal.
//
// Wire form of lww_digest: bool assigned; when assigned, Ts timestamp, then Id
// writer (an unassigned register's digest is that one byte).

#include <cstddef>
#include <tuple> // tie

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/values.hpp"
#include "hearsay/crdt/lww_register.hpp"
#include "hearsay/gossip/sync/reply_budget.hpp"

namespace hearsay {

/// Summarises an lww_register for anti-entropy: whether it was assigned, and by which write.
template <class Id, class Ts> struct lww_digest {
    bool assigned = false; ///< whether any assignment has been seen
    Ts timestamp{};        ///< the winning timestamp, Ts{} when unassigned
    Id writer{};           ///< the winning writer, Id{} when unassigned

    friend bool operator==(const lww_digest& a, const lww_digest& b) {
        return a.assigned == b.assigned && a.timestamp == b.timestamp && a.writer == b.writer;
    }
    friend bool operator!=(const lww_digest& a, const lww_digest& b) { return !(a == b); }
};

/// Encodes an lww digest as whether it was assigned, then its timestamp and writer.
template <class Id, class Ts> struct codec_traits<lww_digest<Id, Ts>> {
    static void encode(const lww_digest<Id, Ts>& value, writer& out) {
        encode_value(value.assigned, out);
        if (!value.assigned)
            return;
        encode_value(value.timestamp, out);
        encode_value(value.writer, out);
    }
    static bool decode(reader& in, lww_digest<Id, Ts>& value) {
        if (!in.enter() || !decode_value(in, value.assigned))
            return false;
        if (value.assigned &&
            (!decode_value(in, value.timestamp) || !decode_value(in, value.writer)))
            return false;
        in.leave();
        return true;
    }
};

/// Computes digests and missing deltas of an lww_register (see sync_traits).
template <class T, class Id, class Ts> struct lww_register_sync {
    using state_type = lww_register<T, Id, Ts>;
    using digest_type = lww_digest<Id, Ts>;

    /// Returns the winning (timestamp, writer) of `r`.
    static digest_type digest(const state_type& r) {
        return {r.assigned(), r.timestamp(), r.writer()};
    }

    /// Returns `mine` when its write beats the one `theirs` names, else bottom.
    static state_type missing(const state_type& mine, const digest_type&,
                              const digest_type& theirs) {
        if (!mine.assigned() || (theirs.assigned && !(std::tie(theirs.timestamp, theirs.writer) <
                                                      std::tie(mine.timestamp(), mine.writer()))))
            return state_type{};
        return mine;
    }

    /// Returns missing(mine, mine_digest, theirs): one assignment, which no budget cuts.
    static state_type missing(const state_type& mine, const digest_type& mine_digest,
                              const digest_type& theirs, const reply_budget&) {
        return missing(mine, mine_digest, theirs);
    }

    /// Returns false: an assignment is atomic.
    static bool split(const state_type&, state_type&, state_type&) { return false; }
    /// Returns false: the digest is one pair.
    static bool split_digest(const digest_type&, digest_type&, digest_type&) { return false; }
};

} // namespace hearsay

#endif
