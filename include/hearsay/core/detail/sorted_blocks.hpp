// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_DETAIL_SORTED_BLOCKS_HPP
#define HEARSAY_CORE_DETAIL_SORTED_BLOCKS_HPP

// A sorted sequence stored as a list of small sorted blocks: a B+tree of depth
// two. It serves the large dot stores (an or_set of 100,000 elements) where a
// single sorted vector would move megabytes per insertion and a node-per-element
// tree would cost 40+ bytes of pointers per element.
//
// A sequence of one entry (what every insert delta holds) lives inline, with no
// block: building, copying and dropping it allocates nothing.
//
// Costs, for n entries in blocks of at most B: a search is a binary search over
// the blocks' last entries (kept contiguous in `lasts_`) and then within one
// block; an insertion or erasure moves at most B entries, plus n/B block
// handles when a block splits or empties. A merge with another sorted sequence
// walks both once and rewrites only the blocks that change, in their own
// storage where they fit (block_merge.hpp).

#include <algorithm> // min, equal
#include <cstddef>
#include <iterator> // forward_iterator_tag, make_move_iterator
#include <optional>
#include <type_traits> // is_nothrow_move_constructible_v, is_nothrow_move_assignable_v
#include <utility>     // move, pair
#include <vector>

#include "hearsay/core/detail/block_merge.hpp"

#if defined(__GNUC__) || defined(__clang__)
#define HEARSAY_PREFETCH(address) __builtin_prefetch(address)
#else
#define HEARSAY_PREFETCH(address) static_cast<void>(address)
#endif

namespace hearsay::detail {

/// Stores entries in sorted order in blocks of at most `max_block` entries.
template <class E> class sorted_blocks {
    using block = std::vector<E>;
    using span = std::pair<const E*, const E*>;

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
        friend class block_merge<E>;
        const_iterator(const sorted_blocks* owner, std::size_t b, std::size_t pos) : owner_(owner) {
            enter(b);
            if (at_ != nullptr)
                at_ += pos;
        }
        void enter(std::size_t b) {
            block_ = b;
            const span s = owner_->span_of(b);
            at_ = s.first;
            block_end_ = s.second;
        }
        std::size_t pos() const {
            return static_cast<std::size_t>(at_ - owner_->span_of(block_).first);
        }
        // Steps over `n` entries, which must not pass the end of the current block.
        void skip(std::size_t n) {
            at_ += n;
            if (at_ == block_end_)
                enter(block_ + 1);
        }

        const sorted_blocks* owner_ = nullptr;
        std::size_t block_ = 0;
        const E* at_ = nullptr;
        const E* block_end_ = nullptr;
    };

    sorted_blocks() = default;
    sorted_blocks(const sorted_blocks&) = default;
    sorted_blocks& operator=(const sorted_blocks&) = default;
    // A moved-from sequence is left empty, not with the size of what it gave away.
    sorted_blocks(sorted_blocks&& other) noexcept(std::is_nothrow_move_constructible_v<E>)
        : blocks_(std::move(other.blocks_)), lasts_(std::move(other.lasts_)),
          one_(std::move(other.one_)), size_(other.size_) {
        other.clear();
    }
    sorted_blocks& operator=(sorted_blocks&& other) noexcept(
        std::is_nothrow_move_assignable_v<E>&& std::is_nothrow_move_constructible_v<E>) {
        if (this != &other) {
            blocks_ = std::move(other.blocks_);
            lasts_ = std::move(other.lasts_);
            one_ = std::move(other.one_);
            size_ = other.size_;
            other.clear();
        }
        return *this;
    }
    ~sorted_blocks() = default;

