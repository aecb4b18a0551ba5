// sim::cluster runs engines on virtual time and reports rounds faithfully.
// These tests drive it with a small flooding engine defined here (each round
// it sends its whole state, through the real codec, to a random half of the
// peers it knows, and learns peers from senders): they test the simulator,
// not the gossip engine.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <hearsay/clock/manual_clock.hpp>
#include <hearsay/codec/codec.hpp>
#include <hearsay/core/bytes_view.hpp>
#include <hearsay/crdt/g_counter.hpp>
#include <hearsay/crdt/or_set.hpp>
#include <hearsay/gossip/random.hpp>
#include <hearsay/sim/cluster.hpp>

#include "catch.hpp"

using namespace std::chrono_literals;
using hearsay::manual_clock;
using hearsay::sim::cluster_options;
using hearsay::sim::network_config;
using hearsay::sim::node_address;
using hearsay::sim::restart_mode;
using hearsay::sim::round_report;

namespace {

struct flood_config {
    manual_clock::duration interval = 100ms;
    std::uint64_t seed = 0;
};

struct flood_stats {
    std::uint64_t messages_sent = 0;
    std::uint64_t messages_received = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    std::uint64_t messages_rejected = 0;
};

template <class State> class flood_engine {
  public:
    using config_type = flood_config;
    using address_type = node_address;
    using time_point = manual_clock::time_point;

    flood_engine(std::uint64_t self, hearsay::sim::transport& transport, manual_clock& clock,
                 flood_config config)
        : flood_engine(self, transport, clock, config, State{}) {}

    flood_engine(std::uint64_t self, hearsay::sim::transport& transport, manual_clock& clock,
                 flood_config config, State initial)
        : self_(self), transport_(&transport), clock_(&clock), config_(config),
          random_(config.seed), state_(std::move(initial)), next_round_(clock.now()) {}

    std::uint64_t id() const { return self_; }
    std::uint64_t seed() const { return config_.seed; }
    const State& state() const { return state_; }
    const flood_stats& stats() const { return stats_; }
    const std::vector<address_type>& members() const { return peers_; }

    void add_peer(const address_type& address) {
        if (address == transport_->address()) {
            return;
        }
        for (const address_type p : peers_) {
            if (p == address) {
                return;
            }
        }
        peers_.push_back(address);
    }

    template <class F> State update(F&& f) { return f(state_, self_); }

    void receive(const address_type& from, hearsay::bytes_view bytes) {
        ++stats_.messages_received;
        stats_.bytes_received += bytes.size();
        auto decoded = hearsay::decode<State>(bytes);
        if (!decoded) {
            ++stats_.messages_rejected;
            return;
        }
        state_.merge(*decoded);
        add_peer(from);
        receive_times_.push_back(clock_->now());
    }

    time_point poll() {
        ++polls_;
        if (clock_->now() < next_round_) {
            return next_round_;
        }
        buffer_.clear();
        hearsay::encode(state_, buffer_);
        for (const address_type p : peers_) {
            if (random_() % 2 == 0) {
                transport_->send(p, buffer_);
                ++stats_.messages_sent;
                stats_.bytes_sent += buffer_.size();
            }
        }
        next_round_ = clock_->now() + config_.interval;
        return next_round_;
    }

    std::uint64_t polls() const { return polls_; }
    const std::vector<time_point>& receive_times() const { return receive_times_; }

  private:
    std::uint64_t self_;
    hearsay::sim::transport* transport_;
    manual_clock* clock_;
    flood_config config_;
    hearsay::xoshiro256 random_;
    State state_;
    time_point next_round_;
    std::vector<address_type> peers_;
    std::vector<std::byte> buffer_;
    flood_stats stats_;
    std::uint64_t polls_ = 0;
    std::vector<time_point> receive_times_;
};

using counter = hearsay::g_counter<>;
using counter_cluster = hearsay::sim::cluster<counter, flood_engine<counter>>;
using set = hearsay::or_set<std::uint64_t>;
using set_cluster = hearsay::sim::cluster<set, flood_engine<set>>;

// Increments the counter at every live node, checking the replica id the engine passes.
void write_everywhere(counter_cluster& c) {
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c.alive(i)) {
            const std::uint64_t id = c.replica_id(i);
            c.update(i, [id](counter& s, std::uint64_t self) {
                REQUIRE(self == id);
                return s.increment(self, self);
            });
        }
    }
}

bool same_reports(const std::vector<round_report>& a, const std::vector<round_report>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].round != b[i].round || a[i].time != b[i].time ||
            a[i].converged != b[i].converged || a[i].alive != b[i].alive ||
            a[i].sent != b[i].sent || a[i].messages != b[i].messages || a[i].bytes != b[i].bytes ||
            a[i].dropped != b[i].dropped) {
            return false;
        }
    }
    return true;
}

