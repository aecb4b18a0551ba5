// hearsay_loopback: N hearsay nodes on 127.0.0.1, one thread and one UDP socket each, in
// one process; the counterpart of the memberlist harness (mlbench) in docs/benchmarks.md.
//
//   hearsay_loopback [--n 16,64,128] [--reps 1] [--interval-ms 200] [--fanout 3]
//                    [--settle-s 10] [--idle-s 30] [--strategy push|pull|push_pull]
//                    [--anti-entropy-rounds 5] [--rumor-k 3] [--receive-size 65536]
//                    [--fd-s 240] [--out FILE.jsonl]
//
// Per repetition, on a fresh cluster, as mlbench does:
//   join     every node add_peer(node 0) at once; time until every node has N-1 live members
//   settle   --settle-s of quiet gossip, so that membership news is spread and cold
//   idle     --idle-s window without updates: UDP payload bytes and datagrams sent per node
//            per second (udp_transport's counters), CPU per node (each node thread's clock)
//   spread   node 0 inserts one 64-byte string into the replicated or_set<std::string>;
//            time until each node's state holds it (first, median, 90th, last node); UDP
//            bytes of all nodes until every node has it, and until the traffic is back at
//            the idle rate ("quiet": from the last node on, the start of the first 1 s
//            window within 10% of idle, checked every 200 ms)
//   crash    node N/2 stops for good: its loop ends without leave(), so it answers nothing
//            (mlbench calls Shutdown() on node N/2, without Leave); time until each other
//            node reports it dead through on_member_change (first, median, last node; at
//            most --fd-s, 0 skips the phase), and when anyone first reported it suspect
// False positives, over the whole run (as mlbench, which counts NotifyLeave events and
// "Suspect X has failed" log lines for live X): reports of a live node as dead (or left),
// reports of a live node as suspect, those of them raised by the reporter's own probe,
// and how many distinct live nodes were ever suspected. Failure detection runs with the
// library's defaults, memberlist's LAN figures (1 s probes, 500 ms probe timeout).
// Memory: VmRSS of the process before the nodes start, and after the idle window.
// Prints one JSON line per repetition (to stdout, and appended to --out). Every wait is
// bounded in time. Loopback only.

#include <pthread.h> // pthread_getcpuclockid
#include <time.h>    // clock_gettime

#include <algorithm> // sort, min
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <hearsay/hearsay.hpp>
#include <hearsay/transport/udp_node.hpp>

