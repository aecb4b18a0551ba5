// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_NETWORK_HPP
#define HEARSAY_SIM_NETWORK_HPP

// sim::network: an in-memory, seeded network that moves real bytes between
// simulated nodes, with loss, duplication, delay, reordering, partitions and
// crashes.
//
// Theory of operation. Each node attach()es once and gets a transport (the
// engine's Transport policy). send() copies the payload into the network at
// once; the caller's bytes may die right after. deliver(now, f) hands every
// message due at or before `now` to f(to, from, bytes), in order of due time,
// then of send order; messages that f sends are delivered by the same call
// when they are due too, so one call drains a whole cascade of zero-delay
// replies. The bytes given to f are valid until f returns. A message's due
// time is its send time plus its delay; the send time is the attached clock's
// now() when the network was built with one, else the network's own time,
// which never goes back: deliver() moves it forward to the due time of each
// message it delivers, and to `now` when it returns.
//
// Faults are decided at send (down or unknown receiver, oversize, partition,
// loss, duplication, delay; see network_config for the draw order) and checked
// again at delivery: a copy whose sender or receiver crashed after it was
// sent, or whose ends a later partition separated, is dropped then. Messages
// to an address no node attached count as dropped_crashed. Partition groups:
// each listed group can talk only within itself; the nodes listed in no group
// form one more group, together.
//
// Cost: a send appends its bytes to one arena and a small record to a FIFO
// (zero delay) or a binary heap (non-zero delay); nothing is allocated per
// message once the buffers have grown. deliver() copies each payload once into
// a scratch buffer, so f may send while it reads. Not thread-safe; deliver()
// must not be called from inside f (such a call delivers nothing). The network
// is neither copyable nor movable: transports point to it.

#include <algorithm> // sort
#include <cstddef>
#include <cstdint>
#include <cstring> // memcpy
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

#include "hearsay/clock/manual_clock.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/gossip/random.hpp"
#include "hearsay/sim/detail/draws.hpp"
#include "hearsay/sim/detail/message_queue.hpp"
#include "hearsay/sim/detail/node_table.hpp"
#include "hearsay/sim/network_config.hpp"

namespace hearsay::sim {

/// Names a node of the simulated network (the simulator's Transport::address_type).
using node_address = std::uint32_t;

class network;

/// Sends one node's messages into a sim::network (a Transport policy; held, not owned).
class transport {
  public:
    using address_type = node_address;

    /// Copies `payload` into the network, addressed to `to`; `payload` may die when send returns.
    void send(const node_address& to, bytes_view payload);
    /// Returns the largest payload the network carries, in bytes.
    std::size_t max_payload() const noexcept;
    /// Returns the address of the node this transport sends from.
    node_address address() const noexcept { return address_; }

  private:
    friend class network;
    transport(network& net, node_address address, std::uint32_t index) noexcept
        : net_(&net), address_(address), index_(index) {}

    network* net_;
    node_address address_;
    std::uint32_t index_;
};

/// Reports what one network::deliver call did.
struct deliver_result {
    std::size_t delivered = 0; ///< messages handed to the receiver function
    bool capped = false;       ///< true when max_deliveries_per_call stopped it with messages due
};

/// Lists one directed link's counters, as returned by network::links().
struct link_record {
    node_address from = 0; ///< the sending node
    node_address to = 0;   ///< the receiving node
    link_stats stats;      ///< the link's counters
};

/// Carries messages between simulated nodes with seeded faults, on virtual time.
class network {
  public:
    using time_point = manual_clock::time_point;
    using duration = manual_clock::duration;

    /// Builds a network that stamps sends with its own time; an invalid config is clamped into
    /// range (probabilities into [0, 1], max_delay up to min_delay, the cap up to 1).
    explicit network(network_config config = {}) : network(config, nullptr) {}
    /// Builds a network that stamps each send with clock.now(); the clock must outlive it.
    network(network_config config, const manual_clock& clock) : network(config, &clock) {}

    network(const network&) = delete;
    network& operator=(const network&) = delete;
    network(network&&) = delete;
    network& operator=(network&&) = delete;
    ~network() = default;

    // Queries.

    /// Returns the configuration the network runs with.
    const network_config& config() const noexcept { return config_; }
    /// Returns the counters.
    const network_stats& stats() const noexcept { return stats_; }
    /// Returns the counters of link (from, to); all zero unless config().track_links.
    link_stats link(node_address from, node_address to) const {
        const auto it = links_.find(link_key(from, to));
        return it == links_.end() ? link_stats{} : it->second;
    }
    /// Returns every link that carried or dropped a message, sorted by (from, to).
    std::vector<link_record> links() const {
        std::vector<link_record> out;
        out.reserve(links_.size());
        for (const auto& [key, counters] : links_) {
            out.push_back({static_cast<node_address>(key >> 32U),
                           static_cast<node_address>(key & 0xffffffffU), counters});
        }
        std::sort(out.begin(), out.end(), [](const link_record& a, const link_record& b) {
            return a.from != b.from ? a.from < b.from : a.to < b.to;
        });
        return out;
    }
    /// Returns the number of copies queued, including those a crash or partition will drop.
    std::size_t in_flight() const noexcept { return queue_.size(); }
    /// Returns the due time of the earliest queued copy, if any.
    std::optional<time_point> next_due() const noexcept { return queue_.next_due(); }
    /// Returns the time a send made now would be stamped with.
    time_point now() const noexcept { return clock_ != nullptr ? clock_->now() : now_; }
    /// Tells whether a node attached at `address`.
    bool attached(node_address address) const { return nodes_.find(address) != npos; }
    /// Tells whether the node at `address` is attached and not crashed.
    bool is_up(node_address address) const {
        const std::uint32_t i = nodes_.find(address);
        return i != npos && nodes_[i].up;
    }