network_config lossy(std::uint64_t seed) {
    network_config net;
    net.seed = seed;
    net.loss = 0.2;
    net.duplication = 0.05;
    net.min_delay = 1ms;
    net.max_delay = 30ms;
    net.reorder = 0.1;
    return net;
}

} // namespace

TEST_CASE("sim::cluster builds nodes with addresses, ids, seeds and first peers",
          "[sim][cluster]") {
    flood_config config;
    config.seed = 77;
    counter_cluster c(5, config);
    REQUIRE(c.size() == 5);
    REQUIRE(c.alive_count() == 5);
    REQUIRE(c.round() == 0);
    for (std::size_t i = 0; i < c.size(); ++i) {
        REQUIRE(c.replica_id(i) == i + 1);
        REQUIRE(c.node(i).id() == i + 1);
        REQUIRE(c.net().attached(counter_cluster::address(i)));
        for (std::size_t j = 0; j < i; ++j) {
            REQUIRE(c.node(i).seed() != c.node(j).seed());
        }
    }
    // One seed: every node knows node 0, and node 0 knows node 1.
    REQUIRE(c.node(0).members() == std::vector<node_address>{1});
    for (std::size_t i = 1; i < c.size(); ++i) {
        REQUIRE(c.node(i).members() == std::vector<node_address>{0});
    }
    // Seeds are derived deterministically from the cluster's seed.
    counter_cluster same(5, config);
    config.seed = 78;
    counter_cluster other(5, config);
    for (std::size_t i = 0; i < c.size(); ++i) {
        REQUIRE(c.node(i).seed() == same.node(i).seed());
        REQUIRE(c.node(i).seed() != other.node(i).seed());
    }

    cluster_options two_seeds;
    two_seeds.seeds = 2;
    counter_cluster s(4, config, {}, two_seeds);
    REQUIRE(s.node(0).members() == std::vector<node_address>{1});
    REQUIRE(s.node(1).members() == std::vector<node_address>{0});
    REQUIRE(s.node(3).members() == std::vector<node_address>{0, 1});

    cluster_options everyone;
    everyone.full_membership = true;
    counter_cluster f(4, config, {}, everyone);
    REQUIRE(f.node(2).members() == std::vector<node_address>{0, 1, 3});
}

TEST_CASE("sim::cluster converges and its reports add up", "[sim][cluster]") {
    const std::uint64_t seed = 4242;
    CAPTURE(seed);
    flood_config config;
    config.seed = seed;
    network_config net;
    net.seed = seed;
    counter_cluster c(40, config, net);
    std::vector<round_report> seen;
    c.on_round([&](const round_report& r) { seen.push_back(r); });

    REQUIRE(c.run_until_converged(5) == std::size_t{0}); // nothing written yet: bottom everywhere
    write_everywhere(c);
    REQUIRE(c.expected().value() == 40 * 41 / 2);
    REQUIRE_FALSE(c.converged(0));

    const std::optional<std::size_t> rounds = c.run_until_converged(50);
    REQUIRE(rounds.has_value());
    REQUIRE(*rounds >= 2); // a write must travel to node 0 and back out
    REQUIRE(c.round() == *rounds);
    for (std::size_t i = 0; i < c.size(); ++i) {
        REQUIRE(c.converged(i));
        REQUIRE(c.node(i).state().value() == 40 * 41 / 2);
    }

    const auto& reports = c.reports();
    REQUIRE(reports.size() == *rounds);
    REQUIRE(seen.size() == reports.size());
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
    std::uint64_t sent = 0;
    std::uint64_t engine_sent = 0;
    for (std::size_t r = 0; r < reports.size(); ++r) {
        REQUIRE(reports[r].round == r + 1);
        REQUIRE(reports[r].time == manual_clock::time_point{100ms * (r + 1)});
        REQUIRE(reports[r].alive == 40);
        REQUIRE(reports[r].size == 40);
        REQUIRE_FALSE(reports[r].capped);
        REQUIRE(seen[r].messages == reports[r].messages);
        messages += reports[r].messages;
        bytes += reports[r].bytes;
        sent += reports[r].sent;
    }
    for (std::size_t i = 0; i < c.size(); ++i) {
        engine_sent += c.node(i).stats().messages_sent;
    }
    REQUIRE(reports.back().all_converged());
    REQUIRE(reports.back().converged == 40);
    REQUIRE_FALSE(reports.front().all_converged());
    REQUIRE(messages == c.net().stats().delivered);
    REQUIRE(bytes == c.net().stats().bytes_delivered);
    REQUIRE(sent == c.net().stats().sent);
    REQUIRE(sent == engine_sent);
    REQUIRE(c.clock().now() == manual_clock::time_point{100ms * *rounds});

    const std::string line = to_string(reports.back());
    REQUIRE(line.find("round " + std::to_string(*rounds)) == 0);
    REQUIRE(line.find("converged 40/40") != std::string::npos);
    REQUIRE(line.find("delivered " + std::to_string(reports.back().messages)) != std::string::npos);
}

