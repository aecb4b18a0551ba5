// or_map: an update concurrent with an erase of its key survives, carrying only
// what the eraser had not seen, for every kind of nested value and at depth;
// lookups, ordered iteration, and deltas that name only the key they touch.

#include <cstdint>
#include <vector>

#include <hearsay/crdt/ew_flag.hpp>
#include <hearsay/crdt/g_counter.hpp>
#include <hearsay/crdt/g_set.hpp>
#include <hearsay/crdt/lww_register.hpp>
#include <hearsay/crdt/mv_register.hpp>
#include <hearsay/crdt/or_map.hpp>
#include <hearsay/crdt/or_set.hpp>
#include <hearsay/crdt/pn_counter.hpp>
#include <hearsay/crdt/two_phase_set.hpp>

#include "catch.hpp"
#include "support/collect.hpp"

using hearsay::testing::collect;
using hearsay::testing::collect_keys;
using hearsay::testing::collect_sorted;

namespace {

constexpr std::uint64_t alice = 1;
constexpr std::uint64_t bob = 2;
constexpr std::uint64_t carol = 3;
constexpr int key = 1;

using int_set = hearsay::or_set<int>;
using lww = hearsay::lww_register<int, std::uint64_t, std::uint64_t>;

// Alice writes `setup` under `key` and Bob syncs; then Alice erases the key
// while Bob concurrently applies `concurrent` (an update delta). Both exchange
// deltas; returns the state they agree on.
template <class Crdt, class Setup, class Concurrent>
hearsay::or_map<int, Crdt> erase_concurrent_with(Setup setup, Concurrent concurrent) {
    hearsay::or_map<int, Crdt> a;
    hearsay::or_map<int, Crdt> b;
    setup(a);
    REQUIRE(a.contains(key));
    b.merge(a);
    hearsay::or_map<int, Crdt> erased = a.erase(key);
    REQUIRE_FALSE(a.contains(key));
    hearsay::or_map<int, Crdt> updated = concurrent(b);
    a.merge(updated);
    b.merge(erased);
    REQUIRE(a == b);
    return a;
}

} // namespace

TEST_CASE("or_map of or_set: an update concurrent with an erase keeps only unseen elements",
          "[semantics][or_map]") {
    using map = hearsay::or_map<int, int_set>;
    auto setup = [](map& m) {
        m.update(alice, key, [](int_set& s) { return s.insert(alice, 1); });
        m.update(alice, key, [](int_set& s) { return s.insert(alice, 2); });
    };

    SECTION("a new element survives; the observed ones do not") {
        map merged = erase_concurrent_with<int_set>(setup, [](map& m) {
            return m.update(bob, key, [](int_set& s) { return s.insert(bob, 3); });
        });
        REQUIRE(merged.contains(key));
        CHECK(collect(merged.find(key)->second) == std::vector<int>{3});
    }
    SECTION("a concurrent re-insert of an observed element survives as a new write") {
        map merged = erase_concurrent_with<int_set>(setup, [](map& m) {
            return m.update(bob, key, [](int_set& s) { return s.insert(bob, 1); });
        });
        REQUIRE(merged.contains(key));
        CHECK(collect(merged.find(key)->second) == std::vector<int>{1});
    }
    SECTION("a concurrent update that only erases leaves nothing, so the key is gone") {
        map merged = erase_concurrent_with<int_set>(setup, [](map& m) {
            return m.update(bob, key, [](int_set& s) { return s.erase(2); });
        });
        CHECK_FALSE(merged.contains(key));
        CHECK(merged.empty());
        CHECK(merged.find(key) == merged.end());
    }
}

