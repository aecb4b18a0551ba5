// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_OR_SET_HPP
#define HEARSAY_CODEC_OR_SET_HPP

// Codec of or_set<T, Id>: its causal context, then its store
//   varint count, then count x (T element, dot reference, varint counter)
// strictly ascending by (element, replica, counter), as the set keeps them. An
// element present with several dots repeats. Dot references are one byte for
// up to 128 writers (replica_table.hpp), so an entry costs its element plus
// about three bytes. Decoding builds the set's blocks in order and full: a
// small store is decoded in place into its one block, a large one appended.

#include <cstddef>
#include <cstdint>
#include <utility> // move
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/detail/store_codec.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/crdt/or_set.hpp"

namespace hearsay {
namespace detail {

template <class T, class Id> struct store_codec<or_set<T, Id>> {
    using set_type = or_set<T, Id>;
    using entry = typename set_type::entry;
    using entries_type = typename set_type::entries_type;

    template <class U> static auto& context(U& value) { return codec_access::context(value); }

    static void encode(const set_type& value, writer& out, const replica_table<Id>& table) {
        const auto& entries = codec_access::entries(value);
        out.write_varint(entries.size());
        for (const auto& e : entries) {
            encode_value(e.value, out);
            table.write_dot(e.tag, out);
        }
    }

    static bool decode(reader& in, set_type& value, dot_tracker<Id>& tracker) {
        std::size_t count = 0;
        if (!in.enter() || !in.read_count(count, min_encoded_size_v<T> + 2))
            return false;
        auto& entries = codec_access::entries(value);
        std::size_t distinct = 0;
        if (count <= entries_type::max_block) {
            // A small store is one block: decode in place into it.
            std::vector<entry> items;
            in.reserve(items, count);
            for (std::size_t i = 0; i < count; ++i) {
                items.emplace_back();
                if (!read_entry(in, tracker, items[i]) ||
                    (i != 0 && !follows(in, items[i - 1], items[i], distinct)))
                    return false;
            }
            entries = entries_type::from_sorted_block(std::move(items));
        } else {
            // A large one fills blocks one after the other; each entry is appended
            // once the next one has proved it sorted.
            entry previous{};
            entry current{};
            for (std::size_t i = 0; i < count; ++i) {
                if (!read_entry(in, tracker, current))
                    return false;
                if (i != 0) {
                    if (!follows(in, previous, current, distinct))
                        return false;
                    entries.push_back(std::move(previous));
                }
                previous = std::move(current);
                current.value = T{};
            }
            entries.push_back(std::move(previous));
        }
        codec_access::distinct(value) = count == 0 ? 0 : distinct + 1;
        in.leave();
        return true;
    }

  private:
    static bool read_entry(reader& in, dot_tracker<Id>& tracker, entry& e) {
        return decode_value(in, e.value) && tracker.read_dot(in, e.tag);
    }

    // Tells whether `next` sorts strictly after `previous`, counting a new element in
    // `distinct`; one comparison of elements when they differ, as they usually do.
    static bool follows(reader& in, const entry& previous, const entry& next,
                        std::size_t& distinct) {
        if (previous.value < next.value) {
            ++distinct;
            return true;
        }
        if (next.value < previous.value)
            return in.fail(errc::not_canonical);
        return strictly_after(in, previous.tag, next.tag);
    }
};

} // namespace detail

/// Encodes an or_set as its causal context and its (element, dot) entries.
template <class T, class Id>
struct codec_traits<or_set<T, Id>> : detail::causal_codec<or_set<T, Id>, Id> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::or_set);
};

} // namespace hearsay

#endif
