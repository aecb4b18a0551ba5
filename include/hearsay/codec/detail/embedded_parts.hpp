// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_DETAIL_EMBEDDED_PARTS_HPP
#define HEARSAY_CODEC_DETAIL_EMBEDDED_PARTS_HPP

// The store of a non-causal type nested in an or_map (crdt/embedding.hpp): its
// dotted parts, written as a dot_fun store whose values are the parts:
//   g_counter       varint amount, never 0
//   pn_counter      varint added, varint subtracted, not both 0
//   g_set<T>        T element
//   two_phase_set   T element, bool erased
//   lww_register    the register (context.hpp is not involved), assigned
// A part the mutators never write (a zero amount, an unassigned register) is
// refused (errc::not_canonical), as is an amount above max_counter_value
// (errc::counter_too_large); the value readers see is rebuilt from the parts
// decoded.

#include <cstdint>
#include <utility> // pair

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/containers.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/store_codec.hpp"
#include "hearsay/codec/registers.hpp"
#include "hearsay/codec/values.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/crdt/embedding.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/crdt/g_set.hpp"
#include "hearsay/crdt/lww_register.hpp"
#include "hearsay/crdt/pn_counter.hpp"
#include "hearsay/crdt/two_phase_set.hpp"

namespace hearsay::detail {

/// Tells which parts of an embedded Crdt the mutators can write (errc{}) and why not otherwise;
/// all, unless specialised.
template <class Crdt> struct part_rule {
    template <class Part> static errc check(const Part&) { return errc{}; }
};

template <class Id> struct part_rule<g_counter<Id>> {
    static errc check(std::uint64_t amount) {
        if (amount > max_counter_value)
            return errc::counter_too_large;
        return amount != 0 ? errc{} : errc::not_canonical;
    }
};

template <class Id> struct part_rule<pn_counter<Id>> {
    static errc check(const std::pair<std::uint64_t, std::uint64_t>& change) {
        if (change.first > max_counter_value || change.second > max_counter_value)
            return errc::counter_too_large;
        return change.first != 0 || change.second != 0 ? errc{} : errc::not_canonical;
    }
};

template <class T, class Id, class Ts> struct part_rule<lww_register<T, Id, Ts>> {
    static errc check(const lww_register<T, Id, Ts>& write) {
        return write.assigned() ? errc{} : errc::not_canonical;
    }
};

template <class Crdt, class Id> struct store_codec<embedded<Crdt, Id>> {
    using slot_type = embedded<Crdt, Id>;
    using part = typename slot_type::part;

    static void encode(const slot_type& value, writer& out, const replica_table<Id>& table) {
        encode_dot_fun(value.parts(), out, table,
                       [](const part& p, writer& w) { encode_value(p, w); });
    }
    static bool decode(reader& in, slot_type& value, dot_tracker<Id>& tracker) {
        const bool ok = decode_dot_fun(in, codec_access::parts(value), tracker,
                                       min_encoded_size_v<part>, [](reader& r, part& p) {
                                           if (!decode_value(r, p))
                                               return false;
                                           const errc why = part_rule<Crdt>::check(p);
                                           return why == errc{} || r.fail(why);
                                       });
        if (ok)
            codec_access::rebuild(value);
        return ok;
    }
};

} // namespace hearsay::detail

#endif
