#include "support/counting_allocator.hpp"

#include <cstddef>
#include <cstdlib> // malloc, free
#include <new>

#include <stdlib.h> // posix_memalign

#if defined(__GLIBC__)
#include <malloc.h> // malloc_usable_size
#define HEARSAY_BENCH_BLOCK_SIZE(p) malloc_usable_size(p)
#elif defined(__APPLE__)
#include <malloc/malloc.h> // malloc_size
#define HEARSAY_BENCH_BLOCK_SIZE(p) malloc_size(p)
#endif

namespace {

// Per thread, so that counting needs no atomic instruction on the hot path;
// benchmarks run on one thread and read that thread's counters.
thread_local std::uint64_t allocations = 0;
thread_local std::int64_t live_bytes = 0;

std::int64_t block_size(void* p) noexcept {
#if defined(HEARSAY_BENCH_BLOCK_SIZE)
    return static_cast<std::int64_t>(HEARSAY_BENCH_BLOCK_SIZE(p));
#else
    static_cast<void>(p);
    return 0;
#endif
}

void* note_allocated(void* p) noexcept {
    if (p != nullptr) {
        ++allocations;
        live_bytes += block_size(p);
    }
    return p;
}

void* try_allocate(std::size_t size, std::size_t alignment) noexcept {
    if (size == 0)
        size = 1; // every allocation must return a distinct pointer
    if (alignment <= alignof(std::max_align_t))
        return note_allocated(std::malloc(size));
    void* p = nullptr;
    if (posix_memalign(&p, alignment, size) != 0)
        return nullptr;
    return note_allocated(p);
}

// Loops on the new-handler as the standard operator new does.
void* allocate(std::size_t size, std::size_t alignment) {
    for (;;) {
        if (void* p = try_allocate(size, alignment))
            return p;
        std::new_handler handler = std::get_new_handler();
        if (handler == nullptr)
            throw std::bad_alloc();
        handler();
    }
}

void* allocate_or_null(std::size_t size, std::size_t alignment) noexcept {
    try {
        return allocate(size, alignment);
    } catch (...) {
        return nullptr;
    }
}

void release(void* p) noexcept {
    if (p == nullptr)
        return;
    live_bytes -= block_size(p);
    std::free(p);
}

constexpr std::size_t plain = alignof(std::max_align_t);

std::size_t to_size(std::align_val_t alignment) noexcept {
    return static_cast<std::size_t>(alignment);
}

} // namespace

namespace hearsay_bench {

std::uint64_t allocation_count() noexcept {
    return allocations;
}
std::int64_t live_heap_bytes() noexcept {
    return live_bytes;
}
bool heap_bytes_measured() noexcept {
#if defined(HEARSAY_BENCH_BLOCK_SIZE)
    return true;
#else
    return false;
#endif
}

} // namespace hearsay_bench

void* operator new(std::size_t size) {
    return allocate(size, plain);
}
void* operator new[](std::size_t size) {
    return allocate(size, plain);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return allocate_or_null(size, plain);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return allocate_or_null(size, plain);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
    return allocate(size, to_size(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
    return allocate(size, to_size(alignment));
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    return allocate_or_null(size, to_size(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    return allocate_or_null(size, to_size(alignment));
}

void operator delete(void* p) noexcept {
    release(p);
}
void operator delete[](void* p) noexcept {
    release(p);
}
void operator delete(void* p, std::size_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    release(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
    release(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
    release(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    release(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
    release(p);
}

#undef HEARSAY_BENCH_BLOCK_SIZE
