// Hostile inputs against the data-type, codec and anti-entropy layers, one test
// per attack class: each asserts a bound that does not depend on the counters
// or counts a message claims (bytes out against bytes in, pieces of work,
// allocation), and that nothing honest is lost (replicas still converge through
// range-based, budgeted and split digests).

#include <algorithm> // copy
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility> // pair, move
#include <vector>

#include <hearsay/codec/codec.hpp>
#include <hearsay/gossip/engine.hpp>
#include <hearsay/gossip/sync/digest_parts.hpp>
#include <hearsay/gossip/sync/merge_check.hpp>
#include <hearsay/gossip/sync/sync_traits.hpp>
#include <hearsay/hearsay.hpp>

#include "catch.hpp"
#include "support/crdt_types.hpp"
#include "support/generators.hpp"
#include "support/random.hpp"

using namespace hearsay::testing;

namespace {

using bytes = std::vector<std::byte>;
template <class T> using traits = hearsay::sync_traits<T>;
template <class T> using digest_of = typename traits<T>::digest_type;

template <class T> bytes encoding_of(const T& value) {
    bytes out;
    hearsay::encode(value, out);
    return out;
}

template <class T> std::size_t value_size(const T& value) {
    hearsay::writer counting;
    hearsay::encode_value(value, counting);
    return counting.size();
}

bytes from_hex(const std::string& hex) {
    bytes out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::byte>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    return out;
}

/// Decodes an or_set whose context is {writer: top} and whose store is empty.
or_set_type seen_only(std::uint64_t writer, std::uint64_t top) {
    bytes b;
    hearsay::writer w(b);
    w.write_byte(std::byte{hearsay::wire_format_version});
    w.write_byte(std::byte{0x09});
    w.write_varint(1);
    w.write_varint(writer);
    w.write_varint(top);
    w.write_varint(0); // cloud
    w.write_varint(0); // entries
    w.finish();
    auto decoded = hearsay::decode<or_set_type>(hearsay::as_bytes_view(b));
    REQUIRE(decoded);
    return *decoded;
}

/// Runs a random history of three replicas with out-of-order delta merges (gapped contexts).
template <class T> std::vector<T> random_replicas(std::uint64_t seed, std::size_t steps) {
    std::mt19937_64 rng(seed);
    std::vector<T> replicas(3);
    std::vector<T> deltas;
    for (std::size_t step = 0; step < steps; ++step) {
        const std::size_t target = pick_index(rng, replicas.size());
        const std::uint64_t roll = pick(rng, 100);
        if (roll < 65)
            deltas.push_back(random_mutation(replicas[target], replica_id(target), rng));
        else if (roll < 72)
            replicas[target].merge(replicas[(target + 1) % replicas.size()]);
        else if (!deltas.empty())
            replicas[target].merge(deltas[pick_index(rng, deltas.size())]);
    }
    return replicas;
}

struct kept_transport {
    using address_type = std::uint32_t;
    std::vector<std::pair<std::uint32_t, bytes>> sent;
    void send(const address_type& to, hearsay::bytes_view b) {
        sent.emplace_back(to, bytes(b.begin(), b.end()));
    }
    std::size_t max_payload() const { return 1400; }
};

} // namespace

