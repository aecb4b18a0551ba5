// The engine's own cost per received message: decode, merge, buffer and reply,
// with a transport that only counts what it is given; honest messages and the
// hostile ones of tests/gossip/hostile_test.cpp side by side, as CPU per byte
// received and bytes sent per byte received.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility> // pair
#include <vector>

#include <benchmark/benchmark.h>

#include "hearsay/clock/manual_clock.hpp"
#include "hearsay/crdt/or_set.hpp"
#include "hearsay/gossip/engine.hpp"
#include "registry.hpp"

namespace hearsay_bench {
namespace {

struct counting_transport {
    using address_type = std::uint32_t;
    std::uint64_t datagrams = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t token = 0; // the last token the engine gave, to show in later headers
    void send(const address_type&, hearsay::bytes_view bytes) {
        datagrams += 1;
        bytes_sent += bytes.size();
        if (bytes.size() >= 8 && bytes.data()[1] == std::byte{0x47}) // a token message
            token = hearsay::detail::load_le64(bytes.data() + bytes.size() - 8);
        benchmark::DoNotOptimize(bytes.data());
    }
};

using set_type = hearsay::or_set<std::uint64_t>;
using engine_type = hearsay::gossip_engine<set_type, counting_transport, hearsay::manual_clock>;

// A deltas message from replica `sender` carrying one insert delta, as a peer's round sends it.
std::vector<std::byte> one_delta_message(std::uint64_t sender, std::uint64_t token,
                                         std::uint64_t seq, const set_type& delta) {
    std::vector<std::byte> bytes;
    hearsay::writer w(bytes);
    hearsay::detail::write_message_header(w, hearsay::message_kind::deltas, sender, token);
    w.write_varint(hearsay::detail::deltas_feedback);
    w.write_varint(0);
    w.write_varint(0);
    w.write_varint(1);
    w.write_varint(seq);
    hearsay::encode_value(delta, w);
    w.finish();
    return bytes;
}

// Receives fresh one-insert deltas into a replica already holding `base_size` elements.
void receive_small_delta(benchmark::State& state) {
    const auto base_size = static_cast<std::uint64_t>(state.range(0));
    constexpr std::size_t batch = 4096;
    counting_transport transport;
    hearsay::manual_clock clock;
    set_type base;
    for (std::uint64_t x = 0; x < base_size; ++x)
        base.insert(1 + x % 16, x * 2654435761u);
    engine_type node(99, transport, clock, hearsay::gossip_config::simulation(), base);
    set_type writer_replica = base; // the peer writes on a copy of the same state
    { // a first message, without a token, gets the engine's token for the peer's address
        const auto hello = one_delta_message(7, 0, 1, set_type{});
        node.receive(3, hearsay::bytes_view(hello.data(), hello.size()));
    }
    std::vector<std::vector<std::byte>> messages;
    std::uint64_t next = 0;
    std::size_t at = batch;
    for (auto _ : state) {
        if (at == batch) {
            state.PauseTiming();
            messages.clear();
            for (std::size_t k = 0; k < batch; ++k, ++next)
                messages.push_back(one_delta_message(
                    7, transport.token, next + 2, writer_replica.insert(7, (1ull << 62) + next)));
            at = 0;
            state.ResumeTiming();
        }
        const auto& m = messages[at++];
        node.receive(3, hearsay::bytes_view(m.data(), m.size()));
    }
    if (node.stats().deltas_applied != static_cast<std::uint64_t>(state.iterations()))
        state.SkipWithError("a delta was not applied");
    if (node.stats().unverified_messages != 1)
        state.SkipWithError("the peer's messages did not show its token");
    state.counters["bytes_per_message"] = static_cast<double>(messages.front().size());
}

// Hostile messages, each handled again and again by one engine holding 10,000 elements, with
// member 7 (address 3) verified. Budgets are raised out of the way, so that each message's own
// work is measured; tests/gossip/hostile_test.cpp asserts the budgets themselves.
struct hostile_bench {
    counting_transport transport;
    hearsay::manual_clock clock;
    engine_type node;

