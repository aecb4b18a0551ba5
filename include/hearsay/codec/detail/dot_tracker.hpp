// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CODEC_DETAIL_DOT_TRACKER_HPP
#define HEARSAY_CODEC_DETAIL_DOT_TRACKER_HPP

// dot_tracker: the decoding side of replica_table.hpp. It resolves each dot
// reference of a store against the context decoded before it and enforces the
// invariants the data types rely on:
//   - the reference is the canonical one for its replica;
//   - the context covers the dot (a store never holds an event it has not seen);
//   - no dot appears twice in the whole store, nested stores included (the
//     merges' fast paths count dots, and a repeated one would make replicas
//     disagree).
// Uniqueness is checked with a bitmap over the context's dots (the vector's
// counters laid end to end, then the cloud's ranges) when that bitmap is small
// next to the message, else by sorting the references seen; either way memory
// stays within a few times the message size, whatever the counters claim.

#include <algorithm> // partition_point, sort, adjacent_find
#include <cstddef>
#include <cstdint>
#include <utility> // pair
#include <vector>

#include "hearsay/codec/detail/access.hpp"
#include "hearsay/codec/reader.hpp"
#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/dot_range.hpp"
#include "hearsay/core/error.hpp"

namespace hearsay::detail {

/// Resolves and checks the dots of the stores decoded under one causal context.
template <class Id> class dot_tracker {
  public:
    /// Tracks dots of `context`, which must outlive the tracker, in a message of `message_size`
    /// bytes.
    dot_tracker(const causal_context<Id>& context, std::size_t message_size)
        : vector_(codec_access::counters(context.compact()).items()), cloud_(context.cloud()) {
        const std::uint64_t bytes = message_size;
        const std::uint64_t budget = // bits: a bitmap of at most 4 bytes per message byte
            bytes < (std::uint64_t{1} << 56) ? 32 * bytes + 65536 : std::uint64_t{1} << 61;
        std::uint64_t total = 0;
        for (const auto& entry : vector_) {
            if (entry.second > budget || total > budget - entry.second)
                return; // too sparse for a bitmap: sort references instead
            total += entry.second;
        }
        vector_bits_ = total;
        for (const auto& r : cloud_) {
            if (r.size() > budget || total > budget - r.size())
                return;
            total += r.size();
        }
        bitmap_ = true;
        bitmap_bits_ = total;
    }

    /// Reads a dot as (reference, counter) into `out`; fails unless it is canonical, covered by
    /// the context and not seen before.
    bool read_dot(reader& in, dot<Id>& out) {
        std::uint64_t ref = 0;
        std::uint64_t counter = 0;
        if (!in.read_varint(ref) || !in.read_counter(counter))
            return false;
        // The usual dot, one the version vector covers, once the bitmap is ready: one
        // comparison and one bit. (For a zero counter, counter - 1 wraps and fails the test;
        // the full check below refuses it.)
        if (ref < ready_refs_) {
            const auto index = static_cast<std::size_t>(ref);
            if (counter - 1 < vector_[index].second) {
                out.replica = vector_[index].first;
                out.counter = counter;
                return set_bit(in, offsets_[index] + counter - 1);
            }
        }
        return check_dot(in, ref, counter, out);
    }

    /// Finishes the uniqueness check of the sorted references, if used.
    bool finish(reader& in) {
        if (bitmap_)
            return true;
        std::sort(seen_.begin(), seen_.end());
        if (std::adjacent_find(seen_.begin(), seen_.end()) != seen_.end())
            return in.fail(errc::duplicate_entry);
        return true;
    }

  private:
    // Checks the dot (ref, counter) in full and records it; see read_dot.
    bool check_dot(reader& in, std::uint64_t ref, std::uint64_t counter, dot<Id>& out) {
        if (counter == 0)
            return in.fail(errc::invalid_value);
        const std::size_t n = vector_.size();
        std::uint64_t bit = 0;
        if (ref < n) {
            const auto index = static_cast<std::size_t>(ref);
            const auto& entry = vector_[index];
            if (counter <= entry.second) {
                if (bitmap_)
                    bit = vector_offset(index) + counter - 1;
            } else {
                const std::size_t at = find_in_cloud(0, entry.first, counter);
                if (at == cloud_.size())
                    return in.fail(errc::not_canonical); // not covered
                if (bitmap_)
                    bit = cloud_bit(at, counter);
            }
            out.replica = entry.first;
        } else {
            if (ref - n >= cloud_.size())
                return in.fail(errc::invalid_value);
            const auto first = static_cast<std::size_t>(ref - n);
            const Id& replica = cloud_[first].replica;
            if ((first != 0 && !(cloud_[first - 1].replica < replica)) || in_vector(replica))
                return in.fail(errc::not_canonical); // not the replica's one reference
            const std::size_t at = find_in_cloud(first, replica, counter);
            if (at == cloud_.size())
                return in.fail(errc::not_canonical); // not covered
            if (bitmap_)
                bit = cloud_bit(at, counter);
            out.replica = replica;
        }
        out.counter = counter;
        return mark(in, ref, counter, bit);
    }

    std::uint64_t vector_offset(std::size_t index) {
        if (offsets_.empty())
            build_offsets();
        return offsets_[index];
    }

    // Lays the vector's counters end to end: offsets_[i] is the first bit of replica i.
    void build_offsets() {
        offsets_.reserve(vector_.size());
        std::uint64_t sum = 0;
        for (const auto& entry : vector_) {
            offsets_.push_back(sum);
            sum += entry.second;
        }
    }

    // Returns the bit of `counter` in the cloud range at `at`.
    std::uint64_t cloud_bit(std::size_t at, std::uint64_t counter) {
        if (cloud_offsets_.empty()) {
            cloud_offsets_.reserve(cloud_.size());
            std::uint64_t sum = vector_bits_;
            for (const auto& r : cloud_) {
                cloud_offsets_.push_back(sum);
                sum += r.size();
            }
        }
        return cloud_offsets_[at] + (counter - cloud_[at].first);
    }

    // Returns the position of the cloud range holding (replica, counter), searching from
    // `from`, or the cloud size.
    std::size_t find_in_cloud(std::size_t from, const Id& replica, std::uint64_t counter) const {
        auto it = std::partition_point(cloud_.begin() + static_cast<std::ptrdiff_t>(from),
                                       cloud_.end(), [&](const dot_range<Id>& r) {
                                           return r.replica < replica ||
                                                  (!(replica < r.replica) && r.last < counter);
                                       });
        if (it == cloud_.end() || replica < it->replica || !it->holds(counter))
            return cloud_.size();
        return static_cast<std::size_t>(it - cloud_.begin());
    }

    bool in_vector(const Id& replica) const {
        auto it = std::partition_point(vector_.begin(), vector_.end(),
                                       [&](const auto& entry) { return entry.first < replica; });
        return it != vector_.end() && !(replica < it->first);
    }

    bool mark(reader& in, std::uint64_t ref, std::uint64_t counter, std::uint64_t bit) {
        if (!bitmap_) {
            seen_.emplace_back(ref, counter);
            return true;
        }
        if (bits_.empty()) {
            bits_.assign(static_cast<std::size_t>(bitmap_bits_ / 64 + 1), 0);
            if (offsets_.empty())
                build_offsets();
            ready_refs_ = vector_.size(); // read_dot's short way is open from here on
        }
        return set_bit(in, bit);
    }

    bool set_bit(reader& in, std::uint64_t bit) {
        std::uint64_t& word = bits_[static_cast<std::size_t>(bit / 64)];
        const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
        if ((word & mask) != 0)
            return in.fail(errc::duplicate_entry);
        word |= mask;
        return true;
    }

    const typename version_vector<Id>::map_type::container_type& vector_;
    const std::vector<dot_range<Id>>& cloud_;
    bool bitmap_ = false;
    std::uint64_t bitmap_bits_ = 0;
    std::uint64_t vector_bits_ = 0;
    std::uint64_t ready_refs_ =
        0; // references read_dot resolves the short way (0 until the bitmap is ready)
    std::vector<std::uint64_t> offsets_;
    std::vector<std::uint64_t> cloud_offsets_;
    std::vector<std::uint64_t> bits_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> seen_;
};

} // namespace hearsay::detail

#endif