    // Commands.

    /// Attaches a node at `address` and returns its transport (the same one if already attached);
    /// the reference stays valid as long as the network.
    transport& attach(node_address address) {
        std::uint32_t i = nodes_.find(address);
        if (i == npos) {
            i = nodes_.add(address);
            transports_.push_back(transport(*this, address, i));
        }
        return transports_[i];
    }

    /// Splits the network: copies between different groups are dropped, at send and at delivery,
    /// until heal(); nodes in no group form one more group together; a node listed in several
    /// groups belongs to the last. Replaces any earlier partition, and applies to nodes that
    /// attach later.
    void partition(const std::vector<std::vector<node_address>>& groups) {
        nodes_.partition(groups);
    }

    /// Ends any partition.
    void heal() { nodes_.heal(); }
    /// Loses `p` of the datagrams sent from now on (clamped to [0, 1]), e.g. once a cluster
    /// settled.
    void set_loss(double p) {
        config_.loss = p > 0.0 ? (p < 1.0 ? p : 1.0) : 0.0;
        loss_ = detail::probability_threshold(config_.loss);
    }

    /// Takes a node down: every copy to or from it, in flight (dropped when it falls due) or sent
    /// while it is down, is lost. Returns false if no node has that address.
    bool crash(node_address address) {
        const std::uint32_t i = nodes_.find(address);
        if (i == npos) {
            return false;
        }
        if (nodes_[i].up) {
            nodes_[i].up = false;
            ++nodes_[i].epoch; // strands every copy sent before the crash
        }
        return true;
    }

    /// Makes the node at `address` slow: every copy sent to it arrives `lag` later than the
    /// network would deliver it, as if the node handled its messages late (a starved CPU, a long
    /// pause). Its answers are late in turn; lag 0 makes it normal again. Returns false if no
    /// node has that address.
    bool slow(node_address address, duration lag) {
        const std::uint32_t i = nodes_.find(address);
        if (i == npos) {
            return false;
        }
        nodes_[i].lag = lag.count();
        return true;
    }

    /// Brings a crashed node back (copies in flight at its crash stay lost); does nothing to a
    /// node that is up. Returns false if no node has that address.
    bool restart(node_address address) {
        const std::uint32_t i = nodes_.find(address);
        if (i == npos) {
            return false;
        }
        nodes_[i].up = true;
        return true;
    }

    /// Delivers every copy due at or before `now`, including those f sends while it runs, by
    /// calling f(node_address to, node_address from, bytes_view payload), in (due time, send
    /// order); stops after config().max_deliveries_per_call deliveries.
    template <class F> deliver_result deliver(time_point now, F&& f) {
        deliver_result result;
        if (delivering_) {
            return result;
        }
        const delivery_guard guard(*this);
        detail::queued_message m;
        while (queue_.has_due(now)) {
            if (result.delivered == config_.max_deliveries_per_call) {
                result.capped = true;
                break;
            }
            if (result.delivered % 4096 == 4095) {
                queue_.recycle(); // a long cascade must not grow the buffers without bound
            }
            queue_.pop_due(now, m);
            if (m.due > now_) {
                now_ = m.due;
            }
            const detail::node_slot& to = nodes_[m.to];
            const detail::node_slot& from = nodes_[m.from];
            link_stats* counters = track_link(from.address, to.address);
            if (to.epoch != m.to_epoch || from.epoch != m.from_epoch) {
                drop(stats_.dropped_crashed, counters);
                continue;
            }
            if (nodes_.partitioned() && to.group != from.group) {
                drop(stats_.dropped_partition, counters);
                continue;
            }
            if (scratch_.size() < m.size) {
                scratch_.resize(m.size);
            }
            if (m.size != 0) {
                std::memcpy(scratch_.data(), queue_.payload(m).data(), m.size);
            }
            ++stats_.delivered;
            stats_.bytes_delivered += m.size;
            if (counters != nullptr) {
                ++counters->delivered;
                counters->bytes_delivered += m.size;
            }
            ++result.delivered;
            // f may attach nodes, which can move the slots: pass copies.
            const node_address to_address = to.address;
            const node_address from_address = from.address;
            f(to_address, from_address, bytes_view(scratch_.data(), m.size));
        }
        if (now > now_) {
            now_ = now;
        }
        return result;
    }

