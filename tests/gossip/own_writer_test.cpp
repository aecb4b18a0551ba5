// Clashes of writer ids (gossip/own_writer.hpp) on every type: two histories
// written under one writer id meet; the node whose mark they pass keeps aside
// what collides and re-adds it under a fresh id. Whatever order the other
// replicas merged the histories in, merging the repair makes them equal to the
// repairing node, and counters count both histories.

#include <cstdint>
#include <random>

#include <hearsay/gossip/own_writer.hpp>
#include <hearsay/hearsay.hpp>

#include "catch.hpp"
#include "support/crdt_types.hpp"
#include "support/generators.hpp"

using namespace hearsay::testing;

namespace {

constexpr std::uint64_t clashing = 1; // the writer id both histories use
constexpr std::uint64_t fresh = 99;   // the id the repairing node moves to

// Checks one clash of two random histories; returns whether it was seen (some mutators of some
// types mint nothing).
template <class T> bool check_clash(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    T mine;
    T theirs;
    for (int k = 0; k < 4; ++k)
        random_mutation(mine, clashing, rng);
    for (int k = 0; k < 8; ++k)
        random_mutation(theirs, clashing, rng);
    hearsay::own_writer<T> own(clashing);
    own.wrote(mine);
    if (!own.inspect(mine, theirs))
        return false;
    T repaired = mine;
    repaired.merge(theirs);
    CHECK(own.escape(fresh, repaired) == clashing);
    CHECK(own.id() == fresh);
    const T repair = own.repair(repaired, clashing, fresh);
    // Replicas that merged both histories, in either order, then the repair.
    T a = theirs;
    a.merge(mine);
    a.merge(repair);
    T b = mine;
    b.merge(theirs);
    b.merge(repair);
    CHECK(a == repaired);
    CHECK(b == repaired);
    return true;
}

} // namespace

TEMPLATE_TEST_CASE("own_writer: replicas that merged a clash in any order agree once they merge "
                   "the repair",
                   "[own_writer][restart]", HEARSAY_TEST_FLAT_CRDTS) {
    int seen = 0;
    for (std::uint64_t seed = 1; seed <= 60; ++seed)
        seen += check_clash<TestType>(seed) ? 1 : 0;
    if (hearsay::writer_mark(TestType{}, clashing) == 0 && seen == 0)
        SUCCEED("a type whose writes carry no writer never clashes");
}

TEMPLATE_TEST_CASE("own_writer: nested maps agree once they merge the repair",
                   "[own_writer][restart]", HEARSAY_TEST_MAP_CRDTS) {
    int seen = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed)
        seen += check_clash<TestType>(seed) ? 1 : 0;
    CHECK(seen > 0);
}

TEST_CASE("own_writer: counters count both histories after a repair", "[own_writer][restart]") {
    g_counter_type mine;
    mine.increment(clashing, 5);
    g_counter_type theirs;
    theirs.increment(clashing, 8);
    hearsay::own_writer<g_counter_type> own(clashing);
    own.wrote(mine);
    REQUIRE(own.inspect(mine, theirs));
    mine.merge(theirs);
    CHECK(mine.value() == 8); // the clash lost 5
    own.escape(fresh, mine);
    own.repair(mine, clashing, fresh);
    CHECK(mine.value() == 13);

    pn_counter_type p;
    p.increment(clashing, 5);
    p.decrement(clashing, 2);
    pn_counter_type q;
    q.increment(clashing, 3);
    q.decrement(clashing, 7);
    hearsay::own_writer<pn_counter_type> pown(clashing);
    pown.wrote(p);
    REQUIRE(pown.inspect(p, q));
    p.merge(q);
    pown.escape(fresh, p);
    pown.repair(p, clashing, fresh);
    CHECK(p.value() == (5 - 2) + (3 - 7));
}

TEST_CASE("own_writer: an or_set keeps every collided element of both histories",
          "[own_writer][restart]") {
    or_set_type mine;
    mine.insert(clashing, 1);
    mine.insert(clashing, 2);
    or_set_type theirs;
    for (int x : {10, 20, 30})
        theirs.insert(clashing, x);
    hearsay::own_writer<or_set_type> own(clashing);
    own.wrote(mine);
    REQUIRE(own.inspect(mine, theirs));
    mine.merge(theirs);
    own.escape(fresh, mine);
    own.repair(mine, clashing, fresh);
    for (int x : {1, 2, 10, 20, 30})
        CHECK(mine.contains(x));
    CHECK(mine.size() == 5);
}
