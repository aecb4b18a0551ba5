// hlc_timestamp and hybrid_logical_clock: packing and order of timestamps, and
// the clock's guarantees (Kulkarni et al. 2014): strictly increasing issue,
// never behind physical time, bounded drift, overflow into the next millisecond.

#include "catch.hpp"

#include <hearsay/clock/hlc_timestamp.hpp>
#include <hearsay/clock/hybrid_logical_clock.hpp>
#include <hearsay/clock/manual_clock.hpp>
#include <hearsay/clock/system_clock.hpp>
#include <hearsay/core/error.hpp>
#include <hearsay/core/result.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream> // printing hlc_timestamp in failure messages
#include <random>
#include <tuple>
#include <type_traits>
#include <unordered_set>
#include <utility>

using namespace std::chrono_literals;
using hearsay::hlc_timestamp;

// Asserts in hot loops: Catch's macros and eager CAPTUREs would dominate the
// run time, so the context is built and Catch is called only on a failure.
#define HEARSAY_LOOP_REQUIRE(condition, context)                                                   \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            INFO(context);                                                                         \
            REQUIRE(condition);                                                                    \
        }                                                                                          \
    } while (false)

namespace {

using hlc_manual = hearsay::hybrid_logical_clock<hearsay::manual_clock>;

// A physical clock the test may move backward, in whole milliseconds.
struct stepping_clock {
    using duration = std::chrono::milliseconds;
    using time_point = std::chrono::time_point<stepping_clock, duration>;
    std::int64_t ms = 0;
    time_point now() const { return time_point{duration{ms}}; }
};

// Reference HLC with an unbounded logical counter, written from the paper's
// pseudocode; it matches hearsay's clock whenever the counter stays below 2^16.
struct reference_hlc {
    std::uint64_t l = 0;
    std::uint64_t c = 0;

    void send(std::uint64_t pt) {
        const std::uint64_t old_l = l;
        l = std::max(old_l, pt);
        c = l == old_l ? c + 1 : 0;
    }
    void receive(std::uint64_t pt, std::uint64_t lm, std::uint64_t cm) {
        const std::uint64_t old_l = l;
        l = std::max({old_l, lm, pt});
        if (l == old_l && l == lm) {
            c = std::max(c, cm) + 1;
        } else if (l == old_l) {
            c = c + 1;
        } else if (l == lm) {
            c = cm + 1;
        } else {
            c = 0;
        }
    }
};

std::uint64_t ms_of(const hearsay::manual_clock& clock) {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
            .count());
}

hearsay::manual_clock clock_at(std::chrono::milliseconds t) {
    return hearsay::manual_clock{hearsay::manual_clock::time_point{t}};
}

// Builds a timestamp from a computed logical value, which must fit 16 bits.
hlc_timestamp ts(std::uint64_t physical_ms, int logical) {
    REQUIRE(logical >= 0);
    REQUIRE(logical <= hlc_timestamp::max_logical);
    return hlc_timestamp{physical_ms, static_cast<std::uint16_t>(logical)};
}

std::uint16_t random_logical(std::mt19937_64& rng, std::uint64_t bound) {
    return static_cast<std::uint16_t>(rng() % bound);
}

} // namespace

static_assert(sizeof(hlc_timestamp) == 8);
static_assert(std::is_trivially_copyable_v<hlc_timestamp>);
static_assert(hlc_timestamp::max_physical_ms == (std::uint64_t{1} << 48) - 1);
static_assert(hlc_timestamp{3, 4}.raw() == (std::uint64_t{3} << 16 | 4), "usable in constants");
static_assert(std::is_same_v<hlc_manual::time_point, hlc_timestamp>);
static_assert(std::is_same_v<decltype(std::declval<hlc_manual&>().update(hlc_timestamp{})),
                             hearsay::result<hlc_timestamp>>);
static_assert(!std::is_copy_constructible_v<hlc_manual>, "a copy would repeat timestamps");
static_assert(std::is_nothrow_move_constructible_v<hlc_manual>);
static_assert(!std::is_constructible_v<hlc_manual, hearsay::manual_clock&&>,
              "a temporary physical clock would dangle");

