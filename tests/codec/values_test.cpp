// The value codecs: varints (canonical, at most 64 bits), zig-zag, integers of
// every width with range-checked narrowing, bool, characters, strings, the
// standard compounds, the causal vocabulary, and a user type plugged in
// through codec_traits.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <hearsay/codec/codec.hpp>

#include "catch.hpp"
#include "codec/codec_support.hpp"

using namespace hearsay::codec_testing;
using hearsay::errc;
using hearsay::wire_tag;

namespace {

// A user type with a codec of its own and an application tag.
struct point {
    std::int32_t x = 0;
    std::int32_t y = 0;
    friend bool operator==(const point& a, const point& b) { return a.x == b.x && a.y == b.y; }
    friend bool operator<(const point& a, const point& b) {
        return a.x < b.x || (a.x == b.x && a.y < b.y);
    }
};

// A user type without a tag; its codec refuses odd values.
struct even {
    std::uint32_t value = 0;
    friend bool operator==(const even& a, const even& b) { return a.value == b.value; }
};

} // namespace

template <> struct hearsay::codec_traits<point> {
    static constexpr std::uint8_t tag = 0x80;
    static constexpr std::size_t min_size = 2;
    static void encode(const point& p, hearsay::writer& out) {
        hearsay::encode_value(p.x, out);
        hearsay::encode_value(p.y, out);
    }
    static bool decode(hearsay::reader& in, point& p) {
        return hearsay::decode_value(in, p.x) && hearsay::decode_value(in, p.y);
    }
};

template <> struct hearsay::codec_traits<even> {
    static void encode(const even& e, hearsay::writer& out) { out.write_varint(e.value); }
    static bool decode(hearsay::reader& in, even& e) {
        if (!hearsay::decode_value(in, e.value))
            return false;
        return e.value % 2 == 0 || in.fail(errc::invalid_value);
    }
};

static_assert(hearsay::has_codec_v<point> && hearsay::has_codec_v<std::vector<std::string>>);
static_assert(!hearsay::has_codec_v<std::vector<int>*>);

TEST_CASE("varints have their LEB128 bytes", "[codec][varint]") {
    struct golden {
        std::uint64_t value;
        bytes encoding;
    };
    const golden cases[] = {
        {0, make_bytes({0x00})},
        {1, make_bytes({0x01})},
        {127, make_bytes({0x7F})},
        {128, make_bytes({0x80, 0x01})},
        {300, make_bytes({0xAC, 0x02})},
        {16383, make_bytes({0xFF, 0x7F})},
        {16384, make_bytes({0x80, 0x80, 0x01})},
        {std::numeric_limits<std::uint64_t>::max(),
         make_bytes({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01})},
    };
    for (const auto& c : cases) {
        CAPTURE(c.value);
        bytes expected = make_bytes({0x02, 0x20});
        expected.insert(expected.end(), c.encoding.begin(), c.encoding.end());
        CHECK(encoding_of(c.value) == expected);
        CHECK(hearsay::varint_size(c.value) == c.encoding.size());
        auto decoded = decode_bytes<std::uint64_t>(expected);
        REQUIRE(decoded);
        CHECK(*decoded == c.value);
    }
}

TEST_CASE("zig-zag keeps small magnitudes short", "[codec][varint]") {
    CHECK(hearsay::zigzag_encode(0) == 0);
    CHECK(hearsay::zigzag_encode(-1) == 1);
    CHECK(hearsay::zigzag_encode(1) == 2);
    CHECK(hearsay::zigzag_encode(-64) == 127);
    CHECK(hearsay::zigzag_encode(64) == 128);
    CHECK(hearsay::zigzag_encode(std::numeric_limits<std::int64_t>::min()) ==
          std::numeric_limits<std::uint64_t>::max());
    std::mt19937_64 rng(11);
    for (int i = 0; i < 1000; ++i) {
        const auto v = static_cast<std::int64_t>(rng());
        CAPTURE(v);
        REQUIRE(hearsay::zigzag_decode(hearsay::zigzag_encode(v)) == v);
        REQUIRE(hearsay::zigzag_decode(hearsay::zigzag_encode(v >> 40)) == v >> 40);
    }
    CHECK(encoding_of(std::int32_t{-3}) == make_bytes({0x02, 0x21, 0x05}));
}

