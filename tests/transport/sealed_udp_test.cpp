// Two keyed udp_nodes on 127.0.0.1, each on its own thread (and, where both
// libraries are found, one sealing with libsodium and the other with OpenSSL):
// they agree, rotate their key through post() while running, agree again, and
// refuse a datagram sent in the clear.

#include "catch.hpp"
#include "support/adapters.hpp"

#if defined(HEARSAY_TEST_ANY_AEAD)

#include <hearsay/crdt/g_counter.hpp>
#include <hearsay/transport/udp.hpp>
#include <hearsay/transport/udp_node.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

namespace {

using counter = hearsay::g_counter<>;

hearsay::udp_transport open_loopback() {
    auto t = hearsay::udp_transport::open(hearsay::udp_endpoint::loopback(0));
    REQUIRE(t.has_value());
    return std::move(t).value();
}

hearsay::gossip_config keyed(std::shared_ptr<const hearsay::aead> cipher) {
    auto config = hearsay::gossip_config::lan();
    config.interval = std::chrono::milliseconds(10);
    config.keys = hearsay::keyring(std::move(cipher), "udp-test");
    REQUIRE(!config.keys.add(1, hearsay::test::key_of(1)));
    return config;
}

// Waits until both nodes hold `total`, reading on each loop's thread; gives up after 10 s.
bool both_reach(hearsay::udp_node<counter>& one, hearsay::udp_node<counter>& two,
                std::uint64_t total) {
    std::atomic<std::uint64_t> seen_one{0}, seen_two{0};
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((seen_one.load() != total || seen_two.load() != total) &&
           std::chrono::steady_clock::now() < give_up) {
        one.post([&](auto& engine) { seen_one = engine.state().value(); });
        two.post([&](auto& engine) { seen_two = engine.state().value(); });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return seen_one.load() == total && seen_two.load() == total;
}

} // namespace

TEST_CASE("sealed udp: keyed udp_nodes agree, rotate their key while running, and refuse "
          "datagrams in the clear",
          "[transport][udp_node][security]") {
    const auto adapters = hearsay::test::adapters();
    hearsay::udp_node<counter> one(1, open_loopback(), keyed(adapters.front()));
    hearsay::udp_node<counter> two(2, open_loopback(), keyed(adapters.back()));
    one.engine().add_peer(two.transport().local_endpoint());
    std::thread loop_one([&] { one.run(); });
    std::thread loop_two([&] { two.run(); });

    auto add = [](std::uint64_t n) {
        return [n](auto& engine) {
            engine.update([n](counter& c, auto self) { return c.increment(self, n); });
        };
    };
    one.post(add(3));
    two.post(add(4));
    CHECK(both_reach(one, two, 7));

    const hearsay::aead_key next = hearsay::test::key_of(2);
    for (auto* node : {&one, &two})
        node->post([next](auto& engine) { (void)engine.keys().add(2, next); });
    for (auto* node : {&one, &two})
        node->post([](auto& engine) { (void)engine.keys().use(2); });
    for (auto* node : {&one, &two})
        node->post([](auto& engine) { (void)engine.keys().remove(1); });
    one.post(add(10));
    two.post(add(20));
    CHECK(both_reach(one, two, 37));

    // A datagram in the clear, from a third socket (the rotation, posted to each loop on its
    // own, may have made a few datagrams unreadable for a moment: count from here).
    std::atomic<std::uint64_t> refused{0};
    std::atomic<bool> read{false};
    one.post([&](auto& engine) {
        refused = engine.stats().rejected_unauthenticated;
        read = true;
    });
    while (!read.load())
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const std::uint64_t before = refused.load();
    auto stranger = open_loopback();
    const std::byte clear[] = {std::byte{2}, std::byte{0x43}, std::byte{9}};
    stranger.send(one.transport().local_endpoint(), hearsay::bytes_view(clear, sizeof clear));
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (refused.load() == before && std::chrono::steady_clock::now() < give_up) {
        one.post([&](auto& engine) { refused = engine.stats().rejected_unauthenticated; });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    one.stop();
    two.stop();
    loop_one.join();
    loop_two.join();
    CHECK(refused.load() > before);
    for (auto* node : {&one, &two}) { // the posted rotation ran, in order, on each loop
        CHECK(node->engine().keys().ids() == std::vector<hearsay::key_id>{2});
        CHECK(node->engine().keys().primary() == 2);
        CHECK(node->engine().stats().rejected_replay == 0);
    }
}

#endif