TEST_CASE("bounds: the engine fuzz input that ran out of memory answers in a few bytes",
          "[bounds][regression]") {
    // fuzz/regressions/engine/range-reply-oom.bin: the engine fuzz target's framing (selector
    // byte, then frames of length, sender, datagram). A delta whose context claims writer 9 at
    // 2^40, then a 12-byte digest that saw only dot 1 of it. The reply once listed the missing
    // dots one by one and the fuzz target ran out of memory (context_builder.hpp <-
    // causal_sync.hpp <- engine.hpp); the reply's context is now one range. The frames' sender
    // bytes ask the harness to stamp each header with the token the engine gave the sender;
    // here the peer asks for that token first, with a pull.
    const bytes input = from_hex("001a0080024005000000000000000000000001000109808080808020000013"
                                 "008002420500000000000000000200010901000000");
    using cart = hearsay::or_map<std::string, hearsay::or_set<std::string>>;
    kept_transport transport;
    hearsay::manual_clock clock;
    hearsay::gossip_config config = hearsay::gossip_config::simulation();
    hearsay::gossip_engine<cart, kept_transport, hearsay::manual_clock> node(7, transport, clock,
                                                                             config);
    node.add_peer(1);
    bytes hello = from_hex("02440500000000000000000000000000000000"); // a pull, no token
    node.receive(1, hearsay::bytes_view(hello.data(), hello.size()));
    REQUIRE(!transport.sent.empty());
    const bytes& given = transport.sent.back().second; // the engine's token message
    REQUIRE(given.size() >= 8);
    REQUIRE(given[1] == std::byte{0x47});
    const bytes token(given.end() - 8, given.end());
    std::size_t at = 1;
    std::size_t received = hello.size();
    while (at + 3 <= input.size()) {
        const auto length =
            static_cast<std::size_t>(input[at]) | (static_cast<std::size_t>(input[at + 1]) << 8);
        REQUIRE(at + 3 + length <= input.size());
        bytes datagram(input.begin() + static_cast<std::ptrdiff_t>(at + 3),
                       input.begin() + static_cast<std::ptrdiff_t>(at + 3 + length));
        std::copy(token.begin(), token.end(), datagram.begin() + 3); // after version, kind, id 5
        node.receive(1, hearsay::bytes_view(datagram.data(), datagram.size()));
        received += length;
        at += 3 + length;
    }
    node.poll();
    CHECK(node.stats().messages_rejected == 0);
    CHECK(node.state().context().max_counter(9) == std::uint64_t{1} << 40);
    std::size_t sent = 0;
    for (const auto& m : transport.sent)
        sent += m.second.size();
    CHECK(sent < 4 * received + 400); // the reply and one round's gossip, not 2^40 dots
}

TEST_CASE("bounds: a digest that saw dot 1 of a writer at 200,000 gets one range",
          "[bounds][amplification]") {
    const or_set_type mine = seen_only(5, 200000);
    const or_set_type theirs = seen_only(5, 1);
    const auto request = traits<or_set_type>::digest(theirs);
    const or_set_type reply =
        traits<or_set_type>::missing(mine, traits<or_set_type>::digest(mine), request);
    CHECK(reply.context().range_count() == 1);
    CHECK(reply.context().dot_count() == 199999);
    CHECK(encoding_of(reply).size() <= 2 * value_size(request)); // once 795 KB
    or_set_type healed = theirs;
    healed.merge(reply);
    CHECK(healed == mine);
}

TEST_CASE("bounds: a forged counter of 2^62 costs a reply of a few bytes",
          "[bounds][amplification]") {
    // The largest counter decoding accepts; anything above is refused (codec hostile tests).
    const or_set_type forged = seen_only(3, hearsay::max_counter_value);
    for (std::uint64_t claimed : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1} << 24}) {
        or_set_type peer = claimed == 0 ? or_set_type{} : seen_only(3, claimed);
        const or_set_type reply = traits<or_set_type>::missing(
            forged, traits<or_set_type>::digest(forged), traits<or_set_type>::digest(peer));
        CHECK(reply.context().range_count() == 1);
        CHECK(encoding_of(reply).size() < 32);
        peer.merge(reply);
        CHECK(peer.context() == forged.context());
    }
    // Merging it stays O(1) too, into a small state and into a gapped one.
    or_set_type small;
    small.insert(1, 5);
    CHECK(small.merge(forged));
    CHECK(small.context().range_count() == 2);
}

