// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_DETAIL_DOT_FILTER_HPP
#define HEARSAY_CORE_DETAIL_DOT_FILTER_HPP

// Answers causal_context::contains for the many lookups of one large merge,
// each of a dot whose writer bears no relation to the previous one's.
//
// For integer writer ids and a vector of at most max_writers entries, the
// vector is copied into an open-addressed table of at least four slots per
// writer, so a lookup is one multiplication, one or two loads and no search;
// dots beyond the vector are asked of the context's cloud. Otherwise the
// filter forwards to the context. Building costs O(V) and allocates nothing;
// the context must outlive the filter and not change while it is used.

#include <cstddef>
#include <cstdint>
#include <type_traits> // is_integral_v, conditional_t

#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/dot.hpp"

namespace hearsay::detail {

/// Tells whether one causal context holds a dot, faster than the context itself.
template <class Id> class dot_filter {
  public:
    static constexpr std::size_t max_writers = 64;

    explicit dot_filter(const causal_context<Id>& context) : context_(context) {
        if constexpr (std::is_integral_v<Id>) {
            const auto& vector = context.compact();
            if (vector.size() > max_writers)
                return;
            std::size_t slots = 16;
            unsigned shift = 60;
            while (slots < 4 * vector.size()) {
                slots *= 2;
                --shift;
            }
            mask_ = slots - 1;
            shift_ = shift;
            for (std::size_t s = 0; s < slots; ++s)
                tops_[s] = 0;
            for (const auto& entry : vector) {
                std::size_t s = slot(entry.first);
                while (tops_[s] != 0)
                    s = (s + 1) & mask_;
                ids_[s] = entry.first;
                tops_[s] = entry.second;
            }
            hashed_ = true;
            cloud_ = !context.cloud().empty();
        }
    }

    /// Tells whether the context holds `d`.
    bool contains(const dot<Id>& d) const {
        if constexpr (std::is_integral_v<Id>) {
            if (hashed_) {
                // counter - 1 < top: 1 <= counter <= top, in one unsigned comparison.
                if (d.counter - 1 < top(d.replica))
                    return true;
                return cloud_ && context_.contains(d);
            }
        }
        return context_.contains(d);
    }

  private:
    std::size_t slot(const Id& id) const {
        constexpr std::uint64_t golden = 0x9e3779b97f4a7c15u;
        return static_cast<std::size_t>((static_cast<std::uint64_t>(id) * golden) >> shift_) &
               mask_;
    }

    // Returns the vector's counter of `id`, zero when absent (a stored counter is never zero,
    // so a zero marks an empty slot).
    std::uint64_t top(const Id& id) const {
        for (std::size_t s = slot(id);; s = (s + 1) & mask_) {
            if (tops_[s] == 0 || ids_[s] == id)
                return tops_[s];
        }
    }

    // Left uninitialised: a slot is read only after its counter, set first, says it is used.
    static constexpr std::size_t table_size = std::is_integral_v<Id> ? max_writers * 4 : 1;
    using key = std::conditional_t<std::is_integral_v<Id>, Id, unsigned char>;

    const causal_context<Id>& context_;
    std::size_t mask_ = 0;
    unsigned shift_ = 0;
    bool hashed_ = false;
    bool cloud_ = false;
    key ids_[table_size];
    std::uint64_t tops_[table_size];
};

} // namespace hearsay::detail

#endif
