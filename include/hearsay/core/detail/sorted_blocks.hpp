// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_DETAIL_SORTED_BLOCKS_HPP
#define HEARSAY_CORE_DETAIL_SORTED_BLOCKS_HPP

// A sorted sequence stored as a list of small sorted blocks: a B+tree of depth
// two. It serves the large dot stores (an or_set of 100,000 elements) where a
// single sorted vector would move megabytes per insertion and a node-per-element
// tree would cost 40+ bytes of pointers per element.
//
// Costs, for n entries in blocks of at most B: a search is a binary search over
// the blocks' last entries (kept contiguous in `lasts_`) and then within one
// block; an insertion or erasure moves at most B entries, plus n/B block
// handles when a block splits or empties. A merge with another sorted range
// walks both once and rebuilds only the blocks that change.

#include <algorithm> // partition_point, min, equal
#include <cstddef>
#include <iterator> // forward_iterator_tag, make_move_iterator
#include <utility>  // move
#include <vector>

namespace hearsay::detail {

/// Stores entries in sorted order in blocks of at most `max_block` entries.
template <class E> class sorted_blocks {
    using block = std::vector<E>;

  public:
    static constexpr std::size_t max_block = sizeof(E) * 16 > 1536 ? 16 : 1536 / sizeof(E);

    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = E;
        using difference_type = std::ptrdiff_t;
        using pointer = const E*;
        using reference = const E&;

        const_iterator() = default;
        reference operator*() const { return *at_; }
        pointer operator->() const { return at_; }
        const_iterator& operator++() {
            if (++at_ == block_end_)
                enter(block_ + 1);
            return *this;
        }
        const_iterator operator++(int) {
            auto copy = *this;
            ++*this;
            return copy;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.at_ == b.at_;
        }
        friend bool operator!=(const const_iterator& a, const const_iterator& b) {
            return !(a == b);
        }

      private:
        friend class sorted_blocks;
        const_iterator(const std::vector<block>* blocks, std::size_t b, std::size_t pos)
            : blocks_(blocks) {
            enter(b);
            if (at_ != nullptr)
                at_ += pos;
        }
        void enter(std::size_t b) {
            block_ = b;
            if (b < blocks_->size()) {
                at_ = (*blocks_)[b].data();
                block_end_ = at_ + (*blocks_)[b].size();
            } else {
                at_ = block_end_ = nullptr;
            }
        }
        std::size_t pos() const {
            return static_cast<std::size_t>(at_ - (*blocks_)[block_].data());
        }

        const std::vector<block>* blocks_ = nullptr;
        std::size_t block_ = 0;
        const E* at_ = nullptr;
        const E* block_end_ = nullptr;
    };

