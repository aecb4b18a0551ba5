// sim::network moves real bytes deterministically: the same seed replays the
// same deliveries, faults happen at their configured rates, delays and
// reordering respect their bounds, partitions and crashes drop what they
// should (in flight included), oversize messages are refused, and the
// delivery cap turns a livelock into a visible, bounded result.

#include <chrono>
#include <cmath> // abs
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include <hearsay/clock/manual_clock.hpp>
#include <hearsay/core/bytes_view.hpp>
#include <hearsay/gossip/random.hpp>
#include <hearsay/sim/detail/draws.hpp>
#include <hearsay/sim/network.hpp>

#include "catch.hpp"
#include "support/random.hpp"

using namespace std::chrono_literals;
using hearsay::bytes_view;
using hearsay::manual_clock;
using hearsay::sim::network;
using hearsay::sim::network_config;
using hearsay::sim::network_stats;
using hearsay::sim::node_address;
using hearsay::testing::pick;

namespace {

using bytes = std::vector<std::byte>;

void put_u64(bytes& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xffU));
    }
}

std::uint64_t get_u64(bytes_view in, std::size_t at) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        v |= std::uint64_t{std::to_integer<std::uint8_t>(in[at + i])} << (8 * i);
    }
    return v;
}

// A self-checking payload: (from, to, id) then `filler` bytes derived from id, so a delivery
// proves the network carried every byte intact and to the right node.
bytes make_payload(node_address from, node_address to, std::uint64_t id, std::size_t filler) {
    bytes out;
    put_u64(out, from);
    put_u64(out, to);
    put_u64(out, id);
    for (std::size_t k = 0; k < filler; ++k) {
        out.push_back(static_cast<std::byte>((id * 31 + k * 7) & 0xffU));
    }
    return out;
}

bool payload_intact(bytes_view b, node_address to, node_address from) {
    if (b.size() < 24 || get_u64(b, 0) != from || get_u64(b, 8) != to) {
        return false;
    }
    const std::uint64_t id = get_u64(b, 16);
    for (std::size_t k = 24; k < b.size(); ++k) {
        if (b[k] != static_cast<std::byte>((id * 31 + (k - 24) * 7) & 0xffU)) {
            return false;
        }
    }
    return true;
}

struct delivery {
    std::int64_t time_ns = 0;
    node_address to = 0;
    node_address from = 0;
    bytes payload;
    friend bool operator==(const delivery& a, const delivery& b) {
        return a.time_ns == b.time_ns && a.to == b.to && a.from == b.from && a.payload == b.payload;
    }
};

struct run_result {
    std::vector<delivery> trace;
    network_stats stats;
    bool intact = true;
    bool balanced = true; // the accounting identity held after every step
};

bool balanced(const network& net) {
    const network_stats& s = net.stats();
    return s.sent + s.duplicated == s.delivered + s.dropped() + net.in_flight();
}

// Drives 8 nodes for 300 steps of 1 ms: random sends of random sizes, replies from the
// receivers, a partition and its heal, a crash and its restart, all drawn from `workload_seed`.
run_result run_workload(const network_config& config, std::uint64_t workload_seed) {
    manual_clock clock;
    network net(config, clock);
    const node_address nodes = 8;
    std::vector<hearsay::sim::transport*> transports;
    for (node_address a = 0; a < nodes; ++a) {
        transports.push_back(&net.attach(a));
    }
    std::mt19937_64 rng(workload_seed);
    run_result out;
    std::uint64_t next_id = 0;
    for (int step = 0; step < 300; ++step) {
        if (step == 100) {
            net.partition({{0, 1, 2}, {3, 4}});
        }
        if (step == 150) {
            net.heal();
        }
        if (step == 180) {
            net.crash(5);
        }
        if (step == 220) {
            net.restart(5);
        }
        for (int k = 0; k < 20; ++k) {
            const auto from = static_cast<node_address>(pick(rng, nodes));
            const auto to = static_cast<node_address>(pick(rng, nodes));
            const bytes payload = make_payload(from, to, next_id++, pick(rng, 600));
            transports[from]->send(to, payload);
        }
        clock.advance(1ms);
        net.deliver(clock.now(), [&](node_address to, node_address from, bytes_view b) {
            out.intact = out.intact && payload_intact(b, to, from);
            out.trace.push_back(
                {clock.now().time_since_epoch().count(), to, from, bytes(b.begin(), b.end())});
            const std::uint64_t id = get_u64(b, 16);
            if (id % 3 == 0) { // a reply, sent while the network is delivering
                transports[to]->send(from, make_payload(to, from, next_id++, id % 50));
            }
        });
        out.balanced = out.balanced && balanced(net);
    }
    out.stats = net.stats();
    return out;
}

