// sync_traits, the anti-entropy operations of every CRDT: replies to digests
// make two replicas converge within three rounds, agreeing replicas exchange
// nothing, a divergence by insertions costs the difference, digest parts
// answer together as the whole digest does, join decompositions rebuild their
// delta and never overshoot it, and digests cross the codec intact.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <type_traits> // decay_t, is_same
#include <utility>     // move
#include <vector>

#include <hearsay/codec/codec.hpp>
#include <hearsay/gossip/sync/sync_traits.hpp>

#include "catch.hpp"
#include "support/crdt_types.hpp"
#include "support/generators.hpp"
#include "support/random.hpp"

using namespace hearsay::testing;

namespace {

using bytes = std::vector<std::byte>;

template <class T> using traits = hearsay::sync_traits<T>;
template <class T> using digest_of = typename traits<T>::digest_type;

/// Holds the replicas a random history left and the deltas it recorded.
template <class T> struct history {
    std::vector<T> replicas;
    std::vector<T> deltas;
};

/// Runs a random history of three replicas: mutations, state merges and out-of-order delta
/// merges (so that contexts have gaps).
template <class T> history<T> random_history(std::uint64_t seed, std::size_t steps) {
    std::mt19937_64 rng(seed);
    history<T> h;
    h.replicas.resize(3);
    for (std::size_t step = 0; step < steps; ++step) {
        const std::size_t target = pick_index(rng, h.replicas.size());
        const std::uint64_t roll = pick(rng, 100);
        if (roll < 65) {
            h.deltas.push_back(random_mutation(h.replicas[target], replica_id(target), rng));
        } else if (roll < 75) {
            h.replicas[target].merge(h.replicas[(target + 1) % h.replicas.size()]);
        } else if (!h.deltas.empty()) {
            h.replicas[target].merge(h.deltas[pick_index(rng, h.deltas.size())]);
        }
    }
    return h;
}

template <class T> bytes encoding_of(const T& value) {
    bytes out;
    hearsay::encode(value, out);
    return out;
}

/// Splits `d` recursively into digests that split no further; returns how many splits succeeded.
template <class T>
std::size_t split_digest_all(const digest_of<T>& d, std::vector<digest_of<T>>& out) {
    digest_of<T> first;
    digest_of<T> second;
    if (!traits<T>::split_digest(d, first, second)) {
        out.push_back(d);
        return 0;
    }
    REQUIRE(first != d);
    REQUIRE(second != d);
    return 1 + split_digest_all<T>(first, out) + split_digest_all<T>(second, out);
}

/// Splits `delta` recursively into atoms, requiring each half non-bottom and the halves to
/// rejoin to their whole.
template <class T> void split_all(const T& delta, std::vector<T>& out) {
    T first;
    T second;
    if (!traits<T>::split(delta, first, second)) {
        out.push_back(delta);
        return;
    }
    REQUIRE(first != T{});
    REQUIRE(second != T{});
    T rejoined = first;
    rejoined.merge(second);
    REQUIRE(rejoined == delta);
    split_all(first, out);
    split_all(second, out);
}

constexpr std::uint64_t convergence_seeds = 60;

template <class T> void require_convergence() {
    for (std::uint64_t seed = 1; seed <= convergence_seeds; ++seed) {
        CAPTURE(seed);
        auto h = random_history<T>(seed, 40);
        T a = h.replicas[0];
        T b = h.replicas[1];
        T joined = a;
        joined.merge(b);
        int rounds = 0;
        while (a != joined || b != joined) {
            REQUIRE(rounds < 3);
            const auto da = traits<T>::digest(a);
            const auto db = traits<T>::digest(b);
            const T to_a = traits<T>::missing(b, db, da);
            const T to_b = traits<T>::missing(a, da, db);
            T sender = b; // a reply is part of its sender's state
            REQUIRE_FALSE(sender.merge(to_a));
            sender = a;
            REQUIRE_FALSE(sender.merge(to_b));
            a.merge(to_a);
            b.merge(to_b);
            T above = joined; // no reply takes a replica past, or beside, the join
            REQUIRE_FALSE(above.merge(a));
            REQUIRE_FALSE(above.merge(b));
            ++rounds;
        }
        REQUIRE(traits<T>::missing(a, traits<T>::digest(a), traits<T>::digest(b)) == T{});
    }
}

template <class T> void require_idle_replies_are_bottom() {
    std::size_t splits = 0;
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        CAPTURE(seed);
        auto h = random_history<T>(seed, 40);
        // Equal states reached by different paths have equal digests.
        T x = h.replicas[0];
        x.merge(h.replicas[1]);
        T y = h.replicas[1];
        y.merge(h.replicas[0]);
        REQUIRE(x == y);
        const auto dx = traits<T>::digest(x);
        const auto dy = traits<T>::digest(y);
        REQUIRE(dx == dy);
        REQUIRE(traits<T>::missing(y, dy, dx) == T{});
        std::vector<digest_of<T>> parts;
        splits += split_digest_all<T>(dx, parts);
        for (const auto& part : parts)
            REQUIRE(traits<T>::missing(y, dy, part) == T{});
        REQUIRE(traits<T>::missing(T{}, traits<T>::digest(T{}), traits<T>::digest(T{})) == T{});
    }
    if constexpr (hearsay::is_dot_store_v<T>)
        REQUIRE(splits > 0); // the parts above were not all whole digests
}

