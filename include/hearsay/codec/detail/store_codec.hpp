// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_DETAIL_STORE_CODEC_HPP
#define HEARSAY_CODEC_DETAIL_STORE_CODEC_HPP

// The two halves of every causal data type's encoding. A causal type (or_set,
// mv_register, the flags, or_map, lww_map) is a dot store over a causal
// context; at top level it is written as its context, then its store, whose
// dots name replicas through the context (replica_table.hpp). Nested in an
// or_map, only the store is written: the map's context stands for it, as it
// does in memory.
//
// store_codec<T> writes and reads the store of T; causal_codec<T> adds the
// context and serves as the codec_traits of T. The store codecs of the causal
// types live beside their codec_traits (or_set.hpp, registers.hpp, flags.hpp,
// maps.hpp).

#include <cstddef>
#include <utility> // move
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/context.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/dot_tracker.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/detail/replica_table.hpp"
#include "hearsay/core/causal_context.hpp"
#include "hearsay/crdt/detail/dot_fun.hpp"

namespace hearsay::detail {

/// Encodes the dot store of T, without its context; specialised for each causal type as
/// below. Each store's decode nests one level (decode_limits::max_depth).
///     static void encode(const T&, writer&, const replica_table<Id>&);
///     static bool decode(reader&, T&, dot_tracker<Id>&);   // T starts as T{}
///     template <class U> static auto& context(U&);          // T's context (U: T or const T)
template <class T> struct store_codec;

/// Encodes a causal type at top level: its context, then its store.
template <class T, class Id> struct causal_codec {
    static constexpr std::size_t min_size = 3; // empty vector, empty cloud, empty store

    static void encode(const T& value, writer& out) {
        const causal_context<Id>& context = store_codec<T>::context(value);
        encode_value(context, out);
        store_codec<T>::encode(value, out, replica_table<Id>(context));
    }

    static bool decode(reader& in, T& value) {
        causal_context<Id> context;
        if (!decode_value(in, context))
            return false;
        dot_tracker<Id> tracker(context, in.remaining());
        if (!store_codec<T>::decode(in, value, tracker) || !tracker.finish(in))
            return false;
        store_codec<T>::context(value) = std::move(context);
        return true;
    }
};

/// Writes a dot_fun store: varint count, then (dot reference, value) in dot order.
template <class Id, class V, class EncodeValue>
void encode_dot_fun(const dot_fun<Id, V>& store, writer& out, const replica_table<Id>& table,
                    EncodeValue encode_part) {
    out.write_varint(store.size());
    for (const auto& item : store) {
        table.write_dot(item.first, out);
        encode_part(item.second, out);
    }
}

/// Reads a dot_fun store written by encode_dot_fun; `decode_part(in, V&)` reads and checks
/// one value.
template <class Id, class V, class DecodeValue>
bool decode_dot_fun(reader& in, dot_fun<Id, V>& store, dot_tracker<Id>& tracker,
                    std::size_t min_part_size, DecodeValue decode_part) {
    std::size_t count = 0;
    if (!in.enter() || !in.read_count(count, 2 + min_part_size))
        return false;
    auto& items = codec_access::items(store);
    items.clear();
    in.reserve(items, count);
    for (std::size_t i = 0; i < count; ++i) {
        items.emplace_back();
        auto& item = items.back();
        if (!tracker.read_dot(in, item.first) || !decode_part(in, item.second))
            return false;
        if (i != 0 && !strictly_after(in, items[i - 1].first, item.first))
            return false;
    }
    in.leave();
    return true;
}

} // namespace hearsay::detail

#endif
