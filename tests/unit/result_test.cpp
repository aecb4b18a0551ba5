// result<T>: holds a value or an error code, never both; checked access on an
// error throws std::system_error with that code.

#include "catch.hpp"

#include <hearsay/core/error.hpp>
#include <hearsay/core/result.hpp>

#include <memory>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

namespace {

struct point {
    int x = 0;
    int y = 0;
};

hearsay::result<std::string> parse_name(bool ok) {
    if (!ok) {
        return hearsay::errc::invalid_value;
    }
    return "alice"; // converts to std::string, then to result
}

hearsay::result<std::unique_ptr<int>> make_owned(int v, bool ok) {
    if (!ok) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
    return std::make_unique<int>(v);
}

// Returns the code carried by the std::system_error that f throws.
template <class F> std::error_code thrown_code(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const std::system_error& e) {
        return e.code();
    }
    return {};
}

} // namespace

static_assert(std::is_convertible_v<int, hearsay::result<int>>);
static_assert(std::is_convertible_v<hearsay::errc, hearsay::result<int>>);
static_assert(std::is_convertible_v<std::error_code, hearsay::result<int>>);
static_assert(!std::is_convertible_v<hearsay::result<int>, bool>, "operator bool is explicit");
static_assert(!std::is_copy_constructible_v<hearsay::result<std::unique_ptr<int>>>);
static_assert(std::is_move_constructible_v<hearsay::result<std::unique_ptr<int>>>);

TEST_CASE("a result holding a value", "[result]") {
    for (int v : {-7, 0, 42}) {
        CAPTURE(v);
        const hearsay::result<int> r = v;
        CHECK(r.has_value());
        CHECK(static_cast<bool>(r));
        CHECK(r.value() == v);
        CHECK(*r == v);
        CHECK_FALSE(static_cast<bool>(r.error()));
        CHECK(r.error() == std::error_code{});
        CHECK(r.value_or(v + 1) == v);
    }
}

TEST_CASE("a result holding an errc", "[result]") {
    const hearsay::result<int> r = hearsay::errc::truncated;
    CHECK_FALSE(r.has_value());
    CHECK_FALSE(static_cast<bool>(r));
    CHECK(r.error() == hearsay::errc::truncated);
    CHECK(r.error() != hearsay::errc::bad_version);
    CHECK(r.value_or(5) == 5);
    CHECK(thrown_code([&] { (void)r.value(); }) == hearsay::errc::truncated);
    CHECK(thrown_code([&] { (void)*r; }) == hearsay::errc::truncated);
}

TEST_CASE("a result holding a foreign error_code keeps its category", "[result]") {
    const std::error_code ec = std::make_error_code(std::errc::connection_refused);
    const hearsay::result<point> r = ec;
    CHECK_FALSE(r.has_value());
    CHECK(r.error() == ec);
    CHECK(&r.error().category() == &std::generic_category());
    CHECK(thrown_code([&] { (void)r->x; }) == ec);
}

TEST_CASE("functions return values and errors directly", "[result]") {
    const auto good = parse_name(true);
    REQUIRE(good.has_value());
    CHECK(*good == "alice");
    CHECK(good->size() == 5);

    const auto bad = parse_name(false);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error() == hearsay::errc::invalid_value);
}

TEST_CASE("operator-> and mutable access reach the held value", "[result]") {
    hearsay::result<point> r = point{1, 2};
    r->x = 10;
    r.value().y = 20;
    (*r).x += 1;
    CHECK(r->x == 11);
    CHECK(r->y == 20);
}

TEST_CASE("results are copied and assigned as values", "[result]") {
    hearsay::result<std::string> a = std::string("abc");
    hearsay::result<std::string> b = a;
    CHECK(*a == "abc");
    CHECK(*b == "abc");
    b->push_back('d');
    CHECK(*a == "abc");
    CHECK(*b == "abcd");

    b = hearsay::errc::not_canonical;
    CHECK_FALSE(b.has_value());
    CHECK(b.error() == hearsay::errc::not_canonical);
    b = a;
    REQUIRE(b.has_value());
    CHECK(*b == "abc");
}

TEST_CASE("a result of a move-only type", "[result]") {
    auto r = make_owned(9, true);
    REQUIRE(r.has_value());
    CHECK(**r == 9);

    auto moved = std::move(r);
    REQUIRE(moved.has_value());
    std::unique_ptr<int> owned = std::move(moved).value();
    REQUIRE(owned != nullptr);
    CHECK(*owned == 9);

    auto r2 = make_owned(3, true);
    std::unique_ptr<int> fallback = std::move(r2).value_or(nullptr);
    REQUIRE(fallback != nullptr);
    CHECK(*fallback == 3);

    auto failed = make_owned(1, false);
    CHECK_FALSE(failed.has_value());
    CHECK(failed.error() == std::errc::not_enough_memory);
    CHECK(std::move(failed).value_or(nullptr) == nullptr);
    CHECK(thrown_code([&] { (void)std::move(failed).value(); }) == std::errc::not_enough_memory);

    // Move assignment between the two states.
    auto target = make_owned(1, false);
    target = make_owned(4, true);
    REQUIRE(target.has_value());
    CHECK(**target == 4);
    target = make_owned(5, true);
    REQUIRE(target.has_value());
    CHECK(**target == 5);
    target = make_owned(0, false);
    CHECK_FALSE(target.has_value());
    CHECK(target.error() == std::errc::not_enough_memory);
}
