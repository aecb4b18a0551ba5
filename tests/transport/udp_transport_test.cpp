// udp_transport on 127.0.0.1: datagrams arrive whole with their sender, in batches too;
// cut datagrams are counted and never handed on; a port in use is a clear error; and
// udp_node runs two engines to agreement, stopped and fed from other threads.

#include "catch.hpp"
#include "support/text_bytes.hpp"

#include <hearsay/crdt/g_counter.hpp>
#include <hearsay/transport/udp.hpp>
#include <hearsay/transport/udp_node.hpp>

#include <poll.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

using hearsay::udp_endpoint;
using hearsay::udp_transport;

using hearsay::testing::bytes_of;
using hearsay::testing::text_of;

namespace {

udp_transport open_loopback(hearsay::udp_options options = {}) {
    auto t = udp_transport::open(udp_endpoint::loopback(0), options);
    INFO(t.error().message());
    REQUIRE(t.has_value());
    return std::move(t).value();
}

// Waits (at most 5 s, far beyond loopback's delivery time) until the socket is readable.
bool readable(const udp_transport& t) {
    pollfd fd{t.native_handle(), POLLIN, 0};
    return ::poll(&fd, 1, 5000) == 1;
}

} // namespace

TEST_CASE("udp_transport binds a free port and reports it", "[transport][udp]") {
    const udp_transport t = open_loopback();
    CHECK(t.native_handle() >= 0);
    CHECK(t.local_endpoint().is_v4());
    CHECK(t.local_endpoint().port() != 0);
    CHECK(t.local_endpoint().to_string().rfind("127.0.0.1:", 0) == 0);
    CHECK(t.max_payload() == 1200);
    hearsay::udp_options options;
    options.max_payload = 512;
    CHECK(open_loopback(options).max_payload() == 512);
}

TEST_CASE("udp_transport sends and receives whole datagrams with their sender",
          "[transport][udp]") {
    udp_transport a = open_loopback();
    udp_transport b = open_loopback();
    std::byte buffer[2048];
    CHECK_FALSE(b.receive(buffer, sizeof buffer).has_value()); // nothing waits: no blocking

    const auto hello = bytes_of("hello");
    a.send(b.local_endpoint(), hearsay::bytes_view(hello));
    REQUIRE(readable(b));
    const auto got = b.receive(buffer, sizeof buffer);
    REQUIRE(got.has_value());
    CHECK(got->from == a.local_endpoint());
    CHECK(text_of(got->bytes) == "hello");
    CHECK(a.stats().datagrams_sent == 1);
    CHECK(a.stats().bytes_sent == 5);
    CHECK(b.stats().datagrams_received == 1);
    CHECK(b.stats().bytes_received == 5);

    // A batch delivers every waiting datagram, in order, each with its sender.
    for (int i = 0; i < 5; ++i) {
        const auto message = bytes_of("m" + std::to_string(i));
        a.send(b.local_endpoint(), hearsay::bytes_view(message));
    }
    std::vector<std::string> seen;
    while (seen.size() < 5 && readable(b))
        b.receive_batch([&](const udp_endpoint& from, hearsay::bytes_view bytes) {
            CHECK(from == a.local_endpoint());
            seen.push_back(text_of(bytes));
        });
    CHECK(seen == std::vector<std::string>{"m0", "m1", "m2", "m3", "m4"});
    CHECK(b.stats().truncated == 0);
}