network_config faulty_config(std::uint64_t seed) {
    network_config c;
    c.seed = seed;
    c.loss = 0.1;
    c.duplication = 0.05;
    c.reorder = 0.2;
    c.min_delay = 200us;
    c.max_delay = 3ms;
    c.max_payload = 500;
    return c;
}

} // namespace

TEST_CASE("the simulator's draws are exact and portable", "[sim][network]") {
    using hearsay::sim::detail::chance;
    using hearsay::sim::detail::probability_threshold;
    using hearsay::sim::detail::up_to;
    REQUIRE(probability_threshold(0.0) == 0);
    REQUIRE(probability_threshold(-1.0) == 0);
    REQUIRE(probability_threshold(std::numeric_limits<double>::quiet_NaN()) == 0);
    REQUIRE(probability_threshold(1.0) == ~std::uint64_t{0});
    REQUIRE(probability_threshold(0.5) == std::uint64_t{1} << 63U);
    REQUIRE(probability_threshold(0.25) == std::uint64_t{1} << 62U);
    hearsay::xoshiro256 a(7);
    hearsay::xoshiro256 b(7);
    std::uint64_t hits = 0;
    for (int i = 0; i < 10000; ++i) {
        REQUIRE(up_to(a, ~std::uint64_t{0}) == b()); // the full range is one raw draw
        REQUIRE(chance(a, ~std::uint64_t{0}));       // "always" draws nothing
        REQUIRE_FALSE(chance(a, 0));                 // "never" draws once, like any chance
        b();
        const std::uint64_t v = up_to(a, 2);
        REQUIRE(v <= 2);
        REQUIRE(v == hearsay::uniform_below(b, 3));
        if (chance(a, probability_threshold(0.5))) {
            ++hits;
        }
        b();
    }
    REQUIRE((hits > 4500 && hits < 5500));
    REQUIRE(hearsay::sim::detail::derive_seed(1, 2, 3) ==
            hearsay::sim::detail::derive_seed(1, 2, 3));
    REQUIRE(hearsay::sim::detail::derive_seed(1, 2, 3) !=
            hearsay::sim::detail::derive_seed(1, 3, 2));
}

TEST_CASE("network_config::validate refuses out-of-range fields", "[sim][network]") {
    REQUIRE(network_config{}.validate() == hearsay::errc{});
    network_config c;
    c.loss = 1.5;
    REQUIRE(c.validate() == hearsay::errc::invalid_config);
    c = {};
    c.duplication = std::numeric_limits<double>::quiet_NaN();
    REQUIRE(c.validate() == hearsay::errc::invalid_config);
    c = {};
    c.min_delay = 5ms;
    c.max_delay = 1ms;
    REQUIRE(c.validate() == hearsay::errc::invalid_config);
    c = {};
    c.max_deliveries_per_call = 0;
    REQUIRE(c.validate() == hearsay::errc::invalid_config);

    // The network clamps what validate refuses.
    network net(c);
    REQUIRE(net.config().max_deliveries_per_call == 1);
    c = {};
    c.loss = 2.0;
    c.reorder = -1.0;
    c.min_delay = 5ms;
    c.max_delay = 1ms;
    network clamped(c);
    REQUIRE(clamped.config().loss == 1.0);
    REQUIRE(clamped.config().reorder == 0.0);
    REQUIRE(clamped.config().max_delay == 5ms);
    REQUIRE(clamped.config().validate() == hearsay::errc{});
}