TEST_CASE("sim::cluster replays a seed exactly, faults and delays included", "[sim][cluster]") {
    const auto run = [](std::uint64_t engine_seed, std::uint64_t net_seed) {
        flood_config config;
        config.seed = engine_seed;
        auto c = std::make_unique<set_cluster>(30, config, lossy(net_seed));
        for (std::size_t i = 0; i < c->size(); ++i) {
            c->update(i, [i](set& s, std::uint64_t self) { return s.insert(self, i * 10); });
        }
        for (int r = 0; r < 12; ++r) {
            if (r == 3) {
                c->crash(7);
            }
            if (r == 6) {
                c->restart(7, restart_mode::keep_state);
            }
            c->step();
        }
        return c;
    };
    const std::uint64_t seed = 99;
    CAPTURE(seed);
    const auto a = run(seed, seed);
    const auto b = run(seed, seed);
    const auto other_net = run(seed, seed + 1);
    const auto other_engines = run(seed + 1, seed);
    REQUIRE(a->net().stats().dropped_loss > 0);
    REQUIRE(a->net().stats().duplicated > 0);
    REQUIRE(same_reports(a->reports(), b->reports()));
    REQUIRE(a->net().stats() == b->net().stats());
    for (std::size_t i = 0; i < a->size(); ++i) {
        REQUIRE(a->node(i).state() == b->node(i).state());
        REQUIRE(a->node(i).polls() == b->node(i).polls());
    }
    REQUIRE_FALSE(same_reports(a->reports(), other_net->reports()));
    REQUIRE_FALSE(same_reports(a->reports(), other_engines->reports()));
}

TEST_CASE("sim::cluster delivers delayed messages at their due time, within the round",
          "[sim][cluster]") {
    flood_config config;
    config.seed = 5;
    network_config net;
    net.seed = 5;
    net.min_delay = 10ms;
    net.max_delay = 40ms;
    counter_cluster c(20, config, net);
    write_everywhere(c);
    const auto rounds = c.run_until_converged(40);
    REQUIRE(rounds.has_value());
    REQUIRE(c.clock().now() == manual_clock::time_point{100ms * *rounds});
    // Nothing is lost; only what the last round's end sent can still be in flight.
    REQUIRE(c.net().stats().delivered + c.net().in_flight() == c.net().stats().sent);
    REQUIRE(c.net().in_flight() <= c.reports().back().sent);
    std::uint64_t received = 0;
    std::uint64_t mid_round = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        received += c.node(i).stats().messages_received;
        for (const auto t : c.node(i).receive_times()) {
            if (t.time_since_epoch() % 100ms != manual_clock::duration::zero()) {
                ++mid_round; // the engine saw the clock at the message's due time
            }
        }
    }
    REQUIRE(received == c.net().stats().delivered);
    REQUIRE(mid_round == received); // every delay is 10..40 ms after a send at a round boundary
}

TEST_CASE("sim::cluster crash freezes a node and keep_state restart resumes it", "[sim][cluster]") {
    const std::uint64_t seed = 17;
    CAPTURE(seed);
    flood_config config;
    config.seed = seed;
    counter_cluster c(12, config);
    write_everywhere(c);
    REQUIRE(c.run_until_converged(30).has_value());

    c.crash(3);
    REQUIRE_FALSE(c.alive(3));
    REQUIRE_FALSE(c.net().is_up(3));
    REQUIRE(c.alive_count() == 11);
    const counter before = c.node(3).state();
    const std::uint64_t polls = c.node(3).polls();
    c.update(5, [](counter& s, std::uint64_t self) { return s.increment(self, 1000); });

    const auto rounds = c.run_until_converged(30); // counts live nodes only
    REQUIRE(rounds.has_value());
    REQUIRE(c.reports().back().alive == 11);
    REQUIRE(c.node(3).state() == before); // frozen: fed nothing
    REQUIRE(c.node(3).polls() == polls);  // and never polled
    REQUIRE_FALSE(c.converged(3));

    c.restart(3, restart_mode::keep_state);
    REQUIRE(c.alive(3));
    REQUIRE(c.replica_id(3) == 4);
    REQUIRE(c.node(3).id() == 4);
    REQUIRE(c.node(3).state() == before);                         // the kept state
    REQUIRE(c.node(3).members() == std::vector<node_address>{0}); // membership re-learnt
    REQUIRE(c.run_until_converged(30).has_value());
    REQUIRE(c.converged(3));
    c.update(3, [](counter& s, std::uint64_t self) {
        REQUIRE(self == 4);
        return s.increment(self);
    });
    REQUIRE(c.run_until_converged(30).has_value());
}