    /// Adopts `items`, sorted and at most `max_block` long, as the whole sequence (one block).
    static sorted_blocks from_sorted_block(std::vector<E> items) {
        sorted_blocks out;
        out.size_ = items.size();
        append_split(std::move(items), out.blocks_, out.lasts_);
        return out;
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const_iterator begin() const { return {&blocks_, 0, 0}; }
    const_iterator end() const { return {&blocks_, blocks_.size(), 0}; }

    /// Returns the first entry for which `before(entry)` is false; entries must be partitioned.
    template <class Pred> const_iterator partition_point(Pred before) const {
        auto last = std::partition_point(lasts_.begin(), lasts_.end(), before);
        if (last == lasts_.end())
            return end();
        const auto b = static_cast<std::size_t>(last - lasts_.begin());
        const auto& items = blocks_[b];
        auto pos = std::partition_point(items.begin(), items.end(), before);
        return {&blocks_, b, static_cast<std::size_t>(pos - items.begin())};
    }

    /// Inserts `entry` before `pos`, which must be its sorted position; returns its iterator.
    const_iterator insert(const_iterator pos, E entry) {
        std::size_t b = pos.block_;
        std::size_t p = pos.at_ == nullptr ? 0 : pos.pos();
        if (blocks_.empty()) {
            blocks_.emplace_back();
            lasts_.push_back(entry);
        } else if (b == blocks_.size()) {
            b = blocks_.size() - 1;
            p = blocks_[b].size();
        }
        if (blocks_[b].size() == max_block) {
            if (b + 1 < blocks_.size() && blocks_[b + 1].size() < max_block - max_block / 4)
                shift_to_next(b);
            else
                split(b);
            if (p > blocks_[b].size()) { // the entry now belongs to the next block
                p -= blocks_[b].size();
                ++b;
            }
        }
        auto& items = blocks_[b];
        if (items.size() == items.capacity()) // grow by a quarter: blocks stay ~90% full
            items.reserve(std::min(max_block, items.size() + items.size() / 4 + 1));
        items.insert(items.begin() + static_cast<std::ptrdiff_t>(p), std::move(entry));
        if (p + 1 == items.size())
            lasts_[b] = items.back();
        ++size_;
        return {&blocks_, b, p};
    }

    /// Erases the entry at `pos`; returns the iterator to the entry after it.
    const_iterator erase(const_iterator pos) {
        const std::size_t b = pos.block_;
        const std::size_t p = pos.pos();
        auto& items = blocks_[b];
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(p));
        --size_;
        if (items.empty()) {
            blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b));
            lasts_.erase(lasts_.begin() + static_cast<std::ptrdiff_t>(b));
            return {&blocks_, b, 0};
        }
        if (p == items.size()) {
            lasts_[b] = items.back();
            return {&blocks_, b + 1, 0};
        }
        return {&blocks_, b, p};
    }

    /// Appends `entry`, which must not sort before the last entry; fills blocks completely.
    void push_back(E entry) {
        if (blocks_.empty() || blocks_.back().size() == max_block) {
            blocks_.emplace_back();
            if (blocks_.size() > 1)
                blocks_.back().reserve(max_block);
            lasts_.push_back(entry);
        } else {
            lasts_.back() = entry;
        }
        blocks_.back().push_back(std::move(entry));
        ++size_;
    }

    /// Joins the sorted range [first, last) into this sequence: an entry found only
    /// here stays if `keep_mine(entry)`, one found only there is added if
    /// `take_theirs(entry)`, one found in both stays. Blocks that do not change are
    /// kept as they are, so a merge that changes nothing allocates nothing, and a
    /// changed block is released as soon as it is rebuilt. Returns whether anything changed.
    template <class It, class KeepMine, class TakeTheirs>
    bool merge(It first, It last, KeepMine keep_mine, TakeTheirs take_theirs) {
        if (blocks_.empty()) {
            for (; first != last; ++first)
                if (take_theirs(*first))
                    push_back(*first);
            return size_ != 0;
        }
        std::vector<block> blocks;
        std::vector<E> lasts;
        bool changed = false;
        std::size_t size = 0;
        for (std::size_t i = 0; i < blocks_.size(); ++i) {
            block& mine = blocks_[i];
            block merged;
            bool diverged = false;
            E* m = mine.data();
            E* const m_end = m + mine.size();
            auto diverge = [&] {
                if (diverged)
                    return;
                diverged = true;
                merged.reserve(mine.size() + max_block / 2);
                merged.assign(std::make_move_iterator(mine.data()), std::make_move_iterator(m));
            };
            while (m != m_end) {
                if (first == last || *m < *first) { // only mine
                    if (!keep_mine(*m))
                        diverge();
                    else if (diverged)
                        merged.push_back(std::move(*m));
                    ++m;
                } else if (*first < *m) { // only theirs
                    if (take_theirs(*first)) {
                        diverge();
                        merged.push_back(*first);
                    }
                    ++first;
                } else { // both
                    if (diverged)
                        merged.push_back(std::move(*m));
                    ++m;
                    ++first;
                }
            }
            // Their entries past our last one belong to this block only if it is the final one.
            const bool final_block = i + 1 == blocks_.size();
            for (; first != last && (final_block || !(lasts_[i] < *first)); ++first) {
                if (take_theirs(*first)) {
                    diverge();
                    merged.push_back(*first);
                }
            }
            if (!diverged) {
                if (changed) {
                    size += mine.size();
                    lasts.push_back(std::move(lasts_[i]));
                    blocks.push_back(std::move(mine));
                }
                continue;
            }
            if (blocks_.size() == 1 && merged.size() <= max_block) { // small store: in place
                if (merged.empty()) {
                    clear();
                } else {
                    blocks_[0].swap(merged);
                    lasts_[0] = blocks_[0].back();
                    size_ = blocks_[0].size();
                }
                return true;
            }
            if (!changed) { // first change: adopt the unchanged blocks before this one
                changed = true;
                blocks.reserve(blocks_.size() + 1);
                lasts.reserve(blocks_.size() + 1);
                for (std::size_t j = 0; j < i; ++j) {
                    size += blocks_[j].size();
                    lasts.push_back(std::move(lasts_[j]));
                    blocks.push_back(std::move(blocks_[j]));
                }
            }
            block().swap(mine);
            size += merged.size();
            append_split(std::move(merged), blocks, lasts);
        }
        if (!changed)
            return false;
        blocks_ = std::move(blocks);
        lasts_ = std::move(lasts);
        size_ = size;
        return true;
    }

    void clear() {
        blocks_.clear();
        lasts_.clear();
        size_ = 0;
    }

    friend bool operator==(const sorted_blocks& a, const sorted_blocks& b) {
        return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
    }
    friend bool operator!=(const sorted_blocks& a, const sorted_blocks& b) { return !(a == b); }

  private:
    // Appends `items` (sorted, following `blocks`) as blocks of at most max_block.
    static void append_split(block&& items, std::vector<block>& blocks, std::vector<E>& lasts) {
        if (items.empty())
            return;
        if (items.size() <= max_block) {
            lasts.push_back(items.back());
            blocks.push_back(std::move(items));
            return;
        }
        // The first piece keeps the storage of `items`; the others move out of its tail.
        const std::size_t pieces = (items.size() + max_block - 1) / max_block;
        const std::size_t each = (items.size() + pieces - 1) / pieces;
        std::vector<block> tail;
        for (std::size_t at = each; at < items.size(); at += each) {
            const std::size_t end = std::min(items.size(), at + each);
            block piece;
            piece.reserve(max_block);
            piece.assign(std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(at)),
                         std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(end)));
            tail.push_back(std::move(piece));
        }
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(each), items.end());
        lasts.push_back(items.back());
        blocks.push_back(std::move(items));
        for (auto& piece : tail) {
            lasts.push_back(piece.back());
            blocks.push_back(std::move(piece));
        }
    }

    // Moves the top entries of the full block `b` to the front of the next one, so
    // that blocks fill to ~80% before they split rather than ~70%.
    void shift_to_next(std::size_t b) {
        auto& items = blocks_[b];
        auto& next = blocks_[b + 1];
        const auto moved = static_cast<std::ptrdiff_t>((max_block - next.size()) / 2);
        next.reserve(next.size() + static_cast<std::size_t>(moved));
        next.insert(next.begin(), std::make_move_iterator(items.end() - moved),
                    std::make_move_iterator(items.end()));
        items.erase(items.end() - moved, items.end());
        lasts_[b] = items.back();
    }

    // Moves the upper half of block `b` into a new block after it.
    void split(std::size_t b) {
        auto& items = blocks_[b];
        const auto half = static_cast<std::ptrdiff_t>(items.size() / 2);
        block upper(std::make_move_iterator(items.begin() + half),
                    std::make_move_iterator(items.end()));
        items.erase(items.begin() + half, items.end());
        items.shrink_to_fit();
        const auto at = static_cast<std::ptrdiff_t>(b + 1);
        lasts_.insert(lasts_.begin() + at, lasts_[b]);
        lasts_[b] = items.back();
        blocks_.insert(blocks_.begin() + at, std::move(upper));
    }

    std::vector<block> blocks_; // each non-empty and sorted; blocks in order
    std::vector<E> lasts_;      // lasts_[i] == blocks_[i].back(), for searching
    std::size_t size_ = 0;
};

} // namespace hearsay::detail

#endif
