// A replicated key-value node: one process per member, over UDP, with its state on disk.
//
//   kv_node --bind 127.0.0.1:7001 [--join 127.0.0.1:7000 ...] [--data FILE] [--id N]
//           [--interval-ms MS]
//
// Commands on stdin, one per line: set KEY VALUE, get KEY, del KEY, keys, members, stats,
// quit (end of input quits too). Changes that arrive from other members print as
// "~ KEY = VALUE" or "~ KEY deleted". Values are last-writer-wins registers stamped by a
// hybrid logical clock, in an observed-remove map: a set concurrent with a del survives it.
//
// Restart rules, as the engine wants them (docs/transport.md): the member id (--id, by
// default the port) stays the same across restarts; the state saved in --data goes to the
// engine's constructor; writes always go under the fresh writer id the engine draws at
// each start, so a node that lost its file may rejoin under its old id and lose nothing.
// A write is in the log (fsync) before "OK" is printed; quit and SIGTERM save a snapshot.
#include <poll.h>
#include <unistd.h> // read

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <hearsay/hearsay.hpp>
#include <hearsay/transport/udp_node.hpp>

#include "kv_node/durable_state.hpp"

using kv_map = hearsay::or_map<std::string, hearsay::lww_register<std::string>>;
using node_type = hearsay::udp_node<kv_map>;
using engine_type = node_type::engine_type;

namespace {

struct options {
    hearsay::udp_endpoint bind;
    std::vector<hearsay::udp_endpoint> join;
    std::string data;
    std::uint64_t id = 0;
    long interval_ms = 200;
};

bool parse_options(int argc, char** argv, options& out) try {
    bool bound = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--bind" || flag == "--join") {
            const auto endpoint = hearsay::udp_endpoint::parse(value);
            if (!endpoint) {
                std::fprintf(stderr, "%s: %s\n", value.c_str(), endpoint.error().message().c_str());
                return false;
            }
            if (flag == "--join") {
                out.join.push_back(*endpoint);
            } else {
                out.bind = *endpoint;
                bound = true;
            }
        } else if (flag == "--data") {
            out.data = value;
        } else if (flag == "--id") {
            out.id = std::stoull(value);
        } else if (flag == "--interval-ms") {
            out.interval_ms = std::stol(value);
        } else {
            return false;
        }
    }
    return bound && argc % 2 == 1;
} catch (const std::exception&) { // a number that does not parse
    return false;
}

// Runs on the loop's thread: the commands, and the printing of what changed.
class kv_commands {
  public:
    kv_commands(node_type& node, durable_state<kv_map>& disk) : node_(node), disk_(disk) {
        for (const auto& [key, value] : node.engine().state()) {
            shown_.insert(key);
            hlc_.update(value.timestamp()); // later writes order after the saved ones
        }
        watch_ = node.engine().on_change(
            [this](const kv_map& state, const kv_map& delta) { changed(state, delta); });
    }

    // Returns false once the node should stop.
    bool run(engine_type& engine, const std::string& line) {
        std::istringstream in(line);
        std::string command, key, value;
        in >> command >> key;
        std::getline(in >> std::ws, value);
        const kv_map& state = engine.state();
        if (command == "set" && !key.empty()) {
            if (auto at = state.find(key); at != state.end())
                hlc_.update(at->second.timestamp()); // overwrite what this node shows
            const auto stamp = hlc_.now();
            write(engine, [&](kv_map& map, std::uint64_t self) {
                return map.update(self, key,
                                  [&](auto& reg) { return reg.assign(value, stamp, self); });
            });
        } else if (command == "get" && !key.empty()) {
            const auto at = state.find(key);
            if (at == state.end())
                std::printf("%s not found\n", key.c_str());
            else
                std::printf("%s = %s\n", key.c_str(), at->second.value().c_str());
        } else if (command == "del" && !key.empty()) {
            write(engine, [&](kv_map& map, std::uint64_t) { return map.erase(key); });
        } else if (command == "keys") {
            std::printf("keys %zu\n", state.size());
            for (const auto& [k, v] : state)
                std::printf("  %s = %s\n", k.c_str(), v.value().c_str());
        } else if (command == "members") {
            std::printf("members %zu\n", engine.members().size());
            for (const auto& m : engine.members())
                std::printf("  %llu %s %s\n", static_cast<unsigned long long>(m.id),
                            m.address.to_string().c_str(), status_name(m.status));
        } else if (command == "stats") {
            const auto& s = engine.stats();
            const auto& u = node_.transport().stats();
            std::printf("stats received=%llu rejected=%llu malformed=%llu applied=%llu "
                        "sent=%llu truncated=%llu refused=%llu keys=%zu\n",
                        n(s.messages_received), n(s.messages_rejected), n(s.rejected_malformed),
                        n(s.deltas_applied), n(s.messages_sent), n(u.truncated), n(u.sends_refused),
                        state.size());
        } else if (command == "quit") {
            return false;
        } else if (!command.empty()) {
            std::printf("ERR commands: set KEY VALUE, get KEY, del KEY, keys, members, stats, "
                        "quit\n");
        }
        std::fflush(stdout);
        return true;
    }

