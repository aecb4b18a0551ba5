// Gossip inside an Asio program: asio_node runs an engine in the program's io_context.
//
//   asio_node                                   three members in one io_context: each adds
//                                               its name, and the program ends when all
//                                               three hold all three names
//   asio_node --bind 127.0.0.1:7001 [--join 127.0.0.1:7000 ...] [--name NAME]
//                                               one member: adds NAME (by default the
//                                               address), prints every name that arrives,
//                                               stops on Ctrl-C or SIGTERM
//
// Members of this program and of kv_node speak the same protocol over the same addresses,
// but replicate different states: run them in separate clusters.
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <functional> // function
#include <memory>
#include <string>
#include <vector>

#include <hearsay/hearsay.hpp>
#include <hearsay/transport/asio_node.hpp>

using names = hearsay::or_set<std::string>;
using node_type = hearsay::asio_node<names>;
namespace net = hearsay::detail::net; // asio, or boost::asio with HEARSAY_USE_BOOST_ASIO

namespace {

// Adds `name` to the member's set; the engine spreads it.
void introduce(node_type& node, const std::string& name) {
    node.engine().update([&](names& s, std::uint64_t self) { return s.insert(self, name); });
}

int demo() {
    net::io_context io;
    std::vector<std::unique_ptr<node_type>> members;
    for (std::uint64_t id = 1; id <= 3; ++id) {
        auto transport = hearsay::asio_transport::open(io, hearsay::udp_endpoint::loopback(0));
        if (!transport) {
            std::fprintf(stderr, "cannot bind: %s\n", transport.error().message().c_str());
            return 1;
        }
        members.push_back(std::make_unique<node_type>(id, std::move(transport).value()));
        if (id > 1) // each knows the first; gossip introduces the rest
            members.back()->engine().add_peer(members.front()->transport().local_endpoint());
        introduce(*members.back(), "member " + std::to_string(id));
    }
    const auto agreed = [&] {
        for (auto& m : members)
            if (m->engine().state().size() != members.size())
                return false;
        return true;
    };
    // Checks every 10 ms; stops everything on agreement, or after 10 s.
    net::steady_timer check(io);
    const auto started = std::chrono::steady_clock::now();
    std::function<void()> schedule = [&] {
        check.expires_after(std::chrono::milliseconds(10));
        check.async_wait([&](const auto&) {
            if (agreed() || std::chrono::steady_clock::now() - started > std::chrono::seconds(10)) {
                for (auto& m : members)
                    m->stop();
                return;
            }
            schedule();
        });
    };
    for (auto& m : members)
        m->start();
    schedule();
    io.run(); // returns once the members are stopped
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    for (auto& m : members) {
        std::printf("%s:", m->transport().local_endpoint().to_string().c_str());
        for (const auto& name : m->engine().state())
            std::printf(" [%s]", name.c_str());
        std::printf("\n");
    }
    std::printf(agreed() ? "agreed in %lld ms\n" : "no agreement after %lld ms\n",
                static_cast<long long>(took.count()));
    return agreed() ? 0 : 1;
}

int member(int argc, char** argv) {
    hearsay::udp_endpoint bind;
    std::vector<hearsay::udp_endpoint> join;
    std::string name;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--name") {
            name = value;
            continue;
        }
        const auto endpoint = hearsay::udp_endpoint::parse(value);
        if (!endpoint || (flag != "--bind" && flag != "--join")) {
            std::fprintf(stderr, "usage: asio_node [--bind ADDR [--join ADDR]... [--name N]]\n");
            return 2;
        }
        if (flag == "--bind")
            bind = *endpoint;
        else
            join.push_back(*endpoint);
    }
    net::io_context io;
    auto transport = hearsay::asio_transport::open(io, bind);
    if (!transport) {
        std::fprintf(stderr, "cannot bind %s: %s\n", bind.to_string().c_str(),
                     transport.error().message().c_str());
        return 1;
    }
    const std::uint64_t id = transport->local_endpoint().port();
    node_type node(id, std::move(transport).value());
    for (const auto& seed : join)
        node.engine().add_peer(seed);
    auto printer = node.engine().on_change([](const names&, const names& delta) {
        for (const auto& arrived : delta)
            std::printf("+ %s\n", arrived.c_str());
        std::fflush(stdout);
    });
    introduce(node, name.empty() ? node.transport().local_endpoint().to_string() : name);

    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const auto&, int) { node.stop(); });
    node.start();
    io.run();
    std::printf("%zu names\n", node.engine().state().size());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return argc == 1 ? demo() : member(argc, argv);
}
