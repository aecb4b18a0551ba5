// Hand-checked encodings: the byte strings docs/wire-format.md describes, for
// small values of each family. A change here is a change of the wire format.

#include <cstdint>
#include <string>

#include <hearsay/codec/codec.hpp>

#include "catch.hpp"
#include "codec/codec_support.hpp"

using namespace hearsay::codec_testing;

namespace {

template <class T> void require_golden(const T& value, const bytes& expected) {
    CHECK(encoding_of(value) == expected);
    auto decoded = decode_bytes<T>(expected);
    INFO("decode error: " << decoded.error().message());
    REQUIRE(decoded);
    CHECK(*decoded == value);
}

} // namespace

TEST_CASE("golden: counters", "[codec][golden]") {
    hearsay::g_counter<> g;
    g.increment(1, 5);
    g.increment(7, 2);
    // version 2, tag g_counter, 2 replicas: (1, 5), (7, 2)
    require_golden(g, make_bytes({0x02, 0x01, 0x02, 0x01, 0x05, 0x07, 0x02}));

    hearsay::pn_counter<> p;
    p.increment(2, 300);
    p.decrement(1, 1);
    // increments: 1 replica (2, 300 = AC 02); decrements: 1 replica (1, 1)
    require_golden(p, make_bytes({0x02, 0x02, 0x01, 0x02, 0xAC, 0x02, 0x01, 0x01, 0x01}));
    require_golden(hearsay::g_counter<>{}, make_bytes({0x02, 0x01, 0x00}));
}

TEST_CASE("golden: sets and registers", "[codec][golden]") {
    hearsay::g_set<std::string> s;
    s.insert("b");
    s.insert("a");
    require_golden(s, make_bytes({0x02, 0x03, 0x02, 0x01, 'a', 0x01, 'b'}));

    hearsay::two_phase_set<int> t;
    t.insert(1);
    t.insert(2);
    t.erase(1);
    // live {2} (zig-zag 4), removed {1} (zig-zag 2)
    require_golden(t, make_bytes({0x02, 0x04, 0x01, 0x04, 0x01, 0x02}));

    hearsay::lww_register<int> r;
    require_golden(r, make_bytes({0x02, 0x05, 0x00}));
    r.assign(7, hearsay::hlc_timestamp(1, 2), 3);
    // assigned, value 7 (zig-zag 0E), timestamp raw 0x10002 in 8 LE bytes, writer 3
    require_golden(r, make_bytes({0x02, 0x05, 0x01, 0x0E, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                                  0x00, 0x03}));
}

TEST_CASE("golden: a small or_set and its deltas", "[codec][golden]") {
    hearsay::or_set<int> s;
    s.insert(1, 5);  // dot (1, 1)
    s.insert(2, -1); // dot (2, 1)
    // context: vector {1: 1, 2: 1}, empty cloud; store: 2 entries sorted by element:
    //   -1 (zig-zag 01) by replica index 1 (id 2), counter 1
    //    5 (zig-zag 0A) by replica index 0 (id 1), counter 1
    require_golden(s, make_bytes({0x02, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01,
                                  0x01, 0x0A, 0x00, 0x01}));

    // Erasing 5 sends the dot it removes and no entry.
    hearsay::or_set<int> before = s;
    const auto erase_delta = s.erase(5);
    require_golden(erase_delta, make_bytes({0x02, 0x09, 0x01, 0x01, 0x01, 0x00, 0x00}));

    // Replica 2's second event is a cloud range of the delta, (2, first 2, span 0); the entry
    // names it by cloud position: index 0 (the vector is empty) + 0.
    const auto insert_delta = before.insert(2, 7);
    require_golden(insert_delta,
                   make_bytes({0x02, 0x09, 0x00, 0x01, 0x02, 0x02, 0x00, 0x01, 0x0E, 0x00, 0x02}));

    // A gap of any length costs one range: dots 1 and 5..1000 of replica 3.
    hearsay::causal_context<std::uint64_t> gapped;
    gapped.insert({3, 1});
    for (std::uint64_t c = 5; c <= 1000; ++c)
        gapped.insert({3, c});
    // vector {3: 1}; cloud: 1 range (3, first 5, span 995 = E3 07)
    require_golden(gapped,
                   make_bytes({0x02, 0x2A, 0x01, 0x03, 0x01, 0x01, 0x03, 0x05, 0xE3, 0x07}));
}

TEST_CASE("golden: an or_map of string keys to pn_counters", "[codec][golden]") {
    hearsay::or_map<std::string, hearsay::pn_counter<>> m;
    m.update(1, "a", [](hearsay::pn_counter<>& c) { return c.increment(1, 3); });
    m.update(1, "b", [](hearsay::pn_counter<>& c) { return c.decrement(1, 2); });
    // context: vector {1: 2}, empty cloud; 2 keys, each one part (dot reference, counter,
    // added, subtracted): "a" -> (0, 1, +3, -0), "b" -> (0, 2, +0, -2)
    require_golden(m, make_bytes({0x02, 0x0B, 0x01, 0x01, 0x02, 0x00, 0x02, 0x01, 'a',  0x01, 0x00,
                                  0x01, 0x03, 0x00, 0x01, 'b',  0x01, 0x00, 0x02, 0x00, 0x02}));
}

TEST_CASE("golden: flags and a multi-value register", "[codec][golden]") {
    hearsay::ew_flag<> e;
    e.enable(4);
    require_golden(e, make_bytes({0x02, 0x07, 0x01, 0x04, 0x01, 0x00, 0x01, 0x00, 0x01, 0x01}));
    hearsay::dw_flag<> d;
    d.disable(4);
    require_golden(d, make_bytes({0x02, 0x08, 0x01, 0x04, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00}));
    hearsay::mv_register<std::string> r;
    r.assign(9, "x");
    require_golden(r,
                   make_bytes({0x02, 0x06, 0x01, 0x09, 0x01, 0x00, 0x01, 0x00, 0x01, 0x01, 'x'}));
}
