// Counts what the test binary allocates (see allocations.hpp).

#include "support/allocations.hpp"

#include <cstddef>
#include <cstdlib>
#include <new>

// Sanitizer runtimes own the global allocation functions: there, nothing is replaced.
#if defined(__SANITIZE_ADDRESS__)
#define HEARSAY_TEST_COUNTS_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEARSAY_TEST_COUNTS_ALLOCATIONS 0
#endif
#endif
#ifndef HEARSAY_TEST_COUNTS_ALLOCATIONS
#define HEARSAY_TEST_COUNTS_ALLOCATIONS 1
#endif

namespace {

std::size_t live_total = 0;
std::size_t peak_total = 0;

} // namespace

#if HEARSAY_TEST_COUNTS_ALLOCATIONS

void* operator new(std::size_t size) {
    // A header before each block remembers its size, so that delete can count it back.
    void* block = std::malloc(size + alignof(std::max_align_t));
    if (block == nullptr)
        throw std::bad_alloc();
    *static_cast<std::size_t*>(block) = size;
    live_total += size;
    peak_total = live_total > peak_total ? live_total : peak_total;
    return static_cast<char*>(block) + alignof(std::max_align_t);
}

void operator delete(void* p) noexcept {
    if (p == nullptr)
        return;
    void* block = static_cast<char*>(p) - alignof(std::max_align_t);
    live_total -= *static_cast<std::size_t*>(block);
    std::free(block);
}

void operator delete(void* p, std::size_t) noexcept {
    operator delete(p);
}

#endif

namespace hearsay::test {

bool counting() {
    return HEARSAY_TEST_COUNTS_ALLOCATIONS != 0;
}

std::size_t live_bytes() {
    return live_total;
}

allocation_window::allocation_window() : start_(live_total) {
    peak_total = live_total;
}

std::size_t allocation_window::peak() const {
    return peak_total - start_;
}

std::ptrdiff_t allocation_window::growth() const {
    return static_cast<std::ptrdiff_t>(live_total) - static_cast<std::ptrdiff_t>(start_);
}

} // namespace hearsay::test
