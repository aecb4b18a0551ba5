// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CORE_VERSION_VECTOR_HPP
#define HEARSAY_CORE_VERSION_VECTOR_HPP

// A version vector maps each replica to the highest counter seen from it; a
// replica absent from the vector is at zero, and a zero is never stored, so two
// vectors that mean the same thing are equal. The join is the pointwise maximum.
//
// Costs, for n entries here and m in the other vector: get and raise O(log n)
// (plus a move of the tail when raise adds a replica); merge O(m log n) when the
// other vector is much smaller and names no new replica, else O(n + m): new
// replicas are merged in from the back in one pass, never inserted one by one,
// so joining many new writers is never quadratic.

#include <algorithm> // lower_bound, max
#include <cstddef>
#include <cstdint>
#include <utility> // move

#include "hearsay/core/codec_access.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/flat_map.hpp"

namespace hearsay {

/// Maps each replica to the highest counter seen from it.
template <class Id> class version_vector {
  public:
    using map_type = flat_map<Id, std::uint64_t>;
    using const_iterator = typename map_type::const_iterator;

    /// Adopts `items`, sorted by replica without duplicates and without zero counters.
    static version_vector from_sorted(typename map_type::container_type items) {
        version_vector v;
        v.counters_ = map_type::from_sorted(std::move(items));
        return v;
    }

    const_iterator begin() const { return counters_.begin(); }
    const_iterator end() const { return counters_.end(); }
    std::size_t size() const { return counters_.size(); }
    bool empty() const { return counters_.empty(); }

    /// Returns the counter of `replica`, zero when unseen.
    std::uint64_t get(const Id& replica) const {
        auto it = counters_.find(replica);
        return it == counters_.end() ? 0 : it->second;
    }

    /// Tells whether `d` is at or below its replica's counter.
    bool contains(const dot<Id>& d) const { return d.counter != 0 && d.counter <= get(d.replica); }

    /// Raises the counter of `replica` to at least `counter`; returns whether it rose.
    bool raise(const Id& replica, std::uint64_t counter) {
        if (counter == 0)
            return false;
        auto it = counters_.find_or_insert(replica);
        if (it->second >= counter)
            return false;
        it->second = counter;
        return true;
    }

    /// Joins `other` into this vector (pointwise maximum); returns whether it changed.
    bool merge(const version_vector& other) {
        auto& mine = counters_.items();
        const auto& theirs = other.counters_.items();
        auto before = [](const auto& entry, const Id& id) { return entry.first < id; };
        // A few entries into many (a delta into a state): search, don't walk.
        const bool sparse = theirs.size() * 16 < mine.size();
        std::size_t missing = 0;
        bool changed = false;
        auto a = mine.begin();
        for (auto b = theirs.begin(); b != theirs.end(); ++b) {
            if (sparse)
                a = std::lower_bound(a, mine.end(), b->first, before);
            else
                while (a != mine.end() && a->first < b->first)
                    ++a;
            if (a == mine.end() || b->first < a->first) {
                ++missing;
            } else if (a->second < b->second) {
                a->second = b->second;
                changed = true;
            }
        }
        if (missing == 0)
            return changed;
        if (sparse) { // merge the few new entries in from the back, in place: one pass
            const std::size_t n = mine.size();
            mine.resize(n + missing);
            std::size_t i = n; // entries of mine not yet placed: [0, i)
            std::size_t k = n + missing;
            for (std::size_t j = theirs.size(); j-- > 0;) {
                while (i > 0 && theirs[j].first < mine[i - 1].first)
                    mine[--k] = std::move(mine[--i]);
                if (i > 0 && !(mine[i - 1].first < theirs[j].first))
                    continue; // held already, and raised above
                mine[--k] = theirs[j];
            }
            return true;
        }
        typename map_type::container_type joined;
        joined.reserve(mine.size() + missing);
        a = mine.begin();
        auto b = theirs.begin();
        while (a != mine.end() || b != theirs.end()) {
            if (b == theirs.end() || (a != mine.end() && a->first < b->first))
                joined.push_back(*a++);
            else if (a == mine.end() || b->first < a->first)
                joined.push_back(*b++);
            else {
                joined.emplace_back(a->first, std::max(a->second, b->second));
                ++a;
                ++b;
            }
        }
        counters_ = map_type::from_sorted(std::move(joined));
        return true;
    }

    /// Returns the sum of all counters.
    std::uint64_t sum() const {
        std::uint64_t total = 0;
        for (const auto& entry : counters_)
            total += entry.second;
        return total;
    }

    friend bool operator==(const version_vector& a, const version_vector& b) {
        return a.counters_ == b.counters_;
    }
    friend bool operator!=(const version_vector& a, const version_vector& b) { return !(a == b); }

  private:
    map_type counters_;
    friend struct hearsay::codec_access;
};

} // namespace hearsay

#endif
