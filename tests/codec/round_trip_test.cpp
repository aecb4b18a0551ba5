// Every data type, state and delta, decodes to itself from its encoding, which
// is canonical (re-encoding gives the same bytes), and the decoded value merges
// exactly as the original: random replica histories of every CRDT and nested
// map, with int and std::string values, integer and string replica ids.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility> // move
#include <vector>

#include <hearsay/codec/codec.hpp>

#include "catch.hpp"
#include "codec/codec_support.hpp"
#include "support/crdt_types.hpp"

using namespace hearsay::testing;
using namespace hearsay::codec_testing;

namespace {

constexpr std::uint64_t seeds[] = {1, 7, 42, 0x5eed};
constexpr std::size_t steps = 96;

template <class T, class Mutate = generator_mutation>
void require_histories_round_trip(Mutate mutate = {}) {
    std::size_t checked = 0;
    for (std::uint64_t seed : seeds) {
        CAPTURE(seed);
        const samples<T> s = sample_history<T>(seed, steps, mutate);
        for (std::size_t i = 0; i < s.states.size(); ++i) {
            CAPTURE(i);
            require_crdt_round_trip(s.states[i], s.states[(i + 1) % s.states.size()]);
            ++checked;
        }
        for (std::size_t i = 0; i < s.deltas.size(); ++i) {
            CAPTURE(i);
            require_crdt_round_trip(s.deltas[i], s.states[i % s.states.size()]);
            ++checked;
        }
    }
    REQUIRE(checked > std::size(seeds) * steps / 2);
}

std::string word(std::mt19937_64& rng) {
    static const char* const words[] = {"", "a", "apple", "b", "banana", "cherry", "z"};
    std::string w = words[pick_index(rng, std::size(words))];
    if (chance(rng, 10))
        w += std::string(130 + pick_index(rng, 70), 'x'); // a length of two varint bytes
    return w;
}

hearsay::hlc_timestamp stamp(std::mt19937_64& rng) {
    const std::uint64_t ms = 1700000000000 + pick(rng, 4);
    return hearsay::hlc_timestamp(ms, static_cast<std::uint16_t>(pick(rng, 3)));
}

using string_or_set = hearsay::or_set<std::string>;
using string_mv_register = hearsay::mv_register<std::string>;
using string_lww_register = hearsay::lww_register<std::string>;
using string_lww_map = hearsay::lww_map<std::string, std::string>;
using string_map_of_or_set = hearsay::or_map<std::string, string_or_set>;
using string_map_of_pn_counter = hearsay::or_map<std::string, hearsay::pn_counter<>>;
using named_replica_or_set = hearsay::or_set<int, std::string>;

struct string_mutation {
    string_or_set operator()(string_or_set& s, std::uint64_t self, std::mt19937_64& rng) const {
        if (chance(rng, 60))
            return s.insert(self, word(rng));
        return chance(rng, 90) ? s.erase(word(rng)) : s.clear();
    }
    string_mv_register operator()(string_mv_register& r, std::uint64_t self,
                                  std::mt19937_64& rng) const {
        return r.assign(self, word(rng));
    }
    string_lww_register operator()(string_lww_register& r, std::uint64_t self,
                                   std::mt19937_64& rng) const {
        std::string value = word(rng); // draws in a fixed order, not argument order
        return r.assign(std::move(value), stamp(rng), self);
    }
    string_lww_map operator()(string_lww_map& m, std::uint64_t self, std::mt19937_64& rng) const {
        if (chance(rng, 70)) {
            std::string key = word(rng);
            std::string value = word(rng);
            return m.insert_or_assign(self, std::move(key), std::move(value), stamp(rng));
        }
        return m.erase(word(rng));
    }
    string_map_of_or_set operator()(string_map_of_or_set& m, std::uint64_t self,
                                    std::mt19937_64& rng) const {
        if (chance(rng, 75))
            return m.update(self, word(rng),
                            [&](string_or_set& s) { return (*this)(s, self, rng); });
        return m.erase(word(rng));
    }
    string_map_of_pn_counter operator()(string_map_of_pn_counter& m, std::uint64_t self,
                                        std::mt19937_64& rng) const {
        if (chance(rng, 75))
            return m.update(self, word(rng), [&](hearsay::pn_counter<>& c) {
                return chance(rng, 50) ? c.increment(self, 1 + pick(rng, 300))
                                       : c.decrement(self, 1 + pick(rng, 300));
            });
        return m.erase(word(rng));
    }
    named_replica_or_set operator()(named_replica_or_set& s, std::uint64_t self,
                                    std::mt19937_64& rng) const {
        const std::string name = "replica-" + std::to_string(self);
        if (chance(rng, 60))
            return s.insert(name, pick_int(rng, -8, 8));
        return s.erase(pick_int(rng, -8, 8));
    }
};

} // namespace