TEST_CASE("or_map of pn_counter: a concurrent increment survives an erase alone",
          "[semantics][or_map]") {
    using counter = hearsay::pn_counter<>;
    using map = hearsay::or_map<int, counter>;
    auto setup = [](map& m) {
        m.update(alice, key, [](counter& c) { return c.increment(alice, 5); });
        REQUIRE(m.find(key)->second.value() == 5);
    };

    SECTION("increment") {
        map merged = erase_concurrent_with<counter>(setup, [](map& m) {
            return m.update(bob, key, [](counter& c) { return c.increment(bob, 2); });
        });
        REQUIRE(merged.contains(key));
        CHECK(merged.find(key)->second.value() == 2);
    }
    SECTION("decrement") {
        map merged = erase_concurrent_with<counter>(setup, [](map& m) {
            return m.update(bob, key, [](counter& c) { return c.decrement(bob, 3); });
        });
        REQUIRE(merged.contains(key));
        CHECK(merged.find(key)->second.value() == -3);
    }
}

TEST_CASE("or_map of g_counter: a concurrent increment survives an erase alone",
          "[semantics][or_map]") {
    using counter = hearsay::g_counter<>;
    using map = hearsay::or_map<int, counter>;
    map merged = erase_concurrent_with<counter>(
        [](map& m) {
            m.update(alice, key, [](counter& c) { return c.increment(alice, 5); });
            m.update(bob, key, [](counter& c) { return c.increment(bob, 1); });
        },
        [](map& m) { return m.update(bob, key, [](counter& c) { return c.increment(bob, 2); }); });
    REQUIRE(merged.contains(key));
    CHECK(merged.find(key)->second.value() == 2);
}

TEST_CASE("or_map of g_set: a concurrent insert survives an erase alone", "[semantics][or_map]") {
    using set = hearsay::g_set<int>;
    using map = hearsay::or_map<int, set>;
    auto setup = [](map& m) {
        m.update(alice, key, [](set& s) { return s.insert(1); });
        m.update(alice, key, [](set& s) { return s.insert(2); });
    };

    SECTION("a new element") {
        map merged = erase_concurrent_with<set>(
            setup, [](map& m) { return m.update(bob, key, [](set& s) { return s.insert(3); }); });
        REQUIRE(merged.contains(key));
        CHECK(collect(merged.find(key)->second) == std::vector<int>{3});
    }
    SECTION("an element the eraser saw, inserted again: a no-op, so the erase wins") {
        map merged = erase_concurrent_with<set>(
            setup, [](map& m) { return m.update(bob, key, [](set& s) { return s.insert(2); }); });
        CHECK_FALSE(merged.contains(key));
    }
}

TEST_CASE("or_map of two_phase_set: a concurrent update survives an erase alone",
          "[semantics][or_map]") {
    using set = hearsay::two_phase_set<int>;
    using map = hearsay::or_map<int, set>;
    auto setup = [](map& m) {
        m.update(alice, key, [](set& s) { return s.insert(1); });
        m.update(alice, key, [](set& s) { return s.insert(2); });
        m.update(alice, key, [](set& s) { return s.erase(2); });
        REQUIRE(collect(m.find(key)->second) == std::vector<int>{1});
    };

    SECTION("a concurrent insert") {
        map merged = erase_concurrent_with<set>(
            setup, [](map& m) { return m.update(bob, key, [](set& s) { return s.insert(3); }); });
        REQUIRE(merged.contains(key));
        CHECK(collect(merged.find(key)->second) == std::vector<int>{3});
    }
    SECTION("a concurrent erase survives too: the key stays, and the element stays erased") {
        map merged = erase_concurrent_with<set>(
            setup, [](map& m) { return m.update(bob, key, [](set& s) { return s.erase(1); }); });
        REQUIRE(merged.contains(key));
        CHECK(merged.find(key)->second.empty());
        merged.update(alice, key, [](set& s) { return s.insert(1); });
        CHECK_FALSE(merged.find(key)->second.contains(1));
    }
    SECTION("the erase of the key forgets the element it erased") {
        map merged = erase_concurrent_with<set>(
            setup, [](map& m) { return m.update(bob, key, [](set& s) { return s.insert(3); }); });
        merged.update(alice, key, [](set& s) { return s.insert(2); });
        CHECK(collect(merged.find(key)->second) == std::vector<int>{2, 3});
    }
}

