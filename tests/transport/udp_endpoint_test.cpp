// udp_endpoint: parsing and formatting round-trip, one form per address (IPv4-mapped
// IPv6 is IPv4), order and hash agree with equality, socket addresses and the codec.

#include "catch.hpp"

#include <hearsay/codec/codec.hpp>
#include <hearsay/transport/udp_endpoint.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

using hearsay::udp_endpoint;

namespace {

udp_endpoint parsed(const char* text) {
    auto e = udp_endpoint::parse(text);
    INFO(text);
    REQUIRE(e.has_value());
    return *e;
}

} // namespace

TEST_CASE("udp_endpoint parses and prints IPv4 and bracketed IPv6", "[transport][udp_endpoint]") {
    for (const char* text : {"127.0.0.1:7000", "0.0.0.0:0", "255.255.255.255:65535", "[::1]:7000",
                             "[::]:0", "[2001:db8::1]:443", "[fe80::1:2:3:4]:9"}) {
        CAPTURE(text);
        CHECK(parsed(text).to_string() == text);
        CHECK(udp_endpoint::parse(parsed(text).to_string()).value() == parsed(text));
    }
    const udp_endpoint local = parsed("127.0.0.1:7001");
    CHECK(local.is_v4());
    CHECK(local.port() == 7001);
    CHECK(local == udp_endpoint::loopback(7001));
    CHECK(local.address_size() == 4);
    CHECK(parsed("[::1]:1").family() == udp_endpoint::ip_family::v6);
    CHECK(parsed("[::1]:1").address_size() == 16);
    CHECK(parsed("[2001:DB8::1]:1").to_string() == "[2001:db8::1]:1"); // one spelling
}

TEST_CASE("udp_endpoint keeps an IPv4-mapped IPv6 address as IPv4", "[transport][udp_endpoint]") {
    const udp_endpoint mapped = parsed("[::ffff:10.0.0.1]:80");
    CHECK(mapped.is_v4());
    CHECK(mapped == parsed("10.0.0.1:80"));
    CHECK(mapped.to_string() == "10.0.0.1:80");
}

TEST_CASE("udp_endpoint refuses what is not a numeric address and port",
          "[transport][udp_endpoint]") {
    for (const char* text : {"",
                             ":",
                             "127.0.0.1",
                             "127.0.0.1:",
                             ":7000",
                             "127.0.0.1:65536",
                             "127.0.0.1:123456",
                             "127.0.0.1:-1",
                             "127.0.0.1:70a",
                             "127.0.0.1: 70",
                             "localhost:7000",
                             "1.2.3:7000",
                             "1.2.3.4.5:7000",
                             "256.0.0.1:7000",
                             "::1:7000",
                             "[::1]",
                             "[::1]7000",
                             "[::1:7000",
                             "::1]:7000",
                             "[]:7000",
                             "[fe80::1%eth0]:7000",
                             "[127.0.0.1]:7000",
                             "[0000:0000:0000:0000:0000:0000:0000:0000:0000]:1"}) {
        CAPTURE(text);
        const auto e = udp_endpoint::parse(text);
        REQUIRE_FALSE(e.has_value());
        CHECK(e.error() == hearsay::errc::bad_address);
    }
}

TEST_CASE("udp_endpoint order and hash agree with equality", "[transport][udp_endpoint]") {
    std::vector<udp_endpoint> all;
    for (const char* text : {"[::1]:2", "10.0.0.1:2", "10.0.0.1:1", "[::1]:1", "9.255.0.0:3",
                             "[::2]:0", "10.0.0.2:0", "0.0.0.0:0"})
        all.push_back(parsed(text));
    std::sort(all.begin(), all.end());
    std::vector<std::string> texts;
    for (const auto& e : all)
        texts.push_back(e.to_string());
    // IPv4 before IPv6, then by address bytes, then by port.
    CHECK(texts == std::vector<std::string>{"0.0.0.0:0", "9.255.0.0:3", "10.0.0.1:1", "10.0.0.1:2",
                                            "10.0.0.2:0", "[::1]:1", "[::1]:2", "[::2]:0"});
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = 0; j < all.size(); ++j) {
            CHECK((all[i] == all[j]) == (i == j));
            CHECK((all[i] != all[j]) == (i != j));
            CHECK((all[i] < all[j]) == (i < j));
            CHECK((all[i] <= all[j]) == (i <= j));
            CHECK((all[i] > all[j]) == (i > j));
            CHECK((all[i] >= all[j]) == (i >= j));
        }
    const std::hash<udp_endpoint> hash;
    CHECK(hash(parsed("10.0.0.1:1")) == hash(parsed("[::ffff:10.0.0.1]:1")));
    std::unordered_set<udp_endpoint> set(all.begin(), all.end());
    set.insert(parsed("10.0.0.1:1"));
    CHECK(set.size() == all.size());
    std::unordered_set<std::size_t> hashes;
    for (const auto& e : all)
        hashes.insert(hash(e));
    CHECK(hashes.size() == all.size()); // distinct here; not a promise in general
}