/// Requires that `reply` holds only origins that the digest part `part` covers.
template <class T> void require_within(const T& reply, const digest_of<T>& part) {
    if constexpr (hearsay::is_dot_store_v<T>) {
        for (const auto& entry : reply.context().compact())
            REQUIRE(part.origins.contains(entry.first));
        for (const auto& d : reply.context().cloud())
            REQUIRE(part.origins.contains(d.replica));
    } else if constexpr (std::is_same_v<T, g_counter_type>) {
        for (const auto& entry : reply.counts())
            REQUIRE(part.origins.contains(entry.first));
    } else if constexpr (std::is_same_v<T, pn_counter_type>) {
        for (const auto& entry : reply.increments())
            REQUIRE(part.origins.contains(entry.first));
        for (const auto& entry : reply.decrements())
            REQUIRE(part.origins.contains(entry.first));
    }
}

template <class T> void require_digest_parts_answer_as_the_whole() {
    std::size_t splits = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        CAPTURE(seed);
        auto h = random_history<T>(seed, 40);
        const T& a = h.replicas[0];
        const T& b = h.replicas[1];
        const auto da = traits<T>::digest(a);
        const auto db = traits<T>::digest(b);
        std::vector<digest_of<T>> parts;
        splits += split_digest_all<T>(da, parts);
        T by_parts = a;
        for (const auto& part : parts) {
            const T reply = traits<T>::missing(b, db, part);
            require_within(reply, part);
            if (parts.size() > 1)
                REQUIRE(encoding_of(part).size() < encoding_of(da).size());
            by_parts.merge(reply);
        }
        T by_whole = a;
        by_whole.merge(traits<T>::missing(b, db, da));
        REQUIRE(by_parts == by_whole);
    }
    if constexpr (hearsay::is_dot_store_v<T> || std::is_same_v<T, g_counter_type> ||
                  std::is_same_v<T, pn_counter_type>)
        REQUIRE(splits > 0);
}

