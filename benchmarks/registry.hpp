#ifndef HEARSAY_BENCHMARKS_REGISTRY_HPP
#define HEARSAY_BENCHMARKS_REGISTRY_HPP

// Each suite registers its benchmarks, hearsay and the textbook baseline side
// by side for every size, so that the report reads as a comparison.

#include <string>

#include <benchmark/benchmark.h>

namespace hearsay_bench {

void register_or_set_benchmarks();
void register_or_map_benchmarks();
void register_counter_benchmarks();
void register_codec_benchmarks();
void register_engine_benchmarks();
void register_sim_benchmarks();

/// Registers `function` (called with a benchmark::State&) under `name`.
template <class Function>
benchmark::internal::Benchmark* add_benchmark(const std::string& name, Function function) {
    return benchmark::RegisterBenchmark(name.c_str(), function);
}

} // namespace hearsay_bench

#endif