TEST_CASE("sim::network delivers zero-delay messages and their replies in one call, in send order",
          "[sim][network]") {
    network net;
    auto& a = net.attach(10);
    auto& b = net.attach(20);
    net.attach(30);
    REQUIRE(&net.attach(10) == &a); // attaching again returns the same transport
    REQUIRE(a.address() == 10);
    REQUIRE(net.attached(20));
    REQUIRE_FALSE(net.attached(40));

    {
        bytes one{std::byte{1}};
        a.send(20, one);
        one[0] = std::byte{99}; // the network copied the bytes at send
    }
    a.send(30, bytes{std::byte{2}});
    REQUIRE(net.in_flight() == 2);

    std::vector<std::pair<node_address, bytes>> seen;
    const auto result = net.deliver(
        manual_clock::time_point{}, [&](node_address to, node_address from, bytes_view payload) {
            seen.emplace_back(to, bytes(payload.begin(), payload.end()));
            if (to == 20) {
                REQUIRE(from == 10);
                b.send(30, bytes{std::byte{3}}); // sent while delivering, due now: same call
            }
        });
    REQUIRE(result.delivered == 3);
    REQUIRE_FALSE(result.capped);
    REQUIRE(seen.size() == 3);
    REQUIRE(seen[0] == std::make_pair(node_address{20}, bytes{std::byte{1}}));
    REQUIRE(seen[1] == std::make_pair(node_address{30}, bytes{std::byte{2}}));
    REQUIRE(seen[2] == std::make_pair(node_address{30}, bytes{std::byte{3}}));
    REQUIRE(net.in_flight() == 0);
    REQUIRE(net.stats().sent == 3);
    REQUIRE(net.stats().delivered == 3);
    REQUIRE(net.stats().bytes_delivered == 3);
    REQUIRE(net.deliver(manual_clock::time_point{}, [](auto, auto, auto) {}).delivered == 0);
}

TEST_CASE("sim::network replays a seed exactly and a different seed differs", "[sim][network]") {
    const std::uint64_t seed = 20240611;
    CAPTURE(seed);
    const run_result first = run_workload(faulty_config(seed), 7);
    const run_result second = run_workload(faulty_config(seed), 7);
    const run_result other = run_workload(faulty_config(seed + 1), 7);

    REQUIRE(first.intact);
    REQUIRE(first.balanced);
    REQUIRE(other.intact);
    REQUIRE(first.stats.delivered > 1000);
    // Every fault happened, so the comparison covers every draw.
    REQUIRE(first.stats.dropped_loss > 0);
    REQUIRE(first.stats.duplicated > 0);
    REQUIRE(first.stats.dropped_partition > 0);
    REQUIRE(first.stats.dropped_crashed > 0);
    REQUIRE(first.stats.dropped_oversize > 0);

    REQUIRE(first.stats == second.stats);
    REQUIRE(first.trace == second.trace);
    REQUIRE_FALSE(first.trace == other.trace);
    REQUIRE(first.stats != other.stats);
}

TEST_CASE("sim::network loses messages at the configured rate", "[sim][network]") {
    for (const double loss : {0.01, 0.25, 0.6}) {
        network_config c;
        c.seed = 1234;
        c.loss = loss;
        CAPTURE(c.seed, loss);
        network net(c);
        auto& t = net.attach(0);
        net.attach(1);
        const bytes payload(50, std::byte{0x5a});
        std::uint64_t delivered = 0;
        for (int batch = 0; batch < 100; ++batch) {
            for (int i = 0; i < 1000; ++i) {
                t.send(1, payload);
            }
            delivered += net.deliver(manual_clock::time_point{}, [](auto, auto, auto) {}).delivered;
        }
        const network_stats& s = net.stats();
        REQUIRE(s.sent == 100000);
        REQUIRE(s.delivered == delivered);
        REQUIRE(s.delivered + s.dropped_loss == s.sent);
        const double rate = static_cast<double>(s.dropped_loss) / static_cast<double>(s.sent);
        REQUIRE(std::abs(rate - loss) < 0.01);
    }
}

