// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_CLUSTER_HPP
#define HEARSAY_SIM_CLUSTER_HPP

// sim::cluster: N gossip engines on one sim::network and one manual_clock,
// run round by round on virtual time, deterministically.
//
// Theory of operation. Node i has address i and, initially, replica id i + 1;
// its engine's config is the cluster's, with a seed derived from the
// cluster's seed, i and its restart count. step() runs one round: it walks
// virtual time from now to now + interval, stopping at every moment something
// is due (an engine deadline returned by poll(), a message due on the
// network) and, at each, settles: polls the nodes whose deadline passed or
// that received something, in index order, delivers the messages due, and
// repeats until nothing more is due at that moment. At the round's end it
// polls every live node, settles, and reports. Commands (construction,
// update, restart) make the node due at once, so its first poll comes at the
// start of the next step. Nothing sleeps; the same seeds give the same run.
//
// expected() is the join of every delta written through update(), so a test
// checks both that every write reached every node and that nothing else did.
// Writes that only a crashed-and-fresh-restarted node held are lost, and the
// cluster then never converges: that is the point of checking.
//
// Restarts: restart_mode::keep_state builds a new engine under the same
// replica id from the crashed engine's state (as after a process restart
// with durable state: buffers and membership are lost); restart_mode::empty
// builds an empty engine under the same replica id (a restart without durable
// state); restart_mode::fresh builds an empty engine under a NEW replica id
// (n + 1, n + 2, ...). Every start of an engine gets a fresh writer epoch,
// derived from the cluster's seed, i and the restart count. Either way the
// node re-learns its seed peers as at construction.
//
// Caps: a moment whose settling takes more than cluster_options::
// max_passes passes, or a deliver call that hits the network's cap, is cut
// short and the round reports capped (a livelock, shown rather than hung).
// Neither copyable nor movable: the engines hold references into it.

#include <algorithm> // sort, min, max
#include <cassert>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility> // move, forward
#include <vector>

#include "hearsay/clock/manual_clock.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/sim/cluster_options.hpp"
#include "hearsay/sim/detail/deadline_queue.hpp"
#include "hearsay/sim/detail/draws.hpp"
#include "hearsay/sim/network.hpp"
#include "hearsay/sim/network_config.hpp"
#include "hearsay/sim/round_report.hpp"