TEST_CASE("udp_endpoint converts to and from socket addresses", "[transport][udp_endpoint]") {
    using family = udp_endpoint::ip_family;
    for (const char* text : {"127.0.0.1:7000", "[2001:db8::7]:9"}) {
        CAPTURE(text);
        const udp_endpoint e = parsed(text);
        sockaddr_storage address{};
        const socklen_t size = e.to_sockaddr(address);
        REQUIRE(size != 0);
        CHECK(udp_endpoint::from_sockaddr(address, size) == e);
        CHECK_FALSE(udp_endpoint::from_sockaddr(address, size - 1).has_value());
    }
    // An IPv6 socket reaches an IPv4 peer through its mapped address, and reads it back as IPv4.
    sockaddr_storage mapped{};
    const udp_endpoint v4 = parsed("192.0.2.1:53");
    const socklen_t size = v4.to_sockaddr(mapped, family::v6);
    REQUIRE(size == sizeof(sockaddr_in6));
    CHECK(mapped.ss_family == AF_INET6);
    CHECK(udp_endpoint::from_sockaddr(mapped, size) == v4);
    // An IPv4 socket cannot reach an IPv6 peer.
    CHECK(parsed("[::1]:1").to_sockaddr(mapped, family::v4) == 0);
    sockaddr_storage unix_address{};
    unix_address.ss_family = AF_UNIX;
    CHECK_FALSE(udp_endpoint::from_sockaddr(unix_address, sizeof unix_address).has_value());
}

TEST_CASE("udp_endpoint encodes canonically and decodes only its encodings",
          "[transport][udp_endpoint]") {
    for (const char* text : {"127.0.0.1:7000", "0.0.0.0:0", "[::1]:65535", "[2001:db8::1]:443"}) {
        CAPTURE(text);
        std::vector<std::byte> bytes;
        hearsay::encode(parsed(text), bytes);
        CHECK(bytes.size() == 2 + 1 + parsed(text).address_size() + 2);
        const auto back = hearsay::decode<udp_endpoint>(hearsay::bytes_view(bytes));
        REQUIRE(back.has_value());
        CHECK(*back == parsed(text));
        for (std::size_t cut = 0; cut < bytes.size(); ++cut)
            CHECK_FALSE(
                hearsay::decode<udp_endpoint>(hearsay::bytes_view(bytes.data(), cut)).has_value());
    }
    std::vector<std::byte> port_7000;
    hearsay::encode(parsed("1.2.3.4:7000"), port_7000);
    CHECK(port_7000 == std::vector<std::byte>{std::byte{2}, std::byte{0x2C}, std::byte{4},
                                              std::byte{1}, std::byte{2}, std::byte{3},
                                              std::byte{4}, std::byte{0x1B}, std::byte{0x58}});
    auto bad_family = port_7000;
    bad_family[2] = std::byte{5};
    CHECK(hearsay::decode<udp_endpoint>(hearsay::bytes_view(bad_family)).error() ==
          hearsay::errc::invalid_value);
    // The IPv6 spelling of an IPv4-mapped address is a second encoding of an IPv4 endpoint.
    std::vector<std::byte> mapped = {std::byte{2}, std::byte{0x2C}, std::byte{6}};
    for (int i = 0; i < 10; ++i)
        mapped.push_back(std::byte{0});
    for (int b : {0xff, 0xff, 1, 2, 3, 4, 0x1b, 0x58})
        mapped.push_back(static_cast<std::byte>(b));
    CHECK(hearsay::decode<udp_endpoint>(hearsay::bytes_view(mapped)).error() ==
          hearsay::errc::not_canonical);
}