TEST_CASE("bounds: writers at the counter limit refuse to mint and change nothing",
          "[bounds][counter]") {
    const std::uint64_t most = hearsay::max_counter_value;
    or_set_type s = seen_only(4, most);
    const or_set_type before = s;
    CHECK_THROWS_AS(s.insert(4, 1), hearsay::counter_overflow);
    CHECK(s == before);
    CHECK_NOTHROW(s.insert(5, 1)); // another writer id still writes

    g_counter_type g;
    g.increment(1, most - 1);
    CHECK_NOTHROW(g.increment(1, 1));
    const g_counter_type full = g;
    CHECK_THROWS_AS(g.increment(1, 1), hearsay::counter_overflow);
    CHECK(g == full);
    pn_counter_type p;
    p.decrement(1, most);
    CHECK_THROWS_AS(p.decrement(1), hearsay::counter_overflow);
    CHECK_THROWS_AS(p.increment(2, most + 1), hearsay::counter_overflow);
    CHECK(p.value() == -static_cast<std::int64_t>(most));

    // Causal types at the limit through a merge of a decoded context: every mutator refuses.
    mv_register_type r;
    r.assign(9, 1);
    bytes b = encoding_of(r);
    ew_flag_type e;
    map_of_g_counter m;
    m.update(4, 1, [](g_counter_type& c) { return c.increment(4, 1); });
    const or_set_type limit = seen_only(4, most);
    hearsay::mv_register<int> r4;
    auto lend = [&](auto& x) {
        auto context = x.context();
        context.merge(limit.context());
        x.swap_context(context);
    };
    lend(r4);
    lend(e);
    const auto r4_before = r4;
    const auto e_before = e;
    CHECK_THROWS_AS(r4.assign(4, 2), hearsay::counter_overflow);
    CHECK_THROWS_AS(e.enable(4), hearsay::counter_overflow);
    CHECK(r4 == r4_before);
    CHECK(e == e_before);
    lend(m);
    const auto m_before = m;
    CHECK_THROWS_AS(m.update(4, 1, [](g_counter_type& c) { return c.increment(4, 1); }),
                    hearsay::counter_overflow);
    CHECK(m == m_before);
    CHECK(m.find(1)->second.value() == 1);
}

TEST_CASE("bounds: a digest with one writer and 600 gaps splits into parts that all fit",
          "[bounds][split]") {
    // A lagging node saw every other write of one writer: 600 gaps, one origin. Splitting by
    // origin alone once dropped that origin's part, and its 600 writes never came.
    or_set_type full;
    or_set_type lagging;
    for (int i = 0; i < 1200; ++i) {
        const or_set_type delta = full.insert(1, i);
        if (i % 2 == 0)
            lagging.merge(delta);
    }
    const auto digest = traits<or_set_type>::digest(lagging);
    REQUIRE(value_size(digest) > 1000);
    for (std::size_t limit : {std::size_t{1000}, std::size_t{200}, hearsay::digest_split_floor}) {
        CAPTURE(limit);
        std::vector<digest_of<or_set_type>> parts;
        REQUIRE(hearsay::split_digest_to_fit<or_set_type>(digest, limit, parts));
        REQUIRE(parts.size() > 1);
        or_set_type healed = lagging;
        const auto full_digest = traits<or_set_type>::digest(full);
        for (const auto& part : parts) {
            CHECK(value_size(part) <= limit);
            auto decoded =
                hearsay::decode<digest_of<or_set_type>>(hearsay::as_bytes_view(encoding_of(part)));
            REQUIRE(decoded);
            CHECK(*decoded == part);
            healed.merge(traits<or_set_type>::missing(full, full_digest, part));
        }
        CHECK(healed == full); // none of the 600 writes is missing
    }
}

