#ifndef HEARSAY_TESTS_SUPPORT_MERGE_ORDERS_HPP
#define HEARSAY_TESTS_SUPPORT_MERGE_ORDERS_HPP

#include <algorithm> // next_permutation
#include <cstddef>
#include <vector>

#include "catch.hpp"

namespace hearsay::testing {

/// Merges `deltas` into a fresh value in every order; requires all orders to agree and
/// returns the result.
template <class T> T merge_in_every_order(const std::vector<T>& deltas) {
    std::vector<std::size_t> order(deltas.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    T first;
    for (std::size_t i : order)
        first.merge(deltas[i]);
    while (std::next_permutation(order.begin(), order.end())) {
        T merged;
        for (std::size_t i : order)
            merged.merge(deltas[i]);
        REQUIRE(merged == first);
    }
    return first;
}

} // namespace hearsay::testing

#endif
