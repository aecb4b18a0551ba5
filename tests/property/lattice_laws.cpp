// merge is a join (idempotent, commutative, associative, an upper bound) on the
// states and deltas of random replica histories of every CRDT, reports exactly
// whether it changed the state, and leaves values regular (copy, move, bottom).

#include "catch.hpp"
#include "support/crdt_types.hpp"
#include "support/require_history.hpp"

using namespace hearsay::testing;

namespace {

history_options join_law_options() {
    history_options options;
    options.steps = 150; // per seed; the laws are checked after every step
    options.check_join_laws = true;
    return options;
}

} // namespace

TEMPLATE_TEST_CASE("merge is a join on random histories", "[property][lattice]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_histories<TestType>(join_law_options());
}

TEMPLATE_TEST_CASE("merge is a join on random histories of nested maps", "[property][lattice]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_histories<TestType>(join_law_options());
}

namespace {

template <class T> void require_equal_bottoms() {
    T a;
    T b;
    REQUIRE(a == b);
    REQUIRE_FALSE(a != b);
    REQUIRE_FALSE(a.merge(b));
    REQUIRE(a == T{});
}

} // namespace

TEMPLATE_TEST_CASE("default-constructed values are equal bottoms", "[property][lattice]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_equal_bottoms<TestType>();
}

TEMPLATE_TEST_CASE("default-constructed nested maps are equal bottoms", "[property][lattice]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_equal_bottoms<TestType>();
}
