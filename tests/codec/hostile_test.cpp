// Untrusted input: decode never crashes, never over-reads (the tests run under
// ASan and UBSan), never allocates what the message cannot back, and accepts
// only canonical encodings of valid states. Truncations, bit flips, random
// bytes, huge counts, deep nesting, duplicates, disorder and broken invariants.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional> // function
#include <limits>
#include <random>
#include <string>
#include <utility> // pair, move
#include <vector>

#include <hearsay/codec/codec.hpp>

#include "catch.hpp"
#include "codec/codec_support.hpp"
#include "support/crdt_types.hpp"

using namespace hearsay::testing;
using namespace hearsay::codec_testing;
using hearsay::errc;
using hearsay::wire_tag;

namespace {

constexpr std::uint64_t huge = std::uint64_t{1} << 60;

hearsay::decode_limits unlimited() {
    hearsay::decode_limits limits;
    limits.max_elements = std::numeric_limits<std::size_t>::max();
    limits.max_string_length = std::numeric_limits<std::size_t>::max();
    return limits;
}

// Requires what any decode of arbitrary bytes must give: a hearsay error, or a value whose
// encoding is exactly the input and which is a regular, idempotently merging value.
template <class T> bool require_sane_decode(const bytes& input) {
    auto decoded = decode_bytes<T>(input);
    if (!decoded) {
        REQUIRE(decoded.error().category() == hearsay::category());
        REQUIRE(decoded.error().value() != 0);
        return false;
    }
    REQUIRE(encoding_of(*decoded) == input);
    T self = *decoded;
    REQUIRE(self == *decoded);
    REQUIRE_FALSE(self.merge(*decoded));
    REQUIRE(self == *decoded);
    return true;
}

// Encodings of a few states and deltas of T, each at most `max_size` bytes.
template <class T> std::vector<bytes> small_encodings(std::uint64_t seed, std::size_t max_size) {
    const samples<T> s = sample_history<T>(seed, 40);
    std::vector<bytes> out;
    auto consider = [&](const T& value) {
        bytes e = encoding_of(value);
        if (e.size() <= max_size && out.size() < 4)
            out.push_back(std::move(e));
    };
    for (auto it = s.states.rbegin(); it != s.states.rend(); ++it)
        consider(*it);
    for (const auto& delta : s.deltas)
        consider(delta);
    return out;
}

} // namespace

TEMPLATE_TEST_CASE("every truncation of a valid encoding is refused", "[codec][hostile]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    for (std::uint64_t seed : {std::uint64_t{3}, std::uint64_t{4}}) {
        CAPTURE(seed);
        const samples<TestType> s = sample_history<TestType>(seed, 60);
        for (const TestType& value : {s.states.back(), s.deltas.back()}) {
            const bytes full = encoding_of(value);
            for (std::size_t size = 0; size < full.size(); ++size) {
                CAPTURE(size);
                const int e = decode_error<TestType>(
                    bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
                REQUIRE((e == code(errc::truncated) || e == code(errc::length_too_large)));
            }
            bytes longer = full;
            longer.push_back(std::byte{0});
            REQUIRE(decode_error<TestType>(longer) == code(errc::trailing_bytes));
        }
    }
}