TEST_CASE("sim::network duplicates messages at the configured rate, bytes intact",
          "[sim][network]") {
    network_config c;
    c.seed = 99;
    c.duplication = 0.2;
    CAPTURE(c.seed);
    network net(c);
    auto& t = net.attach(0);
    net.attach(1);
    const std::uint64_t messages = 100000;
    for (std::uint64_t id = 0; id < messages; ++id) {
        t.send(1, make_payload(0, 1, id, 26));
    }
    std::map<std::uint64_t, int> copies;
    bool intact = true;
    net.deliver(manual_clock::time_point{}, [&](node_address to, node_address from, bytes_view b) {
        intact = intact && payload_intact(b, to, from);
        ++copies[get_u64(b, 16)];
    });
    REQUIRE(intact);
    const network_stats& s = net.stats();
    REQUIRE(copies.size() == messages);
    std::uint64_t twice = 0;
    for (const auto& [id, n] : copies) {
        REQUIRE((n == 1 || n == 2));
        if (n == 2) {
            ++twice;
        }
    }
    REQUIRE(twice == s.duplicated);
    REQUIRE(s.delivered == messages + s.duplicated);
    const double rate = static_cast<double>(s.duplicated) / static_cast<double>(messages);
    REQUIRE(std::abs(rate - 0.2) < 0.01);
}

TEST_CASE("sim::network delays within bounds, delivers by due time, and reorders",
          "[sim][network]") {
    network_config c;
    c.seed = 5;
    c.min_delay = 1ms;
    c.max_delay = 4ms;
    c.reorder = 0.3;
    CAPTURE(c.seed);
    network net(c); // no clock: inside deliver, now() is the due time of the current message
    auto& t = net.attach(0);
    net.attach(1);
    std::map<std::uint64_t, std::int64_t> sent_at; // id -> send time (ns)
    std::vector<std::uint64_t> order;
    std::int64_t last_due = 0;
    bool in_bounds = true;
    bool due_order = true;
    bool not_early = true;
    std::uint64_t id = 0;
    for (std::int64_t ms = 1; ms <= 2000; ++ms) {
        for (int k = 0; k < 5; ++k) {
            sent_at[id] = net.now().time_since_epoch().count();
            t.send(1, make_payload(0, 1, id++, 0));
        }
        const manual_clock::time_point now{std::chrono::milliseconds(ms)};
        net.deliver(now, [&](node_address, node_address, bytes_view b) {
            const std::uint64_t got = get_u64(b, 16);
            const std::int64_t due = net.now().time_since_epoch().count();
            const std::int64_t delay = due - sent_at.at(got);
            in_bounds = in_bounds && delay >= 1'000'000 && delay <= 8'000'000;
            due_order = due_order && due >= last_due;
            not_early = not_early && due <= now.time_since_epoch().count();
            last_due = due;
            order.push_back(got);
        });
    }
    net.deliver(manual_clock::time_point{10s},
                [&](node_address, node_address, bytes_view b) { order.push_back(get_u64(b, 16)); });
    REQUIRE(in_bounds);
    REQUIRE(due_order);
    REQUIRE(not_early);
    REQUIRE(order.size() == id);
    std::size_t inversions = 0;
    for (std::size_t i = 1; i < order.size(); ++i) {
        if (order[i] < order[i - 1]) {
            ++inversions;
        }
    }
    REQUIRE(inversions > order.size() / 10);
    REQUIRE(net.in_flight() == 0);
}