  private:
    friend class transport;

    static constexpr std::uint32_t npos = detail::node_table::npos;

    // Clears the reentrancy flag and recycles the queue even if f throws.
    class delivery_guard {
      public:
        explicit delivery_guard(network& net) noexcept : net_(net) { net_.delivering_ = true; }
        delivery_guard(const delivery_guard&) = delete;
        delivery_guard& operator=(const delivery_guard&) = delete;
        ~delivery_guard() {
            net_.delivering_ = false;
            net_.queue_.recycle();
        }

      private:
        network& net_;
    };

    network(network_config config, const manual_clock* clock)
        : config_(config), clock_(clock), rng_(config.seed),
          loss_(detail::probability_threshold(config.loss)),
          duplication_(detail::probability_threshold(config.duplication)),
          reorder_(detail::probability_threshold(config.reorder)) {
        const auto clamp = [](double& p) { p = p > 0.0 ? (p < 1.0 ? p : 1.0) : 0.0; };
        clamp(config_.loss); // NaN becomes 0, as in probability_threshold
        clamp(config_.duplication);
        clamp(config_.reorder);
        if (config_.min_delay < duration::zero()) {
            config_.min_delay = duration::zero();
        }
        if (config_.max_delay < config_.min_delay) {
            config_.max_delay = config_.min_delay;
        }
        if (config_.max_deliveries_per_call == 0) {
            config_.max_deliveries_per_call = 1;
        }
    }

    static std::uint64_t link_key(node_address from, node_address to) noexcept {
        return (std::uint64_t{from} << 32U) | to;
    }

    link_stats* track_link(node_address from, node_address to) {
        return config_.track_links ? &links_[link_key(from, to)] : nullptr;
    }

    static void drop(std::uint64_t& counter, link_stats* link) noexcept {
        ++counter;
        if (link != nullptr) {
            ++link->dropped;
        }
    }

    // Draws a uniform duration in [0, span]; span >= 0.
    duration draw_up_to(duration span) {
        const auto bits = detail::up_to(rng_, static_cast<std::uint64_t>(span.count()));
        return duration(static_cast<duration::rep>(bits));
    }

    duration draw_delay() {
        duration delay = config_.min_delay;
        if (config_.max_delay > config_.min_delay) {
            delay += draw_up_to(config_.max_delay - config_.min_delay);
        }
        if (reorder_ != 0 && config_.max_delay > duration::zero() &&
            detail::chance(rng_, reorder_)) {
            delay += draw_up_to(config_.max_delay);
        }
        return delay;
    }

    void send_from(std::uint32_t from, node_address to_address, bytes_view payload) {
        const std::size_t size = payload.size();
        ++stats_.sent;
        stats_.bytes_sent += size;
        link_stats* counters = track_link(nodes_[from].address, to_address);
        if (counters != nullptr) {
            ++counters->sent;
            counters->bytes_sent += size;
        }
        const std::uint32_t to = nodes_.find(to_address);
        if (to == npos || !nodes_[to].up || !nodes_[from].up) {
            drop(stats_.dropped_crashed, counters);
            return;
        }
        if (size > config_.max_payload) {
            drop(stats_.dropped_oversize, counters);
            return;
        }
        if (nodes_.partitioned() && nodes_[to].group != nodes_[from].group) {
            drop(stats_.dropped_partition, counters);
            return;
        }
        if (loss_ != 0 && detail::chance(rng_, loss_)) {
            drop(stats_.dropped_loss, counters);
            return;
        }
        int copies = 1;
        if (duplication_ != 0 && detail::chance(rng_, duplication_)) {
            ++stats_.duplicated;
            copies = 2;
        }
        detail::queued_message m;
        m.offset = queue_.store(payload);
        m.size = size;
        m.from = from;
        m.to = to;
        m.from_epoch = nodes_[from].epoch;
        m.to_epoch = nodes_[to].epoch;
        const time_point sent_at = now();
        for (int copy = 0; copy < copies; ++copy) {
            const duration delay = draw_delay() + duration(nodes_[to].lag);
            m.due = sent_at + delay;
            m.seq = next_seq_++;
            queue_.push(m, delay != duration::zero());
        }
    }

    network_config config_;
    const manual_clock* clock_;
    xoshiro256 rng_;
    std::uint64_t loss_; // probabilities as detail::chance thresholds
    std::uint64_t duplication_;
    std::uint64_t reorder_;
    time_point now_{};
    std::uint64_t next_seq_ = 0;
    bool delivering_ = false;

    detail::node_table nodes_;
    std::deque<transport> transports_; // by node index; a deque keeps references stable
    detail::message_queue queue_;
    std::vector<std::byte> scratch_;

    network_stats stats_;
    std::unordered_map<std::uint64_t, link_stats> links_;
};

inline void transport::send(const node_address& to, bytes_view payload) {
    net_->send_from(index_, to, payload);
}

inline std::size_t transport::max_payload() const noexcept {
    return net_->config().max_payload;
}

} // namespace hearsay::sim

#endif // HEARSAY_SIM_NETWORK_HPP
