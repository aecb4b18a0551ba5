// bytes_view: the subset shared by std::span<const std::byte> (C++20) and
// hearsay's C++17 class behaves the same; this file compiles in both modes.

#include "catch.hpp"

#include <hearsay/core/bytes_view.hpp>

#include <array>
#include <cstddef>
#include <iterator>
#include <numeric>
#include <type_traits>
#include <vector>

#if HEARSAY_BYTES_VIEW_IS_STD_SPAN
#include <span>
static_assert(std::is_same_v<hearsay::bytes_view, std::span<const std::byte>>);
#endif

static_assert(std::is_trivially_copyable_v<hearsay::bytes_view>);
static_assert(std::is_same_v<std::remove_cv_t<hearsay::bytes_view::element_type>, std::byte>);
static_assert(std::is_convertible_v<const std::vector<std::byte>&, hearsay::bytes_view>);
static_assert(std::is_convertible_v<const std::array<std::byte, 4>&, hearsay::bytes_view>);

namespace {

std::byte byte_at(std::size_t i) {
    return static_cast<std::byte>((i * 37 + 11) & 0xFF);
}

std::vector<std::byte> pattern(std::size_t n) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(byte_at(i));
    }
    return out;
}

// Takes a view the way transports and decoders do: by value.
std::size_t sum(hearsay::bytes_view v) {
    std::size_t total = 0;
    for (std::byte b : v) {
        total += std::to_integer<std::size_t>(b);
    }
    return total;
}

std::size_t sum_of(const std::vector<std::byte>& bytes, std::size_t from, std::size_t to) {
    std::size_t total = 0;
    for (std::size_t i = from; i < to; ++i) {
        total += std::to_integer<std::size_t>(bytes[i]);
    }
    return total;
}

// Checks that v shows exactly bytes[from, from + count).
void check_shows(hearsay::bytes_view v, const std::vector<std::byte>& bytes, std::size_t from,
                 std::size_t count) {
    CAPTURE(from, count);
    REQUIRE(v.size() == count);
    CHECK(v.empty() == (count == 0));
    CHECK(static_cast<std::size_t>(std::distance(v.begin(), v.end())) == count);
    for (std::size_t i = 0; i < count; ++i) {
        CHECK(v[i] == bytes[from + i]);
        CHECK(&v[i] == bytes.data() + from + i);
    }
    if (count > 0) {
        CHECK(v.data() == bytes.data() + from);
    }
}

} // namespace

TEST_CASE("a default bytes_view is empty", "[bytes_view]") {
    const hearsay::bytes_view v;
    CHECK(v.empty());
    CHECK(v.size() == 0);
    CHECK(v.data() == nullptr);
    CHECK(v.begin() == v.end());
    CHECK(sum(v) == 0);
}

TEST_CASE("bytes_view from a pointer and a size", "[bytes_view]") {
    const auto bytes = pattern(64);
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{17}, bytes.size()}) {
        const hearsay::bytes_view v(bytes.data(), n);
        check_shows(v, bytes, 0, n);
        CHECK(v.size_bytes() == n);
        CHECK(sum(v) == sum_of(bytes, 0, n));
    }
}

TEST_CASE("bytes_view from vectors and arrays", "[bytes_view]") {
    const auto bytes = pattern(33);
    check_shows(bytes, bytes, 0, bytes.size());
    check_shows(hearsay::as_bytes_view(bytes), bytes, 0, bytes.size());
    CHECK(sum(bytes) == sum_of(bytes, 0, bytes.size()));

    std::vector<std::byte> mutable_bytes = bytes;
    const hearsay::bytes_view mv = mutable_bytes;
    CHECK(mv.data() == mutable_bytes.data());
    // A view, not a copy: it sees later writes to the bytes.
    mutable_bytes[5] = ~mutable_bytes[5];
    CHECK(mv[5] == ~bytes[5]);

    std::array<std::byte, 8> arr{};
    for (std::size_t i = 0; i < arr.size(); ++i) {
        arr[i] = byte_at(i);
    }
    const hearsay::bytes_view av = arr;
    REQUIRE(av.size() == arr.size());
    CHECK(av.data() == arr.data());
    CHECK(sum(arr) == sum_of(pattern(8), 0, 8));

    const std::byte raw[3] = {byte_at(0), byte_at(1), byte_at(2)};
    const hearsay::bytes_view rv = raw;
    REQUIRE(rv.size() == 3);
    CHECK(rv.data() == raw);
}

TEST_CASE("first, last and subspan select the expected bytes", "[bytes_view]") {
    const auto bytes = pattern(20);
    const hearsay::bytes_view v = bytes;
    for (std::size_t n = 0; n <= v.size(); ++n) {
        check_shows(v.first(n), bytes, 0, n);
        check_shows(v.last(n), bytes, v.size() - n, n);
        check_shows(v.subspan(n), bytes, n, v.size() - n);
        check_shows(v.subspan(n, hearsay::dynamic_extent), bytes, n, v.size() - n);
        for (std::size_t k = 0; k <= v.size() - n; ++k) {
            check_shows(v.subspan(n, k), bytes, n, k);
        }
    }
}

TEST_CASE("bytes_view iterates in order and in reverse", "[bytes_view]") {
    const auto bytes = pattern(10);
    const hearsay::bytes_view v = bytes;
    std::vector<std::byte> forward(v.begin(), v.end());
    CHECK(forward == bytes);
    std::vector<std::byte> backward(v.rbegin(), v.rend());
    std::vector<std::byte> expected(bytes.rbegin(), bytes.rend());
    CHECK(backward == expected);
}

TEST_CASE("bytes_view copies share the viewed bytes", "[bytes_view]") {
    const auto bytes = pattern(12);
    const hearsay::bytes_view a = bytes;
    hearsay::bytes_view b;
    b = a;
    CHECK(b.data() == a.data());
    CHECK(b.size() == a.size());
    b = b.subspan(4);
    CHECK(a.size() == bytes.size());
    CHECK(b.data() == a.data() + 4);
}