    // Saves a snapshot, which makes the log empty.
    void save(const engine_type& engine) {
        disk_.sync();
        std::printf(disk_.save(engine.state()) ? "saved\n" : "ERR snapshot not saved\n");
        std::fflush(stdout);
    }

  private:
    static unsigned long long n(std::uint64_t v) { return v; }
    static const char* status_name(hearsay::member_status s) {
        static const char* const names[] = {"alive", "suspect", "dead", "left"};
        return names[static_cast<int>(s)];
    }

    // Acknowledges a write only once its delta is on disk.
    template <class F> void write(engine_type& engine, F&& mutation) {
        local_ = true;
        logged_ = true;
        engine.update(mutation);
        local_ = false;
        std::printf(logged_ && disk_.sync() ? "OK\n" : "ERR not saved to disk\n");
    }

    // Logs every change; prints those from other members. shown_ mirrors the keys, so that
    // a removal (a delta that names no key) is found by what went missing.
    void changed(const kv_map& state, const kv_map& delta) {
        logged_ = disk_.append(delta) && logged_; // received ones: synced with the next write
        for (const auto& [key, value] : delta) {
            hlc_.update(value.timestamp()); // causality: later local writes win over it
            const auto at = state.find(key);
            if (at == state.end())
                continue;
            shown_.insert(key);
            if (!local_)
                std::printf("~ %s = %s\n", key.c_str(), at->second.value().c_str());
        }
        for (auto it = shown_.begin(); shown_.size() > state.size() && it != shown_.end();) {
            if (state.contains(*it)) {
                ++it;
                continue;
            }
            if (!local_)
                std::printf("~ %s deleted\n", it->c_str());
            it = shown_.erase(it);
        }
        if (!local_)
            std::fflush(stdout);
    }

    node_type& node_;
    durable_state<kv_map>& disk_;
    hearsay::system_clock wall_;
    hearsay::hybrid_logical_clock<> hlc_{wall_};
    std::set<std::string> shown_;
    bool local_ = false, logged_ = true;
    hearsay::subscription watch_;
};

node_type* running = nullptr;
extern "C" void on_sigterm(int) {
    running->stop(); // async-signal-safe: an atomic store and a write(2)
}

// Reads stdin on its own thread and posts each line to the loop; end of input quits.
void read_commands(node_type& node, kv_commands& commands, const std::atomic<bool>& done) {
    std::string pending;
    char chunk[4096];
    while (!done) {
        pollfd in{0, POLLIN, 0};
        if (::poll(&in, 1, 100) <= 0) // wakes up to see `done`
            continue;
        const ssize_t got = ::read(0, chunk, sizeof chunk);
        if (got <= 0)
            pending += "\nquit\n";
        else
            pending.append(chunk, static_cast<std::size_t>(got));
        for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
            std::string line = pending.substr(0, end);
            pending.erase(0, end + 1);
            const bool quit = line == "quit";
            node.post([&node, &commands, line](engine_type& engine) {
                if (!commands.run(engine, line))
                    node.stop();
            });
            if (quit)
                return;
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    options opt;
    if (!parse_options(argc, argv, opt)) {
        std::fprintf(stderr, "usage: kv_node --bind HOST:PORT [--join HOST:PORT ...] [--data FILE] "
                             "[--id N] [--interval-ms MS]\n");
        return 2;
    }
    auto transport = hearsay::udp_transport::open(opt.bind);
    if (!transport) {
        std::fprintf(stderr, "cannot bind %s: %s\n", opt.bind.to_string().c_str(),
                     transport.error().message().c_str());
        return 1;
    }
    const hearsay::udp_endpoint local = transport->local_endpoint();
    const std::uint64_t id = opt.id != 0 ? opt.id : local.port();

    durable_state<kv_map> disk(opt.data);
    auto config = hearsay::gossip_config::lan();
    config.interval = std::chrono::milliseconds(opt.interval_ms);
    config.seed = std::random_device{}();
    node_type node(id, std::move(transport).value(), config, disk.load());
    for (const auto& seed : opt.join)
        node.engine().add_peer(seed);
    kv_commands commands(node, disk);
    std::printf("listening %s id %llu writer %llx keys %zu\n", local.to_string().c_str(),
                static_cast<unsigned long long>(id),
                static_cast<unsigned long long>(node.engine().writer_id()),
                node.engine().state().size());
    std::fflush(stdout);

    running = &node;
    std::signal(SIGTERM, on_sigterm);
    std::atomic<bool> done{false};
    std::thread input(read_commands, std::ref(node), std::ref(commands), std::cref(done));
    node.run();
    done = true;
    input.join();
    std::signal(SIGTERM, SIG_DFL);
    commands.save(node.engine());
}
