// hearsay_benchmarks: every measure of docs/benchmarks.md in one run. Standard
// Google Benchmark flags apply (--benchmark_filter, --benchmark_format, ...).

#include <string>

#include <benchmark/benchmark.h>

#include "registry.hpp"
#include "support/counting_allocator.hpp"
#include "support/workload.hpp"

int main(int argc, char** argv) {
    hearsay_bench::register_or_set_benchmarks();
    hearsay_bench::register_or_map_benchmarks();
    hearsay_bench::register_counter_benchmarks();
    hearsay_bench::register_codec_benchmarks();
    hearsay_bench::register_engine_benchmarks();
    hearsay_bench::register_sim_benchmarks();

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::AddCustomContext("workload_seed", std::to_string(hearsay_bench::workload_seed));
    benchmark::AddCustomContext("baseline",
                                "std::map/std::set textbook CRDTs (benchmarks/baseline)");
    benchmark::AddCustomContext("heap_bytes_measured",
                                hearsay_bench::heap_bytes_measured() ? "yes" : "no");
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
