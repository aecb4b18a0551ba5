#ifndef HEARSAY_BENCHMARKS_SUPPORT_COUNTING_ALLOCATOR_HPP
#define HEARSAY_BENCHMARKS_SUPPORT_COUNTING_ALLOCATOR_HPP

// The benchmark binary replaces the global operator new and delete (in
// counting_allocator.cpp) with versions that forward to malloc and free and
// count, per thread, how many blocks were allocated and how many heap bytes
// are live. Benchmarks read the counters of their own thread before and after
// the code they measure and report the difference.
//
// Bytes are counted as the usable size the allocator reports for each block
// (the request rounded up to the allocator's granularity, excluding its
// per-block header), on allocation and on release alike, so the difference of
// two readings is exact whether or not a delete was told the size.

#include <cstdint>

namespace hearsay_bench {

/// Returns how many blocks operator new has allocated on this thread so far.
std::uint64_t allocation_count() noexcept;

/// Returns the heap bytes allocated minus freed through operator new/delete on this thread.
std::int64_t live_heap_bytes() noexcept;

/// Tells whether live_heap_bytes() measures anything on this platform.
bool heap_bytes_measured() noexcept;

} // namespace hearsay_bench

#endif
