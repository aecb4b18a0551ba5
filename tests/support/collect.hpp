#ifndef HEARSAY_TESTS_SUPPORT_COLLECT_HPP
#define HEARSAY_TESTS_SUPPORT_COLLECT_HPP

// Turns the ranges CRDT queries return into vectors that Catch can compare and print.

#include <algorithm>   // sort
#include <type_traits> // decay_t
#include <vector>

namespace hearsay::testing {

/// Returns the elements of `range` in iteration order.
template <class Range> auto collect(const Range& range) {
    std::vector<std::decay_t<decltype(*range.begin())>> out;
    for (const auto& element : range)
        out.push_back(element);
    return out;
}

/// Returns the elements of `range` sorted, to compare it as a multiset.
template <class Range> auto collect_sorted(const Range& range) {
    auto out = collect(range);
    std::sort(out.begin(), out.end());
    return out;
}

/// Returns the keys of a map-like `range` in iteration order.
template <class Range> auto collect_keys(const Range& range) {
    std::vector<std::decay_t<decltype(range.begin()->first)>> out;
    for (const auto& entry : range)
        out.push_back(entry.first);
    return out;
}

} // namespace hearsay::testing

#endif // HEARSAY_TESTS_SUPPORT_COLLECT_HPP
