// Every mutator of every CRDT returns a delta that replays the mutation, is
// below the mutated state, and, joined with all other deltas in any order with
// duplicates, rebuilds exactly the join of all replicas. A mutator that changes
// nothing returns bottom, so that no-ops cost nothing to disseminate.

#include "catch.hpp"
#include "support/crdt_types.hpp"
#include "support/require_history.hpp"

using namespace hearsay::testing;

namespace {

history_options delta_law_options() {
    history_options options;
    options.steps = 250; // per seed
    options.check_delta_laws = true;
    options.check_convergence = true;
    return options;
}

history_options noop_delta_options() {
    history_options options;
    options.steps = 250; // per seed
    options.check_noop_deltas = true;
    return options;
}

} // namespace

TEMPLATE_TEST_CASE("mutators return deltas that replay them", "[property][delta]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_histories<TestType>(delta_law_options());
}

TEMPLATE_TEST_CASE("mutators of nested maps return deltas that replay them", "[property][delta]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_histories<TestType>(delta_law_options());
}

TEMPLATE_TEST_CASE("mutators that change nothing return bottom", "[property][delta]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_histories<TestType>(noop_delta_options());
}

TEMPLATE_TEST_CASE("mutators of nested maps that change nothing return bottom", "[property][delta]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_histories<TestType>(noop_delta_options());
}