TEMPLATE_TEST_CASE("every truncation of a nested map is refused", "[codec][hostile]", map_of_or_set,
                   map_of_pn_counter, map_of_lww_register, map_of_two_phase_set,
                   map_of_map_of_map_of_pn_counter) {
    const samples<TestType> s = sample_history<TestType>(8, 60);
    const bytes full = encoding_of(s.states.back());
    for (std::size_t size = 0; size < full.size(); ++size) {
        CAPTURE(size);
        const int e = decode_error<TestType>(
            bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
        REQUIRE((e == code(errc::truncated) || e == code(errc::length_too_large)));
    }
}

TEMPLATE_TEST_CASE("every single-bit flip decodes to a canonical value or fails cleanly",
                   "[codec][hostile]", or_set_type, mv_register_type, dw_flag_type,
                   two_phase_set_type, lww_map_type, pn_counter_type, map_of_or_set,
                   map_of_pn_counter, map_of_lww_register, map_of_map_of_or_set) {
    std::size_t accepted = 0;
    std::size_t refused = 0;
    for (const bytes& original : small_encodings<TestType>(17, 160)) {
        const TestType value = *decode_bytes<TestType>(original);
        for (std::size_t bit = 0; bit < original.size() * 8; ++bit) {
            CAPTURE(original.size(), bit);
            bytes flipped = original;
            flipped[bit / 8] ^= static_cast<std::byte>(1u << (bit % 8));
            if (!require_sane_decode<TestType>(flipped)) {
                ++refused;
                continue;
            }
            ++accepted;
            // A forged but valid state merges with a genuine one into a state that is itself
            // regular. (Convergence with forged data is not promised: a forger may reuse a
            // dot for another payload, which no decoder can see.)
            TestType joined = value;
            joined.merge(*decode_bytes<TestType>(flipped));
            TestType again = joined;
            REQUIRE_FALSE(again.merge(joined));
            REQUIRE(again == joined);
        }
    }
    CAPTURE(accepted, refused);
    REQUIRE(refused > 0);
}

TEMPLATE_TEST_CASE("random bytes never crash the decoder", "[codec][hostile]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    std::mt19937_64 rng(0xbadbeef);
    const bytes valid = encoding_of(TestType{});
    std::size_t accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        CAPTURE(round);
        bytes input;
        if (chance(rng, 70)) // a valid header, so the body is what gets tested
            input.assign(valid.begin(), valid.begin() + 2);
        const std::size_t length = pick_index(rng, 40);
        for (std::size_t i = 0; i < length; ++i)
            input.push_back(static_cast<std::byte>(chance(rng, 50) ? rng() % 4 : rng() % 256));
        accepted += require_sane_decode<TestType>(input) ? 1u : 0u;
    }
    CAPTURE(accepted);
    SUCCEED();
}

TEMPLATE_TEST_CASE("random bytes never crash the decoder of nested maps", "[codec][hostile]",
                   HEARSAY_TEST_MAP_CRDTS) {
    std::mt19937_64 rng(0xfeed);
    for (int round = 0; round < 2000; ++round) {
        CAPTURE(round);
        bytes input = message(wire_tag::or_map).get();
        const std::size_t length = pick_index(rng, 48);
        for (std::size_t i = 0; i < length; ++i)
            input.push_back(static_cast<std::byte>(chance(rng, 60) ? rng() % 4 : rng() % 256));
        require_sane_decode<TestType>(input);
    }
    SUCCEED();
}

TEST_CASE("the header is checked first", "[codec][hostile]") {
    CHECK(decode_error<or_set_type>(bytes{}) == code(errc::truncated));
    CHECK(decode_error<or_set_type>(make_bytes({2})) == code(errc::truncated));
    CHECK(decode_error<or_set_type>(make_bytes({3})) == code(errc::bad_version));
    CHECK(decode_error<or_set_type>(make_bytes({0, 0x09, 0, 0, 0})) == code(errc::bad_version));
    CHECK(decode_error<or_set_type>(make_bytes({1, 0x09, 0, 0, 0})) == code(errc::bad_version));
    CHECK(decode_error<or_set_type>(make_bytes({3, 0x09, 0, 0, 0})) == code(errc::bad_version));
    CHECK(decode_error<or_set_type>(make_bytes({2, 0x09, 0, 0, 0})) == 0);
    // Each family has its own tag: an encoded or_set is not an or_map, nor a flag another flag.
    CHECK(decode_error<map_of_or_set>(make_bytes({2, 0x09, 0, 0, 0})) == code(errc::unknown_type));
    CHECK(decode_error<dw_flag_type>(encoding_of(ew_flag_type{})) == code(errc::unknown_type));
    CHECK(decode_error<g_counter_type>(encoding_of(pn_counter_type{})) == code(errc::unknown_type));
    hearsay::decode_limits small;
    small.max_message_size = 4;
    CHECK(decode_error<or_set_type>(make_bytes({2, 0x09, 0, 0, 0}), small) ==
          code(errc::message_too_large));
}

