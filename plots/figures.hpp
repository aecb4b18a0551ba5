// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_PLOTS_FIGURES_HPP
#define HEARSAY_PLOTS_FIGURES_HPP

// The figures of docs/plots/: each function runs its simulations (seeded, so
// every call gives the same chart) and returns the chart. `provenance` names
// the engine measured (commit and date) and goes into each subtitle.

#include <string>

#include "chart.hpp"

namespace plots {

/// Returns the fraction of 1,000 nodes informed per round by push, pull and push-pull, with
/// the mean-field theory of each.
chart informed_per_round(const std::string& provenance);

/// Returns the residue of rumor mongering against k for Demers' four variants, with the
/// paper's figures.
chart rumor_residue(const std::string& provenance);

/// Returns the bytes per node and round, by message class, of 32 nodes through one big write.
chart bytes_per_round(const std::string& provenance);

/// Returns the histogram of periods from a crash to its first suspicion, with SWIM's law.
chart detection_time(const std::string& provenance);

} // namespace plots

#endif // HEARSAY_PLOTS_FIGURES_HPP
