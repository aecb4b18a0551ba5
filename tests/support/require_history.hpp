#ifndef HEARSAY_TESTS_SUPPORT_REQUIRE_HISTORY_HPP
#define HEARSAY_TESTS_SUPPORT_REQUIRE_HISTORY_HPP

// Runs random histories from fixed seeds and fails the test if any law broke,
// printing the seed, each law broken with the step it first broke at, and a
// replayed trace of the steps up to the first failure.

#include <algorithm> // min
#include <cstdint>
#include <sstream>
#include <string>

#include "catch.hpp"
#include "support/history.hpp"

namespace hearsay::testing {

/// Lists the seeds every property test runs; a seed that once failed stays here.
inline constexpr std::uint64_t property_seeds[] = {1, 2, 3, 42, 0x5eed, 0xc0ffee, 20240611, 977};

/// Returns a readable account of a failed history, replayed with a trace up to its first failure.
template <class T>
std::string explain_failure(std::uint64_t seed, const history_options& options,
                            const history_outcome& outcome) {
    std::ostringstream out;
    for (const auto& law : outcome.broken) {
        out << "law broken: " << law.law << " (" << law.failures << " times, first at step "
            << law.first_step << (law.first_step == options.steps ? ", the final check" : "")
            << ")\n";
    }
    history_options traced = options;
    traced.trace = true;
    traced.steps = std::min(outcome.first_failed_step() + 1, options.steps);
    out << "replayed steps:\n" << run_history<T>(seed, traced).trace_text();
    return out.str();
}

/// Requires that histories of T from every seed in property_seeds keep the laws in `options`.
template <class T> void require_histories(const history_options& options) {
    std::size_t mutations = 0;
    for (std::uint64_t seed : property_seeds) {
        CAPTURE(seed);
        history_outcome outcome = run_history<T>(seed, options);
        std::string report =
            outcome.ok() ? std::string{} : explain_failure<T>(seed, options, outcome);
        INFO(report);
        REQUIRE(outcome.ok());
        REQUIRE(outcome.checks > 0);
        mutations += outcome.mutations;
    }
    // Guards the suite's strength: a generator that stops mutating would pass vacuously.
    REQUIRE(mutations * 2 > options.steps * std::size(property_seeds));
}

} // namespace hearsay::testing

#endif // HEARSAY_TESTS_SUPPORT_REQUIRE_HISTORY_HPP
