#ifndef HEARSAY_TESTS_SUPPORT_HISTORY_HPP
#define HEARSAY_TESTS_SUPPORT_HISTORY_HPP

// A random replica history: a few replicas of one CRDT evolve by local
// mutations, by merging each other's whole states and by merging random subsets
// of the deltas recorded so far (out of order, duplicated, from any replica).
// Every run is a pure function of its seed, so a failing run can be replayed
// with a trace of its steps.

#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/generators.hpp"
#include "support/laws.hpp"
#include "support/random.hpp"

namespace hearsay::testing {

/// Says how long a history runs and which laws it checks along the way.
struct history_options {
    std::size_t replicas = 4;
    std::size_t steps = 500;
    bool check_join_laws = false;   ///< lattice laws on sampled states and deltas, every step
    bool check_delta_laws = false;  ///< delta laws on every mutation
    bool check_noop_deltas = false; ///< a mutation that changes nothing returns bottom
    bool check_convergence = false; ///< shuffled deltas rejoin to the replicas' join, at the end
    bool trace = false;             ///< records a line per step
};

/// Reports how a history went: the laws broken (if any) and where each first broke.
struct history_outcome {
    std::vector<broken_law> broken; ///< empty when every law held
    std::size_t mutations = 0;
    std::size_t checks = 0;
    std::vector<std::string> trace;

    /// Tells whether every law held.
    bool ok() const { return broken.empty(); }
    /// Returns the first step at which some law failed.
    std::size_t first_failed_step() const {
        std::size_t first = ~std::size_t{0};
        for (const auto& law : broken)
            first = law.first_step < first ? law.first_step : first;
        return first;
    }
    /// Returns the recorded trace, one step per line.
    std::string trace_text() const {
        std::string text;
        for (const auto& line : trace)
            text += line + "\n";
        return text;
    }
};

/// Runs one random history of T from `seed`, checking the laws `options` asks for.
template <class T> history_outcome run_history(std::uint64_t seed, const history_options& options) {
    std::mt19937_64 rng(seed);
    std::vector<T> replicas(options.replicas);
    std::vector<T> deltas;
    law_checker laws;
    history_outcome outcome;

    // Draws a state for the lattice laws: a replica or a recorded delta.
    auto sample = [&]() -> const T& {
        if (!deltas.empty() && chance(rng, 40))
            return deltas[pick_index(rng, deltas.size())];
        return replicas[pick_index(rng, replicas.size())];
    };
    auto other_than = [&](std::size_t index) {
        return (index + 1 + pick_index(rng, replicas.size() - 1)) % replicas.size();
    };

    for (std::size_t step = 0; step < options.steps; ++step) {
        laws.at_step(step);
        std::string line;
        std::string* log = options.trace ? &line : nullptr;
        std::size_t target = pick_index(rng, replicas.size());
        describe(log, "step ", step, ": r", replica_id(target), " ");
        std::uint64_t roll = pick(rng, 100);
        if (roll < 65) {
            T before = replicas[target];
            T delta = random_mutation(replicas[target], replica_id(target), rng, log);
            ++outcome.mutations;
            if (options.check_noop_deltas)
                check_noop_delta(laws, before, replicas[target], delta);
            if (options.check_delta_laws) {
                std::size_t other = other_than(target);
                describe(log, "  [delta laws against r", replica_id(other), "]");
                check_delta_laws(laws, before, replicas[target], delta, replicas[other]);
            }
            describe(log, "  -> delta #", deltas.size());
            deltas.push_back(std::move(delta));
        } else if (roll < 82) {
            std::size_t source = other_than(target);
            describe(log, "merge state of r", replica_id(source));
            laws.merge_into(replicas[target], replicas[source]);
        } else if (!deltas.empty()) {
            std::size_t count = 1 + pick_index(rng, 6);
            describe(log, "merge deltas");
            for (std::size_t i = 0; i < count; ++i) {
                std::size_t chosen = pick_index(rng, deltas.size());
                describe(log, " #", chosen);
                laws.merge_into(replicas[target], deltas[chosen]);
            }
        }
        if (options.check_join_laws) {
            const T& a = sample();
            const T& b = sample();
            const T& c = sample();
            check_value_laws(laws, a);
            check_join_laws(laws, a, b, c);
        }
        if (options.trace)
            outcome.trace.push_back(line);
    }

    if (options.check_convergence) {
        laws.at_step(options.steps);
        T all_replicas;
        for (const auto& replica : replicas)
            laws.merge_into(all_replicas, replica);
        for (int order = 0; order < 2; ++order) {
            // Every delta once, a random third of them again, in a random order.
            std::vector<const T*> shuffled;
            for (const auto& delta : deltas) {
                shuffled.push_back(&delta);
                if (chance(rng, 33))
                    shuffled.push_back(&delta);
            }
            shuffle(shuffled, rng);
            T all_deltas;
            for (const T* delta : shuffled)
                laws.merge_into(all_deltas, *delta);
            laws.expect(all_deltas == all_replicas,
                        "joining all deltas in any order equals joining all replicas");
        }
        for (auto& replica : replicas) {
            laws.merge_into(replica, all_replicas);
            laws.expect(replica == all_replicas, "replicas converge after a full exchange");
        }
        for (const auto& delta : deltas) {
            T converged = all_replicas;
            laws.expect(!converged.merge(delta), "every delta is below the converged state");
        }
    }

    outcome.broken = laws.broken();
    outcome.checks = laws.checks();
    return outcome;
}

} // namespace hearsay::testing

#endif // HEARSAY_TESTS_SUPPORT_HISTORY_HPP