TEST_CASE("udp_transport drains waiting datagrams into an engine, batch by batch",
          "[transport][udp]") {
    struct counting_engine {
        std::vector<std::string> seen;
        void receive(const udp_endpoint&, hearsay::bytes_view bytes) {
            seen.push_back(text_of(bytes));
        }
    } engine;
    hearsay::udp_options small_batches;
    small_batches.batch = 4;
    udp_transport a = open_loopback();
    udp_transport b = open_loopback(small_batches);
    for (int i = 0; i < 10; ++i) {
        const auto message = bytes_of(std::to_string(i));
        a.send(b.local_endpoint(), hearsay::bytes_view(message));
    }
    // Loopback delivers at once; the loop only waits out a slow machine.
    while (engine.seen.size() < 10 && readable(b))
        b.receive_into(engine);
    CHECK(engine.seen ==
          std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
    CHECK(b.receive_into(engine) == 0);
}

TEST_CASE("udp_transport over IPv6, and a dual-stack socket sees IPv4 peers as IPv4",
          "[transport][udp]") {
    auto v6 = udp_transport::open(udp_endpoint::parse("[::]:0").value());
    if (!v6) {
        WARN("no IPv6 on this machine: " << v6.error().message());
        return;
    }
    udp_transport a = open_loopback();
    const auto hello = bytes_of("over v4");
    a.send(udp_endpoint::loopback(v6->local_endpoint().port()), hearsay::bytes_view(hello));
    REQUIRE(readable(*v6));
    std::byte buffer[64];
    auto got = v6->receive(buffer, sizeof buffer);
    REQUIRE(got.has_value());
    CHECK(got->from == a.local_endpoint()); // not [::ffff:127.0.0.1]
    CHECK(text_of(got->bytes) == "over v4");
    // And back: an IPv4 endpoint is reached through its mapped address.
    v6->send(got->from, hearsay::bytes_view(hello));
    REQUIRE(readable(a));
    got = a.receive(buffer, sizeof buffer);
    REQUIRE(got.has_value());
    CHECK(got->from.port() == v6->local_endpoint().port());
    CHECK(got->from.is_v4());

    auto loopback6 = udp_transport::open(udp_endpoint::parse("[::1]:0").value());
    if (!loopback6) {
        WARN("no IPv6 loopback on this machine: " << loopback6.error().message());
        return;
    }
    loopback6->send(
        udp_endpoint::parse("[::1]:" + std::to_string(v6->local_endpoint().port())).value(),
        hearsay::bytes_view(hello));
    REQUIRE(readable(*v6));
    got = v6->receive(buffer, sizeof buffer);
    REQUIRE(got.has_value());
    CHECK(got->from == loopback6->local_endpoint());
    CHECK(got->from.to_string() == "[::1]:" + std::to_string(loopback6->local_endpoint().port()));
}

TEST_CASE("udp_transport counts datagrams longer than the buffer and never hands them on",
          "[transport][udp]") {
    hearsay::udp_options small;
    small.max_payload = 100;
    small.receive_size = 100;
    udp_transport a = open_loopback();
    udp_transport b = open_loopback(small);
    const std::vector<std::byte> big(300, std::byte{7});
    const auto tail = bytes_of("after");

    a.send(b.local_endpoint(), hearsay::bytes_view(big));
    a.send(b.local_endpoint(), hearsay::bytes_view(tail));
    std::byte buffer[100];
    std::vector<std::string> seen;
    while (seen.empty() && readable(b))
        if (auto got = b.receive(buffer, sizeof buffer))
            seen.push_back(text_of(got->bytes));
    CHECK(seen == std::vector<std::string>{"after"});
    CHECK(b.stats().truncated == 1);
    CHECK(b.stats().datagrams_received == 1);

    a.send(b.local_endpoint(), hearsay::bytes_view(big)); // the same through a batch
    a.send(b.local_endpoint(), hearsay::bytes_view(tail));
    seen.clear();
    while (seen.empty() && readable(b))
        b.receive_batch([&](const udp_endpoint&, hearsay::bytes_view bytes) {
            seen.push_back(text_of(bytes));
        });
    CHECK(seen == std::vector<std::string>{"after"});
    CHECK(b.stats().truncated == 2);
}

TEST_CASE("udp_transport reports a port in use, a foreign address and bad options",
          "[transport][udp]") {
    const udp_transport first = open_loopback();
    const auto second = udp_transport::open(first.local_endpoint());
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error() == std::errc::address_in_use);
    CHECK_FALSE(second.error().message().empty());

    // 192.0.2.1 (TEST-NET-1) is no address of this machine.
    const auto foreign = udp_transport::open(udp_endpoint::parse("192.0.2.1:0").value());
    REQUIRE_FALSE(foreign.has_value());
    CHECK(foreign.error() == std::errc::address_not_available);

    hearsay::udp_options bad;
    bad.max_payload = 70000;
    CHECK(udp_transport::open(udp_endpoint::loopback(0), bad).error() ==
          hearsay::errc::invalid_config);
}

TEST_CASE("udp_transport counts sends it cannot make", "[transport][udp]") {
    udp_transport a = open_loopback();
    const auto bytes = bytes_of("x");
    a.send(udp_endpoint::parse("[::1]:9").value(), hearsay::bytes_view(bytes));
    CHECK(a.stats().sends_failed == 1); // an IPv6 peer from an IPv4 socket
    CHECK(a.stats().datagrams_sent == 0);
    const std::vector<std::byte> too_big(70000);
    a.send(udp_endpoint::loopback(9), hearsay::bytes_view(too_big));
    CHECK(a.stats().sends_failed == 2); // EMSGSIZE
}

TEST_CASE("udp_transport moves its socket and closes it once", "[transport][udp]") {
    udp_transport a = open_loopback();
    const int fd = a.native_handle();
    const udp_endpoint where = a.local_endpoint();
    udp_transport b = std::move(a);
    CHECK(b.native_handle() == fd);
    CHECK(b.local_endpoint() == where);
    udp_transport c = open_loopback();
    c = std::move(b);
    CHECK(c.native_handle() == fd);
    { const udp_transport gone = std::move(c); }
    // Closed: the port is free again.
    CHECK(udp_transport::open(where).has_value());
}

TEST_CASE("udp_node runs engines to agreement, and post and stop work from other threads",
          "[transport][udp_node]") {
    using counter = hearsay::g_counter<>;
    auto config = hearsay::gossip_config::lan();
    config.interval = std::chrono::milliseconds(10);
    hearsay::udp_node<counter> one(1, open_loopback(), config);
    hearsay::udp_node<counter> two(2, open_loopback(), config);
    one.engine().add_peer(two.transport().local_endpoint());
    std::thread loop_one([&] { one.run(); });
    std::thread loop_two([&] { two.run(); });

    one.post([](auto& engine) {
        engine.update([](counter& c, auto self) { return c.increment(self, 3); });
    });
    two.post([](auto& engine) {
        engine.update([](counter& c, auto self) { return c.increment(self, 4); });
    });
    // Read through post, on each loop's thread; give up after 10 s.
    std::atomic<std::uint64_t> seen_one{0}, seen_two{0};
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((seen_one.load() != 7 || seen_two.load() != 7) &&
           std::chrono::steady_clock::now() < give_up) {
        one.post([&](auto& engine) { seen_one = engine.state().value(); });
        two.post([&](auto& engine) { seen_two = engine.state().value(); });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    one.stop();
    two.stop();
    loop_one.join();
    loop_two.join();
    CHECK(seen_one.load() == 7);
    CHECK(seen_two.load() == 7);
    CHECK(one.engine().state().value() == 7);
    CHECK(one.transport().stats().datagrams_received > 0);

    one.stop(); // a stop before run() makes it return at once
    one.run();
}
