// The codec's bulk paths and the edges where they hand over to the checked
// ones: varints read with ten bytes left (no bound test per byte) and with
// fewer, the writer's room() for a run of values, or_set entries filling
// decode blocks exactly, and dots checked the short way once the dot bitmap
// is ready. Each edge must give the bytes and the errors of the plain path.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <hearsay/codec/codec.hpp>
#include <hearsay/crdt/or_set.hpp>

#include "catch.hpp"
#include "codec_support.hpp"

using namespace hearsay;
using namespace hearsay::codec_testing;

namespace {

constexpr std::uint64_t max_u64 = std::numeric_limits<std::uint64_t>::max();

// The values at each varint length's edges, 1 to 10 bytes.
std::vector<std::uint64_t> edge_values() {
    std::vector<std::uint64_t> out{0, 1, max_u64, max_u64 - 1};
    for (unsigned bits = 7; bits < 64; bits += 7) {
        out.push_back((std::uint64_t{1} << bits) - 1);
        out.push_back(std::uint64_t{1} << bits);
    }
    out.push_back(std::uint64_t{1} << 63);
    return out;
}

// Reads every varint of `input` and returns the values, or the error of the first failure.
struct read_all {
    std::vector<std::uint64_t> values;
    int error = 0;
};
read_all read_varints(const bytes& input) {
    const decode_limits limits;
    reader in(bytes_view(input.data(), input.size()), limits);
    read_all out;
    while (!in.at_end()) {
        std::uint64_t v = 0;
        if (!in.read_varint(v)) {
            out.error = in.error().value();
            REQUIRE(in.at_end());
            return out;
        }
        out.values.push_back(v);
    }
    return out;
}

} // namespace

TEST_CASE("varints read the same with ten bytes left and with fewer", "[codec][varint][bulk]") {
    for (std::uint64_t value : edge_values()) {
        const bytes encoded = encoding_of(value);
        REQUIRE(encoded.size() == 2 + varint_size(value));
        CHECK(static_cast<unsigned>(encoded.back()) < 0x80);
        CHECK((varint_size(value) == 1 || static_cast<unsigned>(encoded.back()) != 0));
        // `after` one-byte varints follow: the value is read with 1 + after .. 10 + after
        // bytes left, across the ten that open the path without a test per byte.
        for (std::size_t after = 0; after <= 11; ++after) {
            CAPTURE(value, after);
            message m;
            m.varint(value);
            for (std::size_t i = 0; i < after; ++i)
                m.varint(i);
            const read_all got = read_varints(m.get());
            REQUIRE(got.error == 0);
            REQUIRE(got.values.size() == after + 1);
            CHECK(got.values[0] == value);
            for (std::size_t i = 0; i < after; ++i)
                CHECK(got.values[i + 1] == i);
        }
    }
}

TEST_CASE("malformed varints give one error whatever follows them", "[codec][varint][bulk]") {
    struct bad {
        bytes encoding;
        errc error;
    };
    const bad cases[] = {
        {make_bytes({0x80, 0x00}), errc::not_canonical},       // 0 in two bytes
        {make_bytes({0xFF, 0x00}), errc::not_canonical},       // 127 in two bytes
        {make_bytes({0x81, 0x80, 0x00}), errc::not_canonical}, // 1 in three bytes
        {make_bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}), errc::not_canonical},
        {make_bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
         errc::not_canonical},
        {make_bytes({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}),
         errc::invalid_value}, // a bit beyond the 64th
        {make_bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}),
         errc::invalid_value}, // an eleventh byte
    };
    for (const auto& c : cases) {
        for (std::size_t after = 0; after <= 11; ++after) {
            CAPTURE(c.encoding.size(), after);
            bytes input = c.encoding;
            input.insert(input.end(), after, std::byte{0x05});
            const read_all got = read_varints(input);
            CHECK(got.values.empty());
            CHECK(got.error == code(c.error));
        }
    }
    // A varint cut short by the end of the input, at every length.
    for (std::uint64_t value : edge_values()) {
        message m;
        m.varint(value);
        bytes input = m.get();
        if (input.size() < 2)
            continue;
        input.pop_back();
        CAPTURE(value);
        CHECK(read_varints(input).error == code(errc::truncated));
    }
}

TEST_CASE("writer room: a vector grows, a full buffer and a counter decline", "[codec][bulk]") {
    std::vector<std::byte> out{std::byte{7}};
    {
        writer w(out);
        std::byte* at = w.room(3000);
        REQUIRE(at != nullptr);
        for (unsigned i = 0; i < 3000; ++i)
            *at++ = static_cast<std::byte>(i % 251);
        w.commit(at);
        w.write_byte(std::byte{9});
        CHECK(w.size() == 3001);
        w.finish();
    }
    REQUIRE(out.size() == 3002);
    CHECK(out[0] == std::byte{7});
    CHECK(out[1 + 2999] == static_cast<std::byte>(2999 % 251));
    CHECK(out[3001] == std::byte{9});

    std::byte buffer[16] = {};
    writer fixed(buffer, sizeof buffer);
    fixed.write_byte(std::byte{1});
    CHECK(fixed.room(15) == buffer + 1); // exactly what is left
    CHECK(fixed.room(16) == nullptr);    // one more than is left: nothing is written
    CHECK(fixed.size() == 1);
    CHECK(fixed.fits());

    writer counter;
    CHECK(counter.room(1) == nullptr);
}

