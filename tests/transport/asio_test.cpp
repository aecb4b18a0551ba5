// asio_transport and asio_node on 127.0.0.1: datagrams arrive whole with their sender,
// also from a udp_transport; cut ones are counted and never handed on; three engines in
// one io_context agree; a malformed datagram is counted, not fatal; stop() lets run()
// return, and an asio_node and a udp_node form one cluster.
// Built only when Asio's header is found (CMake's HEARSAY_ASIO_INCLUDE_DIR).

#include "catch.hpp"
#include "support/text_bytes.hpp"

#include <hearsay/crdt/g_counter.hpp>
#include <hearsay/crdt/or_set.hpp>
#include <hearsay/transport/asio.hpp>
#include <hearsay/transport/asio_node.hpp>
#include <hearsay/transport/udp.hpp>
#include <hearsay/transport/udp_node.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional> // function
#include <memory>     // unique_ptr
#include <string>
#include <thread>
#include <utility>
#include <vector>

using hearsay::asio_transport;
using hearsay::udp_endpoint;
namespace net = hearsay::detail::net;

using hearsay::testing::bytes_of;
using hearsay::testing::text_of;

namespace {

asio_transport open_loopback(net::io_context& io, hearsay::udp_options options = {}) {
    auto t = asio_transport::open(io, udp_endpoint::loopback(0), options);
    INFO(t.error().message());
    REQUIRE(t.has_value());
    return std::move(t).value();
}

// Runs `io` until `done()` holds, checking every 5 ms; gives up after 10 s, far beyond
// what loopback needs. Returns whether `done()` held.
bool run_until(net::io_context& io, const std::function<bool()>& done) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < give_up) {
        io.restart();
        io.run_for(std::chrono::milliseconds(5));
    }
    return done();
}

// Reads every datagram `t` receives within `io`'s next runs, until `count` arrived.
std::vector<std::string> receive_texts(net::io_context& io, asio_transport& t, std::size_t count,
                                       std::vector<udp_endpoint>* senders = nullptr) {
    std::vector<std::string> seen;
    run_until(io, [&] {
        t.receive_batch([&](const udp_endpoint& from, hearsay::bytes_view bytes) {
            seen.push_back(text_of(bytes));
            if (senders)
                senders->push_back(from);
        });
        return seen.size() >= count;
    });
    return seen;
}

} // namespace

TEST_CASE("asio_transport sends and receives whole datagrams, also with udp_transport",
          "[transport][asio]") {
    net::io_context io;
    asio_transport a = open_loopback(io);
    asio_transport b = open_loopback(io);
    CHECK(a.local_endpoint().is_v4());
    CHECK(a.local_endpoint().port() != 0);
    CHECK(a.max_payload() == 1200);
    CHECK(b.receive_batch([](const udp_endpoint&, hearsay::bytes_view) {}) == 0); // no blocking

    const auto hello = bytes_of("hello");
    a.send(b.local_endpoint(), hearsay::bytes_view(hello));
    std::vector<udp_endpoint> senders;
    CHECK(receive_texts(io, b, 1, &senders) == std::vector<std::string>{"hello"});
    CHECK(senders == std::vector<udp_endpoint>{a.local_endpoint()});
    CHECK(a.stats().datagrams_sent == 1);
    CHECK(a.stats().bytes_sent == 5);
    CHECK(b.stats().datagrams_received == 1);
    CHECK(b.stats().bytes_received == 5);

    // The same addresses on both transports: a POSIX one talks to an Asio one and back.
    auto posix = hearsay::udp_transport::open(udp_endpoint::loopback(0));
    REQUIRE(posix.has_value());
    posix->send(b.local_endpoint(), hearsay::bytes_view(hello));
    senders.clear();
    CHECK(receive_texts(io, b, 1, &senders) == std::vector<std::string>{"hello"});
    CHECK(senders == std::vector<udp_endpoint>{posix->local_endpoint()});
    b.send(posix->local_endpoint(), hearsay::bytes_view(hello));
    std::byte buffer[64];
    std::string back;
    run_until(io, [&] {
        if (auto got = posix->receive(buffer, sizeof buffer))
            back = text_of(got->bytes);
        return !back.empty();
    });
    CHECK(back == "hello");
}

TEST_CASE("asio_transport counts datagrams longer than the buffer and never hands them on",
          "[transport][asio]") {
    net::io_context io;
    hearsay::udp_options small;
    small.max_payload = 100;
    small.receive_size = 100;
    asio_transport a = open_loopback(io);
    asio_transport b = open_loopback(io, small);
    const std::vector<std::byte> big(101, std::byte{7});
    const std::vector<std::byte> fits(100, std::byte{8});
    a.send(b.local_endpoint(), hearsay::bytes_view(big));
    a.send(b.local_endpoint(), hearsay::bytes_view(fits));
    const auto seen = receive_texts(io, b, 1);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].size() == 100);
    CHECK(b.stats().truncated == 1);
    CHECK(b.stats().datagrams_received == 1);
}

