// g_counter and pn_counter: contributions add up across replicas, merging never
// double-counts, and any merge order gives the same total.

#include <algorithm> // next_permutation
#include <cstdint>
#include <vector>

#include <hearsay/crdt/g_counter.hpp>
#include <hearsay/crdt/pn_counter.hpp>

#include "catch.hpp"

namespace {

constexpr std::uint64_t alice = 1;
constexpr std::uint64_t bob = 2;
constexpr std::uint64_t carol = 3;

// Returns the value of a fresh counter after merging `parts` in every order,
// requiring every order to give the same state.
template <class Counter> auto value_in_every_order(std::vector<Counter> parts) {
    std::vector<std::size_t> order(parts.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    Counter first;
    for (std::size_t i : order)
        first.merge(parts[i]);
    while (std::next_permutation(order.begin(), order.end())) {
        Counter merged;
        for (std::size_t i : order)
            merged.merge(parts[i]);
        REQUIRE(merged == first);
    }
    return first.value();
}

} // namespace

TEST_CASE("g_counter: increments add up across replicas", "[semantics][counters]") {
    hearsay::g_counter<> a;
    hearsay::g_counter<> b;
    hearsay::g_counter<> c;
    CHECK(a.value() == 0);
    a.increment(alice, 3);
    a.increment(alice); // default 1
    b.increment(bob, 10);
    c.increment(carol, 100);
    CHECK(a.value() == 4);

    CHECK(value_in_every_order<hearsay::g_counter<>>({a, b, c}) == 114);

    a.merge(b);
    a.merge(c);
    CHECK(a.value() == 114);
    CHECK_FALSE(a.merge(b)); // a second merge of the same state adds nothing
    CHECK_FALSE(a.merge(a));
    CHECK(a.value() == 114);
}

TEST_CASE("g_counter: deltas add up in any order, duplicates included", "[semantics][counters]") {
    hearsay::g_counter<> a;
    hearsay::g_counter<> b;
    std::vector<hearsay::g_counter<>> deltas;
    deltas.push_back(a.increment(alice, 2));
    deltas.push_back(b.increment(bob, 5));
    deltas.push_back(a.increment(alice, 7));
    deltas.push_back(deltas[0]); // duplicated, late
    CHECK(value_in_every_order(deltas) == 14);
}

TEST_CASE("pn_counter: increments and decrements add up, below zero too", "[semantics][counters]") {
    hearsay::pn_counter<> fresh;
    fresh.decrement(alice, 3);
    CHECK(fresh.value() == -3);

    hearsay::pn_counter<> a;
    hearsay::pn_counter<> b;
    hearsay::pn_counter<> c;
    std::vector<hearsay::pn_counter<>> deltas;
    deltas.push_back(a.increment(alice, 5));
    deltas.push_back(b.decrement(bob, 7));
    deltas.push_back(c.decrement(carol)); // default 1
    deltas.push_back(c.increment(carol, 2));
    deltas.push_back(a.decrement(alice, 1));
    CHECK(a.value() == 4);
    CHECK(b.value() == -7);
    CHECK(c.value() == 1);
    CHECK(value_in_every_order(deltas) == -2);
    CHECK(value_in_every_order<hearsay::pn_counter<>>({a, b, c}) == -2);

    a.merge(b);
    a.merge(c);
    CHECK(a.value() == -2);
    CHECK_FALSE(a.merge(c));
    CHECK(a.value() == -2);
}