TEST_CASE("non-canonical and oversized varints are refused", "[codec][varint]") {
    // 0 written in two bytes, 1 in three: overlong.
    CHECK(decode_error<std::uint64_t>(make_bytes({2, 0x20, 0x80, 0x00})) ==
          code(errc::not_canonical));
    CHECK(decode_error<std::uint64_t>(make_bytes({2, 0x20, 0x81, 0x80, 0x00})) ==
          code(errc::not_canonical));
    // A tenth byte carrying more than the 64th bit, and an eleventh byte.
    CHECK(decode_error<std::uint64_t>(make_bytes({2, 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                  0xFF, 0xFF, 0x02})) == code(errc::invalid_value));
    CHECK(decode_error<std::uint64_t>(make_bytes(
              {2, 0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})) ==
          code(errc::invalid_value));
    // A continuation bit on the last byte of the input.
    CHECK(decode_error<std::uint64_t>(make_bytes({2, 0x20, 0x80})) == code(errc::truncated));
}

TEST_CASE("integers of every width round-trip and narrowing is range-checked", "[codec][values]") {
    std::mt19937_64 rng(5);
    for (int i = 0; i < 200; ++i) {
        const std::uint64_t r = rng() >> (rng() % 64);
        require_round_trip(static_cast<std::uint8_t>(r));
        require_round_trip(static_cast<std::uint16_t>(r));
        require_round_trip(static_cast<std::uint32_t>(r));
        require_round_trip(r);
        require_round_trip(static_cast<std::int8_t>(r));
        require_round_trip(static_cast<std::int16_t>(r));
        require_round_trip(static_cast<std::int32_t>(r));
        require_round_trip(static_cast<std::int64_t>(r));
        require_round_trip(-static_cast<std::int64_t>(r >> 1));
    }
    require_round_trip(std::numeric_limits<std::int64_t>::min());
    require_round_trip(std::numeric_limits<std::int64_t>::max());
    // 256 does not fit a uint8_t, 128 and -129 do not fit an int8_t.
    CHECK(decode_error<std::uint8_t>(message(wire_tag::unsigned_integer).varint(256).get()) ==
          code(errc::invalid_value));
    CHECK(decode_error<std::int8_t>(message(wire_tag::signed_integer).sint(128).get()) ==
          code(errc::invalid_value));
    CHECK(decode_error<std::int8_t>(message(wire_tag::signed_integer).sint(-129).get()) ==
          code(errc::invalid_value));
    CHECK(decode_error<std::int8_t>(message(wire_tag::signed_integer).sint(-128).get()) == 0);
    // Signed and unsigned integers carry different tags.
    CHECK(decode_error<std::int32_t>(encoding_of(std::uint32_t{5})) == code(errc::unknown_type));
}

TEST_CASE("bool, bytes and characters have one byte-exact form", "[codec][values]") {
    CHECK(encoding_of(true) == make_bytes({2, 0x22, 1}));
    CHECK(encoding_of(false) == make_bytes({2, 0x22, 0}));
    CHECK(decode_error<bool>(make_bytes({2, 0x22, 2})) == code(errc::invalid_value));
    require_round_trip(std::byte{0xFE});
    // char is written as its unsigned value whatever its signedness.
    CHECK(encoding_of(static_cast<char>(-1)) == make_bytes({2, 0x20, 0xFF, 0x01}));
    require_round_trip(static_cast<char>(-1));
    require_round_trip('a');
    require_round_trip(U'\U0001F600');
    require_round_trip(u'\u00e9');
}