TEST_CASE("asio_transport reports a port in use, bad options and sends it cannot make",
          "[transport][asio]") {
    net::io_context io;
    asio_transport first = open_loopback(io);
    const auto second = asio_transport::open(io, first.local_endpoint());
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error() == std::errc::address_in_use);
    hearsay::udp_options bad;
    bad.max_payload = 70000;
    CHECK(asio_transport::open(io, udp_endpoint::loopback(0), bad).error() ==
          hearsay::errc::invalid_config);

    const auto x = bytes_of("x");
    first.send(udp_endpoint::parse("[::1]:9").value(), hearsay::bytes_view(x));
    CHECK(first.stats().sends_failed == 1); // an IPv6 peer from an IPv4 socket
    const std::vector<std::byte> too_big(70000);
    first.send(udp_endpoint::loopback(9), hearsay::bytes_view(too_big));
    CHECK(first.stats().sends_failed == 2);
    CHECK(first.stats().datagrams_sent == 0);
}

TEST_CASE("asio_node runs three engines in one io_context to agreement and counts a malformed "
          "datagram",
          "[transport][asio_node]") {
    using set = hearsay::or_set<std::string>;
    auto config = hearsay::gossip_config::lan();
    config.interval = std::chrono::milliseconds(10);
    net::io_context io;
    std::vector<std::unique_ptr<hearsay::asio_node<set>>> nodes;
    for (std::uint64_t id = 1; id <= 3; ++id)
        nodes.push_back(std::make_unique<hearsay::asio_node<set>>(id, open_loopback(io), config));
    // A chain: 1 knows 2, 2 knows 3; membership gossip introduces 1 and 3.
    nodes[0]->engine().add_peer(nodes[1]->transport().local_endpoint());
    nodes[1]->engine().add_peer(nodes[2]->transport().local_endpoint());
    for (auto& n : nodes)
        n->start();
    nodes[0]->post([](auto& engine) {
        engine.update([](set& s, std::uint64_t self) { return s.insert(self, "one"); });
    });
    nodes[2]->engine().update([](set& s, std::uint64_t self) { return s.insert(self, "three"); });

    const auto agreed = [&] {
        for (auto& n : nodes) {
            const set& s = n->engine().state();
            if (!s.contains("one") || !s.contains("three"))
                return false;
        }
        return true;
    };
    CHECK(run_until(io, agreed));
    CHECK(nodes[2]->transport().stats().datagrams_received > 0);

    // A datagram that is no hearsay message: counted as rejected, and the node goes on.
    auto stranger = hearsay::udp_transport::open(udp_endpoint::loopback(0));
    REQUIRE(stranger.has_value());
    const auto junk = bytes_of("not a hearsay message");
    stranger->send(nodes[1]->transport().local_endpoint(), hearsay::bytes_view(junk));
    CHECK(run_until(io, [&] { return nodes[1]->engine().stats().messages_rejected == 1; }));
    nodes[1]->post([](auto& engine) {
        engine.update([](set& s, std::uint64_t self) { return s.insert(self, "two"); });
    });
    CHECK(run_until(io, [&] { return nodes[0]->engine().state().contains("two"); }));

    // stop() leaves the io_context without work: run() returns by itself.
    for (auto& n : nodes)
        n->stop();
    io.restart();
    io.run();
    nodes.clear(); // the nodes go before the io_context, as the contract says
}

TEST_CASE("asio_node takes commands and stop from other threads, and joins a udp_node",
          "[transport][asio_node]") {
    using counter = hearsay::g_counter<>;
    auto config = hearsay::gossip_config::lan();
    config.interval = std::chrono::milliseconds(10);
    net::io_context io;
    hearsay::asio_node<counter> one(1, open_loopback(io), config);
    auto posix = hearsay::udp_transport::open(udp_endpoint::loopback(0));
    REQUIRE(posix.has_value());
    hearsay::udp_node<counter> two(2, std::move(posix).value(), config);
    one.engine().add_peer(two.transport().local_endpoint());
    one.start();
    // Two threads run the io_context: the strand keeps the engine to one at a time.
    std::thread loop_a([&] { io.run(); });
    std::thread loop_b([&] { io.run(); });
    std::thread loop_two([&] { two.run(); });

    one.post([](auto& engine) {
        engine.update([](counter& c, std::uint64_t self) { return c.increment(self, 3); });
    });
    two.post([](auto& engine) {
        engine.update([](counter& c, std::uint64_t self) { return c.increment(self, 4); });
    });
    std::atomic<std::uint64_t> seen_one{0}, seen_two{0};
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((seen_one.load() != 7 || seen_two.load() != 7) &&
           std::chrono::steady_clock::now() < give_up) {
        one.post([&](auto& engine) { seen_one = engine.state().value(); });
        two.post([&](auto& engine) { seen_two = engine.state().value(); });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    one.stop(); // the io_context runs out of work: both run() calls return
    two.stop();
    loop_a.join();
    loop_b.join();
    loop_two.join();
    CHECK(seen_one.load() == 7);
    CHECK(seen_two.load() == 7);
    CHECK(one.engine().state().value() == 7);
}
