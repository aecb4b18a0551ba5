// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_DETAIL_BLOCK_MERGE_HPP
#define HEARSAY_CORE_DETAIL_BLOCK_MERGE_HPP

// The join of one sorted_blocks sequence into another (sorted_blocks::merge).
// One walk over both: stretches equal on both sides are compared a block at a
// time and left as they are, so an idle merge reads both once and allocates
// nothing. A block that changes is merged into one scratch buffer, reused from
// block to block, and copied back into the block's own storage when it fits;
// a block that outgrows max_block is split evenly, its first piece kept in
// place. Block handles are compacted in place until a block splits, then moved
// to new handle vectors: a merge allocates for the blocks the sequence grows
// by, the scratch buffer and, once, those vectors.

#include <algorithm> // min, max, equal
#include <cstddef>
#include <cstring>     // memcpy, memcmp
#include <iterator>    // make_move_iterator
#include <type_traits> // is_trivially_copyable_v, bool_constant, void_t, false_type
#include <utility>     // move, forward
#include <vector>

namespace hearsay::detail {

template <class E> class sorted_blocks;

/// Tells whether two E with equal bytes are equal: E::bitwise_equality, else no.
template <class E, class = void> struct bitwise_equality : std::false_type {};
template <class E>
struct bitwise_equality<E, std::void_t<decltype(E::bitwise_equality)>>
    : std::bool_constant<E::bitwise_equality> {};

/// Joins sorted_blocks sequences; sorted_blocks::merge is its one caller.
template <class E> class block_merge {
    using blocks_type = sorted_blocks<E>;
    using block = std::vector<E>;
    static constexpr std::size_t max_block = blocks_type::max_block;

  public:
    /// Joins `other` into `s`, as sorted_blocks::merge documents.
    template <class KeepMine, class TakeTheirs>
    static bool run(blocks_type& s, const blocks_type& other, KeepMine keep_mine,
                    TakeTheirs take_theirs) {
        auto t = other.begin();
        if (s.size_ == 0) {
            for (; t.at_ != nullptr; ++t)
                if (take_theirs(*t))
                    s.push_back(*t);
            return s.size_ != 0;
        }
        if (s.one_)
            s.spill(2);
        merge_state state;
        for (std::size_t i = 0; i < s.blocks_.size(); ++i) {
            block& mine = s.blocks_[i];
            E* m = mine.data();
            E* const m_end = m + mine.size();
            // Stretches equal on both sides (every block, in an idle merge) are
            // compared in bulk and left as they are.
            while (m != m_end && t.at_ != nullptr) {
                const auto n = static_cast<std::size_t>(
                    std::min(m_end - m, static_cast<std::ptrdiff_t>(t.block_end_ - t.at_)));
                if (!equal_run(m, t.at_, n))
                    break;
                m += n;
                t.skip(n);
            }
            bool diverged = false;
            auto diverge = [&] {
                if (diverged)
                    return;
                diverged = true;
                state.start(mine.data(), m, mine.size() + mine.size() / 2 + 4);
            };
            while (m != m_end) {
                if (t.at_ == nullptr || *m < *t) { // only mine
                    if (!keep_mine(*m))
                        diverge();
                    else if (diverged)
                        state.put(std::move(*m));
                    ++m;
                } else if (*t < *m) { // only theirs
                    if (take_theirs(*t)) {
                        diverge();
                        state.put(*t);
                    }
                    ++t;
                } else { // both
                    if (diverged)
                        state.put(std::move(*m));
                    ++m;
                    ++t;
                }
            }
            // Their entries past our last one belong to this block only if it is the final one.
            if (i + 1 == s.blocks_.size()) {
                for (; t.at_ != nullptr; ++t) {
                    if (take_theirs(*t)) {
                        diverge();
                        state.put(*t);
                    }
                }
            }
            if (diverged)
                rewrite(s, i, state);
            else
                keep(s, i, state);
        }
        if (!state.changed)
            return false;
        if (state.grown) {
            s.blocks_ = std::move(state.blocks);
            s.lasts_ = std::move(state.lasts);
        } else {
            s.blocks_.erase(s.blocks_.begin() + static_cast<std::ptrdiff_t>(state.kept),
                            s.blocks_.end());
            s.lasts_.erase(s.lasts_.begin() + static_cast<std::ptrdiff_t>(state.kept),
                           s.lasts_.end());
        }
        s.size_ = state.size;
        if (s.size_ == 0)
            s.clear();
        return true;
    }

  private:
    // Where a merge puts the blocks it keeps: in place at `kept` while no block has
    // split, then, once one has (`grown`), into new handle vectors.
    struct merge_state {
        block scratch;        // the block being rewritten: its first `used` entries
        std::size_t used = 0; // (slots past them are spare, so that a write is one store)
        std::vector<block> blocks;
        std::vector<E> lasts;
        std::size_t kept = 0;
        std::size_t size = 0;
        bool changed = false;
        bool grown = false;

        // Starts a rewrite with the entries [first, last), leaving room for `expected` in all.
        void start(E* first, E* last, std::size_t expected) {
            used = static_cast<std::size_t>(last - first);
            if (scratch.size() < expected)
                scratch.resize(expected);
            std::move(first, last, scratch.begin());
        }
        template <class V> void put(V&& entry) {
            if (used == scratch.size())
                grow();
            scratch[used++] = std::forward<V>(entry);
        }
        void grow() { scratch.resize(std::max<std::size_t>(used * 2, 8)); }
    };

    // Tells whether the `n` entries at `a` equal those at `b`: one memcmp when E says
    // (E::bitwise_equality) that entries with equal bytes are equal.
    static bool equal_run(const E* a, const E* b, std::size_t n) {
        if constexpr (bitwise_equality<E>::value)
            return std::memcmp(static_cast<const void*>(a), static_cast<const void*>(b),
                               n * sizeof(E)) == 0;
        else
            return std::equal(a, a + n, b);
    }

    // Files block `i`, unchanged, after the blocks kept so far.
    static void keep(blocks_type& s, std::size_t i, merge_state& state) {
        state.size += s.blocks_[i].size();
        if (state.grown) {
            state.lasts.push_back(std::move(s.lasts_[i]));
            state.blocks.push_back(std::move(s.blocks_[i]));
        } else if (state.kept != i) {
            s.blocks_[state.kept] = std::move(s.blocks_[i]);
            s.lasts_[state.kept] = std::move(s.lasts_[i]);
        }
        ++state.kept;
    }

    // Replaces block `i` by the merged entries in `state.scratch`: in the block's own
    // storage when they fit in one block, else split evenly, the first piece kept in place.
    static void rewrite(blocks_type& s, std::size_t i, merge_state& state) {
        state.changed = true;
        block& mine = s.blocks_[i];
        block& merged = state.scratch;
        const std::size_t total = state.used;
        if (total == 0) {
            block().swap(mine);
            return;
        }
        const std::size_t pieces = (total + max_block - 1) / max_block;
        const std::size_t each = (total + pieces - 1) / pieces;
        if (pieces == 1 && mine.capacity() < total &&
            merged.capacity() <= std::max(max_block, total + total / 2)) {
            merged.resize(total);
            mine.swap(merged); // the scratch's storage becomes the block; the old one is reused
        } else {
            if (mine.capacity() < each) {
                block().swap(mine);
                mine.reserve(std::min(max_block, each + each / 4));
            }
            assign_moved(mine, merged.data(), merged.data() + each);
        }
        s.lasts_[i] = mine.back();
        if (pieces == 1) {
            keep(s, i, state);
            return;
        }
        if (!state.grown) { // first split: move the blocks kept so far to new handle vectors
            state.grown = true;
            state.blocks.reserve(s.blocks_.size() + pieces + s.blocks_.size() / 2);
            state.lasts.reserve(s.blocks_.size() + pieces + s.blocks_.size() / 2);
            for (std::size_t j = 0; j < state.kept; ++j) {
                state.blocks.push_back(std::move(s.blocks_[j]));
                state.lasts.push_back(std::move(s.lasts_[j]));
            }
        }
        keep(s, i, state);
        for (std::size_t at = each; at < total; at += each) {
            const std::size_t end = std::min(total, at + each);
            block piece;
            piece.reserve(std::min(max_block, (end - at) + (end - at) / 4));
            assign_moved(piece, merged.data() + at, merged.data() + end);
            state.size += piece.size();
            state.lasts.push_back(piece.back());
            state.blocks.push_back(std::move(piece));
            ++state.kept;
        }
    }

    // Replaces the entries of `to` by those of [first, last), moved: copied in bulk when
    // entries are plain bytes.
    static void assign_moved(block& to, E* first, E* last) {
        const auto n = static_cast<std::size_t>(last - first);
        if constexpr (std::is_trivially_copyable_v<E>) {
            if (to.size() >= n) {
                std::memcpy(static_cast<void*>(to.data()), first, n * sizeof(E));
                to.resize(n);
                return;
            }
            to.clear();
            to.insert(to.end(), first, last);
        } else {
            to.assign(std::make_move_iterator(first), std::make_move_iterator(last));
        }
    }
};

} // namespace hearsay::detail

#endif