template <class T> void require_join_decompositions() {
    std::size_t pieces_seen = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        CAPTURE(seed);
        std::mt19937_64 rng(seed * 7919);
        auto h = random_history<T>(seed, 40);
        std::vector<T> deltas;
        for (std::size_t i = 0; i < 8 && !h.deltas.empty(); ++i)
            deltas.push_back(h.deltas[pick_index(rng, h.deltas.size())]);
        deltas.push_back(h.replicas[0]); // whole states are deltas too
        deltas.push_back(h.replicas[1]);
        deltas.push_back(traits<T>::missing(h.replicas[1], traits<T>::digest(h.replicas[1]),
                                            traits<T>::digest(h.replicas[0])));
        for (std::size_t which = 0; which < deltas.size(); ++which) {
            CAPTURE(which);
            const T& delta = deltas[which];
            if (delta == T{})
                continue;
            std::vector<T> pieces;
            split_all(delta, pieces);
            pieces_seen += pieces.size();
            for (const auto& piece : pieces) {
                REQUIRE(piece != T{});
                const bytes encoded = encoding_of(piece);
                const auto decoded =
                    hearsay::decode<T>(hearsay::bytes_view(encoded.data(), encoded.size()));
                REQUIRE(decoded.has_value()); // a valid state, mergeable on its own
                REQUIRE(*decoded == piece);
                if constexpr (hearsay::is_dot_store_v<T>)
                    REQUIRE(piece.context().dot_count() == 1);
            }
            // All pieces, some twice, in a random order, rebuild the delta.
            std::vector<const T*> shuffled;
            for (const auto& piece : pieces) {
                shuffled.push_back(&piece);
                if (chance(rng, 30))
                    shuffled.push_back(&piece);
            }
            shuffle(shuffled, rng);
            T rebuilt;
            for (const T* piece : shuffled)
                rebuilt.merge(*piece);
            REQUIRE(rebuilt == delta);
            // Any subset of pieces stays below the delta, on top of any replica.
            const T& x = h.replicas[pick_index(rng, h.replicas.size())];
            T with_subset = x;
            for (const auto& piece : pieces)
                if (chance(rng, 50))
                    with_subset.merge(piece);
            with_subset.merge(delta);
            T with_delta = x;
            with_delta.merge(delta);
            REQUIRE(with_subset == with_delta);
        }
    }
    REQUIRE(pieces_seen > 0);
}

template <class T> void require_digest_codec() {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        CAPTURE(seed);
        auto h = random_history<T>(seed, 40);
        std::vector<digest_of<T>> digests{traits<T>::digest(T{})};
        for (const auto& replica : h.replicas)
            digests.push_back(traits<T>::digest(replica));
        split_digest_all<T>(digests.back(), digests);
        for (const auto& d : digests) {
            const bytes encoded = encoding_of(d);
            auto decoded =
                hearsay::decode<digest_of<T>>(hearsay::bytes_view(encoded.data(), encoded.size()));
            REQUIRE(decoded.has_value());
            REQUIRE(*decoded == d);
            for (std::size_t size = 0; size < encoded.size(); ++size) {
                CAPTURE(size);
                REQUIRE_FALSE(
                    hearsay::decode<digest_of<T>>(hearsay::bytes_view(encoded.data(), size)));
            }
        }
    }
}

} // namespace

TEMPLATE_TEST_CASE("exchanging replies to digests converges within three rounds", "[sync]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_convergence<TestType>();
}

TEMPLATE_TEST_CASE("exchanging replies to digests converges within three rounds (maps)", "[sync]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_convergence<TestType>();
}

TEMPLATE_TEST_CASE("agreeing replicas reply bottom", "[sync]", HEARSAY_TEST_FLAT_CRDTS) {
    require_idle_replies_are_bottom<TestType>();
}

TEMPLATE_TEST_CASE("agreeing replicas reply bottom (maps)", "[sync]", HEARSAY_TEST_MAP_CRDTS) {
    require_idle_replies_are_bottom<TestType>();
}

TEMPLATE_TEST_CASE("replies to digest parts merge as the reply to the whole", "[sync]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_digest_parts_answer_as_the_whole<TestType>();
}

TEMPLATE_TEST_CASE("replies to digest parts merge as the reply to the whole (maps)", "[sync]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_digest_parts_answer_as_the_whole<TestType>();
}

TEMPLATE_TEST_CASE("split decomposes deltas into pieces that rebuild them", "[sync]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_join_decompositions<TestType>();
}

TEMPLATE_TEST_CASE("split decomposes deltas into pieces that rebuild them (maps)", "[sync]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_join_decompositions<TestType>();
}

TEMPLATE_TEST_CASE("digests round-trip through the codec and refuse truncations", "[sync]",
                   HEARSAY_TEST_FLAT_CRDTS) {
    require_digest_codec<TestType>();
}