TEST_CASE("sim::network keeps send order under a fixed delay, and reorder needs a delay",
          "[sim][network]") {
    for (const bool fixed_delay : {true, false}) {
        network_config c;
        c.seed = 11;
        c.reorder = 0.5;
        if (fixed_delay) {
            c.reorder = 0.0;
            c.min_delay = 2ms;
            c.max_delay = 2ms;
        }
        CAPTURE(fixed_delay);
        manual_clock clock;
        network net(c, clock);
        auto& t = net.attach(0);
        net.attach(1);
        std::vector<std::uint64_t> order;
        const auto record = [&](node_address, node_address, bytes_view b) {
            order.push_back(get_u64(b, 16));
        };
        for (std::uint64_t id = 0; id < 1000; ++id) {
            t.send(1, make_payload(0, 1, id, 0));
            if (id % 10 == 0) {
                clock.advance(1ms);
            }
        }
        net.deliver(clock.now() + 1ms, record);
        if (fixed_delay) {
            REQUIRE(order.size() < 1000); // the last 2 ms of sends are not due yet
        }
        net.deliver(clock.now() + 2ms, record);
        REQUIRE(order.size() == 1000);
        for (std::size_t i = 0; i < order.size(); ++i) {
            REQUIRE(order[i] == i);
        }
    }
}

TEST_CASE("sim::network partitions drop traffic between groups until healed", "[sim][network]") {
    network net;
    std::vector<hearsay::sim::transport*> t;
    for (node_address a = 0; a < 6; ++a) {
        t.push_back(&net.attach(a));
    }
    // {0, 1} and {2, 3} are listed; 4 and 5 form the group of the unlisted.
    net.partition({{0, 1}, {2, 3}});
    const auto group = [](node_address a) { return a < 2 ? 0 : a < 4 ? 1 : 2; };
    const auto send_all = [&] {
        for (node_address from = 0; from < 6; ++from) {
            for (node_address to = 0; to < 6; ++to) {
                if (from != to) {
                    t[from]->send(to, make_payload(from, to, 0, 0));
                }
            }
        }
    };
    send_all();
    std::vector<std::pair<node_address, node_address>> got;
    const auto record = [&](node_address to, node_address from, bytes_view) {
        got.emplace_back(from, to);
    };
    net.deliver(manual_clock::time_point{}, record);
    std::size_t same_group = 0;
    for (node_address from = 0; from < 6; ++from) {
        for (node_address to = 0; to < 6; ++to) {
            if (from != to && group(from) == group(to)) {
                ++same_group;
            }
        }
    }
    REQUIRE(got.size() == same_group);
    for (const auto& [from, to] : got) {
        REQUIRE(group(from) == group(to));
    }
    REQUIRE(net.stats().dropped_partition == 30 - same_group);

    net.heal();
    got.clear();
    send_all();
    net.deliver(manual_clock::time_point{}, record);
    REQUIRE(got.size() == 30);

    // A partition that starts while messages are in flight drops them at delivery.
    network_config delayed;
    delayed.min_delay = 5ms;
    delayed.max_delay = 5ms;
    network slow(delayed);
    auto& x = slow.attach(0);
    slow.attach(1);
    slow.attach(2);
    x.send(1, bytes(8));
    x.send(2, bytes(8));
    slow.partition({{0, 2}});
    got.clear();
    slow.deliver(manual_clock::time_point{10ms}, record);
    REQUIRE(got == std::vector<std::pair<node_address, node_address>>{{0, 2}});
    REQUIRE(slow.stats().dropped_partition == 1);
}

TEST_CASE("sim::network crash drops in-flight traffic to and from the node", "[sim][network]") {
    network_config c;
    c.min_delay = 5ms;
    c.max_delay = 5ms;
    manual_clock clock;
    network net(c, clock);
    auto& n0 = net.attach(0);
    auto& n1 = net.attach(1);
    auto& n2 = net.attach(2);
    n0.send(1, bytes(4));
    n1.send(0, bytes(4));
    n2.send(1, bytes(4));
    n0.send(2, bytes(4)); // unaffected by the crash of 1
    REQUIRE(net.crash(1));
    REQUIRE_FALSE(net.is_up(1));
    REQUIRE_FALSE(net.crash(77)); // no such node
    n0.send(1, bytes(4));         // to a node that is down: dropped at send
    n1.send(0, bytes(4));         // from a node that is down: dropped at send
    n0.send(77, bytes(4));        // to an address nobody attached
    REQUIRE(net.stats().dropped_crashed == 3);

    clock.advance(2ms);
    REQUIRE(net.restart(1)); // restarting does not revive what was in flight
    REQUIRE(net.is_up(1));
    std::vector<std::pair<node_address, node_address>> got;
    const auto record = [&](node_address to, node_address from, bytes_view) {
        got.emplace_back(from, to);
    };
    net.deliver(clock.now() + 10ms, record);
    REQUIRE(got == std::vector<std::pair<node_address, node_address>>{{0, 2}});
    REQUIRE(net.stats().dropped_crashed == 6);
    REQUIRE(balanced(net));

    got.clear();
    n0.send(1, bytes(4));
    n1.send(2, bytes(4));
    net.deliver(clock.now() + 10ms, record);
    REQUIRE(got.size() == 2);
}