TEST_CASE("a count of 2^60 fails fast, before any allocation", "[codec][hostile]") {
    // Each message is a few bytes claiming 2^60 elements. With the element limit lifted,
    // only the check against the bytes left stands between the count and a huge
    // allocation, which ASan would report.
    const std::vector<std::pair<const char*, std::function<int(const hearsay::decode_limits&)>>>
        cases = {
            {"vector",
             [](const auto& l) {
                 return decode_error<std::vector<int>>(message(wire_tag::vector).varint(huge).get(),
                                                       l);
             }},
            {"string",
             [](const auto& l) {
                 return decode_error<std::string>(
                     message(wire_tag::string).varint(huge).raw(1).get(), l);
             }},
            {"g_set",
             [](const auto& l) {
                 return decode_error<g_set_type>(message(wire_tag::g_set).varint(huge).get(), l);
             }},
            {"g_counter",
             [](const auto& l) {
                 return decode_error<g_counter_type>(
                     message(wire_tag::g_counter).varint(huge).get(), l);
             }},
            {"context vector",
             [](const auto& l) {
                 return decode_error<or_set_type>(message(wire_tag::or_set).varint(huge).get(), l);
             }},
            {"context cloud",
             [](const auto& l) {
                 return decode_error<or_set_type>(
                     message(wire_tag::or_set).varint(0).varint(huge).get(), l);
             }},
            {"or_set store",
             [](const auto& l) {
                 return decode_error<or_set_type>(
                     message(wire_tag::or_set).varint(0).varint(0).varint(huge).raw(0).get(), l);
             }},
            {"mv_register store",
             [](const auto& l) {
                 return decode_error<mv_register_type>(
                     message(wire_tag::mv_register).varint(0).varint(0).varint(huge).get(), l);
             }},
            {"or_map keys",
             [](const auto& l) {
                 return decode_error<map_of_or_set>(
                     message(wire_tag::or_map).varint(0).varint(0).varint(huge).get(), l);
             }},
            {"nested store",
             [](const auto& l) {
                 return decode_error<map_of_or_set>(message(wire_tag::or_map)
                                                        .varint(1)
                                                        .varint(1)
                                                        .varint(1)
                                                        .varint(0)
                                                        .varint(1)
                                                        .sint(0)
                                                        .varint(huge)
                                                        .get(),
                                                    l);
             }},
        };
    for (const auto& c : cases) {
        CAPTURE(c.first);
        CHECK(c.second(hearsay::decode_limits{}) == code(errc::length_too_large));
        CHECK(c.second(unlimited()) == code(errc::length_too_large));
    }
}

TEST_CASE("element and string limits are enforced", "[codec][hostile]") {
    g_set_type s;
    for (int i = 0; i < 10; ++i)
        s.insert(i);
    hearsay::decode_limits limits;
    limits.max_elements = 10;
    CHECK(decode_error<g_set_type>(encoding_of(s), limits) == 0);
    limits.max_elements = 9;
    CHECK(decode_error<g_set_type>(encoding_of(s), limits) == code(errc::length_too_large));
}

namespace {

// A tree of any depth: the codec recurses through std::vector<tree>.
struct tree {
    std::vector<tree> children;
    friend bool operator==(const tree& a, const tree& b) { return a.children == b.children; }
};

tree chain(std::size_t depth) {
    tree t;
    for (std::size_t i = 0; i < depth; ++i) {
        tree parent;
        parent.children.push_back(std::move(t));
        t = std::move(parent);
    }
    return t;
}

} // namespace

template <> struct hearsay::codec_traits<tree> {
    static void encode(const tree& t, hearsay::writer& out) { encode_value(t.children, out); }
    static bool decode(hearsay::reader& in, tree& t) { return decode_value(in, t.children); }
};

