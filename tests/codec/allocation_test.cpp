// Memory a refused message costs: decoding never allocates far ahead of the
// bytes a message carries, and a refused decode frees all it allocated
// (allocations counted by support/allocations.hpp).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <hearsay/codec/codec.hpp>

#include "catch.hpp"
#include "codec/codec_support.hpp"
#include "support/allocations.hpp"

using namespace hearsay::codec_testing;

namespace {

/// Returns the peak bytes allocated while decoding `input` as T, and requires that the decode
/// fails and frees everything it allocated.
template <class T> std::size_t refused_peak(const bytes& input) {
    const hearsay::test::allocation_window window;
    bool refused = false;
    {
        auto decoded = hearsay::decode<T>(hearsay::as_bytes_view(input));
        refused = !decoded.has_value();
    }
    // Read the counts before any assertion, which may allocate to report itself.
    const std::ptrdiff_t growth = window.growth();
    const std::size_t peak = window.peak();
    REQUIRE(refused);
    CHECK(growth == 0); // a refused decode frees what it allocated
    return peak;
}

} // namespace

TEST_CASE("a refused message costs memory in proportion to its bytes", "[codec][bounds]") {
    if (!hearsay::test::counting())
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