    explicit hostile_bench(hearsay::gossip_config config)
        : node(99, transport, clock, config, base_state()) {
        const auto hello = message(hearsay::message_kind::pull,
                                   [](hearsay::writer& w) { hearsay::detail::write_hash(w, 0); });
        node.receive(3, hearsay::bytes_view(hello.data(), hello.size())); // gets the token
    }
    static hearsay::gossip_config config() {
        hearsay::gossip_config c = hearsay::gossip_config::simulation();
        c.anti_entropy_rounds = 10000;
        c.peer_receive_budget = std::size_t{1} << 30;
        c.peer_reply_budget = std::size_t{1} << 30;
        c.round_reply_budget = std::size_t{1} << 32;
        return c;
    }
    static set_type base_state() {
        set_type base;
        for (std::uint64_t x = 0; x < 10000; ++x)
            base.insert(1 + x % 16, x * 2654435761u);
        return base;
    }
    // A message of `kind` from member 7, with the token it was given.
    template <class Body>
    std::vector<std::byte> message(hearsay::message_kind kind, Body&& body) const {
        std::vector<std::byte> bytes;
        hearsay::writer w(bytes);
        hearsay::detail::write_message_header(w, kind, 7, transport.token);
        body(w);
        w.finish();
        return bytes;
    }
    // A deltas message from member 7 whose one delta is an or_set with context `writers` and
    // no elements, written by hand so that it may claim any counter.
    std::vector<std::byte>
    context_only(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& writers) const {
        return message(hearsay::message_kind::deltas, [&](hearsay::writer& w) {
            hearsay::detail::write_deltas_head(w, {hearsay::detail::deltas_feedback, 0, 0, 1});
            w.write_varint(1);
            w.write_varint(writers.size());
            for (const auto& [id, top] : writers) {
                w.write_varint(id);
                w.write_varint(top);
            }
            w.write_varint(0);
            w.write_varint(0);
        });
    }
    // Receives `m` from `address` once per iteration; reports bytes received and sent.
    void run(benchmark::State& state, const std::vector<std::byte>& m, bool new_address = false) {
        const std::uint64_t sent_before = transport.bytes_sent;
        std::uint32_t address = 3;
        for (auto _ : state) {
            if (new_address)
                address = 1000 + static_cast<std::uint32_t>(state.iterations() % 1000000);
            node.receive(address, hearsay::bytes_view(m.data(), m.size()));
        }
        const auto received =
            static_cast<double>(m.size()) * static_cast<double>(state.iterations());
        state.SetBytesProcessed(static_cast<std::int64_t>(received));
        state.counters["bytes_per_message"] = static_cast<double>(m.size());
        state.counters["sent_per_received"] =
            static_cast<double>(transport.bytes_sent - sent_before) / received;
    }
};

// The honest reference: a one-insert delta, new each time.
void hostile_honest_delta(benchmark::State& state) {
    hostile_bench b(hostile_bench::config());
    set_type replica = hostile_bench::base_state();
    std::vector<std::vector<std::byte>> messages;
    for (std::uint64_t k = 0; k < 100000; ++k)
        messages.push_back(
            one_delta_message(7, b.transport.token, k + 1, replica.insert(7, (1ull << 62) + k)));
    std::size_t at = 0;
    std::uint64_t received = 0;
    for (auto _ : state) {
        const auto& m = messages[at++ % messages.size()];
        received += m.size();
        b.node.receive(3, hearsay::bytes_view(m.data(), m.size()));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(received));
    state.counters["bytes_per_message"] = static_cast<double>(messages.front().size());
}

// A counter past 2^62: refused when decoded.
void hostile_counter_past_limit(benchmark::State& state) {
    hostile_bench b(hostile_bench::config());
    b.run(state, b.context_only({{5, ~std::uint64_t{0}}}));
}

// A digest asking for everything, from ever new addresses that never showed a token.
void hostile_stranger_digest(benchmark::State& state) {
    hostile_bench b(hostile_bench::config());
    const auto m = b.message(hearsay::message_kind::digest, [](hearsay::writer& w) {
        w.write_varint(hearsay::detail::digest_whole | hearsay::detail::digest_wants_reply);
        hearsay::encode_value(hearsay::sync_traits<set_type>::digest_type{}, w);
    });
    b.run(state, m, true);
}

// A member's digest that saw only dot 1 of a writer at 2^40: answered with one range.
void hostile_far_writer_digest(benchmark::State& state) {
    hostile_bench b(hostile_bench::config());
    const auto far = b.context_only({{5, std::uint64_t{1} << 40}});
    b.node.receive(3, hearsay::bytes_view(far.data(), far.size()));
    set_type lagging = hostile_bench::base_state();
    lagging.insert(5, 1); // dot (5, 1); nothing of writer 5 since
    const auto m = b.message(hearsay::message_kind::digest, [&](hearsay::writer& w) {
        w.write_varint(hearsay::detail::digest_whole);
        hearsay::encode_value(hearsay::sync_traits<set_type>::digest(lagging), w);
    });
    b.run(state, m);
    // What the sender's receive budget is charged for each: its bytes and the pass it causes.
    state.counters["charged_per_message"] =
        static_cast<double>(m.size() + hearsay::encoded_size(b.node.state()) /
                                           hearsay::anti_entropy<set_type>::scan_divisor);
}

// 100 made-up writers a datagram, into a state already at max_writers: refused.
void hostile_made_up_writers(benchmark::State& state) {
    hearsay::gossip_config c = hostile_bench::config();
    c.max_writers = 16;
    hostile_bench b(c);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> writers;
    for (std::uint64_t k = 0; k < 100; ++k)
        writers.emplace_back(1000 + k, 1 + k);
    b.run(state, b.context_only(writers));
}

// 100 planted members a datagram, from a member, into a table already full.
void hostile_planted_members(benchmark::State& state) {
    hearsay::gossip_config c = hostile_bench::config();
    c.max_members = 64;
    hostile_bench b(c);
    const auto m = b.message(hearsay::message_kind::members, [](hearsay::writer& w) {
        w.write_varint(100);
        for (std::uint32_t k = 0; k < 100; ++k)
            hearsay::detail::write_member(
                w, hearsay::member<std::uint32_t>{5000 + k, 5000 + k, hearsay::member_status::alive,
                                                  0});
    });
    b.run(state, m);
}

// One round of an engine whose view holds `members` verified members, polled at each interval
// through a transport that drops what it is sent: the cost of choosing peers, sampling the
// members message and trimming the log, which should not grow with the view. Failure
// detection is off, so that the view stays whole however long the benchmark runs. With
// news_spent 0, rounds start right after the view filled, while members messages still carry
// the news of each member's arrival (with a large view, for the whole benchmark); with 1, they
// start once that news is spent, the steady state.
void round_large_view(benchmark::State& state) {
    const auto members = static_cast<std::uint32_t>(state.range(0));
    hearsay::gossip_config c = hearsay::gossip_config::simulation();
    c.max_members = members + 16;
    c.failure_detection.enabled = false;
    c.round_reply_budget = std::size_t{1} << 32;
    counting_transport transport;
    hearsay::manual_clock clock;
    engine_type node(99, transport, clock, c);
    std::vector<std::byte> m;
    auto pull_from = [&](std::uint32_t address, std::uint64_t token) {
        m.clear();
        hearsay::writer w(m);
        hearsay::detail::write_message_header(w, hearsay::message_kind::pull, address, token);
        hearsay::detail::write_hash(w, 0);
        w.finish();
        node.receive(address, hearsay::bytes_view(m.data(), m.size()));
    };
    for (std::uint32_t k = 0; k < members; ++k) {
        const std::uint32_t address = 1000 + k;
        pull_from(address, 0);               // a stranger: gets its token
        pull_from(address, transport.token); // shows it: a verified member
    }
    if (node.members().size() != members)
        state.SkipWithError("the view is not whole");
    node.poll();
    if (state.range(1) != 0) // news spent: rumor_k x log2(n) announcements each, 8 a round
        for (std::uint64_t r = 0; r < 60ull * members / 8 + 1000; ++r) {
            clock.advance(c.interval);
            node.poll();
        }
    const std::uint64_t sent_before = transport.datagrams;
    for (auto _ : state) {
        clock.advance(c.interval);
        node.poll();
    }
    state.counters["members"] = static_cast<double>(node.members().size());
    state.counters["datagrams_per_round"] = static_cast<double>(transport.datagrams - sent_before) /
                                            static_cast<double>(state.iterations());
}

} // namespace

void register_engine_benchmarks() {
    add_benchmark("engine/receive_small_delta", receive_small_delta)
        ->Arg(1000)
        ->Arg(100000)
        ->Unit(benchmark::kNanosecond);
    add_benchmark("engine/round_large_view", round_large_view)
        ->ArgNames({"members", "news_spent"})
        ->ArgsProduct({{1000, 10000, 100000}, {0, 1}})
        ->Unit(benchmark::kNanosecond);
    add_benchmark("hostile/honest_delta", hostile_honest_delta);
    add_benchmark("hostile/counter_past_limit", hostile_counter_past_limit);
    add_benchmark("hostile/stranger_digest", hostile_stranger_digest);
    add_benchmark("hostile/far_writer_digest", hostile_far_writer_digest);
    add_benchmark("hostile/made_up_writers", hostile_made_up_writers);
    add_benchmark("hostile/planted_members", hostile_planted_members);
}

} // namespace hearsay_bench
