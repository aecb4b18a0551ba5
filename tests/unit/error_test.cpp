// errc and its category: every value has its own one-line message and compares
// through std::error_code like any registered error-code enum.

#include "catch.hpp"

#include <hearsay/core/error.hpp>

#include <set>
#include <string>
#include <system_error>
#include <type_traits>

namespace {

// Every errc value; a new value belongs here too (the last test checks that).
constexpr hearsay::errc all_codes[] = {
    hearsay::errc::truncated,         hearsay::errc::bad_version,
    hearsay::errc::unknown_type,      hearsay::errc::length_too_large,
    hearsay::errc::depth_exceeded,    hearsay::errc::invalid_value,
    hearsay::errc::not_canonical,     hearsay::errc::message_too_large,
    hearsay::errc::payload_too_large, hearsay::errc::invalid_config,
    hearsay::errc::duplicate_entry,   hearsay::errc::clock_drift,
    hearsay::errc::trailing_bytes,    hearsay::errc::out_of_memory,
    hearsay::errc::counter_too_large, hearsay::errc::too_many_writers,
    hearsay::errc::bad_address,       hearsay::errc::bad_key,
    hearsay::errc::unknown_key,
};

std::string unknown_message() {
    return hearsay::category().message(0);
}

} // namespace

static_assert(std::is_error_code_enum<hearsay::errc>::value);

TEST_CASE("errc values are non-zero and numbered from one without gaps", "[error]") {
    int expected = 1;
    for (hearsay::errc e : all_codes) {
        CHECK(static_cast<int>(e) == expected);
        ++expected;
    }
}

TEST_CASE("the category is named hearsay and is a single object", "[error]") {
    CHECK(std::string(hearsay::category().name()) == "hearsay");
    CHECK(&hearsay::category() == &hearsay::category());
    CHECK(hearsay::category() != std::generic_category());
    CHECK(hearsay::category() != std::system_category());
}

TEST_CASE("every errc has a distinct one-line message", "[error]") {
    std::set<std::string> seen;
    for (hearsay::errc e : all_codes) {
        const std::string message = hearsay::make_error_code(e).message();
        CAPTURE(static_cast<int>(e), message);
        CHECK_FALSE(message.empty());
        CHECK(message.find('\n') == std::string::npos);
        CHECK(message != unknown_message());
        // Each message says what the refusal did to the state, after a colon.
        CHECK(message.find(": ") != std::string::npos);
        CHECK(seen.insert(message).second);
    }
    CHECK(seen.size() == std::size(all_codes));
}

TEST_CASE("values outside the enumeration get the generic message", "[error]") {
    const int past_last = static_cast<int>(all_codes[std::size(all_codes) - 1]) + 1;
    CAPTURE(past_last);
    CHECK_FALSE(unknown_message().empty());
    // Fails when a value was added to errc but not to all_codes above.
    CHECK(hearsay::category().message(past_last) == unknown_message());
    CHECK(hearsay::category().message(-1) == unknown_message());
}

TEST_CASE("error codes made from errc compare as expected", "[error]") {
    for (hearsay::errc e : all_codes) {
        CAPTURE(static_cast<int>(e));
        const std::error_code ec = e; // implicit, through is_error_code_enum
        CHECK(ec.value() == static_cast<int>(e));
        CHECK(&ec.category() == &hearsay::category());
        CHECK(static_cast<bool>(ec));
        CHECK(ec == e);
        CHECK(e == ec);
        CHECK(ec == hearsay::make_error_code(e));
        CHECK(ec != std::error_code{});
        // Same number, other category: never equal.
        CHECK(ec != std::error_code(static_cast<int>(e), std::generic_category()));
        for (hearsay::errc other : all_codes) {
            if (other != e) {
                CHECK(ec != other);
            }
        }
    }
}

TEST_CASE("a default error_code is not any errc", "[error]") {
    const std::error_code none;
    CHECK_FALSE(static_cast<bool>(none));
    for (hearsay::errc e : all_codes) {
        CHECK(none != e);
    }
}