TEST_CASE("nesting beyond max_depth is refused", "[codec][hostile]") {
    using deep_map = hearsay::or_map<int, hearsay::or_map<int, hearsay::or_map<int, or_set_type>>>;
    deep_map m;
    m.update(1, 1, [](auto& a) {
        return a.update(1, 2, [](auto& b) {
            return b.update(1, 3, [](or_set_type& s) { return s.insert(1, 4); });
        });
    });
    const bytes encoded = encoding_of(m);
    hearsay::decode_limits limits;
    limits.max_depth = 4; // three maps and the set
    CHECK(decode_error<deep_map>(encoded, limits) == 0);
    limits.max_depth = 3;
    CHECK(decode_error<deep_map>(encoded, limits) == code(errc::depth_exceeded));

    using deep_vector = std::vector<std::vector<std::vector<int>>>;
    const bytes vectors = encoding_of(deep_vector{{{1}}});
    limits.max_depth = 3;
    CHECK(decode_error<deep_vector>(vectors, limits) == 0);
    limits.max_depth = 2;
    CHECK(decode_error<deep_vector>(vectors, limits) == code(errc::depth_exceeded));

    // A recursive type: 30 levels decode under the default limit of 32, 40 do not.
    require_round_trip(chain(30));
    CHECK(decode_error<tree>(encoding_of(chain(40))) == code(errc::depth_exceeded));

    // A 100,000-level message would overflow the stack without the limit.
    message hostile(wire_tag::user_value);
    for (int i = 0; i < 100000; ++i)
        hostile.varint(1);
    hostile.varint(0);
    CHECK(decode_error<tree>(hostile.get()) == code(errc::depth_exceeded));
}

TEST_CASE("duplicated and unsorted entries are refused", "[codec][hostile]") {
    auto g_set_of = [](std::initializer_list<int> elements) {
        message m(wire_tag::g_set);
        m.varint(elements.size());
        for (int x : elements)
            m.sint(x);
        return m.get();
    };
    CHECK(decode_error<g_set_type>(g_set_of({1, 2, 3})) == 0);
    CHECK(decode_error<g_set_type>(g_set_of({1, 2, 2})) == code(errc::duplicate_entry));
    CHECK(decode_error<g_set_type>(g_set_of({2, 1})) == code(errc::not_canonical));

    // version vectors: (replica, counter) entries by ascending replica
    CHECK(
        decode_error<g_counter_type>(
            message(wire_tag::g_counter).varint(2).varint(1).varint(1).varint(2).varint(1).get()) ==
        0);
    CHECK(
        decode_error<g_counter_type>(
            message(wire_tag::g_counter).varint(2).varint(2).varint(1).varint(1).varint(1).get()) ==
        code(errc::not_canonical));
    CHECK(
        decode_error<g_counter_type>(
            message(wire_tag::g_counter).varint(2).varint(1).varint(1).varint(1).varint(4).get()) ==
        code(errc::duplicate_entry));

    // or_set entries: (element, reference, counter) by element, then dot
    auto or_set_of = [](std::initializer_list<std::array<std::uint64_t, 3>> entries) {
        message m(wire_tag::or_set);
        m.varint(1).varint(1).varint(9).varint(0); // context: replica 1 up to 9
        m.varint(entries.size());
        for (const auto& e : entries)
            m.sint(static_cast<std::int64_t>(e[0])).varint(e[1]).varint(e[2]);
        return m.get();
    };
    CHECK(decode_error<or_set_type>(or_set_of({{5, 0, 1}, {5, 0, 2}, {6, 0, 3}})) == 0);
    CHECK(decode_error<or_set_type>(or_set_of({{5, 0, 1}, {5, 0, 1}})) ==
          code(errc::duplicate_entry));
    CHECK(decode_error<or_set_type>(or_set_of({{6, 0, 1}, {5, 0, 2}})) ==
          code(errc::not_canonical));
    CHECK(decode_error<or_set_type>(or_set_of({{5, 0, 2}, {5, 0, 1}})) ==
          code(errc::not_canonical));

    // or_map keys
    auto map_of = [](std::initializer_list<std::pair<int, int>> keys) {
        message m(wire_tag::or_map);
        m.varint(1).varint(1).varint(9).varint(0);
        m.varint(keys.size());
        for (const auto& k : keys) // each key holds one element with its own dot
            m.sint(k.first).varint(1).sint(0).varint(0).varint(
                static_cast<std::uint64_t>(k.second));
        return m.get();
    };
    CHECK(decode_error<map_of_or_set>(map_of({{1, 1}, {2, 2}})) == 0);
    CHECK(decode_error<map_of_or_set>(map_of({{1, 1}, {1, 2}})) == code(errc::duplicate_entry));
    CHECK(decode_error<map_of_or_set>(map_of({{2, 1}, {1, 2}})) == code(errc::not_canonical));

    // dot_fun stores (mv_register): (reference, counter, value) by dot
    auto mv_of = [](std::initializer_list<std::uint64_t> counters) {
        message m(wire_tag::mv_register);
        m.varint(1).varint(1).varint(9).varint(0);
        m.varint(counters.size());
        for (std::uint64_t c : counters)
            m.varint(0).varint(c).sint(7);
        return m.get();
    };
    CHECK(decode_error<mv_register_type>(mv_of({1, 2})) == 0);
    CHECK(decode_error<mv_register_type>(mv_of({2, 2})) == code(errc::duplicate_entry));
    CHECK(decode_error<mv_register_type>(mv_of({2, 1})) == code(errc::not_canonical));
}

