// Inputs that once broke hearsay, kept as named tests.

#include <cstdint>
#include <vector>

#include "catch.hpp"
#include "hearsay/hearsay.hpp"

namespace {

std::vector<std::byte> bytes(std::initializer_list<int> values) {
    std::vector<std::byte> out;
    for (int v : values)
        out.push_back(static_cast<std::byte>(v));
    return out;
}

} // namespace

TEST_CASE("a context whose counters sum past 2^64 is not taken for a small delta",
          "[codec][regression]") {
    // or_set<int>: tag 0x09; vector {1: 2^63, 2: 2^63}; no cloud; no entries. The two
    // counters once wrapped the dot count to zero, and merging the set walked 2^64 dots one
    // by one (found by the or_set fuzzer). Such counters are now refused at decoding; the
    // largest accepted ones (2^62) sum to 2^63 and are still never walked.
    auto input = bytes({0x02, 0x09, 0x02, // two replicas
                        0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, //
                        0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, //
                        0x00,                                                             // cloud
                        0x00});                                                           // entries
    auto refused = hearsay::decode<hearsay::or_set<int>>(hearsay::as_bytes_view(input));
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error() == hearsay::errc::counter_too_large);
    input = bytes({0x02, 0x09, 0x02, // two replicas at 2^62
                   0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, //
                   0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, //
                   0x00, 0x00});
    auto decoded = hearsay::decode<hearsay::or_set<int>>(hearsay::as_bytes_view(input));
    REQUIRE(decoded.has_value());
    CHECK(decoded->context().dot_count() == std::uint64_t{1} << 63);

    hearsay::or_set<int> fresh;
    fresh.insert(1, 7);
    CHECK(fresh.merge(*decoded)); // returns at once: the context is far from small
    CHECK(fresh.context() == decoded->context());
    CHECK_FALSE(fresh.contains(7)); // the context covers the dot of 7, which it does not hold
}