TEST_CASE("strings round-trip and their lengths are checked", "[codec][values]") {
    CHECK(encoding_of(std::string("hi")) == make_bytes({2, 0x23, 2, 'h', 'i'}));
    require_round_trip(std::string());
    require_round_trip(std::string(300, '\0'));
    require_round_trip(std::string("\xff\x00\x7f", 3));
    hearsay::decode_limits small;
    small.max_string_length = 4;
    CHECK(decode_error<std::string>(encoding_of(std::string("four")), small) == 0);
    CHECK(decode_error<std::string>(encoding_of(std::string("fives")), small) ==
          code(errc::length_too_large));
    // A length past the end of the message.
    CHECK(decode_error<std::string>(make_bytes({2, 0x23, 3, 'a', 'b'})) ==
          code(errc::length_too_large));
}

TEST_CASE("vectors, arrays and pairs round-trip, nested", "[codec][values]") {
    require_round_trip(std::vector<int>{});
    require_round_trip(std::vector<int>{1, -1, 1000000, -7});
    require_round_trip(std::vector<bool>{true, false, true});
    require_round_trip(std::vector<std::vector<std::string>>{{"a", ""}, {}, {"bc"}});
    require_round_trip(std::array<std::uint16_t, 3>{1, 65535, 0});
    require_round_trip(std::array<int, 0>{});
    require_round_trip(std::pair<std::string, std::int64_t>{"k", -5});
    require_round_trip(
        std::vector<std::pair<int, std::array<bool, 2>>>{{1, {true, false}}, {2, {false, true}}});
    CHECK(encoding_of(std::vector<std::uint8_t>{1, 2}) == make_bytes({2, 0x24, 2, 1, 2}));
    CHECK(encoding_of(std::array<std::uint8_t, 2>{1, 2}) == make_bytes({2, 0x25, 1, 2}));
    CHECK(encoding_of(std::pair<std::uint8_t, bool>{3, true}) == make_bytes({2, 0x26, 3, 1}));
}

TEST_CASE("timestamps, dots, version vectors and contexts round-trip", "[codec][values]") {
    const hearsay::hlc_timestamp t(1700000000123, 7);
    require_round_trip(t);
    CHECK(encoding_of(hearsay::hlc_timestamp::from_raw(0x0102030405060708)) ==
          make_bytes({2, 0x27, 8, 7, 6, 5, 4, 3, 2, 1}));
    require_round_trip(hearsay::dot<std::uint64_t>{3, 9});
    require_round_trip(hearsay::dot<std::string>{"node-a", 1});
    CHECK(decode_error<hearsay::dot<std::uint64_t>>(make_bytes({2, 0x28, 3, 0})) ==
          code(errc::invalid_value));

    std::mt19937_64 rng(99);
    for (int round = 0; round < 50; ++round) {
        CAPTURE(round);
        hearsay::causal_context<std::uint64_t> c;
        hearsay::version_vector<std::uint64_t> v;
        for (int i = 0; i < 30; ++i) {
            const std::uint64_t replica = 1 + rng() % 5;
            c.insert({replica, 1 + rng() % 12});
            v.raise(replica, 1 + rng() % 1000);
        }
        require_round_trip(c);
        require_round_trip(v);
    }
}

TEST_CASE("user types plug in through codec_traits", "[codec][values]") {
    require_round_trip(point{3, -4});
    CHECK(encoding_of(point{1, -1}) == make_bytes({2, 0x80, 2, 1}));
    CHECK(hearsay::type_tag_v<even> == 0x7F);
    require_round_trip(even{6});
    CHECK(decode_error<even>(make_bytes({2, 0x7F, 7})) == code(errc::invalid_value));

    // In containers and data types alike.
    require_round_trip(std::vector<point>{{1, 2}, {3, 4}});
    hearsay::g_set<point> points;
    points.insert({2, 2});
    points.insert({1, 5});
    require_round_trip(points);
    hearsay::or_set<point> tagged;
    tagged.insert(1, {0, 0});
    tagged.insert(2, {0, -1});
    require_crdt_round_trip(tagged, hearsay::or_set<point>{});
}
