// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SYNC_ORIGIN_RANGE_HPP
#define HEARSAY_GOSSIP_SYNC_ORIGIN_RANGE_HPP

// origin_range: the events that one part of a digest speaks for. A digest too
// large for one datagram is split into parts over disjoint ranges; a peer
// answers each part with what it has within that range only, so the answers
// to all parts together are the answer to the whole digest.
//
// A range is half-open in (origin, counter) order: from the dot (from,
// from_counter) up to, not including, the dot (until, until_counter); either
// end may be absent (unbounded), and a counter of 0 stands for the origin's
// first event. So a range can cut inside one origin's events, which is what
// lets a digest whose single origin holds many gaps still split into parts
// that each fit a datagram (causal_sync.hpp). It needs nothing of Id but
// operator<; the default range holds every event.
//
// Wire form: one byte, bit 0 set when `from` is present, bit 1 when `until` is,
// bit 2 when `from_counter` follows `from`, bit 3 when `until_counter` follows
// `until`; then from, [from_counter], until, [until_counter], counters as
// varints. Canonical: a counter is written only when it is at least 2 (0 and 1
// both mean the origin's first event, and 0 is stored), at most
// max_counter_value, and only with its origin; when both ends are present the
// range is not empty. Anything else is refused.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/error.hpp"

namespace hearsay {

/// Names the events from (from, from_counter) up to (until, until_counter), exclusive, in
/// (origin, counter) order; an absent end is unbounded.
template <class Id> struct origin_range {
    std::optional<Id> from;          ///< the lowest origin covered, inclusive
    std::optional<Id> until;         ///< the last origin, of which only counters below
                                     ///< until_counter are covered (none when it is 0)
    std::uint64_t from_counter = 0;  ///< with `from`: its first counter covered; 0 or 1 for all
    std::uint64_t until_counter = 0; ///< with `until`: its first counter not covered; 0 for all

    /// Tells whether the range holds every event.
    bool whole() const { return !from && !until; }

    /// Tells whether some event of `origin` may lie in the range.
    bool contains(const Id& origin) const {
        if ((from && origin < *from) || (until && *until < origin))
            return false;
        return !until || origin < *until || until_counter > lowest(origin);
    }

    /// Tells whether the event `d` lies in the range.
    bool contains(const dot<Id>& d) const {
        return contains(d.replica) && lowest(d.replica) <= d.counter &&
               d.counter <= highest(d.replica);
    }

    /// Returns the lowest counter of `origin`, which the range must contain, in the range.
    std::uint64_t lowest(const Id& origin) const {
        return from && !(*from < origin) && from_counter > 1 ? from_counter : 1;
    }

    /// Returns the highest counter of `origin`, which the range must contain, in the range (the
    /// largest std::uint64_t when the range runs past the origin).
    std::uint64_t highest(const Id& origin) const {
        if (!until || origin < *until)
            return ~std::uint64_t{0};
        return until_counter == 0 ? 0 : until_counter - 1;
    }

    /// Tells whether the range cuts inside an origin's events.
    bool cuts_counters() const { return from_counter != 0 || until_counter != 0; }

    /// Returns the first dot of the range in (origin, counter) order, or null when unbounded.
    std::optional<dot<Id>> first_dot() const {
        return from ? std::optional<dot<Id>>(dot<Id>{*from, from_counter}) : std::nullopt;
    }
    /// Returns the first dot past the range in (origin, counter) order, or null when unbounded.
    std::optional<dot<Id>> end_dot() const {
        return until ? std::optional<dot<Id>>(dot<Id>{*until, until_counter}) : std::nullopt;
    }

    /// Returns the range from dot `lo` (null: unbounded) up to dot `hi` (null: unbounded), in the
    /// canonical form (a counter below 2 of a lower end is 0).
    static origin_range between(const std::optional<dot<Id>>& lo,
                                const std::optional<dot<Id>>& hi) {
        origin_range out;
        if (lo) {
            out.from = lo->replica;
            out.from_counter = lo->counter > 1 ? lo->counter : 0;
        }
        if (hi) {
            out.until = hi->replica;
            out.until_counter = hi->counter > 1 ? hi->counter : 0;
        }
        return out;
    }

    friend bool operator==(const origin_range& a, const origin_range& b) {
        return a.from == b.from && a.until == b.until && a.from_counter == b.from_counter &&
               a.until_counter == b.until_counter;
    }
    friend bool operator!=(const origin_range& a, const origin_range& b) { return !(a == b); }
};

/// Encodes an origin range as a presence byte and its present bounds.
template <class Id> struct codec_traits<origin_range<Id>> {
    static void encode(const origin_range<Id>& value, writer& out) {
        const unsigned bounds = (value.from ? 1u : 0u) | (value.until ? 2u : 0u) |
                                (value.from && value.from_counter != 0 ? 4u : 0u) |
                                (value.until && value.until_counter != 0 ? 8u : 0u);
        out.write_byte(static_cast<std::byte>(bounds));
        if (value.from) {
            encode_value(*value.from, out);
            if (value.from_counter != 0)
                out.write_varint(value.from_counter);
        }
        if (value.until) {
            encode_value(*value.until, out);
            if (value.until_counter != 0)
                out.write_varint(value.until_counter);
        }
    }
    static bool decode(reader& in, origin_range<Id>& value) {
        std::byte bounds{};
        if (!in.read_byte(bounds))
            return false;
        const auto bits = static_cast<unsigned>(bounds);
        if (bits > 15 || ((bits & 4u) != 0 && (bits & 1u) == 0) ||
            ((bits & 8u) != 0 && (bits & 2u) == 0))
            return in.fail(errc::invalid_value);
        auto read_bound = [&](unsigned origin_bit, unsigned counter_bit, std::optional<Id>& id,
                              std::uint64_t& at) {
            if ((bits & origin_bit) == 0)
                return true;
            if (!decode_value(in, id.emplace()))
                return false;
            if ((bits & counter_bit) == 0)
                return true;
            if (!in.read_counter(at))
                return false;
            return at >= 2 || in.fail(errc::not_canonical); // 0 and 1 are written as absent
        };
        if (!read_bound(1u, 4u, value.from, value.from_counter) ||
            !read_bound(2u, 8u, value.until, value.until_counter))
            return false;
        if (value.from && value.until && !(*value.first_dot() < *value.end_dot()))
            return in.fail(errc::invalid_value); // an empty range covers nothing
        return true;
    }
};

} // namespace hearsay

#endif