namespace hearsay::sim {
namespace detail {
/// Tells whether an engine counts the received deltas that changed its state.
template <class E, class = void> struct counts_applied : std::false_type {};
template <class E>
struct counts_applied<E, std::void_t<decltype(std::declval<const E&>().stats().deltas_applied)>>
    : std::true_type {};
} // namespace detail

namespace detail {

// The config an Engine is built from: its config_type if it names one (a test double may),
// else gossip_config.
template <class Engine, class = void> struct engine_config { using type = gossip_config; };
template <class Config, class = void> struct has_writer_epoch : std::false_type {};
template <class Config>
struct has_writer_epoch<Config, std::void_t<decltype(std::declval<Config&>().writer_epoch)>>
    : std::true_type {};
template <class Engine> struct engine_config<Engine, std::void_t<typename Engine::config_type>> {
    using type = typename Engine::config_type;
};

} // namespace detail

/// Runs N engines replicating State on one simulated network and clock, round by round.
template <class State, class Engine = gossip_engine<State, transport, manual_clock>> class cluster {
  public:
    using state_type = State;
    using engine_type = Engine;
    using config_type = typename detail::engine_config<Engine>::type;
    using time_point = manual_clock::time_point;
    using duration = manual_clock::duration;

    /// Builds n nodes (addresses 0 .. n-1, replica ids 1 .. n) on a network built from net, and
    /// gives them their first peers as opts says. config.interval is the round length (at least
    /// 1 ns).
    cluster(std::size_t n, config_type config, network_config net = {}, cluster_options opts = {})
        : config_(std::move(config)), options_(opts), net_(net, clock_), next_id_(n + 1) {
        interval_ = std::chrono::duration_cast<duration>(config_.interval);
        if (interval_ < duration(1)) {
            interval_ = duration(1);
        }
        if (options_.max_passes == 0) {
            options_.max_passes = 1;
        }
        nodes_.resize(n);
        engines_.resize(n);
        deadlines_ = detail::deadline_queue(n);
        for (std::size_t i = 0; i < n; ++i) {
            nodes_[i].id = i + 1;
            net_.attach(address(i));
        }
        for (std::size_t i = 0; i < n; ++i) {
            start(i, nullptr);
        }
    }

    cluster(const cluster&) = delete;
    cluster& operator=(const cluster&) = delete;
    cluster(cluster&&) = delete;
    cluster& operator=(cluster&&) = delete;
    ~cluster() = default;

    // Queries.

    /// Returns the number of nodes, up or down.
    std::size_t size() const noexcept { return nodes_.size(); }
    /// Returns node i's engine (a crashed node's engine is frozen as it was at the crash).
    engine_type& node(std::size_t i) { return *engines_[i]; }
    /// Returns node i's engine.
    const engine_type& node(std::size_t i) const { return *engines_[i]; }
    /// Returns node i's network address.
    static node_address address(std::size_t i) noexcept { return static_cast<node_address>(i); }
    /// Returns node i's current replica id.
    std::uint64_t replica_id(std::size_t i) const noexcept { return nodes_[i].id; }
    /// Tells whether node i is up.
    bool alive(std::size_t i) const noexcept { return nodes_[i].alive; }
    /// Returns the number of nodes up.
    std::size_t alive_count() const noexcept {
        std::size_t count = 0;
        for (const auto& n : nodes_) {
            if (n.alive) {
                ++count;
            }
        }
        return count;
    }
    /// Tells whether node i is up and holds exactly expected().
    bool converged(std::size_t i) const {
        if (!nodes_[i].alive)
            return false;
        if constexpr (!detail::counts_applied<engine_type>::value) {
            return node(i).state() == expected_;
        } else {
            // A node's state changes only by received deltas (counted by its engine) or by an
            // update, which also changes expected(): compare again only when either moved.
            auto& memo = memos_[i];
            const std::uint64_t applied = node(i).stats().deltas_applied;
            if (!memo.valid || memo.applied != applied ||
                memo.expected_version != expected_version_) {
                memo.result = node(i).state() == expected_;
                memo.applied = applied;
                memo.expected_version = expected_version_;
                memo.valid = true;
            }
            return memo.result;
        }
    }
    /// Returns the join of every delta written through update().
    const State& expected() const noexcept { return expected_; }
    /// Returns the network.
    network& net() noexcept { return net_; }
    /// Returns the network.
    const network& net() const noexcept { return net_; }
    /// Returns the clock every engine reads.
    manual_clock& clock() noexcept { return clock_; }
    /// Returns the engines' configuration (each node's seed differs from it).
    const config_type& config() const noexcept { return config_; }
    /// Returns the number of rounds run.
    std::size_t round() const noexcept { return reports_.size(); }
    /// Returns the report of every round run, oldest first.
    const std::vector<round_report>& reports() const noexcept { return reports_; }

    // Commands.

    /// Applies a mutator at node i through its engine's update(f), records the delta in
    /// expected(), and returns what the engine's update returns; node i must be up.
    template <class F> decltype(auto) update(std::size_t i, F&& f) {
        assert(nodes_[i].alive && "sim::cluster::update: the node is down");
        deadlines_.schedule(i, clock_.now()); // a command: poll the node at once
        return node(i).update([this, &f](State& state, std::uint64_t self) {
            auto delta = f(state, self);
            if (expected_.merge(delta))
                ++expected_version_;
            return delta;
        });
    }

    /// Sets a function called with each round's report as the round ends (none by default).
    void on_round(std::function<void(const round_report&)> callback) {
        on_round_ = std::move(callback);
    }

    /// Runs one round of config().interval virtual time and reports it.
    round_report step() {
        const network_stats before = net_.stats();
        const time_point end = clock_.now() + interval_;
        bool capped = false;
        for (;;) {
            const std::optional<time_point> next = next_event();
            if (!next || *next >= end) {
                break;
            }
            clock_.set(*next); // refuses a time in the past, which keeps now
            if (!settle(false)) {
                capped = true;
                break;
            }
        }
        clock_.set(end);
        capped = !settle(true) || capped;

        round_report r;
        r.round = reports_.size() + 1;
        r.time = clock_.now();
        r.size = nodes_.size();
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (nodes_[i].alive) {
                ++r.alive;
                if (converged(i)) {
                    ++r.converged;
                }
            }
        }
        const network_stats& after = net_.stats();
        r.sent = after.sent - before.sent;
        r.messages = after.delivered - before.delivered;
        r.bytes = after.bytes_delivered - before.bytes_delivered;
        r.dropped = after.dropped() - before.dropped();
        r.capped = capped;
        reports_.push_back(r);
        if (on_round_) {
            on_round_(r);
        }
        return r;
    }

    /// Steps until every live node holds expected(); returns the rounds this took (0 if already
    /// converged), or nullopt after max_rounds rounds without converging.
    std::optional<std::size_t> run_until_converged(std::size_t max_rounds) {
        if (all_converged()) {
            return 0;
        }
        for (std::size_t rounds = 1; rounds <= max_rounds; ++rounds) {
            if (step().all_converged()) {
                return rounds;
            }
        }
        return std::nullopt;
    }

    /// Crashes node i: the network drops its traffic, in flight included, and its engine is
    /// frozen (not polled, fed nothing) until restart(i). Does nothing to a node already down.
    void crash(std::size_t i) {
        if (!nodes_[i].alive) {
            return;
        }
        net_.crash(address(i));
        nodes_[i].alive = false;
        deadlines_.cancel(i);
    }