TEST_CASE("sim::cluster fresh restart starts empty under a new replica id", "[sim][cluster]") {
    flood_config config;
    config.seed = 3;
    counter_cluster c(6, config);
    write_everywhere(c);
    REQUIRE(c.run_until_converged(30).has_value());
    const std::uint64_t old_seed = c.node(2).seed();

    c.restart(2, restart_mode::fresh); // restarting a live node crashes it first
    REQUIRE(c.alive(2));
    REQUIRE(c.replica_id(2) == 7);
    REQUIRE(c.node(2).id() == 7);
    REQUIRE(c.node(2).state() == counter{});
    REQUIRE(c.node(2).seed() != old_seed);
    c.restart(4, restart_mode::fresh);
    REQUIRE(c.replica_id(4) == 8);
    REQUIRE(c.run_until_converged(30).has_value());
    REQUIRE(c.node(2).state() == c.expected());
    c.update(2, [](counter& s, std::uint64_t self) {
        REQUIRE(self == 7);
        return s.increment(self, 5);
    });
    REQUIRE(c.run_until_converged(30).has_value());
    REQUIRE(c.expected().value() == 6 * 7 / 2 + 5); // the old incarnations' writes survive
}

TEST_CASE("sim::cluster expected() exposes lost writes and writes that bypass it",
          "[sim][cluster]") {
    flood_config config;
    config.seed = 8;
    counter_cluster c(5, config);
    write_everywhere(c);
    REQUIRE(c.run_until_converged(30).has_value());

    // A write that never leaves its node dies with a fresh restart: never converges again.
    c.net().partition({{3}});
    c.update(3, [](counter& s, std::uint64_t self) { return s.increment(self, 100); });
    c.step();
    c.restart(3, restart_mode::fresh);
    c.net().heal();
    REQUIRE_FALSE(c.run_until_converged(15).has_value());
    REQUIRE(c.reports().back().converged == 0);

    // A write made behind the cluster's back is something else: also never converges.
    counter_cluster d(5, config);
    d.node(1).update([](counter& s, std::uint64_t self) { return s.increment(self); });
    REQUIRE_FALSE(d.run_until_converged(15).has_value());
}

TEST_CASE("sim::cluster survives a partition and converges after it heals", "[sim][cluster]") {
    flood_config config;
    config.seed = 21;
    cluster_options everyone;
    everyone.full_membership = true;
    counter_cluster c(10, config, {}, everyone);
    c.net().partition({{0, 1, 2, 3, 4}});
    write_everywhere(c);
    for (int r = 0; r < 20; ++r) {
        c.step();
    }
    REQUIRE(c.reports().back().converged == 0);
    REQUIRE(c.reports().back().dropped > 0);
    c.net().heal();
    REQUIRE(c.run_until_converged(30).has_value());
}

TEST_CASE("sim::cluster caps a livelock and reports it", "[sim][cluster]") {
    flood_config config;
    config.interval = manual_clock::duration::zero(); // the engine always wants a poll now
    cluster_options opts;
    opts.max_passes = 50;
    counter_cluster c(3, config, {}, opts);
    const round_report r = c.step();
    REQUIRE(r.capped);
    REQUIRE(to_string(r).find("CAPPED") != std::string::npos);
    REQUIRE(c.node(0).polls() <= 2 * 51);
    REQUIRE(c.node(0).polls() >= 50);
}

TEST_CASE("sim::cluster runs the default engine, hearsay::gossip_engine", "[sim][cluster]") {
    using real_cluster = hearsay::sim::cluster<set>;
    static_assert(
        std::is_same_v<real_cluster::engine_type,
                       hearsay::gossip_engine<set, hearsay::sim::transport, manual_clock>>);
    static_assert(std::is_same_v<real_cluster::config_type, hearsay::gossip_config>);
    const std::uint64_t seed = 31;
    CAPTURE(seed);
    hearsay::gossip_config config;
    config.seed = seed;
    network_config net = lossy(seed);
    net.max_payload = 1400;
    real_cluster c(30, config, net);
    for (std::size_t i = 0; i < c.size(); i += 3) {
        c.update(i, [i](set& s, std::uint64_t self) { return s.insert(self, i); });
    }
    const auto rounds = c.run_until_converged(100);
    REQUIRE(rounds.has_value());
    REQUIRE(c.expected().size() == 10);
    for (std::size_t i = 0; i < c.size(); ++i) {
        REQUIRE(c.node(i).state() == c.expected());
    }
    REQUIRE(c.net().stats().dropped_loss > 0); // converged through real losses
}