namespace {

// An or_set<T> of `n` entries spread over three writers, elements from `element(i)`; a few
// elements are written twice, by two writers, so that equal elements sit side by side.
template <class T, class Element> or_set<T> numbered_set(std::size_t n, Element element) {
    or_set<T> s;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t writer = 1 + i % 3;
        static_cast<void>(s.insert(writer, element(i)));
        if (i % 17 == 5 && i + 1 < n)
            static_cast<void>(s.insert(writer % 3 + 1, element(i)));
    }
    return s;
}

} // namespace

TEMPLATE_TEST_CASE("or_sets of integers round-trip at every block edge", "[codec][or_set][bulk]",
                   std::uint64_t, std::uint8_t, std::int32_t, std::int64_t) {
    using set_type = or_set<TestType>;
    constexpr std::size_t block = set_type::entries_type::max_block;
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}, block - 1, block,
                          block + 1, 2 * block, 2 * block + 1, 5 * block + 3}) {
        CAPTURE(n);
        // Elements at the far end of the type's range: longest varints.
        const set_type s = numbered_set<TestType>(n, [](std::size_t i) {
            return static_cast<TestType>(std::numeric_limits<TestType>::max() -
                                         static_cast<TestType>(i * 7 % 200));
        });
        require_round_trip(s);
        // encode_to with every capacity near the size: a block that does not get its room
        // goes through the checked path and must give the same bytes, or report the size.
        const bytes encoded = encoding_of(s);
        for (std::size_t cut = 0; cut <= 64 && cut <= encoded.size(); ++cut) {
            const std::size_t capacity = encoded.size() - cut;
            bytes buffer(capacity + 1, std::byte{0xEE});
            const encode_result r = encode_to(s, buffer.data(), capacity);
            CAPTURE(capacity);
            CHECK(r.size == encoded.size());
            CHECK(r.fits == (cut == 0));
            CHECK(buffer[capacity] == std::byte{0xEE});
            if (cut == 0)
                CHECK(bytes(buffer.begin(), buffer.end() - 1) == encoded);
        }
    }
}

TEST_CASE("or_sets of strings take the checked path and round-trip", "[codec][or_set][bulk]") {
    using set_type = or_set<std::string>;
    constexpr std::size_t block = set_type::entries_type::max_block;
    for (std::size_t n : {std::size_t{1}, block, block + 1, 3 * block}) {
        CAPTURE(n);
        require_round_trip(numbered_set<std::string>(
            n, [](std::size_t i) { return "element-" + std::to_string(1000000 + i); }));
    }
}

namespace {

// An or_set<std::uint64_t> message: context vector {1: counter}, then `entries` as
// (element, reference 0, counter).
bytes unsigned_set(std::uint64_t counter,
                   const std::vector<std::pair<std::uint64_t, std::uint64_t>>& entries) {
    message m(wire_tag::or_set);
    m.varint(1).varint(1).varint(counter).varint(0);
    m.varint(entries.size());
    for (const auto& e : entries)
        m.varint(e.first).varint(0).varint(e.second);
    return m.get();
}

} // namespace

TEST_CASE("entries are checked in order across decode blocks", "[codec][or_set][bulk]") {
    using set_type = or_set<std::uint64_t>;
    constexpr std::size_t block = set_type::entries_type::max_block;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> entries;
    for (std::size_t i = 0; i < block; ++i)
        entries.emplace_back(10 * i, i + 1);
    entries.emplace_back(10 * block, block + 1); // the first entry of the second block
    const std::uint64_t counter = block + 1;
    auto decoded = decode_bytes<set_type>(unsigned_set(counter, entries));
    REQUIRE(decoded);
    CHECK(decoded->size() == block + 1);
    CHECK(decoded->contains(10 * block));
    CHECK(decoded->contains(0));

    // The same element as the last of the first block, with a later dot: still sorted.
    entries.back().first = 10 * (block - 1);
    decoded = decode_bytes<set_type>(unsigned_set(counter, entries));
    REQUIRE(decoded);
    CHECK(decoded->size() == block);
    // An element before the last of the first block, or its very (element, dot) again.
    entries.back().first = 10 * (block - 1) - 1;
    CHECK(decode_error<set_type>(unsigned_set(counter, entries)) == code(errc::not_canonical));
    entries.back() = entries[block - 1];
    CHECK(decode_error<set_type>(unsigned_set(counter, entries)) == code(errc::duplicate_entry));
}

TEST_CASE("dots are refused the same once the short check is open", "[codec][or_set][bulk]") {
    using set_type = or_set<std::uint64_t>;
    // The first dot opens the short way (bitmap ready); the second is the one checked.
    auto second_dot = [](std::uint64_t reference, std::uint64_t counter) {
        message m(wire_tag::or_set);
        m.varint(1).varint(1).varint(2);           // vector {1: 2}
        m.varint(1).varint(1).varint(5).varint(0); // cloud {(1, 5)}
        m.varint(2).varint(1).varint(0).varint(1).varint(2).varint(reference).varint(counter);
        return m.get();
    };
    CHECK(decode_error<set_type>(second_dot(0, 2)) == 0);
    CHECK(decode_error<set_type>(second_dot(0, 5)) == 0);
    CHECK(decode_error<set_type>(second_dot(0, 1)) == code(errc::duplicate_entry));
    CHECK(decode_error<set_type>(second_dot(0, 3)) == code(errc::not_canonical));
    CHECK(decode_error<set_type>(second_dot(0, 0)) == code(errc::invalid_value));
    CHECK(decode_error<set_type>(second_dot(1, 5)) == code(errc::not_canonical));
    CHECK(decode_error<set_type>(second_dot(2, 1)) == code(errc::invalid_value));
    CHECK(decode_error<set_type>(second_dot(0, max_counter_value + 1)) ==
          code(errc::counter_too_large));
}