namespace {

using value_set = hearsay::or_set<std::string>;
using node_type = hearsay::udp_node<value_set>;
using clock_type = std::chrono::steady_clock;
using member_type = node_type::engine_type::member_type;

constexpr std::size_t no_node = std::numeric_limits<std::size_t>::max();

struct options {
    std::vector<std::size_t> sizes{16, 64, 128};
    int reps = 1;
    long interval_ms = 200;
    std::size_t fanout = 3;
    double settle_s = 10;
    double idle_s = 30;
    std::string strategy = "push_pull";
    std::size_t anti_entropy_rounds = hearsay::gossip_config{}.anti_entropy_rounds;
    std::size_t receive_size = hearsay::udp_options{}.receive_size;
    std::size_t rumor_k = hearsay::gossip_config{}.rumor_k;
    double fd_s = 240; // mlbench waits as long for every node to see the crash
    std::string out;
};

// What one node has sent and done so far, read on its own thread.
struct sample {
    hearsay::udp_stats transport;
    hearsay::gossip_stats engine;
    std::size_t live = 0;
};

struct totals {
    std::uint64_t bytes = 0, datagrams = 0, applied = 0, redundant = 0, refused = 0;
    std::uint64_t refutations = 0, suspicions = 0, deaths_declared = 0;
    std::size_t min_live = 0, max_live = 0;
};

double seconds(clock_type::duration d) {
    return std::chrono::duration<double>(d).count();
}
double ms(clock_type::duration d) {
    return seconds(d) * 1000;
}

// Reads a "Key:   123 kB" line of /proc/self/status, in kB.
long proc_status_kb(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stol(line.substr(key.size() + 1));
    return -1;
}

// The 1, 5 and 15 minute load averages, as mlbench records them: the machine is shared.
std::string loadavg() {
    std::ifstream file("/proc/loadavg");
    std::string one, five, fifteen;
    file >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

double process_cpu_s() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// What the nodes' on_member_change callbacks saw, written from every loop thread.
struct member_reports {
    // Member address to node index; filled before the loops start, only read after.
    std::unordered_map<hearsay::udp_endpoint, std::size_t> index;
    std::atomic<std::size_t> victim{no_node};
    std::atomic<std::int64_t> victim_suspect_ns{-1}; // first report of the victim as suspect
    std::atomic<std::uint64_t> dead_live{0}, suspect_live{0}, suspect_live_own{0};
    std::unique_ptr<std::atomic<bool>[]> suspected; // per node: ever suspected while live
};

// One node: its engine loop on its own thread, when it first held the marker value, and
// when it first reported the crashed node dead.
struct bench_node {
    node_type node;
    std::thread loop;
    std::atomic<std::int64_t> seen_ns{-1};
    std::atomic<std::int64_t> victim_dead_ns{-1};
    std::uint64_t suspicions = 0; // engine.stats().suspicions when last looked, on the loop
    hearsay::subscription watch, member_watch;

    bench_node(std::uint64_t id, hearsay::udp_transport t, const hearsay::gossip_config& c)
        : node(id, std::move(t), c) {}

    double cpu_s() {
        clockid_t id{};
        timespec t{};
        if (!loop.joinable() || pthread_getcpuclockid(loop.native_handle(), &id) != 0 ||
            clock_gettime(id, &t) != 0)
            return 0;
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
    }
};

// Reads every running node's counters on the node's own thread (the engine is not
// thread-safe); a stopped node would never answer, so `stopped` is left out.
totals sample_all(std::vector<std::unique_ptr<bench_node>>& nodes, std::size_t stopped = no_node) {
    std::size_t left = nodes.size() - (stopped < nodes.size() ? 1 : 0);
    std::vector<sample> got(left);
    std::mutex m;
    std::condition_variable cv;
    for (std::size_t i = 0, k = 0; i < nodes.size(); ++i) {
        if (i == stopped)
            continue;
        nodes[i]->node.post([&, i, k](node_type::engine_type& engine) {
            sample s{nodes[i]->node.transport().stats(), engine.stats(), 0};
            for ([[maybe_unused]] const auto& member : engine.live_members())
                ++s.live;
            std::lock_guard<std::mutex> lock(m);
            got[k] = s;
            if (--left == 0)
                cv.notify_one();
        });
        ++k;
    }
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return left == 0; }); // the loops run: every post is answered
    totals t;
    t.min_live = nodes.size();
    for (const auto& s : got) {
        t.bytes += s.transport.bytes_sent;
        t.datagrams += s.transport.datagrams_sent;
        t.applied += s.engine.deltas_applied;
        t.redundant += s.engine.deltas_redundant;
        t.refused += s.engine.messages_rejected;
        t.refutations += s.engine.refutations;
        t.suspicions += s.engine.suspicions;
        t.deaths_declared += s.engine.deaths_declared;
        t.min_live = std::min(t.min_live, s.live);
        t.max_live = std::max(t.max_live, s.live);
    }
    return t;
}

double cpu_all(std::vector<std::unique_ptr<bench_node>>& nodes) {
    double total = 0;
    for (auto& n : nodes)
        total += n->cpu_s();
    return total;
}

std::int64_t now_ns() {
    return clock_type::now().time_since_epoch().count();
}

