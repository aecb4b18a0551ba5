// lww_register and lww_map: the greater (timestamp, writer) wins on every
// replica whatever the merge order; lww_map keys are observed-remove.
// mv_register: concurrent assignments are all kept until one that saw them.

#include <algorithm> // next_permutation
#include <cstdint>
#include <string>
#include <vector>

#include <hearsay/clock/hlc_timestamp.hpp>
#include <hearsay/crdt/lww_map.hpp>
#include <hearsay/crdt/lww_register.hpp>
#include <hearsay/crdt/mv_register.hpp>

#include "catch.hpp"
#include "support/collect.hpp"
#include "support/merge_orders.hpp"

using hearsay::testing::collect_keys;
using hearsay::testing::collect_sorted;

using hearsay::testing::merge_in_every_order;

namespace {

constexpr std::uint64_t alice = 1;
constexpr std::uint64_t bob = 2;
constexpr std::uint64_t carol = 3;

using lww = hearsay::lww_register<int, std::uint64_t, std::uint64_t>;
using lww_map = hearsay::lww_map<int, int, std::uint64_t, std::uint64_t>;
using mv = hearsay::mv_register<int>;

} // namespace

TEST_CASE("lww_register: never assigned reads as T{}", "[semantics][registers]") {
    CHECK(lww{}.value() == 0);
    CHECK(lww{}.timestamp() == 0);
    CHECK(hearsay::lww_register<std::string>{}.value().empty());
}

TEST_CASE("lww_register: the greater timestamp wins", "[semantics][registers]") {
    lww a;
    lww b;
    lww early = a.assign(1, 10, bob); // the greater writer, the smaller timestamp
    lww late = b.assign(2, 20, alice);
    a.merge(late);
    b.merge(early);
    CHECK(a.value() == 2);
    CHECK(a.timestamp() == 20);
    CHECK(a == b);

    lww stale = a.assign(3, 15, carol); // loses locally too
    CHECK(a.value() == 2);
    lww c;
    c.merge(stale);
    c.merge(late);
    CHECK(c.value() == 2);
}

TEST_CASE("lww_register: an assignment that loses here returns bottom", "[semantics][registers]") {
    lww r;
    r.assign(9, 10, alice);
    lww before = r;
    CHECK(r.assign(15, 4, alice) == lww{}); // older timestamp
    CHECK(r.assign(15, 10, 0) == lww{});    // same timestamp, smaller writer
    CHECK(r == before);
}

TEST_CASE("lww_register: equal timestamps resolve by the greater writer in every order",
          "[semantics][registers]") {
    lww from_alice = lww{}.assign(10, 7, alice);
    lww from_carol = lww{}.assign(30, 7, carol);
    lww from_bob = lww{}.assign(20, 7, bob);
    lww merged = merge_in_every_order<lww>({from_alice, from_carol, from_bob});
    CHECK(merged.value() == 30);
    CHECK(merged.timestamp() == 7);

    // A replica that wrote the losing value adopts the winner on merge.
    lww at_alice;
    at_alice.assign(10, 7, alice);
    CHECK(at_alice.merge(from_carol));
    CHECK(at_alice.value() == 30);
    CHECK_FALSE(at_alice.merge(from_bob));
}

TEST_CASE("lww_register: works with hybrid logical clock timestamps", "[semantics][registers]") {
    using reg = hearsay::lww_register<std::string>;
    reg a;
    reg b;
    reg first = a.assign("first", hearsay::hlc_timestamp(1000, 0), alice);
    reg second = b.assign("second", hearsay::hlc_timestamp(1000, 1), alice);
    reg tie = b.assign("tie", hearsay::hlc_timestamp(1000, 1), bob);
    a.merge(tie);
    a.merge(second);
    b.merge(first);
    CHECK(a.value() == "tie");
    CHECK(a == b);
    CHECK(a.timestamp() == hearsay::hlc_timestamp(1000, 1));
}

