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
// handles when a block splits or empties; sequential iteration is contiguous
// within a block. Appending in order (how merges build their result) fills
// blocks completely, so a merged replica costs little more than its entries.

#include <algorithm> // partition_point
#include <cstddef>
#include <iterator> // forward_iterator_tag
#include <utility>  // move
#include <vector>

namespace hearsay::detail {

/// Stores entries in sorted order in blocks of at most `max_block` entries.
template <class E> class sorted_blocks {
  public:
    static constexpr std::size_t max_block = sizeof(E) * 16 > 1536 ? 16 : 1536 / sizeof(E);

    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = E;
        using difference_type = std::ptrdiff_t;
        using pointer = const E *;
        using reference = const E &;

        const_iterator() = default;
        reference operator*() const { return (*blocks_)[block_][pos_]; }
        pointer operator->() const { return &(*blocks_)[block_][pos_]; }
        const_iterator &operator++() {
            if (++pos_ == (*blocks_)[block_].size()) {
                ++block_;
                pos_ = 0;
            }
            return *this;
        }
        const_iterator operator++(int) {
            auto copy = *this;
            ++*this;
            return copy;
        }
        friend bool operator==(const const_iterator &a, const const_iterator &b) {
            return a.block_ == b.block_ && a.pos_ == b.pos_;
        }
        friend bool operator!=(const const_iterator &a, const const_iterator &b) {
            return !(a == b);
        }

      private:
        friend class sorted_blocks;
        const_iterator(const std::vector<std::vector<E>> *blocks, std::size_t block,
                       std::size_t pos)
            : blocks_(blocks), block_(block), pos_(pos) {}

        const std::vector<std::vector<E>> *blocks_ = nullptr;
        std::size_t block_ = 0;
        std::size_t pos_ = 0;
    };

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const_iterator begin() const { return {&blocks_, 0, 0}; }
    const_iterator end() const { return {&blocks_, blocks_.size(), 0}; }

    /// Returns the first entry for which `before(entry)` is false; entries must be partitioned.
    template <class Pred> const_iterator partition_point(Pred before) const {
        auto block = std::partition_point(lasts_.begin(), lasts_.end(), before);
        if (block == lasts_.end())
            return end();
        const auto b = static_cast<std::size_t>(block - lasts_.begin());
        const auto &items = blocks_[b];
        auto pos = std::partition_point(items.begin(), items.end(), before);
        return {&blocks_, b, static_cast<std::size_t>(pos - items.begin())};
    }

    /// Inserts `entry` before `pos`, which must be its sorted position; returns its iterator.
    const_iterator insert(const_iterator pos, E entry) {
        std::size_t b = pos.block_;
        std::size_t p = pos.pos_;
        if (blocks_.empty()) {
            blocks_.emplace_back();
            lasts_.push_back(entry);
        } else if (b == blocks_.size()) {
            b = blocks_.size() - 1;
            p = blocks_[b].size();
        }
        if (blocks_[b].size() == max_block) {
            split(b);
            if (p > blocks_[b].size()) {
                p -= blocks_[b].size();
                ++b;
            }
        }
        auto &items = blocks_[b];
        items.insert(items.begin() + static_cast<std::ptrdiff_t>(p), std::move(entry));
        if (p + 1 == items.size())
            lasts_[b] = items.back();
        ++size_;
        return {&blocks_, b, p};
    }

    /// Erases the entry at `pos`; returns the iterator to the entry after it.
    const_iterator erase(const_iterator pos) {
        const std::size_t b = pos.block_;
        auto &items = blocks_[b];
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(pos.pos_));
        --size_;
        if (items.empty()) {
            blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b));
            lasts_.erase(lasts_.begin() + static_cast<std::ptrdiff_t>(b));
            return {&blocks_, b, 0};
        }
        if (pos.pos_ == items.size()) {
            lasts_[b] = items.back();
            return {&blocks_, b + 1, 0};
        }
        return pos;
    }

    /// Appends `entry`, which must not sort before the last entry; fills blocks completely.
    void push_back(E entry) {
        if (blocks_.empty() || blocks_.back().size() == max_block) {
            blocks_.emplace_back();
            blocks_.back().reserve(max_block);
            lasts_.push_back(entry);
        } else {
            lasts_.back() = entry;
        }
        blocks_.back().push_back(std::move(entry));
        ++size_;
    }

    void clear() {
        blocks_.clear();
        lasts_.clear();
        size_ = 0;
    }

    friend bool operator==(const sorted_blocks &a, const sorted_blocks &b) {
        return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
    }
    friend bool operator!=(const sorted_blocks &a, const sorted_blocks &b) { return !(a == b); }

  private:
    // Moves the upper half of block `b` into a new block after it.
    void split(std::size_t b) {
        auto &items = blocks_[b];
        const auto half = static_cast<std::ptrdiff_t>(items.size() / 2);
        std::vector<E> upper;
        upper.reserve(max_block);
        upper.assign(std::make_move_iterator(items.begin() + half),
                     std::make_move_iterator(items.end()));
        items.erase(items.begin() + half, items.end());
        const auto at = static_cast<std::ptrdiff_t>(b + 1);
        lasts_.insert(lasts_.begin() + at, lasts_[b]);
        lasts_[b] = items.back();
        blocks_.insert(blocks_.begin() + at, std::move(upper));
    }

    std::vector<std::vector<E>> blocks_; // each non-empty and sorted; blocks in order
    std::vector<E> lasts_;               // lasts_[i] == blocks_[i].back(), for searching
    std::size_t size_ = 0;
};

} // namespace hearsay::detail

#endif
