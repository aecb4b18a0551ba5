// or_set: add-wins, observed-remove, re-insertion, clear, ordered iteration.

#include <cstdint>
#include <vector>

#include <hearsay/crdt/or_set.hpp>

#include "catch.hpp"
#include "support/collect.hpp"

using hearsay::testing::collect;
using set = hearsay::or_set<int>;

namespace {
constexpr std::uint64_t alice = 1;
constexpr std::uint64_t bob = 2;
constexpr std::uint64_t carol = 3;
} // namespace

TEST_CASE("or_set: a concurrent insert wins over an erase of the same element",
          "[semantics][or_set]") {
    set a;
    set b;
    b.merge(a.insert(alice, 7));
    REQUIRE(b.contains(7));

    set erase_delta = a.erase(7);
    set insert_delta = b.insert(bob, 7);
    REQUIRE_FALSE(a.contains(7));

    SECTION("exchanging deltas") {
        a.merge(insert_delta);
        b.merge(erase_delta);
    }
    SECTION("exchanging states") {
        set a_state = a;
        a.merge(b);
        b.merge(a_state);
    }
    CHECK(a.contains(7));
    CHECK(b.contains(7));
    CHECK(a == b);
    CHECK(a.size() == 1);
}

TEST_CASE("or_set: an erased element is not resurrected by an older insert",
          "[semantics][or_set]") {
    set a;
    set insert_delta = a.insert(alice, 5);
    set erase_delta = a.erase(5);
    REQUIRE_FALSE(a.contains(5));

    SECTION("the replica that erased it merges the old insert again") {
        REQUIRE_FALSE(a.merge(insert_delta));
        CHECK_FALSE(a.contains(5));
    }
    SECTION("another replica receives the erase before the insert") {
        set b;
        b.merge(erase_delta);
        b.merge(insert_delta);
        CHECK_FALSE(b.contains(5));
        CHECK(b.empty());
    }
    SECTION("another replica receives the insert before the erase") {
        set b;
        b.merge(insert_delta);
        REQUIRE(b.contains(5));
        b.merge(erase_delta);
        CHECK_FALSE(b.contains(5));
    }
}

TEST_CASE("or_set: an element can be inserted again after an erase", "[semantics][or_set]") {
    set a;
    set first = a.insert(alice, 3);
    set erased = a.erase(3);
    set again = a.insert(alice, 3);
    CHECK(a.contains(3));

    std::vector<set> orders[] = {
        {first, erased, again}, {again, erased, first}, {erased, again, first}};
    for (const auto& order : orders) {
        set b;
        for (const auto& delta : order)
            b.merge(delta);
        CHECK(b.contains(3));
        CHECK(b == a);
    }
}

TEST_CASE("or_set: clear removes the observed elements and spares concurrent inserts",
          "[semantics][or_set]") {
    set a;
    a.insert(alice, 1);
    a.insert(alice, 2);
    a.insert(alice, 3);
    set b = a;

    set cleared = a.clear();
    CHECK(a.empty());
    set b_new = b.insert(bob, 4);   // unseen by the clear
    set b_again = b.insert(bob, 1); // a new insert of an element the clear saw
    set b_erased = b.erase(3);      // concurrent erase of a cleared element

    a.merge(b_new);
    a.merge(b_again);
    a.merge(b_erased);
    b.merge(cleared);
    CHECK(collect(a) == std::vector<int>{1, 4});
    CHECK(collect(b) == std::vector<int>{1, 4});
    CHECK(a == b);
}

TEST_CASE("or_set: clear of an empty set is bottom", "[semantics][or_set]") {
    set a;
    CHECK(a.clear() == set{});
    a.insert(alice, 1);
    a.erase(1);
    CHECK(a.clear() == set{});
}

TEST_CASE("or_set: iteration yields each element once, in ascending order", "[semantics][or_set]") {
    set a;
    set b;
    set c;
    for (int x : {9, 3, 5})
        a.insert(alice, x);
    b.insert(bob, 3); // concurrent inserts give 3 several dots
    b.insert(bob, 1);
    c.insert(carol, 3);
    c.insert(carol, 9);
    a.merge(b);
    a.merge(c);

    CHECK(collect(a) == std::vector<int>{1, 3, 5, 9});
    CHECK(a.size() == 4);
    CHECK_FALSE(a.empty());
    CHECK(a.contains(3));
    CHECK_FALSE(a.contains(4));

    a.erase(3); // removes every dot of 3 this replica has seen
    CHECK(collect(a) == std::vector<int>{1, 5, 9});
    CHECK(a.size() == 3);
}

TEST_CASE("or_set: inserting a present element keeps one copy under a new dot",
          "[semantics][or_set]") {
    set a;
    a.insert(alice, 2);
    set b = a;
    set erase_old = b.erase(2); // sees only the first insert
    set again = a.insert(alice, 2);
    CHECK(a.size() == 1);
    CHECK(collect(a) == std::vector<int>{2});

    // The second insert is concurrent with the erase, so it wins.
    set c;
    c.merge(erase_old);
    c.merge(again);
    CHECK(c.contains(2));
    a.merge(erase_old);
    CHECK(a.contains(2));
}

TEST_CASE("or_set: erase of an absent element returns bottom", "[semantics][or_set]") {
    set a;
    a.insert(alice, 1);
    set before = a;
    CHECK(a.erase(2) == set{});
    CHECK(a == before);
}