TEST_CASE("or_map of lww_register: a concurrent assignment survives an erase",
          "[semantics][or_map]") {
    using map = hearsay::or_map<int, lww>;
    map merged = erase_concurrent_with<lww>(
        [](map& m) { m.update(alice, key, [](lww& r) { return r.assign(10, 5, alice); }); },
        [](map& m) { return m.update(bob, key, [](lww& r) { return r.assign(20, 6, bob); }); });
    REQUIRE(merged.contains(key));
    CHECK(merged.find(key)->second.value() == 20);
    CHECK(merged.find(key)->second.timestamp() == 6);
}

TEST_CASE("or_map of mv_register: a concurrent assignment survives an erase alone",
          "[semantics][or_map]") {
    using reg = hearsay::mv_register<int>;
    using map = hearsay::or_map<int, reg>;
    map merged = erase_concurrent_with<reg>(
        [](map& m) { m.update(alice, key, [](reg& r) { return r.assign(alice, 10); }); },
        [](map& m) { return m.update(bob, key, [](reg& r) { return r.assign(bob, 20); }); });
    REQUIRE(merged.contains(key));
    CHECK(collect_sorted(merged.find(key)->second.values()) == std::vector<int>{20});
}

TEST_CASE("or_map of ew_flag: a concurrent enable survives an erase, a disable does not",
          "[semantics][or_map]") {
    using flag = hearsay::ew_flag<>;
    using map = hearsay::or_map<int, flag>;
    auto setup = [](map& m) { m.update(alice, key, [](flag& f) { return f.enable(alice); }); };

    map enabled = erase_concurrent_with<flag>(
        setup, [](map& m) { return m.update(bob, key, [](flag& f) { return f.enable(bob); }); });
    REQUIRE(enabled.contains(key));
    CHECK(enabled.find(key)->second.value());

    map disabled = erase_concurrent_with<flag>(
        setup, [](map& m) { return m.update(bob, key, [](flag& f) { return f.disable(bob); }); });
    CHECK_FALSE(disabled.contains(key));
}

TEST_CASE("or_map of or_map: an erase at depth 1 concurrent with an update at depth 2",
          "[semantics][or_map]") {
    using inner = hearsay::or_map<int, int_set>;
    using outer = hearsay::or_map<int, inner>;
    auto insert_at = [](std::uint64_t self, int inner_key, int element) {
        return [=](inner& m) {
            return m.update(self, inner_key, [=](int_set& s) { return s.insert(self, element); });
        };
    };
    auto setup = [&](outer& m) {
        m.update(alice, key, insert_at(alice, 2, 20));
        m.update(alice, key, insert_at(alice, 3, 30));
    };

    SECTION("an update under a new inner key keeps that key alone") {
        outer merged = erase_concurrent_with<inner>(
            setup, [&](outer& m) { return m.update(bob, key, insert_at(bob, 4, 40)); });
        REQUIRE(merged.contains(key));
        const inner& nested = merged.find(key)->second;
        CHECK(collect_keys(nested) == std::vector<int>{4});
        CHECK(collect(nested.find(4)->second) == std::vector<int>{40});
    }
    SECTION("an update under an observed inner key keeps only its new element") {
        outer merged = erase_concurrent_with<inner>(
            setup, [&](outer& m) { return m.update(bob, key, insert_at(bob, 2, 21)); });
        REQUIRE(merged.contains(key));
        const inner& nested = merged.find(key)->second;
        CHECK(collect_keys(nested) == std::vector<int>{2});
        CHECK(collect(nested.find(2)->second) == std::vector<int>{21});
    }
    SECTION("an erase at depth 2 concurrent with an insert at depth 3: add wins") {
        outer a;
        setup(a);
        outer b = a;
        outer erased =
            a.update(alice, key, [](inner& m) { return m.erase(2); }); // inner key 2 at Alice
        outer inserted = b.update(bob, key, insert_at(bob, 2, 22));    // element under it at Bob
        a.merge(inserted);
        b.merge(erased);
        REQUIRE(a == b);
        const inner& nested = a.find(key)->second;
        CHECK(collect_keys(nested) == std::vector<int>{2, 3});
        CHECK(collect(nested.find(2)->second) == std::vector<int>{22});
        CHECK(collect(nested.find(3)->second) == std::vector<int>{30});
    }
}