TEMPLATE_TEST_CASE("bounds: replicas converge through parts of any size and budgeted replies",
                   "[bounds][convergence]", HEARSAY_TEST_FLAT_CRDTS) {
    using T = TestType;
    for (std::uint64_t seed = 1; seed <= 25; ++seed) {
        CAPTURE(seed);
        auto replicas = random_replicas<T>(seed, 60);
        T a = replicas[0];
        T b = replicas[1];
        T joined = a;
        joined.merge(b);
        const std::size_t limit = hearsay::digest_split_floor + 8 * (seed % 4);
        const hearsay::reply_budget budget{1 + seed % 5, seed};
        std::uint64_t rotation = 0;
        int rounds = 0;
        while (a != joined || b != joined) {
            REQUIRE(rounds < 400);
            for (int side = 0; side < 2; ++side) {
                T& asker = side == 0 ? a : b;
                const T& answerer = side == 0 ? b : a;
                std::vector<digest_of<T>> parts;
                const bool fitted =
                    hearsay::split_digest_to_fit<T>(traits<T>::digest(asker), limit, parts);
                if constexpr (hearsay::is_dot_store_v<T>)
                    REQUIRE(fitted);
                if (!fitted)
                    parts = {traits<T>::digest(asker)};
                const auto answerer_digest = traits<T>::digest(answerer);
                for (const auto& part : parts) {
                    T reply;
                    if constexpr (hearsay::is_dot_store_v<T>) {
                        hearsay::reply_budget each = budget;
                        each.rotation = rotation++;
                        reply = traits<T>::missing(answerer, answerer_digest, part, each);
                        std::size_t pieces = reply.context().range_count();
                        reply.for_each_store_dot([&](const auto&) { ++pieces; });
                        CHECK(pieces <= std::max<std::size_t>(budget.max_pieces, 2) + 1);
                    } else {
                        reply = traits<T>::missing(answerer, answerer_digest, part, budget);
                    }
                    T above = answerer; // a reply never leaves its sender's state
                    REQUIRE_FALSE(above.merge(reply));
                    asker.merge(reply);
                }
            }
            ++rounds;
        }
    }
}

TEMPLATE_TEST_CASE("bounds: check_merge refuses a delta of too many new writers",
                   "[bounds][writers]", HEARSAY_TEST_FLAT_CRDTS) {
    using T = TestType;
    std::mt19937_64 rng(7);
    T state;
    for (std::uint64_t w = 1; w <= 4; ++w)
        random_mutation(state, w, rng);
    T delta; // changes from new writers 10..15
    T scratch = state;
    for (std::uint64_t w = 10; w < 16; ++w)
        delta.merge(random_mutation(scratch, w, rng));
    CHECK(hearsay::check_merge(state, delta) == hearsay::errc{});
    hearsay::merge_caps tight;
    tight.max_writers = 5;
    if constexpr (hearsay::is_dot_store_v<T>) {
        std::size_t fresh = 0;
        for (std::uint64_t w = 10; w < 16; ++w)
            fresh += delta.context().max_counter(w) != 0 ? 1u : 0u;
        const std::size_t held = state.context().compact().size();
        CHECK((hearsay::check_merge(state, delta, tight) == hearsay::errc{}) ==
              (held + fresh <= 5));
        CHECK(hearsay::check_merge(state, state, tight) == hearsay::errc{}); // nothing new
    } else if constexpr (std::is_same_v<T, g_counter_type> || std::is_same_v<T, pn_counter_type>) {
        T many;
        for (std::uint64_t w = 10; w < 16; ++w)
            many.increment(w, 1);
        CHECK(hearsay::check_merge(state, many, tight) == hearsay::errc::too_many_writers);
        CHECK(hearsay::check_merge(T{}, many, tight) == hearsay::errc::too_many_writers);
        tight.max_writers = 6;
        CHECK(hearsay::check_merge(T{}, many, tight) == hearsay::errc{});
    } else {
        CHECK(hearsay::check_merge(state, delta, tight) == hearsay::errc{});
    }
}

TEMPLATE_TEST_CASE("bounds: check_merge counts the writers of nested maps", "[bounds][writers]",
                   HEARSAY_TEST_MAP_CRDTS) {
    using T = TestType;
    std::mt19937_64 rng(11);
    T state;
    for (std::uint64_t w = 1; w <= 3; ++w)
        random_mutation(state, w, rng);
    T scratch = state;
    T delta;
    for (std::uint64_t w = 20; w < 30; ++w)
        delta.merge(random_mutation(scratch, w, rng));
    hearsay::merge_caps caps;
    caps.max_writers = 12;
    const std::size_t fresh = [&] {
        std::size_t n = 0;
        for (const auto& entry : scratch.context().compact())
            n += entry.first >= 20 && delta.context().max_counter(entry.first) != 0 ? 1u : 0u;
        return n;
    }();
    const std::size_t held = state.context().compact().size();
    CHECK((hearsay::check_merge(state, delta, caps) == hearsay::errc{}) == (held + fresh <= 12));
    caps.max_writers = held;
    CHECK((hearsay::check_merge(state, delta, caps) == hearsay::errc{}) == (fresh == 0));
}