TEST_CASE("lww_map: each key is last-writer-wins with writer tie-break", "[semantics][registers]") {
    lww_map a;
    lww_map b;
    std::vector<lww_map> deltas;
    deltas.push_back(a.insert_or_assign(alice, 1, 100, 5));
    deltas.push_back(b.insert_or_assign(bob, 1, 200, 4)); // older
    deltas.push_back(a.insert_or_assign(alice, 2, 300, 9));
    deltas.push_back(b.insert_or_assign(bob, 2, 400, 9)); // tie: Bob's id is greater
    lww_map merged = merge_in_every_order(deltas);
    CHECK(collect_keys(merged) == std::vector<int>{1, 2});
    CHECK(merged.find(1)->second == 100);
    CHECK(merged.find(2)->second == 400);
    CHECK(merged.find(2)->first == 2);
    CHECK(merged.size() == 2);
    CHECK(merged.find(3) == merged.end());
}

TEST_CASE("lww_map: erase is observed-remove", "[semantics][registers]") {
    lww_map a;
    lww_map b;
    b.merge(a.insert_or_assign(alice, 1, 100, 5));
    b.merge(a.insert_or_assign(alice, 2, 200, 5));

    lww_map erased = a.erase(1);
    lww_map assigned = b.insert_or_assign(bob, 1, 111, 6); // concurrent with the erase
    lww_map erased_2 = b.erase(2);
    a.merge(assigned);
    a.merge(erased_2);
    b.merge(erased);
    CHECK(a == b);
    REQUIRE(a.contains(1));
    CHECK(a.find(1)->second == 111);
    CHECK_FALSE(a.contains(2));
    CHECK(a.size() == 1);

    lww_map c;
    c.merge(erased);
    c.merge(assigned);
    CHECK(c.find(1)->second == 111);
}

TEST_CASE("lww_map: erase of an absent key returns bottom", "[semantics][registers]") {
    lww_map m;
    m.insert_or_assign(alice, 1, 100, 5);
    lww_map before = m;
    CHECK(m.erase(2) == lww_map{});
    CHECK(m == before);
    m.erase(1);
    CHECK(m.empty());
    CHECK(m.erase(1) == lww_map{});
}

TEST_CASE("mv_register: concurrent assignments keep exactly the concurrent values",
          "[semantics][registers]") {
    SECTION("two writers") {
        mv a;
        mv b;
        mv from_a = a.assign(alice, 1);
        mv from_b = b.assign(bob, 2);
        a.merge(from_b);
        b.merge(from_a);
        CHECK(collect_sorted(a.values()) == std::vector<int>{1, 2});
        CHECK(a == b);
    }
    SECTION("three writers, one of which overwrote its own earlier value") {
        mv a;
        mv b;
        mv c;
        mv old = a.assign(alice, 9);
        mv from_a = a.assign(alice, 1);
        mv from_b = b.assign(bob, 2);
        mv from_c = c.assign(carol, 3);
        mv merged = merge_in_every_order<mv>({old, from_a, from_b, from_c});
        CHECK(collect_sorted(merged.values()) == std::vector<int>{1, 2, 3});
    }
}

TEST_CASE("mv_register: an assignment that saw the concurrent values replaces them all",
          "[semantics][registers]") {
    mv a;
    mv b;
    mv c;
    mv from_a = a.assign(alice, 1);
    mv from_b = b.assign(bob, 2);
    c.merge(from_a);
    c.merge(from_b);
    REQUIRE(collect_sorted(c.values()) == std::vector<int>{1, 2});
    mv resolved = c.assign(carol, 3);
    CHECK(collect_sorted(c.values()) == std::vector<int>{3});
    a.merge(resolved);
    b.merge(resolved);
    CHECK(collect_sorted(a.values()) == std::vector<int>{3});
    a.merge(from_b); // Bob's value arrives late: the resolution has already replaced it
    CHECK(collect_sorted(a.values()) == std::vector<int>{3});
    CHECK(collect_sorted(b.values()) == std::vector<int>{3});
}

TEST_CASE("mv_register: merging is idempotent", "[semantics][registers]") {
    mv a;
    mv b;
    a.assign(alice, 1);
    b.assign(bob, 2);
    CHECK(a.merge(b));
    mv once = a;
    CHECK_FALSE(a.merge(b));
    CHECK_FALSE(a.merge(a));
    CHECK(a == once);
    CHECK(collect_sorted(a.values()) == std::vector<int>{1, 2});
    CHECK(mv{}.values().empty());
}