TEST_CASE("or_map: updates from three replicas and an erase that saw one of them",
          "[semantics][or_map]") {
    using counter = hearsay::pn_counter<>;
    using map = hearsay::or_map<int, counter>;
    map a;
    map b;
    map c;
    map from_a = a.update(alice, key, [](counter& x) { return x.increment(alice, 1); });
    map from_b = b.update(bob, key, [](counter& x) { return x.increment(bob, 10); });
    map from_c = c.update(carol, key, [](counter& x) { return x.increment(carol, 100); });
    c.merge(from_a);
    map erased = c.erase(key); // saw Alice's and Carol's increments, not Bob's
    for (map* replica : {&a, &b, &c}) {
        for (const map* delta : {&from_a, &from_b, &from_c, &erased})
            replica->merge(*delta);
    }
    CHECK(a == b);
    CHECK(b == c);
    REQUIRE(a.contains(key));
    CHECK(a.find(key)->second.value() == 10);
}

TEST_CASE("or_map: erase of an absent key returns bottom and changes nothing",
          "[semantics][or_map]") {
    using map = hearsay::or_map<int, int_set>;
    map m;
    CHECK(m.erase(key) == map{});
    m.update(alice, key, [](int_set& s) { return s.insert(alice, 1); });
    map before = m;
    CHECK(m.erase(7) == map{});
    CHECK(m == before);
    m.erase(key);
    CHECK(m.erase(key) == map{});
}

TEST_CASE("or_map: find gives the key and the nested value, iteration is sorted by key",
          "[semantics][or_map]") {
    using counter = hearsay::pn_counter<>;
    using map = hearsay::or_map<int, counter>;
    map m;
    for (int k : {5, 1, 3}) {
        m.update(alice, k,
                 [&](counter& c) { return c.increment(alice, static_cast<unsigned>(k)); });
    }
    m.update(alice, 3, [](counter& c) { return c.decrement(alice, 1); });

    CHECK(m.size() == 3);
    CHECK_FALSE(m.empty());
    CHECK(collect_keys(m) == std::vector<int>{1, 3, 5});
    REQUIRE(m.find(3) != m.end());
    CHECK(m.find(3)->first == 3);
    CHECK(m.find(3)->second.value() == 2);
    CHECK(m.find(5)->second.value() == 5);
    CHECK(m.find(4) == m.end());
    CHECK_FALSE(m.contains(4));

    std::vector<std::int64_t> values;
    for (const auto& entry : m)
        values.push_back(entry.second.value());
    CHECK(values == std::vector<std::int64_t>{1, 2, 5});
}

TEST_CASE("or_map: the delta of one update names only that key", "[semantics][or_map]") {
    using counter = hearsay::pn_counter<>;
    using map = hearsay::or_map<int, counter>;
    map m;
    for (int k = 0; k < 100; ++k)
        m.update(alice, k, [](counter& c) { return c.increment(alice, 1); });
    REQUIRE(m.size() == 100);

    map delta = m.update(bob, 42, [](counter& c) { return c.increment(bob, 7); });
    CHECK(delta.size() == 1);
    REQUIRE(delta.contains(42));
    CHECK(delta.find(42)->second.value() == 7);
    CHECK(m.find(42)->second.value() == 8);

    hearsay::or_map<int, int_set> sets;
    for (int k = 0; k < 100; ++k)
        sets.update(alice, k, [&](int_set& s) { return s.insert(alice, k); });
    auto sets_delta = sets.update(bob, 42, [](int_set& s) { return s.insert(bob, 1); });
    CHECK(sets_delta.size() == 1);
    CHECK(collect(sets_delta.find(42)->second) == std::vector<int>{1});

    map other;
    other.merge(delta);
    CHECK(collect_keys(other) == std::vector<int>{42});
}