TEMPLATE_TEST_CASE("every data type and its deltas round-trip", "[codec][round_trip]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_histories_round_trip<TestType>();
}

TEMPLATE_TEST_CASE("nested maps and their deltas round-trip", "[codec][round_trip]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_histories_round_trip<TestType>();
}

TEMPLATE_TEST_CASE("maps nesting lww_maps and deeper maps round-trip", "[codec][round_trip]",
                   (hearsay::or_map<int, lww_map_type>),
                   (hearsay::or_map<int, hearsay::or_map<int, map_of_g_set>>),
                   (hearsay::or_map<int, map_of_mv_register>)) {
    require_histories_round_trip<TestType>();
}

TEMPLATE_TEST_CASE("string values and string replica ids round-trip", "[codec][round_trip]",
                   string_or_set, string_mv_register, string_lww_register, string_lww_map,
                   string_map_of_or_set, string_map_of_pn_counter, named_replica_or_set) {
    require_histories_round_trip<TestType>(string_mutation{});
}

TEST_CASE("encode appends after what the vector holds", "[codec][round_trip]") {
    or_set_type s;
    s.insert(1, 5);
    bytes out = make_bytes({0xAA, 0xBB});
    hearsay::encode(s, out);
    const bytes alone = encoding_of(s);
    REQUIRE(out.size() == 2 + alone.size());
    CHECK(out[0] == std::byte{0xAA});
    CHECK(out[1] == std::byte{0xBB});
    CHECK(bytes(out.begin() + 2, out.end()) == alone);

    // A reused vector with spare capacity gets the same bytes.
    bytes reused;
    reused.reserve(4096);
    hearsay::encode(s, reused);
    CHECK(reused == alone);
    reused.clear();
    hearsay::encode(s, reused);
    CHECK(reused == alone);
}

TEST_CASE("a large or_set decodes equal and merges as the original", "[codec][round_trip]") {
    std::mt19937_64 rng(20240611);
    hearsay::or_set<std::uint64_t> a;
    // Each insertion draws its writer, then its element.
    auto insert = [&](hearsay::or_set<std::uint64_t>& s, std::uint64_t first_writer,
                      std::uint64_t writers) {
        const std::uint64_t writer = first_writer + pick(rng, writers);
        s.insert(writer, rng());
    };
    for (std::uint64_t i = 0; i < 10000; ++i)
        insert(a, 1, 16);
    hearsay::or_set<std::uint64_t> b = a; // then a and b diverge, with disjoint writers
    for (std::uint64_t i = 0; i < 10000; ++i) {
        insert(a, 1, 8);
        insert(b, 9, 8);
    }
    std::vector<std::uint64_t> present(b.begin(), b.end());
    for (std::size_t i = 0; i < present.size(); i += 7)
        b.erase(present[i]);
    require_crdt_round_trip(a, b);
    require_crdt_round_trip(b, a);
    auto decoded = decode_bytes<hearsay::or_set<std::uint64_t>>(encoding_of(a));
    REQUIRE(decoded);
    CHECK(decoded->size() == a.size());
    for (std::uint64_t x : a)
        REQUIRE(decoded->contains(x));
}