TEST_CASE("hlc_timestamp packs 48 physical and 16 logical bits", "[hlc]") {
    const hlc_timestamp zero;
    CHECK(zero.raw() == 0);
    CHECK(zero.physical_ms() == 0);
    CHECK(zero.logical() == 0);
    CHECK(zero == hlc_timestamp{0, 0});

    const std::uint64_t seed = 0x686c632d7061636b;
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 10000; ++i) {
        const std::uint64_t p = rng() & hlc_timestamp::max_physical_ms;
        const auto c = random_logical(rng, 0x10000);
        const std::uint64_t high = rng() % 0x10000; // bits beyond 48 are dropped
        CAPTURE(i, p, c, high);
        const hlc_timestamp t{p | (high << 48), c};
        REQUIRE(t.physical_ms() == p);
        REQUIRE(t.logical() == c);
        REQUIRE(t.raw() == (p << 16 | c));
        REQUIRE(hlc_timestamp::from_raw(t.raw()) == t);
        const std::uint64_t raw = rng();
        REQUIRE(hlc_timestamp::from_raw(raw).raw() == raw);
    }
}

TEST_CASE("hlc_timestamp orders by physical part, then logical counter", "[hlc]") {
    const std::uint64_t seed = 0x686c632d6f726472;
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 10000; ++i) {
        // Small ranges, so that equal parts are frequent.
        const std::uint64_t pa = rng() % 4;
        const std::uint64_t pb = rng() % 4;
        const auto ca = random_logical(rng, 4);
        const auto cb = random_logical(rng, 4);
        CAPTURE(i, pa, ca, pb, cb);
        const hlc_timestamp a{pa, ca};
        const hlc_timestamp b{pb, cb};
        const auto ka = std::make_tuple(pa, ca);
        const auto kb = std::make_tuple(pb, cb);
        REQUIRE((a == b) == (ka == kb));
        REQUIRE((a != b) == (ka != kb));
        REQUIRE((a < b) == (ka < kb));
        REQUIRE((a <= b) == (ka <= kb));
        REQUIRE((a > b) == (ka > kb));
        REQUIRE((a >= b) == (ka >= kb));
    }
}

TEST_CASE("hlc_timestamp hashes by value", "[hlc]") {
    const std::hash<hlc_timestamp> hash;
    CHECK(hash(hlc_timestamp{7, 9}) == hash(hlc_timestamp::from_raw(hlc_timestamp{7, 9}.raw())));
    std::unordered_set<hlc_timestamp> set;
    for (std::uint64_t p = 0; p < 16; ++p) {
        for (std::uint16_t c = 0; c < 16; ++c) {
            set.insert(hlc_timestamp{p, c});
            set.insert(hlc_timestamp{p, c});
        }
    }
    CHECK(set.size() == 16 * 16);
    CHECK(set.count(hlc_timestamp{3, 5}) == 1);
    CHECK(set.count(hlc_timestamp{16, 0}) == 0);
}

TEST_CASE("hlc now() follows a moving physical clock", "[hlc]") {
    auto physical = clock_at(1'000'000ms);
    hlc_manual hlc{physical};
    CHECK(hlc.last() == hlc_timestamp{});
    CHECK(hlc.max_offset() == hlc_manual::default_max_offset);

    const hlc_timestamp first = hlc.now();
    CHECK(first == hlc_timestamp{ms_of(physical), 0});
    CHECK(hlc.last() == first);
    REQUIRE(physical.advance(1ms));
    CHECK(hlc.now() == hlc_timestamp{ms_of(physical), 0});
    // Less than a millisecond later: same physical part, next logical value.
    REQUIRE(physical.advance(300us));
    CHECK(hlc.now() == hlc_timestamp{ms_of(physical), 1});
}