// Records, on node `self`'s loop, what it reports of the others: the victim's suspicion and
// death, and every report of a live node as suspect or dead. After the crash the victim's
// own reports are ignored, as mlbench ignores the victim's NotifyLeave.
hearsay::subscription watch_members(member_reports& reports, bench_node& node, std::size_t self) {
    return node.node.engine().on_member_change(
        [&reports, &node, self](const member_type& m, hearsay::member_status) {
            using hearsay::member_status;
            // Did this node's own probe raise the suspicion? Its counter rose in this call
            // (a poll(), whose only suspect news is its own probe's; a receive() raises none).
            bool own = false;
            if (m.status == member_status::suspect) {
                const std::uint64_t raised = node.node.engine().stats().suspicions;
                own = raised != node.suspicions;
                node.suspicions = raised;
            }
            const auto found = reports.index.find(m.address);
            const std::size_t victim = reports.victim.load();
            if (found == reports.index.end() || self == victim)
                return;
            const std::size_t who = found->second;
            const bool gone = m.status == member_status::dead || m.status == member_status::left;
            std::int64_t unset = -1;
            if (who == victim) {
                if (m.status == member_status::suspect)
                    reports.victim_suspect_ns.compare_exchange_strong(unset, now_ns());
                else if (gone && node.victim_dead_ns.load() < 0)
                    node.victim_dead_ns.store(now_ns());
                return;
            }
            if (m.status == member_status::suspect) {
                ++reports.suspect_live;
                reports.suspect_live_own += own ? 1U : 0U;
                reports.suspected[who].store(true);
            } else if (gone) {
                ++reports.dead_live;
            }
        });
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty())
        return -1;
    std::size_t i = static_cast<std::size_t>(p * static_cast<double>(sorted.size()) + 0.999999);
    return sorted[std::min(sorted.size(), std::max<std::size_t>(i, 1)) - 1];
}

