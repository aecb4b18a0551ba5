// g_set and two_phase_set: union, ordered iteration, and for two_phase_set an
// erased element that never returns, whatever inserts follow and whatever the
// merge order.

#include <algorithm> // next_permutation
#include <cstdint>
#include <vector>

#include <hearsay/crdt/g_set.hpp>
#include <hearsay/crdt/two_phase_set.hpp>

#include "catch.hpp"
#include "support/collect.hpp"
#include "support/merge_orders.hpp"

using hearsay::testing::collect;

using hearsay::testing::merge_in_every_order;

namespace {

using gset = hearsay::g_set<int>;
using two_phase = hearsay::two_phase_set<int>;

} // namespace

TEST_CASE("g_set: merge is union, iteration is sorted", "[semantics][sets]") {
    gset a;
    gset b;
    CHECK(a.empty());
    for (int x : {5, 1, 9})
        a.insert(x);
    for (int x : {9, 2})
        b.insert(x);
    CHECK(a.size() == 3);
    CHECK(a.contains(5));
    CHECK_FALSE(a.contains(2));

    CHECK(a.merge(b));
    CHECK(collect(a) == std::vector<int>{1, 2, 5, 9});
    CHECK(a.size() == 4);
    CHECK_FALSE(a.merge(b));
    gset joined = merge_in_every_order<gset>({a, b, b.insert(7)});
    CHECK(collect(joined) == std::vector<int>{1, 2, 5, 7, 9});
}

TEST_CASE("two_phase_set: an erased element never returns", "[semantics][sets]") {
    two_phase a;
    two_phase b;
    two_phase c;
    std::vector<two_phase> deltas;
    deltas.push_back(a.insert(1));
    deltas.push_back(a.insert(2));
    b.merge(a);
    deltas.push_back(b.erase(1));
    deltas.push_back(a.insert(1)); // a later insert at a replica that has not seen the erase
    deltas.push_back(c.insert(1)); // and one at a replica that never saw anything
    deltas.push_back(b.insert(1)); // and one after the erase at the eraser
    CHECK_FALSE(b.contains(1));
    CHECK(a.contains(1));

    two_phase merged = merge_in_every_order(deltas);
    CHECK(collect(merged) == std::vector<int>{2});
    CHECK_FALSE(merged.contains(1));
    merged.insert(1);
    CHECK_FALSE(merged.contains(1));

    for (two_phase* replica : {&a, &b, &c}) {
        replica->merge(merged);
        CHECK_FALSE(replica->contains(1));
        CHECK(replica->contains(2));
    }
}

TEST_CASE("two_phase_set: erasing a never-inserted element forbids it for ever",
          "[semantics][sets]") {
    // The documented behaviour: the erase is recorded even for an absent element.
    two_phase a;
    two_phase erased = a.erase(4);
    CHECK(a.empty());
    CHECK(erased != two_phase{});
    a.insert(4);
    CHECK_FALSE(a.contains(4));

    two_phase b;
    b.insert(4);
    b.insert(5);
    b.merge(erased);
    CHECK(collect(b) == std::vector<int>{5});
}

TEST_CASE("two_phase_set: size and iteration count the live elements, sorted",
          "[semantics][sets]") {
    two_phase s;
    for (int x : {8, 3, 6, 1})
        s.insert(x);
    s.erase(6);
    CHECK(collect(s) == std::vector<int>{1, 3, 8});
    CHECK(s.size() == 3);
    CHECK_FALSE(s.empty());
}

TEST_CASE("g_set and two_phase_set: mutators that change nothing return bottom",
          "[semantics][sets]") {
    gset g;
    g.insert(1);
    CHECK(g.insert(1) == gset{});

    two_phase s;
    s.insert(1);
    CHECK(s.insert(1) == two_phase{});
    s.erase(1);
    CHECK(s.erase(1) == two_phase{});
    CHECK(s.insert(1) == two_phase{});
}