    /// Restarts node i as `mode` says (see the header comment); crashes it first if it is up.
    void restart(std::size_t i, restart_mode mode) {
        crash(i);
        ++nodes_[i].restarts;
        if (mode == restart_mode::fresh) {
            nodes_[i].id = next_id_++;
            start(i, nullptr);
        } else if (mode == restart_mode::empty) {
            start(i, nullptr);
        } else {
            State kept = engines_[i]->state();
            start(i, &kept);
        }
    }

  private:
    struct node_info {
        std::uint64_t id = 0;
        std::uint64_t restarts = 0;
        bool alive = false;
        bool pending = false; // queued for a poll in the current pass
    };

    config_type node_config(std::size_t i) const {
        config_type c = config_;
        c.seed = detail::derive_seed(config_.seed, i, nodes_[i].restarts);
        if constexpr (detail::has_writer_epoch<config_type>::value) // 0 would draw one: not 0
            c.writer_epoch = detail::derive_seed(~config_.seed, i, nodes_[i].restarts) | 1;
        return c;
    }

    // Builds node i's engine (from *kept when given), gives it its peers and makes it due. If
    // the engine's constructor throws, the node stays as it was.
    void start(std::size_t i, State* kept) {
        transport& t = net_.attach(address(i));
        engines_[i] = kept != nullptr
                          ? std::make_unique<engine_type>(nodes_[i].id, t, clock_, node_config(i),
                                                          std::move(*kept))
                          : std::make_unique<engine_type>(nodes_[i].id, t, clock_, node_config(i));
        net_.restart(address(i));
        nodes_[i].alive = true;
        if (memos_.size() < nodes_.size())
            memos_.resize(nodes_.size());
        memos_[i] = convergence_memo{};
        const std::size_t n = nodes_.size();
        const std::size_t seeds =
            options_.full_membership ? n : std::min(std::max<std::size_t>(options_.seeds, 1), n);
        for (std::size_t j = 0; j < seeds; ++j) {
            if (j != i) {
                engines_[i]->add_peer(address(j));
            }
        }
        if (seeds == 1 && i == 0 && n > 1) {
            engines_[i]->add_peer(address(1));
        }
        deadlines_.schedule(i, clock_.now());
    }

    std::optional<time_point> next_event() {
        std::optional<time_point> next = net_.next_due();
        const std::optional<time_point> deadline = deadlines_.next();
        if (deadline && (!next || *deadline < *next)) {
            next = deadline;
        }
        return next;
    }

    void mark(std::size_t i) {
        if (!nodes_[i].pending) {
            nodes_[i].pending = true;
            pending_.push_back(i);
        }
    }

    // Polls and delivers until nothing is due at the clock's time; false if a cap cut it short.
    bool settle(bool poll_all) {
        const time_point now = clock_.now();
        if (poll_all) {
            for (std::size_t i = 0; i < nodes_.size(); ++i) {
                if (nodes_[i].alive) {
                    mark(i);
                }
            }
        }
        for (std::size_t pass = 0;; ++pass) {
            for (std::size_t i = 0; deadlines_.pop_due(now, i);) {
                mark(i);
            }
            const std::optional<time_point> due = net_.next_due();
            if (pending_.empty() && (!due || *due > now)) {
                return true;
            }
            if (pass == options_.max_passes) {
                for (const std::size_t i : pending_) {
                    nodes_[i].pending = false;
                    deadlines_.schedule(i, now); // still due at the next moment
                }
                pending_.clear();
                return false;
            }
            std::sort(pending_.begin(), pending_.end());
            for (const std::size_t i : pending_) {
                nodes_[i].pending = false;
                deadlines_.schedule(i, engines_[i]->poll());
            }
            pending_.clear();
            const deliver_result r =
                net_.deliver(now, [this](node_address to, node_address from, bytes_view bytes) {
                    const std::size_t i = to;
                    if (i < nodes_.size() && nodes_[i].alive) {
                        engines_[i]->receive(from, bytes);
                        mark(i);
                    }
                });
            if (r.capped) {
                return false;
            }
        }
    }

    bool all_converged() const {
        std::size_t alive = 0;
        for (std::size_t i = 0; i < nodes_.size(); ++i) {
            if (nodes_[i].alive) {
                ++alive;
                if (!converged(i)) {
                    return false;
                }
            }
        }
        return alive != 0;
    }

    manual_clock clock_; // declared before net_, which holds a reference to it
    config_type config_;
    cluster_options options_;
    duration interval_{};
    network net_;
    std::vector<node_info> nodes_;
    std::vector<std::unique_ptr<engine_type>> engines_;
    std::uint64_t next_id_;
    State expected_{};
    std::uint64_t expected_version_ = 0;
    struct convergence_memo {
        bool valid = false;
        bool result = false;
        std::uint64_t applied = 0;
        std::uint64_t expected_version = 0;
    };
    mutable std::vector<convergence_memo> memos_;
    detail::deadline_queue deadlines_;
    std::vector<std::size_t> pending_;
    std::vector<round_report> reports_;
    std::function<void(const round_report&)> on_round_;
};

} // namespace hearsay::sim

#endif // HEARSAY_SIM_CLUSTER_HPP
