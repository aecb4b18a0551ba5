// Memory a refused message costs: decoding never allocates far ahead of the
// bytes a message carries, and a refused decode frees all it allocated. The
// allocations are counted by replacing the global operator new for this test
// binary (a count, not a clock).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <hearsay/codec/codec.hpp>

#include "catch.hpp"
#include "codec/codec_support.hpp"

// Sanitizer runtimes own the global allocation functions: there, nothing is replaced and the
// test measures nothing (it runs in the plain builds).
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

std::size_t live_bytes = 0;
std::size_t peak_bytes = 0;

} // namespace

#if HEARSAY_TEST_COUNTS_ALLOCATIONS

void* operator new(std::size_t size) {
    // A header before each block remembers its size, so that delete can count it back.
    void* block = std::malloc(size + alignof(std::max_align_t));
    if (block == nullptr)
        throw std::bad_alloc();
    *static_cast<std::size_t*>(block) = size;
    live_bytes += size;
    peak_bytes = live_bytes > peak_bytes ? live_bytes : peak_bytes;
    return static_cast<char*>(block) + alignof(std::max_align_t);
}

void operator delete(void* p) noexcept {
    if (p == nullptr)
        return;
    void* block = static_cast<char*>(p) - alignof(std::max_align_t);
    live_bytes -= *static_cast<std::size_t*>(block);
    std::free(block);
}

void operator delete(void* p, std::size_t) noexcept {
    operator delete(p);
}

#endif

using namespace hearsay::codec_testing;

namespace {

/// Returns the peak bytes allocated while decoding `input` as T, and requires that the decode
/// fails and frees everything it allocated.
template <class T> std::size_t refused_peak(const bytes& input) {
    const std::size_t before = live_bytes;
    peak_bytes = live_bytes;
    bool refused = false;
    {
        auto decoded = hearsay::decode<T>(hearsay::as_bytes_view(input));
        refused = !decoded.has_value();
    }
    // Read the counts before any assertion, which may allocate to report itself.
    const std::size_t after = live_bytes;
    const std::size_t peak = peak_bytes - before;
    REQUIRE(refused);
    CHECK(after == before); // a refused decode frees what it allocated
    return peak;
}

} // namespace

TEST_CASE("a refused message costs memory in proportion to its bytes", "[codec][bounds]") {
    if (!HEARSAY_TEST_COUNTS_ALLOCATIONS)
        return; // allocations are not counted under a sanitizer
    // Containers that claim as many elements as the bytes could hold, then stop being valid
    // at the very end: every element before decodes, then the message is refused.
    const std::size_t n = 20000;
    {
        message m(hearsay::wire_tag::or_set); // or_set<std::string>: empty strings by writer 1
        m.varint(1).varint(1).varint(n).varint(0).varint(n);
        for (std::size_t i = 0; i + 1 < n; ++i)
            m.varint(0).varint(0).varint(i + 1); // "" at dot (1, i + 1): a duplicate element
        m.varint(0).varint(0).varint(0);         // counter 0: invalid
        const bytes input = m.get();
        const std::size_t peak = refused_peak<hearsay::or_set<std::string>>(input);
        INFO("peak " << peak << " bytes for a " << input.size() << "-byte message");
        CHECK(peak <= 48 * input.size());
    }
    {
        message m(hearsay::wire_tag::causal_context); // a cloud of n ranges, the last broken
        m.varint(0).varint(n);
        for (std::size_t i = 0; i + 1 < n; ++i)
            m.varint(1).varint(2 + 3 * i).varint(0);
        m.varint(1).varint(1).varint(0); // a range at 1: not compact
        const bytes input = m.get();
        const std::size_t peak = refused_peak<hearsay::causal_context<std::uint64_t>>(input);
        INFO("peak " << peak << " bytes for a " << input.size() << "-byte message");
        CHECK(peak <= 16 * input.size());
    }
    {
        // A count claiming more elements than arrive: nothing is reserved past the bytes left.
        message m(hearsay::wire_tag::g_set);
        m.varint(4000);
        for (int i = 0; i < 10; ++i)
            m.varint(static_cast<std::uint64_t>(i));
        const bytes input = m.get();
        CHECK(refused_peak<hearsay::g_set<std::uint64_t>>(input) <= 16 * input.size());
    }
}
