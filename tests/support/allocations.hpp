#ifndef HEARSAY_TESTS_SUPPORT_ALLOCATIONS_HPP
#define HEARSAY_TESTS_SUPPORT_ALLOCATIONS_HPP

// What the test binary has allocated: allocations.cpp replaces the global
// operator new and delete and counts live and peak bytes, so that tests can
// assert what an input costs in memory (a count, not a clock). Under a
// sanitizer, whose runtime owns the allocation functions, nothing is replaced
// and counting() is false: such tests measure nothing there and run in the
// plain builds.

#include <cstddef>

namespace hearsay::test {

/// Tells whether allocations are counted in this build.
bool counting();
/// Returns the bytes allocated and not yet freed.
std::size_t live_bytes();

/// Measures allocations from its construction on: the highest live bytes above the start
/// (peak) and the live bytes now above the start (growth, negative when more was freed).
/// One window at a time.
class allocation_window {
  public:
    allocation_window();
    std::size_t peak() const;
    std::ptrdiff_t growth() const;

  private:
    std::size_t start_;
};

} // namespace hearsay::test

#endif