std::string run_once(const options& opt, std::size_t n, int rep) {
    std::ostringstream json;
    json << "{\"config\":\"hearsay-lan\",\"n\":" << n << ",\"rep\":" << rep
         << ",\"interval_ms\":" << opt.interval_ms << ",\"fanout\":" << opt.fanout
         << ",\"strategy\":\"" << opt.strategy
         << "\",\"anti_entropy_rounds\":" << opt.anti_entropy_rounds
         << ",\"rumor_k\":" << opt.rumor_k << ",\"receive_size\":" << opt.receive_size;
    const double wall0 = seconds(clock_type::now().time_since_epoch());
    const double cpu0 = process_cpu_s();
    const long rss_base = proc_status_kb("VmRSS");
    const std::string load0 = loadavg();

    auto config = hearsay::gossip_config::lan();
    config.interval = std::chrono::milliseconds(opt.interval_ms);
    config.fanout = opt.fanout;
    config.strategy = opt.strategy == "push"   ? hearsay::gossip_strategy::push
                      : opt.strategy == "pull" ? hearsay::gossip_strategy::pull
                                               : hearsay::gossip_strategy::push_pull;
    config.anti_entropy_rounds = opt.anti_entropy_rounds;
    config.rumor_k = opt.rumor_k;
    hearsay::udp_options udp;
    udp.max_payload = 1400; // memberlist's UDPBufferSize on a LAN
    udp.receive_size = std::max(opt.receive_size, udp.max_payload);
    config.max_payload = udp.max_payload;

    json << ",\"failure_detection\":" << (config.failure_detection.enabled ? "true" : "false")
         << ",\"probe_interval_ms\":" << ms(config.failure_detection.probe_interval)
         << ",\"probe_timeout_ms\":" << ms(config.failure_detection.probe_timeout)
         << ",\"indirect_checks\":" << config.failure_detection.indirect_checks
         << ",\"suspicion_mult\":" << config.failure_detection.suspicion_mult
         << ",\"suspicion_max_timeout_mult\":"
         << config.failure_detection.suspicion_max_timeout_mult
         << ",\"lifeguard\":" << (config.failure_detection.lifeguard ? "true" : "false");

    member_reports reports; // outlives the nodes, whose callbacks write to it
    std::vector<std::unique_ptr<bench_node>> nodes;
    reports.suspected = std::make_unique<std::atomic<bool>[]>(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto t = hearsay::udp_transport::open(hearsay::udp_endpoint::loopback(0), udp);
        if (!t) {
            std::fprintf(stderr, "cannot bind: %s\n", t.error().message().c_str());
            std::exit(1);
        }
        config.seed = std::uint64_t{0x9e3779b97f4a7c15} * (i + 1) + static_cast<std::uint64_t>(rep);
        nodes.push_back(std::make_unique<bench_node>(i + 1, std::move(t).value(), config));
        reports.index.emplace(nodes.back()->node.transport().local_endpoint(), i);
    }
    std::string value = "hearsay-" + std::to_string(n) + "-" + std::to_string(rep) + "-";
    value.resize(64, 'x'); // the 64-byte value, as mlbench's 64-byte broadcast
    clock_type::time_point t0{};
    for (std::size_t i = 0; i < n; ++i)
        nodes[i]->member_watch = watch_members(reports, *nodes[i], i);
    for (auto& b : nodes) {
        bench_node* self = b.get();
        b->watch = b->node.engine().on_change([self, &value](const value_set&, const value_set& d) {
            if (self->seen_ns.load() < 0 && d.contains(value))
                self->seen_ns.store(clock_type::now().time_since_epoch().count());
        });
        if (b.get() != nodes.front().get())
            b->node.engine().add_peer(nodes.front()->node.transport().local_endpoint());
    }

    // join: every node knows only node 0 at first.
    const auto join0 = clock_type::now();
    for (auto& b : nodes)
        b->loop = std::thread([&node = b->node] { node.run(); });
    bool joined = false;
    while (clock_type::now() - join0 < std::chrono::seconds(120)) {
        if (sample_all(nodes).min_live == n - 1) {
            joined = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    json << ",\"join_conv_ms\":" << (joined ? ms(clock_type::now() - join0) : -1);

    if (joined) {
        std::this_thread::sleep_for(std::chrono::duration<double>(opt.settle_s));

        // idle window
        const totals i0 = sample_all(nodes);
        const double c0 = cpu_all(nodes);
        const auto w0 = clock_type::now();
        std::this_thread::sleep_for(std::chrono::duration<double>(opt.idle_s));
        const totals i1 = sample_all(nodes);
        const double c1 = cpu_all(nodes);
        const double w = seconds(clock_type::now() - w0);
        const double nn = static_cast<double>(n);
        const double idle_rate = static_cast<double>(i1.bytes - i0.bytes) / nn / w;
        const long rss = proc_status_kb("VmRSS");
        json << ",\"window_s\":" << w << ",\"udp_bytes_per_node_s\":" << idle_rate
             << ",\"udp_pkts_per_node_s\":"
             << static_cast<double>(i1.datagrams - i0.datagrams) / nn / w
             << ",\"idle_cpu_pct_per_node\":" << 100 * (c1 - c0) / nn / w
             << ",\"rss_base_kb\":" << rss_base << ",\"rss_kb\":" << rss
             << ",\"rss_per_node_kb\":" << static_cast<double>(rss) / nn
             << ",\"rss_added_per_node_kb\":" << static_cast<double>(rss - rss_base) / nn;

        // spread: one 64-byte insert at node 0
        const totals s0 = sample_all(nodes);
        const double sc0 = cpu_all(nodes);
        t0 = clock_type::now();
        nodes.front()->seen_ns.store(t0.time_since_epoch().count()); // the origin, as mlbench
        nodes.front()->node.post([&value](node_type::engine_type& engine) {
            engine.update(
                [&value](value_set& s, std::uint64_t self) { return s.insert(self, value); });
        });
        std::size_t reached = 0;
        while (clock_type::now() - t0 < std::chrono::seconds(60)) {
            reached = 0;
            for (auto& b : nodes)
                reached += b->seen_ns.load() >= 0 ? 1U : 0U;
            if (reached == n)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        const auto t_all = clock_type::now();
        const double sc1 = cpu_all(nodes);
        const totals s_all = sample_all(nodes);
        // quiet: from the last node on, a 1 s window back within 10% of the idle rate
        // (bounded at 20 s)
        std::vector<std::pair<clock_type::time_point, std::uint64_t>> trail{{t_all, s_all.bytes}};
        auto t_quiet = t_all;
        totals s_quiet = s_all;
        bool quiet = false;
        while (clock_type::now() - t_all < std::chrono::seconds(20)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            s_quiet = sample_all(nodes);
            t_quiet = clock_type::now();
            trail.emplace_back(t_quiet, s_quiet.bytes);
            auto from = trail.begin();
            while (std::next(from) != trail.end() &&
                   t_quiet - std::next(from)->first >= std::chrono::seconds(1))
                ++from;
            const double span = seconds(t_quiet - from->first);
            if (span >= 1 &&
                static_cast<double>(s_quiet.bytes - from->second) / nn / span <= idle_rate * 1.1) {
                t_quiet = from->first; // traffic was back at idle from there
                quiet = true;
                break;
            }
        }
        std::vector<double> lat;
        for (std::size_t i = 1; i < n; ++i)
            if (const auto at = nodes[i]->seen_ns.load(); at >= 0)
                lat.push_back(ms(clock_type::duration(at) - t0.time_since_epoch()));
        std::sort(lat.begin(), lat.end());
        const double spread_s = seconds(t_all - t0);
        json << ",\"bcast_reached\":" << lat.size() + 1
             << ",\"bcast_first_ms\":" << (lat.empty() ? -1 : lat.front())
             << ",\"bcast_p50_ms\":" << percentile(lat, 0.5)
             << ",\"bcast_p90_ms\":" << percentile(lat, 0.9)
             << ",\"bcast_all_ms\":" << (lat.empty() ? -1 : lat.back())
             << ",\"bcast_udp_kb_to_all\":" << static_cast<double>(s_all.bytes - s0.bytes) / 1024
             << ",\"spread_bytes_per_node_s\":"
             << static_cast<double>(s_all.bytes - s0.bytes) / nn / spread_s
             << ",\"spread_cpu_pct_per_node\":" << 100 * (sc1 - sc0) / nn / spread_s
             << ",\"bcast_quiet\":" << (quiet ? "true" : "false")
             << ",\"bcast_quiet_ms\":" << ms(t_quiet - t0)
             << ",\"bcast_udp_kb\":" << static_cast<double>(s_quiet.bytes - s0.bytes) / 1024
             << ",\"bcast_deltas_applied\":" << s_quiet.applied - s0.applied
             << ",\"bcast_deltas_redundant\":" << s_quiet.redundant - s0.redundant
             << ",\"messages_rejected\":" << s_quiet.refused;

        if (opt.fd_s > 0) {
            // crash: node N/2's loop ends without leave(); its socket stays open, unread,
            // so it is as silent as a closed one (hearsay ignores ICMP errors).
            const std::size_t vi = n / 2;
            reports.victim.store(vi);
            const auto f0 = clock_type::now();
            nodes[vi]->node.stop();
            nodes[vi]->loop.join();
            const auto limit = std::chrono::duration<double>(opt.fd_s);
            std::vector<double> fl;
            while (fl.size() < n - 1) {
                if (clock_type::now() - f0 > limit)
                    break;
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
                fl.clear();
                for (std::size_t i = 0; i < n; ++i)
                    if (const auto at = nodes[i]->victim_dead_ns.load(); i != vi && at >= 0)
                        fl.push_back(ms(clock_type::duration(at) - f0.time_since_epoch()));
            }
            std::sort(fl.begin(), fl.end());
            // as mlbench's cross-check: every remaining node has the others, and only them
            const totals f1 = sample_all(nodes, vi);
            const auto suspect_ns = reports.victim_suspect_ns.load();
            json << ",\"fd_first_suspect_ms\":"
                 << (suspect_ns < 0 ? -1
                                    : ms(clock_type::duration(suspect_ns) - f0.time_since_epoch()))
                 << ",\"fd_detected\":" << fl.size()
                 << ",\"fd_first_ms\":" << (fl.empty() ? -1 : fl.front())
                 << ",\"fd_median_ms\":" << percentile(fl, 0.5)
                 << ",\"fd_all_ms\":" << (fl.empty() ? -1 : fl.back()) << ",\"fd_members_ok\":"
                 << (f1.min_live == n - 2 && f1.max_live == n - 2 ? "true" : "false")
                 << ",\"refutations\":" << f1.refutations << ",\"suspicions\":" << f1.suspicions
                 << ",\"deaths_declared\":" << f1.deaths_declared;
        }
    }
    std::size_t suspected = 0;
    for (std::size_t i = 0; i < n; ++i)
        suspected += reports.suspected[i].load() ? 1U : 0U;
    json << ",\"false_positives\":" << reports.dead_live.load()
         << ",\"suspect_live\":" << reports.suspect_live.load()
         << ",\"suspect_live_own\":" << reports.suspect_live_own.load()
         << ",\"suspected_live_nodes\":" << suspected;

    for (auto& b : nodes)
        b->node.stop();
    for (auto& b : nodes)
        if (b->loop.joinable())
            b->loop.join();
    json << ",\"process_cpu_s\":" << process_cpu_s() - cpu0
         << ",\"wall_s\":" << seconds(clock_type::now().time_since_epoch()) - wall0
         << ",\"vm_hwm_kb\":" << proc_status_kb("VmHWM") << ",\"loadavg_start\":\"" << load0
         << "\",\"loadavg_end\":\"" << loadavg() << "\"}";
    return json.str();
}

bool parse(int argc, char** argv, options& opt) try {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--n") {
            opt.sizes.clear();
            std::istringstream list(value);
            for (std::string item; std::getline(list, item, ',');)
                opt.sizes.push_back(std::stoul(item));
        } else if (flag == "--reps") {
            opt.reps = std::stoi(value);
        } else if (flag == "--interval-ms") {
            opt.interval_ms = std::stol(value);
        } else if (flag == "--fanout") {
            opt.fanout = std::stoul(value);
        } else if (flag == "--settle-s") {
            opt.settle_s = std::stod(value);
        } else if (flag == "--idle-s") {
            opt.idle_s = std::stod(value);
        } else if (flag == "--strategy") {
            opt.strategy = value;
            if (value != "push" && value != "pull" && value != "push_pull")
                return false;
        } else if (flag == "--anti-entropy-rounds") {
            opt.anti_entropy_rounds = std::stoul(value);
        } else if (flag == "--rumor-k") {
            opt.rumor_k = std::stoul(value);
        } else if (flag == "--receive-size") {
            opt.receive_size = std::stoul(value);
        } else if (flag == "--fd-s") {
            opt.fd_s = std::stod(value);
        } else if (flag == "--out") {
            opt.out = value;
        } else {
            return false;
        }
    }
    return argc % 2 == 1 && !opt.sizes.empty();
} catch (const std::exception&) {
    return false;
}

} // namespace

int main(int argc, char** argv) {
    options opt;
    if (!parse(argc, argv, opt)) {
        std::fprintf(stderr, "usage: hearsay_loopback [--n 16,64,128] [--reps 1] "
                             "[--interval-ms 200] [--fanout 3] [--settle-s 10] [--idle-s 30] "
                             "[--strategy push|pull|push_pull] [--anti-entropy-rounds 5] "
                             "[--rumor-k 3] [--receive-size 65536] [--fd-s 240] "
                             "[--out FILE.jsonl]\n");
        return 2;
    }
    for (std::size_t n : opt.sizes)
        for (int rep = 0; rep < opt.reps; ++rep) {
            const std::string line = run_once(opt, n, rep);
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
            if (!opt.out.empty())
                std::ofstream(opt.out, std::ios::app) << line << "\n";
        }
    return 0;
}