TEST_CASE("causal contexts must be compact", "[codec][hostile]") {
    using context = hearsay::causal_context<std::uint64_t>;
    struct range {
        std::uint64_t replica;
        std::uint64_t first;
        std::uint64_t span = 0; // the range first..first+span
    };
    auto context_of = [](std::uint64_t vector_counter, std::initializer_list<range> cloud) {
        message m(wire_tag::causal_context);
        m.varint(1).varint(1).varint(vector_counter);
        m.varint(cloud.size());
        for (const auto& r : cloud)
            m.varint(r.replica).varint(r.first).varint(r.span);
        return m.get();
    };
    CHECK(decode_error<context>(context_of(2, {{1, 4}, {1, 6}, {2, 2}})) == 0);
    CHECK(decode_error<context>(context_of(2, {{1, 2}})) == code(errc::not_canonical)); // covered
    CHECK(decode_error<context>(context_of(2, {{1, 3}})) == code(errc::not_canonical)); // next
    CHECK(decode_error<context>(context_of(2, {{2, 1}})) == code(errc::not_canonical)); // next
    CHECK(decode_error<context>(context_of(2, {{1, 6}, {1, 4}})) == code(errc::not_canonical));
    CHECK(decode_error<context>(context_of(2, {{1, 6}, {1, 6}})) == code(errc::duplicate_entry));
    CHECK(decode_error<context>(context_of(0, {})) == code(errc::not_canonical)); // a zero
    // Ranges: one range per gap; ranges of a replica that overlap or touch are one range.
    CHECK(decode_error<context>(context_of(2, {{1, 4, 1000}, {2, 2, 5}})) == 0);
    CHECK(decode_error<context>(context_of(2, {{1, 4, 2}, {1, 7}})) == code(errc::not_canonical));
    CHECK(decode_error<context>(context_of(2, {{1, 4, 2}, {1, 6}})) == code(errc::not_canonical));
    CHECK(decode_error<context>(context_of(2, {{1, 4, 2}, {1, 8}})) == 0);
    // Counters beyond max_counter_value, in the vector or at a range's end.
    const std::uint64_t most = hearsay::max_counter_value;
    CHECK(decode_error<context>(context_of(most, {})) == 0);
    CHECK(decode_error<context>(context_of(most + 1, {})) == code(errc::counter_too_large));
    CHECK(decode_error<context>(context_of(2, {{1, 4, most - 4}})) == 0);
    CHECK(decode_error<context>(context_of(2, {{1, 4, most - 3}})) ==
          code(errc::counter_too_large));
    CHECK(decode_error<context>(context_of(~std::uint64_t{0}, {{1, ~std::uint64_t{0}}})) ==
          code(errc::counter_too_large));
}