TEMPLATE_TEST_CASE("digests round-trip through the codec and refuse truncations (maps)", "[sync]",
                   HEARSAY_TEST_MAP_CRDTS) {
    require_digest_codec<TestType>();
}

TEST_CASE("a divergence by insertions costs the difference, not the state", "[sync]") {
    using set_type = hearsay::or_set<std::uint64_t>;
    using sync = traits<set_type>;
    std::mt19937_64 rng(977);
    set_type a;
    for (std::uint64_t i = 0; i < 100000; ++i)
        a.insert(1 + i % 16, rng());
    set_type b = a;
    for (int i = 0; i < 10; ++i)
        b.insert(1 + pick(rng, 16), rng());
    const auto da = sync::digest(a);
    const auto db = sync::digest(b);
    const std::size_t digest_size = encoding_of(da).size();
    CAPTURE(digest_size);
    REQUIRE(digest_size < 1000);

    const set_type reply = sync::missing(b, db, da);
    const std::size_t reply_size = encoding_of(reply).size();
    CAPTURE(reply_size);
    REQUIRE(reply.size() == 10);
    REQUIRE(reply_size < 2000);
    // Compared as bools: Catch would print 100,000 elements on failure.
    const bool nothing_back = sync::missing(a, da, db) == set_type{}; // b has all a has
    REQUIRE(nothing_back);
    a.merge(reply);
    const bool converged = a == b;
    REQUIRE(converged);
}

TEST_CASE("a removal unseen by a peer is found by fingerprints and costs its origin's entries",
          "[sync]") {
    // A removal adds no dot: the contexts stay equal and only the fingerprints differ.
    using set_type = hearsay::or_set<int>;
    using sync = traits<set_type>;
    set_type a;
    for (int i = 0; i < 40; ++i)
        a.insert(1 + static_cast<std::uint64_t>(i % 4), i);
    set_type b = a;
    b.erase(6); // inserted by replica 3
    const auto da = sync::digest(a);
    const auto db = sync::digest(b);
    REQUIRE(da.context == db.context);
    REQUIRE(da != db);
    REQUIRE(da.fingerprint(3) != db.fingerprint(3));
    REQUIRE(da.fingerprint(1) == db.fingerprint(1));

    const set_type reply = sync::missing(b, db, da);
    REQUIRE(reply.size() == 9); // replica 3's live entries: 2, 10, ..., 38 but 6
    for (int x : reply)
        REQUIRE(x % 4 == 2);
    a.merge(reply);
    REQUIRE(a == b);
    REQUIRE_FALSE(a.contains(6));
}

TEST_CASE("a removal inside a nested map is found by fingerprints", "[sync]") {
    using map_type = hearsay::or_map<int, hearsay::or_set<int>>;
    using sync = traits<map_type>;
    map_type a;
    for (int key = 0; key < 3; ++key)
        for (int x = 0; x < 3; ++x)
            a.update(7, key, [&](hearsay::or_set<int>& s) { return s.insert(7, x); });
    map_type b = a;
    b.update(7, 1, [](hearsay::or_set<int>& s) { return s.erase(2); });
    a.merge(sync::missing(b, sync::digest(b), sync::digest(a)));
    REQUIRE(a == b);
}

TEST_CASE("counters send only the counts above the peer's", "[sync]") {
    using counter = hearsay::pn_counter<>;
    using sync = traits<counter>;
    counter a;
    a.increment(1, 5);
    a.increment(2, 3);
    a.decrement(2, 4);
    counter b;
    b.increment(1, 2);
    b.increment(2, 7);
    b.increment(3, 1);
    const counter reply = sync::missing(a, sync::digest(a), sync::digest(b));
    REQUIRE(reply.increments().size() == 1);
    REQUIRE(reply.increments().get(1) == 5);
    REQUIRE(reply.decrements().size() == 1);
    REQUIRE(reply.decrements().get(2) == 4);
}

