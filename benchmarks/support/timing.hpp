#ifndef HEARSAY_BENCHMARKS_SUPPORT_TIMING_HPP
#define HEARSAY_BENCHMARKS_SUPPORT_TIMING_HPP

// Three ways to time an operation, each reporting the allocations made inside
// the timed code as the counter `allocs` (blocks per operation):
//
// - time_each: the operation changes its input (a merge that adds elements),
//   so a setup step restores the input before every operation. The setup is
//   not timed: the benchmark runs in manual-time mode and only the interval
//   around the operation, read with std::chrono::steady_clock, is reported.
// - time_in_batches: the operation is too short to time alone (an insert), so
//   `batch` operations run back to back between two clock readings, and an
//   untimed setup step restores the input between batches. Manual time again.
// - time_repeated: the operation leaves its input as it found it (an idle
//   merge), so the library's own timer runs over the plain loop.
//
// In the manual-time modes the Time column is the operation alone; the CPU
// column also includes the untimed setup and should be ignored.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include <benchmark/benchmark.h>

#include "support/counting_allocator.hpp"

namespace hearsay_bench {

using bench_clock = std::chrono::steady_clock;

inline double seconds_between(bench_clock::time_point from, bench_clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

inline void report_allocations(benchmark::State& state, std::uint64_t allocations) {
    state.counters["allocs"] =
        benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
}

/// Times `operation()` alone in each iteration, after an untimed `setup()`.
template <class Setup, class Operation>
void time_each(benchmark::State& state, Setup setup, Operation operation) {
    std::uint64_t allocations = 0;
    for (auto _ : state) {
        setup();
        benchmark::ClobberMemory();
        const std::uint64_t allocations_before = allocation_count();
        const auto start = bench_clock::now();
        operation();
        benchmark::ClobberMemory();
        const auto stop = bench_clock::now();
        allocations += allocation_count() - allocations_before;
        state.SetIterationTime(seconds_between(start, stop));
    }
    report_allocations(state, allocations);
}

/// Times `operation(i)` for i in [0, batch) back to back; `setup()` runs untimed before each batch.
template <class Setup, class Operation>
void time_in_batches(benchmark::State& state, std::size_t batch, Setup setup, Operation operation) {
    const auto total = static_cast<std::uint64_t>(state.max_iterations);
    std::uint64_t done = 0;
    std::uint64_t allocations = 0;
    std::size_t index = 0;
    setup();
    benchmark::ClobberMemory();
    std::uint64_t allocations_before = allocation_count();
    auto start = bench_clock::now();
    for (auto _ : state) {
        operation(index);
        ++done;
        if (++index == batch || done == total) {
            benchmark::ClobberMemory();
            const auto stop = bench_clock::now();
            allocations += allocation_count() - allocations_before;
            // Manual time accumulates, so the batch's time is booked once.
            state.SetIterationTime(seconds_between(start, stop));
            index = 0;
            if (done != total) {
                setup();
                benchmark::ClobberMemory();
                allocations_before = allocation_count();
                start = bench_clock::now();
            }
        }
    }
    report_allocations(state, allocations);
}

/// Times `operation()` with the library's timer; it must leave its input unchanged.
template <class Operation> void time_repeated(benchmark::State& state, Operation operation) {
    const std::uint64_t allocations_before = allocation_count();
    for (auto _ : state)
        operation();
    report_allocations(state, allocation_count() - allocations_before);
}

} // namespace hearsay_bench

#endif