TEST_CASE("bounds: decoding refuses more writers than max_writers", "[bounds][writers]") {
    g_counter_type g;
    for (std::uint64_t w = 1; w <= 40; ++w)
        g.increment(w, 1);
    const bytes b = encoding_of(g);
    hearsay::decode_limits limits;
    limits.max_writers = 39;
    auto refused = hearsay::decode<g_counter_type>(hearsay::as_bytes_view(b), limits);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == hearsay::errc::too_many_writers);
    limits.max_writers = 40;
    CHECK(hearsay::decode<g_counter_type>(hearsay::as_bytes_view(b), limits));

    // A context's writers seen only beyond a gap count too.
    or_set_type s;
    for (std::uint64_t w = 1; w <= 10; ++w) {
        or_set_type other;
        other.insert(w, 1);
        const auto second = other.insert(w, 2); // dot (w, 2) alone: beyond a gap
        s.merge(second);
    }
    REQUIRE(s.context().compact().empty());
    const bytes sb = encoding_of(s);
    limits.max_writers = 9;
    auto too_many = hearsay::decode<or_set_type>(hearsay::as_bytes_view(sb), limits);
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error() == hearsay::errc::too_many_writers);
}

TEST_CASE("bounds: many new writers join a version vector in one linear pass",
          "[bounds][quadratic]") {
    // Sparse joins once inserted new writers one by one, each moving the tail.
    hearsay::version_vector<std::uint64_t> big;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> items;
    for (std::uint64_t w = 0; w < 4000; ++w)
        items.emplace_back(2 * w, 1);
    big = hearsay::version_vector<std::uint64_t>::from_sorted(items);
    hearsay::version_vector<std::uint64_t> some;
    for (std::uint64_t w = 0; w < 200; ++w)
        some.raise(40 * w + 1, 3);
    some.raise(2, 9);
    hearsay::version_vector<std::uint64_t> expected = big;
    for (const auto& entry : some)
        expected.raise(entry.first, entry.second);
    CHECK(big.merge(some));
    CHECK(big == expected);
    CHECK(big.size() == 4200);
    CHECK(std::is_sorted(big.begin(), big.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; }));
}

namespace {

std::uint64_t comparisons = 0;

/// An element that counts its comparisons: work measured without a clock.
struct counted {
    int value = 0;
    friend bool operator<(const counted& a, const counted& b) {
        ++comparisons;
        return a.value < b.value;
    }
    friend bool operator==(const counted& a, const counted& b) { return a.value == b.value; }
};

} // namespace

TEST_CASE("bounds: a key stuffed with out-of-order dots costs a small delta under it nothing more",
          "[bounds][quadratic]") {
    using set = hearsay::or_set<counted>;
    using map = hearsay::or_map<int, set>;
    std::vector<int> order(72000);
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    std::mt19937_64 rng(3);
    shuffle(order, rng);
    map stuffed; // writer 9's dots under key 1 in random order of the elements
    for (int v : order)
        stuffed.update(9, 1, [&](set& s) { return s.insert(9, counted{v}); });
    map honest = stuffed;
    const map delta = honest.update(4, 1, [](set& s) { return s.insert(4, counted{-1}); });
    const map replace = honest.update(4, 1, [](set& s) { return s.insert(4, counted{500}); });

    comparisons = 0;
    CHECK(stuffed.merge(delta));
    CHECK(stuffed.merge(replace)); // replaces the dot of 500 it observed
    CHECK(comparisons < 2000);     // O(delta log n): 72,000 elements would cost far more
    CHECK(stuffed == honest);

    // Erasing the key collects its 72,000 dots in O(n log n), not one cloud insert each.
    comparisons = 0;
    const map erased = honest.erase(1);
    CHECK(erased.context().dot_count() == 72001); // 72,000 + the two inserts - the dot replaced
    CHECK(stuffed.merge(erased));
    CHECK_FALSE(stuffed.contains(1));
}
