// ew_flag and dw_flag: concurrent enable and disable resolve to enable (ew) or
// disable (dw); sequential histories read as a plain bool on both.

#include <cstdint>
#include <vector>

#include <hearsay/crdt/dw_flag.hpp>
#include <hearsay/crdt/ew_flag.hpp>

#include "catch.hpp"

namespace {

constexpr std::uint64_t alice = 1;
constexpr std::uint64_t bob = 2;

// Runs `enable at alice` concurrently with `disable at bob`, from a shared
// start, and returns the value both replicas agree on after exchanging deltas.
template <class Flag> bool concurrent_enable_and_disable(bool start_enabled) {
    Flag a;
    Flag b;
    if (start_enabled)
        b.merge(a.enable(alice));
    Flag enabled = a.enable(alice);
    Flag disabled = b.disable(bob);
    REQUIRE(a.value());
    REQUIRE_FALSE(b.value());
    a.merge(disabled);
    b.merge(enabled);
    REQUIRE(a == b);
    REQUIRE(a.value() == b.value());
    return a.value();
}

// Applies enable, disable, enable at one replica, replaying each delta at a
// second replica, and checks both read as a plain bool throughout.
template <class Flag> void sequential_history_reads_as_bool() {
    Flag a;
    Flag b;
    CHECK_FALSE(a.value());
    b.merge(a.enable(alice));
    CHECK(a.value());
    CHECK(b.value());
    b.merge(a.disable(alice));
    CHECK_FALSE(a.value());
    CHECK_FALSE(b.value());
    a.merge(b.enable(bob)); // the other replica, having seen everything, enables again
    CHECK(a.value());
    CHECK(b.value());
    a.merge(b.disable(bob));
    CHECK_FALSE(a.value());
    CHECK_FALSE(b.value());
    CHECK(a == b);
}

} // namespace

TEST_CASE("ew_flag: a concurrent enable wins over a disable", "[semantics][flags]") {
    using flag = hearsay::ew_flag<>;
    CHECK(concurrent_enable_and_disable<flag>(false));
    CHECK(concurrent_enable_and_disable<flag>(true));
}

TEST_CASE("dw_flag: a concurrent disable wins over an enable", "[semantics][flags]") {
    using flag = hearsay::dw_flag<>;
    CHECK_FALSE(concurrent_enable_and_disable<flag>(false));
    CHECK_FALSE(concurrent_enable_and_disable<flag>(true));
}

TEST_CASE("ew_flag: sequential enable and disable behave as a bool", "[semantics][flags]") {
    sequential_history_reads_as_bool<hearsay::ew_flag<>>();
}

TEST_CASE("dw_flag: sequential enable and disable behave as a bool", "[semantics][flags]") {
    sequential_history_reads_as_bool<hearsay::dw_flag<>>();
}

TEST_CASE("flags start false and an enable after seeing a disable wins", "[semantics][flags]") {
    hearsay::ew_flag<> ew;
    hearsay::dw_flag<> dw;
    CHECK_FALSE(ew.value());
    CHECK_FALSE(dw.value());

    // A disable that is then observed by an enable elsewhere loses on both flags.
    hearsay::dw_flag<> a;
    hearsay::dw_flag<> b;
    b.merge(a.disable(alice));
    hearsay::dw_flag<> enabled = b.enable(bob);
    a.merge(enabled);
    CHECK(a.value());
    CHECK(b.value());
}

TEST_CASE("ew_flag: two concurrent enables survive one disable that saw one of them",
          "[semantics][flags]") {
    hearsay::ew_flag<> a;
    hearsay::ew_flag<> b;
    hearsay::ew_flag<> from_a = a.enable(alice);
    hearsay::ew_flag<> from_b = b.enable(bob);
    hearsay::ew_flag<> disabled = a.disable(alice); // saw only alice's enable
    CHECK_FALSE(a.value());
    b.merge(disabled);
    a.merge(from_b);
    CHECK(a.value());
    CHECK(b.value());
    CHECK(a == b);
    hearsay::ew_flag<> c;
    c.merge(from_a);
    c.merge(disabled);
    CHECK_FALSE(c.value());
}
