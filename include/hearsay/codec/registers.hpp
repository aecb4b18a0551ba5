// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_REGISTERS_HPP
#define HEARSAY_CODEC_REGISTERS_HPP

// Codecs of the registers:
//   lww_register<T, Id, Ts>   bool assigned; when assigned: T value, Ts timestamp,
//                             Id writer (an unassigned register is that one byte)
//   mv_register<T, Id>        its causal context, then its store:
//                             varint count, count x (dot reference, varint counter,
//                             T value), strictly ascending by dot

#include <cstddef>
#include <cstdint>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/store_codec.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/values.hpp"
#include "hearsay/crdt/lww_register.hpp"
#include "hearsay/crdt/mv_register.hpp"

namespace hearsay {

/// Encodes an lww_register as whether it was assigned, then its value, timestamp and writer.
template <class T, class Id, class Ts> struct codec_traits<lww_register<T, Id, Ts>> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::lww_register);

    static void encode(const lww_register<T, Id, Ts>& value, writer& out) {
        encode_value(value.assigned(), out);
        if (!value.assigned())
            return;
        encode_value(value.value(), out);
        encode_value(value.timestamp(), out);
        encode_value(value.writer(), out);
    }
    static bool decode(reader& in, lww_register<T, Id, Ts>& value) {
        bool& assigned = codec_access::assigned(value);
        if (!in.enter() || !decode_value(in, assigned))
            return false;
        if (assigned && (!decode_value(in, codec_access::value(value)) ||
                         !decode_value(in, codec_access::timestamp(value)) ||
                         !decode_value(in, codec_access::writer_id(value))))
            return false;
        in.leave();
        return true;
    }
};

namespace detail {

template <class T, class Id> struct store_codec<mv_register<T, Id>> {
    template <class U> static auto& context(U& value) { return codec_access::context(value); }

    static void encode(const mv_register<T, Id>& value, writer& out,
                       const replica_table<Id>& table) {
        encode_dot_fun(codec_access::values(value), out, table,
                       [](const T& x, writer& w) { encode_value(x, w); });
    }
    static bool decode(reader& in, mv_register<T, Id>& value, dot_tracker<Id>& tracker) {
        return decode_dot_fun(in, codec_access::values(value), tracker, min_encoded_size_v<T>,
                              [](reader& r, T& x) { return decode_value(r, x); });
    }
};

} // namespace detail

/// Encodes an mv_register as its causal context and its (dot, value) entries.
template <class T, class Id>
struct codec_traits<mv_register<T, Id>> : detail::causal_codec<mv_register<T, Id>, Id> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::mv_register);
};

} // namespace hearsay

#endif