TEST_CASE("dot stores must agree with their context", "[codec][hostile]") {
    // context: vector {1: 2}, cloud {(1, 5), (3, 4), (3, 7)}; replica table: 0 -> 1, 1.. -> cloud
    auto or_set_with = [](std::initializer_list<std::pair<std::uint64_t, std::uint64_t>> dots) {
        message m(wire_tag::or_set);
        m.varint(1).varint(1).varint(2);
        m.varint(3)
            .varint(1)
            .varint(5)
            .varint(0)
            .varint(3)
            .varint(4)
            .varint(0)
            .varint(3)
            .varint(7)
            .varint(0);
        m.varint(dots.size());
        std::int64_t element = 0;
        for (const auto& d : dots)
            m.sint(element++).varint(d.first).varint(d.second);
        return m.get();
    };
    // Covered dots by their canonical references: replica 1 by 0, replica 3 by 1 + 1.
    CHECK(decode_error<or_set_type>(or_set_with({{0, 1}, {0, 2}, {0, 5}, {2, 4}, {2, 7}})) == 0);
    CHECK(decode_error<or_set_type>(or_set_with({{0, 3}})) == code(errc::not_canonical));
    CHECK(decode_error<or_set_type>(or_set_with({{2, 5}})) == code(errc::not_canonical));
    // Replica 1 named through the cloud, replica 3 through its second cloud dot.
    CHECK(decode_error<or_set_type>(or_set_with({{1, 5}})) == code(errc::not_canonical));
    CHECK(decode_error<or_set_type>(or_set_with({{3, 7}})) == code(errc::not_canonical));
    // References past the table; a zero counter.
    CHECK(decode_error<or_set_type>(or_set_with({{4, 1}})) == code(errc::invalid_value));
    CHECK(decode_error<or_set_type>(or_set_with({{0, 0}})) == code(errc::invalid_value));
    // One dot under two elements.
    CHECK(decode_error<or_set_type>(or_set_with({{0, 1}, {0, 1}})) == code(errc::duplicate_entry));
    CHECK(decode_error<or_set_type>(or_set_with({{2, 7}, {2, 7}})) == code(errc::duplicate_entry));

    // A context too sparse for the bitmap: duplicates are found by sorting.
    bytes sparse = message(wire_tag::or_set)
                       .varint(1)
                       .varint(1)
                       .varint(std::uint64_t{1} << 40)
                       .varint(0)
                       .varint(2)
                       .sint(1)
                       .varint(0)
                       .varint(77)
                       .sint(2)
                       .varint(0)
                       .varint(77)
                       .get();
    CHECK(decode_error<or_set_type>(sparse) == code(errc::duplicate_entry));
    sparse.back() = std::byte{78};
    CHECK(decode_error<or_set_type>(sparse) == 0);

    // One dot under two keys of a map.
    bytes two_keys = message(wire_tag::or_map)
                         .varint(1)
                         .varint(1)
                         .varint(2)
                         .varint(0)
                         .varint(2)
                         .sint(1)
                         .varint(1)
                         .sint(5)
                         .varint(0)
                         .varint(1)
                         .sint(2)
                         .varint(1)
                         .sint(6)
                         .varint(0)
                         .varint(1)
                         .get();
    CHECK(decode_error<map_of_or_set>(two_keys) == code(errc::duplicate_entry));
    two_keys.back() = std::byte{2};
    CHECK(decode_error<map_of_or_set>(two_keys) == 0);
}

