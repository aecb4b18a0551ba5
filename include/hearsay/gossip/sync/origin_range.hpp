// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_ORIGIN_RANGE_HPP
#define HEARSAY_GOSSIP_SYNC_ORIGIN_RANGE_HPP

// origin_range: the replicas (origins of events) that one part of a digest
// speaks for. A digest too large for one datagram is split into parts over
// disjoint ranges of origins; a peer answers each part with what it has of
// those origins only, so the answers to all parts together are the answer to
// the whole digest. A range is half-open, [from, until), either end possibly
// absent (unbounded), which needs nothing of Id but operator<; the default
// range holds every origin.
//
// Wire form: one byte, bit 0 set when `from` is present and bit 1 when `until`
// is, then those bounds in that order; when both are present from < until. Any
// other byte, or an empty range, is refused.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/error.hpp"

namespace hearsay {

/// Names the origins [from, until) that a digest part covers; an absent bound is unbounded.
template <class Id> struct origin_range {
    std::optional<Id> from;  ///< the lowest origin covered, inclusive
    std::optional<Id> until; ///< the first origin past the range, exclusive

    /// Tells whether the range holds every origin.
    bool whole() const { return !from && !until; }

    /// Tells whether `origin` lies in the range.
    bool contains(const Id& origin) const {
        return (!from || !(origin < *from)) && (!until || origin < *until);
    }

    /// Returns the first dot of the range in (origin, counter) order, or null when unbounded.
    std::optional<dot<Id>> first_dot() const {
        return from ? std::optional<dot<Id>>(dot<Id>{*from, 0}) : std::nullopt;
    }
    /// Returns the first dot past the range in (origin, counter) order, or null when unbounded.
    std::optional<dot<Id>> end_dot() const {
        return until ? std::optional<dot<Id>>(dot<Id>{*until, 0}) : std::nullopt;
    }

    friend bool operator==(const origin_range& a, const origin_range& b) {
        return a.from == b.from && a.until == b.until;
    }
    friend bool operator!=(const origin_range& a, const origin_range& b) { return !(a == b); }
};

/// Encodes an origin range as a presence byte and its present bounds.
template <class Id> struct codec_traits<origin_range<Id>> {
    static void encode(const origin_range<Id>& value, writer& out) {
        const unsigned bounds = (value.from ? 1u : 0u) | (value.until ? 2u : 0u);
        out.write_byte(static_cast<std::byte>(bounds));
        if (value.from)
            encode_value(*value.from, out);
        if (value.until)
            encode_value(*value.until, out);
    }
    static bool decode(reader& in, origin_range<Id>& value) {
        std::byte bounds{};
        if (!in.read_byte(bounds))
            return false;
        const auto bits = static_cast<unsigned>(bounds);
        if (bits > 3)
            return in.fail(errc::invalid_value);
        if ((bits & 1u) != 0 && !decode_value(in, value.from.emplace()))
            return false;
        if ((bits & 2u) != 0 && !decode_value(in, value.until.emplace()))
            return false;
        if (value.from && value.until && !(*value.from < *value.until))
            return in.fail(errc::invalid_value); // an empty range covers nothing
        return true;
    }
};

} // namespace hearsay

#endif
