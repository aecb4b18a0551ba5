// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_FLAGS_HPP
#define HEARSAY_CODEC_FLAGS_HPP

// Codecs of ew_flag<Id> and dw_flag<Id>: the causal context, then the store
//   varint count, count x (dot reference, varint counter, bool enabled)
// strictly ascending by dot. The enable-wins flag keeps no mark for a disable,
// so its marks must all be enabled.

#include <cstdint>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/store_codec.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/values.hpp"
#include "hearsay/crdt/detail/causal_flag.hpp"
#include "hearsay/crdt/dw_flag.hpp"
#include "hearsay/crdt/ew_flag.hpp"

namespace hearsay {
namespace detail {

template <class Id, bool DisableWins> struct store_codec<causal_flag<Id, DisableWins>> {
    using flag_type = causal_flag<Id, DisableWins>;

    template <class U> static auto& context(U& value) { return codec_access::context(value); }

    static void encode(const flag_type& value, writer& out, const replica_table<Id>& table) {
        encode_dot_fun(codec_access::marks(value), out, table,
                       [](bool enabled, writer& w) { encode_value(enabled, w); });
    }
    static bool decode(reader& in, flag_type& value, dot_tracker<Id>& tracker) {
        return decode_dot_fun(in, codec_access::marks(value), tracker, 1, [](reader& r, bool& x) {
            if (!decode_value(r, x))
                return false;
            return DisableWins || x || r.fail(errc::not_canonical);
        });
    }
};

} // namespace detail

/// Encodes a flag as its causal context and its (dot, enabled) marks.
template <class Id, bool DisableWins>
struct codec_traits<detail::causal_flag<Id, DisableWins>>
    : detail::causal_codec<detail::causal_flag<Id, DisableWins>, Id> {
    static constexpr std::uint8_t tag =
        detail::tag_byte(DisableWins ? wire_tag::dw_flag : wire_tag::ew_flag);
};

} // namespace hearsay

#endif