    /// Adopts `blocks` as the whole sequence: each non-empty, sorted and at most `max_block`
    /// long, and each entry sorting after those of the blocks before it. A decoder fills blocks
    /// in order this way with no search and no move of entries.
    static sorted_blocks from_sorted_blocks(std::vector<std::vector<E>> blocks) {
        sorted_blocks out;
        for (const auto& items : blocks)
            out.size_ += items.size();
        if (out.size_ == 1) {
            out.one_.emplace(std::move(blocks.front().front()));
            return out;
        }
        out.lasts_.reserve(blocks.size());
        for (const auto& items : blocks)
            out.lasts_.push_back(items.back());
        out.blocks_ = std::move(blocks);
        return out;
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const_iterator begin() const { return {this, 0, 0}; }
    const_iterator end() const { return {this, block_count(), 0}; }

    /// Calls `f(first, last)` for each block's contiguous entries, in order.
    template <class F> void for_each_span(F&& f) const {
        for (std::size_t b = 0; b < block_count(); ++b) {
            const span s = span_of(b);
            f(s.first, s.second);
        }
    }

    /// Returns the first entry for which `before(entry)` is false; entries must be partitioned.
    template <class Pred> const_iterator partition_point(Pred before) const {
        if (one_)
            return before(*one_) ? end() : begin();
        const std::size_t b = first_false(lasts_.data(), lasts_.size(), before);
        if (b == lasts_.size())
            return end();
        const E* items = blocks_[b].data();
        const std::size_t n = blocks_[b].size();
        // The search's steps each wait for the previous one's load; fetching the whole block
        // first lets its cache misses overlap instead.
        for (std::size_t at = 0; at < n * sizeof(E); at += 64)
            HEARSAY_PREFETCH(reinterpret_cast<const char*>(items) + at);
        return {this, b, first_false(items, n, before)};
    }

    /// Inserts `entry` before `pos`, which must be its sorted position; returns its iterator.
    const_iterator insert(const_iterator pos, E entry) {
        std::size_t b = pos.block_;
        std::size_t p = pos.at_ == nullptr ? size_ : pos.pos();
        if (size_ == 0) {
            one_.emplace(std::move(entry));
            size_ = 1;
            return begin();
        }
        if (one_) {
            spill(2);
            b = 0;
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
        return {this, b, p};
    }

    /// Erases the entry at `pos`; returns the iterator to the entry after it.
    const_iterator erase(const_iterator pos) {
        if (one_) {
            clear();
            return end();
        }
        const std::size_t b = pos.block_;
        const std::size_t p = pos.pos();
        auto& items = blocks_[b];
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(p));
        --size_;
        if (items.empty()) {
            blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b));
            lasts_.erase(lasts_.begin() + static_cast<std::ptrdiff_t>(b));
            return {this, b, 0};
        }
        if (p == items.size()) {
            lasts_[b] = items.back();
            return {this, b + 1, 0};
        }
        return {this, b, p};
    }

    /// Appends `entry`, which must not sort before the last entry; fills blocks completely.
    void push_back(E entry) {
        if (size_ == 0) {
            one_.emplace(std::move(entry));
            size_ = 1;
            return;
        }
        if (one_)
            spill(max_block);
        if (blocks_.back().size() == max_block) {
            blocks_.emplace_back();
            blocks_.back().reserve(max_block);
            lasts_.push_back(entry);
        } else {
            lasts_.back() = entry;
        }
        blocks_.back().push_back(std::move(entry));
        ++size_;
    }

    /// Joins `other` into this sequence: an entry found only here stays if
    /// `keep_mine(entry)`, one found only there is added if `take_theirs(entry)`,
    /// one found in both stays. A merge that changes nothing allocates nothing.
    /// Returns whether anything changed (block_merge.hpp).
    template <class KeepMine, class TakeTheirs>
    bool merge(const sorted_blocks& other, KeepMine keep_mine, TakeTheirs take_theirs) {
        return block_merge<E>::run(*this, other, std::move(keep_mine), std::move(take_theirs));
    }

    void clear() {
        blocks_.clear();
        lasts_.clear();
        one_.reset();
        size_ = 0;
    }

    friend bool operator==(const sorted_blocks& a, const sorted_blocks& b) {
        return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
    }
    friend bool operator!=(const sorted_blocks& a, const sorted_blocks& b) { return !(a == b); }

  private:
    friend class block_merge<E>;

    std::size_t block_count() const { return one_ ? 1 : blocks_.size(); }

    // Returns the index of the first of the `n` entries at `first` for which `before` is
    // false. The search halves the range with a mask rather than a branch: a lookup of an
    // element in no relation to the last one mispredicts half of a branchy search's steps.
    template <class Pred>
    static std::size_t first_false(const E* first, std::size_t n, const Pred& before) {
        if (n == 0)
            return 0;
        const E* base = first;
        while (n > 1) {
            const std::size_t half = n / 2;
            base += half & (std::size_t{0} - static_cast<std::size_t>(before(base[half - 1])));
            n -= half;
        }
        return static_cast<std::size_t>(base - first) + (before(*base) ? 1 : 0);
    }

    span span_of(std::size_t b) const {
        if (one_)
            return b == 0 ? span{&*one_, &*one_ + 1} : span{nullptr, nullptr};
        if (b < blocks_.size())
            return {blocks_[b].data(), blocks_[b].data() + blocks_[b].size()};
        return {nullptr, nullptr};
    }

    // Moves the inline entry into a block of capacity `capacity`.
    void spill(std::size_t capacity) {
        blocks_.emplace_back();
        blocks_.back().reserve(capacity);
        blocks_.back().push_back(std::move(*one_));
        lasts_.push_back(blocks_.back().back());
        one_.reset();
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

    std::vector<block> blocks_; // each non-empty and sorted; blocks in order; empty if one_
    std::vector<E> lasts_;      // lasts_[i] == blocks_[i].back(), for searching
    std::optional<E> one_;      // the only entry of a one-entry sequence, held inline
    std::size_t size_ = 0;
};

} // namespace hearsay::detail

#undef HEARSAY_PREFETCH

#endif