TEST_CASE("hlc now() strictly increases on a frozen physical clock", "[hlc]") {
    auto physical = clock_at(5'000ms);
    hlc_manual hlc{physical};
    const std::uint64_t pt = ms_of(physical);
    // 100k calls cross a logical overflow, which borrows the next millisecond:
    // each timestamp is then exactly the next packed value.
    constexpr std::uint64_t calls = 100'000;
    static_assert(calls > 0x10000);
    hlc_timestamp previous = hlc.now();
    REQUIRE(previous == hlc_timestamp{pt, 0});
    for (std::uint64_t i = 1; i < calls; ++i) {
        const hlc_timestamp t = hlc.now();
#define HEARSAY_CONTEXT "call " << i << ": " << t << " after " << previous
        HEARSAY_LOOP_REQUIRE(t > previous, HEARSAY_CONTEXT);
        HEARSAY_LOOP_REQUIRE(t.raw() == previous.raw() + 1, HEARSAY_CONTEXT);
        HEARSAY_LOOP_REQUIRE(t.physical_ms() == pt + i / 0x10000, HEARSAY_CONTEXT);
        HEARSAY_LOOP_REQUIRE(t.logical() == i % 0x10000, HEARSAY_CONTEXT);
#undef HEARSAY_CONTEXT
        previous = t;
    }
    CHECK(hlc.last() == previous);
    CHECK(previous.physical_ms() == pt + 1);
}

TEST_CASE("hlc stays monotonic when the physical clock steps backward", "[hlc]") {
    const std::uint64_t seed = 0x686c632d6261636b;
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    stepping_clock physical;
    physical.ms = 10'000'000;
    hearsay::hybrid_logical_clock hlc{physical}; // deduces stepping_clock
    const auto max_offset = static_cast<std::uint64_t>(hlc.max_offset().count());
    hlc_timestamp previous = hlc.last();
    int rejected = 0;
    for (int i = 0; i < 100'000; ++i) {
        // Steps of -40..+40 ms: the physical clock goes back about half the time.
        physical.ms += static_cast<std::int64_t>(rng() % 81) - 40;
        const auto pt = static_cast<std::uint64_t>(physical.ms);
        hlc_timestamp received; // stays zero for a local event
        hlc_timestamp issued;
#define HEARSAY_CONTEXT                                                                            \
    "event " << i << ": pt " << pt << ", previous " << previous << ", received " << received       \
             << ", issued " << issued
        if (rng() % 2 == 0) {
            issued = hlc.now();
        } else {
            received = hlc_timestamp{pt + (rng() % 2001) - 1000, random_logical(rng, 0x10000)};
            const auto r = hlc.update(received);
            const bool too_far =
                received.physical_ms() > pt && received.physical_ms() - pt > max_offset;
            HEARSAY_LOOP_REQUIRE(r.has_value() == !too_far, HEARSAY_CONTEXT);
            if (!r) {
                HEARSAY_LOOP_REQUIRE(r.error() == hearsay::errc::clock_drift, HEARSAY_CONTEXT);
                HEARSAY_LOOP_REQUIRE(hlc.last() == previous, HEARSAY_CONTEXT);
                ++rejected;
                continue;
            }
            issued = *r;
            HEARSAY_LOOP_REQUIRE(issued > received, HEARSAY_CONTEXT);
        }
        HEARSAY_LOOP_REQUIRE(issued > previous, HEARSAY_CONTEXT);
        HEARSAY_LOOP_REQUIRE(issued.physical_ms() >= pt, HEARSAY_CONTEXT);
        HEARSAY_LOOP_REQUIRE(hlc.last() == issued, HEARSAY_CONTEXT);
#undef HEARSAY_CONTEXT
        previous = issued;
    }
    // The draws reach beyond max_offset, so both outcomes occurred.
    CHECK(rejected > 0);
    CHECK(rejected < 100'000 / 2);
}

TEST_CASE("hlc update() merges received timestamps", "[hlc]") {
    auto physical = clock_at(2'000'000ms);
    const std::uint64_t pt = ms_of(physical);
    hlc_manual hlc{physical};

    SECTION("a timestamp behind physical time yields physical time") {
        const auto r = hlc.update(hlc_timestamp{pt - 100, 9});
        REQUIRE(r.has_value());
        CHECK(*r == hlc_timestamp{pt, 0});
    }
    SECTION("a timestamp ahead within max_offset is adopted, one logical step later") {
        const hlc_timestamp received{pt + 100, 7};
        const auto r = hlc.update(received);
        REQUIRE(r.has_value());
        CHECK(*r == ts(received.physical_ms(), received.logical() + 1));
        // Later local events stay on the received physical part until time catches up.
        CHECK(hlc.now() == ts(received.physical_ms(), received.logical() + 2));
        // A timestamp behind the clock's own only advances the counter.
        const auto behind = hlc.update(hlc_timestamp{pt + 50, 1000});
        REQUIRE(behind.has_value());
        CHECK(*behind == ts(received.physical_ms(), received.logical() + 3));
        REQUIRE(physical.advance(101ms));
        CHECK(hlc.now() == hlc_timestamp{ms_of(physical), 0});
    }
    SECTION("equal physical parts take the larger counter plus one") {
        for (int i = 0; i < 4; ++i) {
            (void)hlc.now();
        }
        REQUIRE(hlc.last() == hlc_timestamp{pt, 3});
        const auto larger = hlc.update(hlc_timestamp{pt, 10});
        REQUIRE(larger.has_value());
        CHECK(*larger == hlc_timestamp{pt, 11});
        const auto smaller = hlc.update(hlc_timestamp{pt, 1});
        REQUIRE(smaller.has_value());
        CHECK(*smaller == hlc_timestamp{pt, 12});
    }
}

TEST_CASE("hlc rejects far-future timestamps and stays unchanged", "[hlc]") {
    auto physical = clock_at(3'000'000ms);
    const std::uint64_t pt = ms_of(physical);
    hlc_manual hlc{physical, 200ms};
    CHECK(hlc.max_offset() == 200ms);
    const hlc_timestamp before = hlc.now();

    for (const hlc_timestamp far : {hlc_timestamp{pt + 201, 0}, hlc_timestamp{pt + 100'000, 5},
                                    hlc_timestamp{hlc_timestamp::max_physical_ms, 0xFFFF}}) {
        CAPTURE(far.physical_ms(), far.logical());
        const auto r = hlc.update(far);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error() == hearsay::errc::clock_drift);
        CHECK(hlc.last() == before);
    }
    // Nothing moved: the next local event is the next logical step.
    CHECK(hlc.now() == ts(pt, before.logical() + 1));
    // Exactly max_offset ahead is accepted.
    const auto edge = hlc.update(hlc_timestamp{pt + 200, 0});
    REQUIRE(edge.has_value());
    CHECK(*edge == hlc_timestamp{pt + 200, 1});
}

TEST_CASE("hlc max_offset of zero accepts nothing ahead of physical time", "[hlc]") {
    auto physical = clock_at(4'000'000ms);
    const std::uint64_t pt = ms_of(physical);
    hlc_manual zero{physical, 0ms};
    CHECK(zero.update(hlc_timestamp{pt + 1, 0}).error() == hearsay::errc::clock_drift);
    const auto same = zero.update(hlc_timestamp{pt, 5});
    REQUIRE(same.has_value());
    CHECK(*same == hlc_timestamp{pt, 6});

    hlc_manual negative{physical, -5ms};
    CHECK(negative.max_offset() == 0ms);
    CHECK(negative.update(hlc_timestamp{pt + 1, 0}).error() == hearsay::errc::clock_drift);
}

TEST_CASE("hlc logical overflow moves to the next millisecond", "[hlc]") {
    auto physical = clock_at(6'000'000ms);
    const std::uint64_t pt = ms_of(physical);
    hlc_manual hlc{physical};

    SECTION("on a received counter at its maximum, same millisecond") {
        (void)hlc.now();
        const auto r = hlc.update(hlc_timestamp{pt, hlc_timestamp::max_logical});
        REQUIRE(r.has_value());
        CHECK(*r == hlc_timestamp{pt + 1, 0});
        CHECK(hlc.now() == hlc_timestamp{pt + 1, 1});
    }
    SECTION("on a received counter at its maximum, ahead of the clock") {
        const hlc_timestamp received{pt + 10, hlc_timestamp::max_logical};
        const auto r = hlc.update(received);
        REQUIRE(r.has_value());
        CHECK(*r > received);
        CHECK(*r == hlc_timestamp{pt + 11, 0});
    }
    SECTION("on the clock's own counter at its maximum") {
        REQUIRE(hlc.update(hlc_timestamp{pt, hlc_timestamp::max_logical - 1}).has_value());
        REQUIRE(hlc.last() == hlc_timestamp{pt, hlc_timestamp::max_logical});
        const auto r = hlc.update(hlc_timestamp{pt - 1, 0});
        REQUIRE(r.has_value());
        CHECK(*r == hlc_timestamp{pt + 1, 0});
    }
}

TEST_CASE("hlc drift stays within max_offset and matches the reference algorithm", "[hlc]") {
    for (std::uint64_t seed : {0x6472696674ULL, 0x6472696675ULL, 0x6472696676ULL}) {
        INFO("seed " << seed);
        std::mt19937_64 rng(seed);
        auto physical = clock_at(7'000'000ms);
        const auto max_offset = std::chrono::milliseconds{1 + static_cast<int>(rng() % 400)};
        const auto bound = static_cast<std::uint64_t>(max_offset.count());
        CAPTURE(bound);
        hlc_manual hlc{physical, max_offset};
        reference_hlc model;
        int rejected = 0;
        int adopted = 0; // accepted with a physical part ahead of physical time
        for (int i = 0; i < 20'000; ++i) {
            // A monotonic physical clock, advancing 0..3 ms per event.
            REQUIRE(
                physical.advance(std::chrono::milliseconds{static_cast<std::int64_t>(rng() % 4)}));
            const std::uint64_t pt = ms_of(physical);
            hlc_timestamp received; // stays zero for a local event
            bool issued = true;
#define HEARSAY_CONTEXT                                                                            \
    "event " << i << ": pt " << pt << ", received " << received << ", clock " << hlc.last()        \
             << ", reference " << model.l << ':' << model.c
            if (rng() % 3 == 0) {
                (void)hlc.now();
                model.send(pt);
            } else {
                // Counters below 2^15 keep the reference's unbounded counter
                // under 2^16 (overflow has its own test above).
                received = hlc_timestamp{pt + (rng() % (4 * bound + 1)) - 2 * bound,
                                         random_logical(rng, 0x8000)};
                const hlc_timestamp before = hlc.last();
                const auto r = hlc.update(received);
                if (received.physical_ms() > pt + bound) {
                    HEARSAY_LOOP_REQUIRE(!r.has_value(), HEARSAY_CONTEXT);
                    HEARSAY_LOOP_REQUIRE(hlc.last() == before, HEARSAY_CONTEXT);
                    issued = false;
                    ++rejected;
                } else {
                    HEARSAY_LOOP_REQUIRE(r.has_value(), HEARSAY_CONTEXT);
                    adopted += received.physical_ms() > pt ? 1 : 0;
                    model.receive(pt, received.physical_ms(), received.logical());
                }
            }
            const hlc_timestamp now = hlc.last();
            HEARSAY_LOOP_REQUIRE(model.c < 0x10000, HEARSAY_CONTEXT);
            HEARSAY_LOOP_REQUIRE(now.physical_ms() == model.l, HEARSAY_CONTEXT);
            HEARSAY_LOOP_REQUIRE(now.logical() == model.c, HEARSAY_CONTEXT);
            // Never behind physical time when issued, never beyond max_offset ahead.
            HEARSAY_LOOP_REQUIRE((!issued || now.physical_ms() >= pt), HEARSAY_CONTEXT);
            HEARSAY_LOOP_REQUIRE(now.physical_ms() <= pt + bound, HEARSAY_CONTEXT);
#undef HEARSAY_CONTEXT
        }
        CHECK(rejected > 0);
        CHECK(adopted > 0);
    }
}

TEST_CASE("hlc treats physical time before the epoch as zero", "[hlc]") {
    stepping_clock physical;
    physical.ms = -5000;
    hearsay::hybrid_logical_clock hlc{physical};
    // Issued timestamps exceed the zero timestamp even at physical time zero.
    CHECK(hlc.now() == hlc_timestamp{0, 1});
    CHECK(hlc.now() == hlc_timestamp{0, 2});
    physical.ms = 42;
    CHECK(hlc.now() == hlc_timestamp{42, 0});
}

TEST_CASE("a moved hlc continues the same sequence", "[hlc]") {
    auto physical = clock_at(8'000'000ms);
    hlc_manual a{physical};
    const hlc_timestamp t = a.now();
    hlc_manual b = std::move(a);
    CHECK(b.last() == t);
    CHECK(b.now() > t);
}

TEST_CASE("hlc over the system clock issues increasing wall-clock timestamps", "[hlc]") {
    hearsay::system_clock wall;
    hearsay::hybrid_logical_clock<> hlc{wall};
    const hlc_timestamp a = hlc.now();
    const hlc_timestamp b = hlc.now();
    CHECK(a.physical_ms() > 0);
    CHECK(a < b);
}

#undef HEARSAY_LOOP_REQUIRE