TEST_CASE("states the data types cannot reach are refused", "[codec][hostile]") {
    // two_phase_set: an element both live and erased
    CHECK(decode_error<two_phase_set_type>(
              message(wire_tag::two_phase_set).varint(1).sint(1).varint(1).sint(1).get()) ==
          code(errc::not_canonical));
    // or_map: a key with an empty nested store
    CHECK(decode_error<map_of_or_set>(message(wire_tag::or_map)
                                          .varint(1)
                                          .varint(1)
                                          .varint(1)
                                          .varint(0)
                                          .varint(1)
                                          .sint(3)
                                          .varint(0)
                                          .get()) == code(errc::not_canonical));
    // ew_flag: a disabled mark (the enable-wins flag keeps none)
    const auto flag = [](wire_tag tag, unsigned enabled) {
        return message(tag)
            .varint(1)
            .varint(4)
            .varint(1)
            .varint(0)
            .varint(1)
            .varint(0)
            .varint(1)
            .raw(enabled)
            .get();
    };
    CHECK(decode_error<ew_flag_type>(flag(wire_tag::ew_flag, 1)) == 0);
    CHECK(decode_error<ew_flag_type>(flag(wire_tag::ew_flag, 0)) == code(errc::not_canonical));
    CHECK(decode_error<dw_flag_type>(flag(wire_tag::dw_flag, 0)) == 0);
    CHECK(decode_error<dw_flag_type>(flag(wire_tag::dw_flag, 2)) == code(errc::invalid_value));
    // embedded parts: a zero increment, an empty pn change, an unassigned register
    const auto map_part = [](wire_tag tag) {
        return message(tag)
            .varint(1)
            .varint(1)
            .varint(1)
            .varint(0)
            .varint(1)
            .sint(0)
            .varint(1)
            .varint(0)
            .varint(1);
    };
    CHECK(decode_error<map_of_g_counter>(map_part(wire_tag::or_map).varint(3).get()) == 0);
    CHECK(decode_error<map_of_g_counter>(map_part(wire_tag::or_map).varint(0).get()) ==
          code(errc::not_canonical));
    CHECK(decode_error<map_of_pn_counter>(map_part(wire_tag::or_map).varint(0).varint(2).get()) ==
          0);
    CHECK(decode_error<map_of_pn_counter>(map_part(wire_tag::or_map).varint(0).varint(0).get()) ==
          code(errc::not_canonical));
    CHECK(decode_error<map_of_lww_register>(map_part(wire_tag::or_map).raw(0).get()) ==
          code(errc::not_canonical));
    CHECK(decode_error<map_of_lww_register>(
              map_part(wire_tag::or_map).raw(1).sint(5).varint(3).varint(1).get()) == 0);
}

TEST_CASE("counters at the limit decode and merge like any state", "[codec][hostile]") {
    // Two replicas at 2^63 events each once wrapped the dot count to 0, which made merges take
    // their "small delta" path and walk every one of the 2^64 dots. Counters now stop at
    // max_counter_value (2^62), so no sum of two wraps; the largest still merge at once.
    const std::uint64_t half = hearsay::max_counter_value;
    CHECK(decode_error<or_set_type>(message(wire_tag::or_set)
                                        .varint(1)
                                        .varint(1)
                                        .varint(half + 1)
                                        .varint(0)
                                        .varint(0)
                                        .get()) == code(errc::counter_too_large));
    const bytes wrapped = message(wire_tag::or_set)
                              .varint(2)
                              .varint(1)
                              .varint(half)
                              .varint(2)
                              .varint(half)
                              .varint(0)
                              .varint(1)
                              .sint(7)
                              .varint(0)
                              .varint(half)
                              .get();
    auto decoded = decode_bytes<or_set_type>(wrapped);
    REQUIRE(decoded);
    CHECK(decoded->context().dot_count() == std::uint64_t{1} << 63);
    or_set_type self = *decoded;
    CHECK_FALSE(self.merge(*decoded));
    or_set_type delta;
    delta.insert(3, 1);
    CHECK(self.merge(delta));
    CHECK(self.contains(1));
    CHECK(self.contains(7));
    map_of_or_set map;
    map.update(1, 4, [](or_set_type& s) { return s.insert(1, 2); });
    const bytes map_bytes = message(wire_tag::or_map)
                                .varint(2)
                                .varint(1)
                                .varint(half)
                                .varint(2)
                                .varint(half)
                                .varint(0)
                                .varint(0)
                                .get();
    auto empty_map = decode_bytes<map_of_or_set>(map_bytes);
    REQUIRE(empty_map);
    // Its context has seen the update's dot (1, 1), and its store lacks it: removed there.
    CHECK_FALSE(empty_map->merge(map));
    CHECK_FALSE(empty_map->contains(4));
    CHECK(map.merge(*empty_map));
    CHECK_FALSE(map.contains(4));
}
