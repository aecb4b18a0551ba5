// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_OR_SET_HPP
#define HEARSAY_CODEC_OR_SET_HPP

// Codec of or_set<T, Id>: its causal context, then its store
//   varint count, then count x (T element, dot reference, varint counter)
// strictly ascending by (element, replica, counter), as the set keeps them. An
// element present with several dots repeats. Dot references are one byte for
// up to 128 writers (replica_table.hpp), so an entry costs its element plus
// about three bytes. Decoding fills the set's blocks in order, each full but
// the last.

#include <cstddef>
#include <cstdint>
#include <utility> // move
#include <vector>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/detail/order.hpp"
#include "hearsay/codec/detail/store_codec.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/codec/values.hpp" // one_varint
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
        entries.for_each_span([&](const entry* first, const entry* last) {
            if constexpr (one_varint<T>::value) {
                // Integer elements: the block's most bytes are asked for once, then each
                // entry is three varints stored with no bounds test of their own.
                const auto n = static_cast<std::size_t>(last - first);
                if (std::byte* at = out.room(n * 3 * max_varint_size)) {
                    for (; first != last; ++first)
                        at = table.put_dot(put_varint(at, one_varint<T>::of(first->value)),
                                           first->tag);
                    out.commit(at);
                    return;
                }
            }
            for (; first != last; ++first) {
                encode_value(first->value, out);
                table.write_dot(first->tag, out);
            }
        });
    }

    static bool decode(reader& in, set_type& value, dot_tracker<Id>& tracker) {
        std::size_t count = 0;
        if (!in.enter() || !in.read_count(count, min_encoded_size_v<T> + 2))
            return false;
        // The entries arrive sorted, so they fill the set's blocks in order, each block
        // to max_block: no search, no move of entries. Each entry is checked against the
        // one before it, the first of a block against the last of the block before.
        constexpr std::size_t max_block = entries_type::max_block;
        std::vector<std::vector<entry>> blocks;
        in.reserve(blocks, (count + max_block - 1) / max_block);
        std::size_t distinct = 0;
        for (std::size_t done = 0; done < count;) {
            const std::size_t size = count - done < max_block ? count - done : max_block;
            std::vector<entry> block;
            in.reserve(block, size);
            for (std::size_t i = 0; i < size; ++i) {
                block.emplace_back();
                if (!read_entry(in, tracker, block[i]))
                    return false;
                const entry* previous = i != 0      ? &block[i - 1]
                                        : done != 0 ? &blocks.back().back()
                                                    : nullptr;
                if (previous != nullptr && !follows(in, *previous, block[i], distinct))
                    return false;
            }
            blocks.push_back(std::move(block));
            done += size;
        }
        codec_access::entries(value) = entries_type::from_sorted_blocks(std::move(blocks));
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
