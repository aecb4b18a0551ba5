// steady_clock, system_clock and manual_clock satisfy the Clock policy; the
// manual clock moves only forward and only when told to.

#include "catch.hpp"

#include <hearsay/clock/clock_policy.hpp>
#include <hearsay/clock/manual_clock.hpp>
#include <hearsay/clock/steady_clock.hpp>
#include <hearsay/clock/system_clock.hpp>

#include <chrono>
#include <cstdint>
#include <random>
#include <type_traits>

using namespace std::chrono_literals;

namespace {

struct no_now {
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;
};

struct mutable_now {
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;
    time_point now() { return {}; }
};

struct wrong_type_now {
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;
    std::int64_t now() const { return 0; }
};

} // namespace

static_assert(hearsay::clock_policy<hearsay::steady_clock>);
static_assert(hearsay::clock_policy<hearsay::system_clock>);
static_assert(hearsay::clock_policy<hearsay::manual_clock>);
static_assert(!hearsay::clock_policy<int>);
static_assert(!hearsay::clock_policy<no_now>);
static_assert(!hearsay::clock_policy<mutable_now>, "now() must be callable on a const clock");
static_assert(!hearsay::clock_policy<wrong_type_now>);

static_assert(
    std::is_same_v<hearsay::steady_clock::time_point, std::chrono::steady_clock::time_point>);
static_assert(
    std::is_same_v<hearsay::system_clock::time_point, std::chrono::system_clock::time_point>);
// Virtual time is its own type: it cannot be compared with real time by mistake.
static_assert(
    !std::is_same_v<hearsay::manual_clock::time_point, std::chrono::steady_clock::time_point>);

TEST_CASE("steady_clock reads std::chrono::steady_clock", "[clock]") {
    const hearsay::steady_clock clock;
    const auto before = std::chrono::steady_clock::now();
    const auto a = clock.now();
    const auto b = clock.now();
    const auto after = std::chrono::steady_clock::now();
    CHECK(before <= a);
    CHECK(a <= b);
    CHECK(b <= after);
}

TEST_CASE("system_clock reads time since the Unix epoch", "[clock]") {
    const hearsay::system_clock clock;
    CHECK(clock.now().time_since_epoch() > std::chrono::system_clock::duration::zero());
}

TEST_CASE("manual_clock starts at zero and stands still", "[clock]") {
    const hearsay::manual_clock clock;
    CHECK(clock.now().time_since_epoch() == hearsay::manual_clock::duration::zero());
    CHECK(clock.now() == clock.now());

    constexpr hearsay::manual_clock at_five{hearsay::manual_clock::time_point{5s}};
    static_assert(at_five.now().time_since_epoch() == 5s);

    const hearsay::manual_clock before_epoch{hearsay::manual_clock::time_point{-3s}};
    CHECK(before_epoch.now() == hearsay::manual_clock::time_point{});
}

TEST_CASE("manual_clock advances by what it is told", "[clock]") {
    const std::uint64_t seed = 0x6d616e75616c;
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    hearsay::manual_clock clock;
    hearsay::manual_clock::duration total{0};
    for (int i = 0; i < 1000; ++i) {
        const hearsay::manual_clock::duration step{static_cast<std::int64_t>(rng() % 1'000'000)};
        CAPTURE(i, step.count());
        REQUIRE(clock.advance(step));
        total += step;
        REQUIRE(clock.now().time_since_epoch() == total);
    }
    CHECK(clock.advance(0ns));
    CHECK(clock.now().time_since_epoch() == total);
    // Coarser durations convert.
    CHECK(clock.advance(2ms));
    CHECK(clock.now().time_since_epoch() == total + 2ms);
}

TEST_CASE("manual_clock refuses to go backward", "[clock]") {
    hearsay::manual_clock clock;
    REQUIRE(clock.advance(10s));
    const auto t = clock.now();

    CHECK_FALSE(clock.advance(-1ns));
    CHECK(clock.now() == t);

    CHECK_FALSE(clock.set(t - 1ns));
    CHECK(clock.now() == t);

    CHECK(clock.set(t));
    CHECK(clock.now() == t);

    CHECK(clock.set(t + 1h));
    CHECK(clock.now() == t + 1h);
}

TEST_CASE("manual_clock refuses to overflow", "[clock]") {
    hearsay::manual_clock clock;
    REQUIRE(clock.set(hearsay::manual_clock::time_point::max() - 1ns));
    const auto t = clock.now();
    CHECK_FALSE(clock.advance(2ns));
    CHECK(clock.now() == t);
    CHECK(clock.advance(1ns));
    CHECK(clock.now() == hearsay::manual_clock::time_point::max());
    CHECK_FALSE(clock.advance(1ns));
    CHECK(clock.now() == hearsay::manual_clock::time_point::max());
}