TEST_CASE("an lww digest names the winning write, never its value", "[sync]") {
    using reg = hearsay::lww_register<std::string, std::uint64_t, std::uint64_t>;
    using sync = traits<reg>;
    reg older;
    older.assign(std::string(1000, 'x'), 5, 1);
    reg newer = older;
    newer.assign("y", 6, 2);
    REQUIRE(encoding_of(sync::digest(older)).size() < 16);
    REQUIRE(sync::missing(newer, sync::digest(newer), sync::digest(older)) == newer);
    REQUIRE(sync::missing(older, sync::digest(older), sync::digest(newer)) == reg{});
    REQUIRE(sync::missing(reg{}, sync::digest(reg{}), sync::digest(older)) == reg{});
}

TEST_CASE("digest decoding refuses what no replica produces", "[sync]") {
    using digest = hearsay::causal_digest<std::uint64_t>;
    auto rejects = [](const auto& value, hearsay::errc why) {
        const bytes encoded = encoding_of(value);
        using type = std::decay_t<decltype(value)>;
        auto decoded = hearsay::decode<type>(hearsay::bytes_view(encoded.data(), encoded.size()));
        REQUIRE_FALSE(decoded);
        REQUIRE(decoded.error() == why);
    };
    hearsay::or_set<int> s;
    s.insert(1, 10);
    s.insert(2, 20);
    s.insert(3, 30);
    const digest valid = traits<hearsay::or_set<int>>::digest(s);
    const bytes valid_bytes = encoding_of(valid);
    REQUIRE(hearsay::decode<digest>(hearsay::bytes_view(valid_bytes.data(), valid_bytes.size())));

    digest unsorted = valid;
    unsorted.fingerprints = decltype(valid.fingerprints)::from_sorted({{2, 5}, {1, 7}});
    rejects(unsorted, hearsay::errc::not_canonical);

    digest repeated = valid;
    repeated.fingerprints = decltype(valid.fingerprints)::from_sorted({{1, 5}, {1, 7}});
    rejects(repeated, hearsay::errc::duplicate_entry);

    digest zero = valid;
    zero.fingerprints = decltype(valid.fingerprints)::from_sorted({{1, 0}});
    rejects(zero, hearsay::errc::not_canonical);

    digest unseen = valid;
    unseen.fingerprints = decltype(valid.fingerprints)::from_sorted({{9, 5}});
    rejects(unseen, hearsay::errc::invalid_value);

    digest outside = valid; // the context names origins 1..3
    outside.origins.until = 3;
    rejects(outside, hearsay::errc::invalid_value);

    digest empty_range;
    empty_range.origins.from = 4;
    empty_range.origins.until = 4;
    rejects(empty_range, hearsay::errc::invalid_value);

    hearsay::counter_digest<std::uint64_t, 1> counts;
    counts.origins.from = 5;
    counts.counts[0].raise(2, 1);
    rejects(counts, hearsay::errc::invalid_value);

    bytes bad_range_byte = encoding_of(digest{});
    bad_range_byte[2] = std::byte{4}; // after the two header bytes
    REQUIRE_FALSE(
        hearsay::decode<digest>(hearsay::bytes_view(bad_range_byte.data(), bad_range_byte.size())));
}

TEST_CASE("fingerprints and state hashes are the same in every process", "[sync]") {
    // Peers compare these across the network: the values are part of the wire format, and a
    // change here splits a cluster of mixed versions into replicas that never agree.
    hearsay::or_set<int> s;
    s.insert(1, 10);
    s.insert(2, 20);
    s.insert(300, 30);
    const auto d = traits<hearsay::or_set<int>>::digest(s);
    REQUIRE(d.fingerprint(1) == 0x67cb4978e46edb7au);
    REQUIRE(d.fingerprint(2) == 0xfcb8bc671b0cdefeu);
    REQUIRE(d.fingerprint(300) == 0x6cb22604dc3b97ffu);
    hearsay::g_set<int> g;
    g.insert(1);
    g.insert(2);
    const auto gd = traits<hearsay::g_set<int>>::digest(g);
    REQUIRE(gd.hash == 0x6110fb6b5baaffbau);
    REQUIRE(gd.size == 2);
}
