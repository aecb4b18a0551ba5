// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_MAPS_HPP
#define HEARSAY_CODEC_MAPS_HPP

// Codecs of the maps:
//   or_map<K, Crdt, Id>        its causal context, then its store:
//                              varint count, count x (K key, nested store),
//                              keys strictly ascending
//   lww_map<K, V, Id, Ts>      as the or_map of lww_registers it wraps
// A nested store is the store of the nested type without a context (the map's
// context serves every level, and its replica table names their dots): the
// store of a causal type (or_set.hpp, registers.hpp, flags.hpp, or a map again),
// or the parts of a non-causal one (detail/embedded_parts.hpp). A key whose
// nested store is empty is absent from a map, so an encoding with one is
// refused.

#include <cstddef>
#include <cstdint>
#include <utility> // move

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/embedded_parts.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/detail/store_codec.hpp"
#include "hearsay/codec/flags.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/or_set.hpp"
#include "hearsay/codec/registers.hpp"
#include "hearsay/crdt/lww_map.hpp"
#include "hearsay/crdt/or_map.hpp"

namespace hearsay {
namespace detail {

template <class K, class Crdt, class Id> struct store_codec<or_map<K, Crdt, Id>> {
    using map_type = or_map<K, Crdt, Id>;
    using slot_type = typename map_type::slot_type;

    template <class U> static auto& context(U& value) { return codec_access::context(value); }

    static void encode(const map_type& value, writer& out, const replica_table<Id>& table) {
        out.write_varint(value.size());
        for (const auto& entry : value) {
            encode_value(entry.first, out);
            store_codec<slot_type>::encode(entry.second, out, table);
        }
    }

    static bool decode(reader& in, map_type& value, dot_tracker<Id>& tracker) {
        std::size_t count = 0;
        if (!in.enter() || !in.read_count(count, min_encoded_size_v<K> + 1))
            return false;
        typename map_type::entries_type::container_type items;
        in.reserve(items, count);
        for (std::size_t i = 0; i < count; ++i) {
            items.emplace_back();
            auto& entry = items.back();
            if (!decode_value(in, entry.first))
                return false;
            if (i != 0 && !strictly_after(in, items[i - 1].first, entry.first))
                return false;
            if (!store_codec<slot_type>::decode(in, entry.second, tracker))
                return false;
            if (entry.second.store_empty()) // bottom under a key: the key would be absent
                return in.fail(errc::not_canonical);
        }
        codec_access::entries(value) = map_type::entries_type::from_sorted(std::move(items));
        in.leave();
        return true;
    }
};

template <class K, class V, class Id, class Ts> struct store_codec<lww_map<K, V, Id, Ts>> {
    using map_type = lww_map<K, V, Id, Ts>;
    using inner = store_codec<typename map_type::map_type>;

    template <class U> static auto& context(U& value) {
        return codec_access::context(codec_access::map(value));
    }

    static void encode(const map_type& value, writer& out, const replica_table<Id>& table) {
        inner::encode(value.registers(), out, table);
    }
    static bool decode(reader& in, map_type& value, dot_tracker<Id>& tracker) {
        return inner::decode(in, codec_access::map(value), tracker);
    }
};

} // namespace detail

/// Encodes an or_map as its causal context and its (key, nested store) entries.
template <class K, class Crdt, class Id>
struct codec_traits<or_map<K, Crdt, Id>> : detail::causal_codec<or_map<K, Crdt, Id>, Id> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::or_map);
};

/// Encodes an lww_map as its causal context and its (key, register parts) entries.
template <class K, class V, class Id, class Ts>
struct codec_traits<lww_map<K, V, Id, Ts>> : detail::causal_codec<lww_map<K, V, Id, Ts>, Id> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::lww_map);
};

} // namespace hearsay

#endif