TEST_CASE("sim::network drops messages over max_payload", "[sim][network]") {
    network_config c;
    c.max_payload = 100;
    network net(c);
    auto& t = net.attach(0);
    net.attach(1);
    REQUIRE(t.max_payload() == 100);
    REQUIRE(network{}.config().max_payload == 65'507);
    t.send(1, bytes(100));
    t.send(1, bytes(101));
    t.send(1, bytes(0));
    std::vector<std::size_t> sizes;
    net.deliver(manual_clock::time_point{},
                [&](node_address, node_address, bytes_view b) { sizes.push_back(b.size()); });
    REQUIRE(sizes == std::vector<std::size_t>{100, 0});
    REQUIRE(net.stats().dropped_oversize == 1);
    REQUIRE(net.stats().bytes_sent == 201);
    REQUIRE(net.stats().bytes_delivered == 100);
}

TEST_CASE("sim::network caps deliveries per call, so a livelock returns", "[sim][network]") {
    network_config c;
    c.max_deliveries_per_call = 1000;
    network net(c);
    std::vector<hearsay::sim::transport*> t{&net.attach(0), &net.attach(1)};
    t[0]->send(1, bytes(16));
    // Each node answers every message at zero delay: without the cap this never ends.
    const auto ping_pong = [&](node_address to, node_address from, bytes_view b) {
        t[to]->send(from, b);
    };
    const auto first = net.deliver(manual_clock::time_point{}, ping_pong);
    REQUIRE(first.capped);
    REQUIRE(first.delivered == 1000);
    REQUIRE(net.in_flight() == 1);
    const auto second = net.deliver(manual_clock::time_point{}, ping_pong);
    REQUIRE(second.capped);
    REQUIRE(net.stats().delivered == 2000);

    // A deliver called from inside f delivers nothing (and does not recurse).
    std::size_t inner = 1;
    net.deliver(manual_clock::time_point{}, [&](node_address, node_address, bytes_view) {
        inner = net.deliver(manual_clock::time_point{}, ping_pong).delivered;
    });
    REQUIRE(inner == 0);
}

TEST_CASE("sim::network counts per link only when asked", "[sim][network]") {
    for (const bool track : {false, true}) {
        network_config c;
        c.track_links = track;
        c.max_payload = 10;
        CAPTURE(track);
        network net(c);
        auto& a = net.attach(1);
        auto& b = net.attach(2);
        a.send(2, bytes(3));
        a.send(2, bytes(4));
        a.send(2, bytes(11)); // oversize
        b.send(1, bytes(5));
        net.deliver(manual_clock::time_point{}, [](auto, auto, auto) {});
        const hearsay::sim::link_stats ab = net.link(1, 2);
        if (!track) {
            REQUIRE(ab == hearsay::sim::link_stats{});
            REQUIRE(net.links().empty());
            continue;
        }
        REQUIRE(ab.sent == 3);
        REQUIRE(ab.delivered == 2);
        REQUIRE(ab.dropped == 1);
        REQUIRE(ab.bytes_sent == 18);
        REQUIRE(ab.bytes_delivered == 7);
        REQUIRE(net.link(2, 1).delivered == 1);
        const auto links = net.links();
        REQUIRE(links.size() == 2);
        REQUIRE((links[0].from == 1 && links[0].to == 2 && links[0].stats == ab));
        REQUIRE((links[1].from == 2 && links[1].to == 1));
    }
}
