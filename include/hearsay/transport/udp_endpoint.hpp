// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_TRANSPORT_UDP_ENDPOINT_HPP
#define HEARSAY_TRANSPORT_UDP_ENDPOINT_HPP

// udp_endpoint: an IPv4 or IPv6 address and a UDP port; udp_transport's address_type.
//
// Guarantees: a regular value (copyable, ==, ordered, std::hash) with one form per
// address: an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is kept as the IPv4 address, so a
// peer has one endpoint whichever family a dual-stack socket reports it in. parse() reads
// numeric addresses only ("127.0.0.1:7000", "[::1]:7000") and never asks a resolver, so
// it never blocks; IPv6 scopes ("%eth0") are refused. The codec lets members tell each
// other addresses; only the canonical encoding decodes. POSIX only. Cost: 20 bytes, no
// allocation but to_string().

#include <arpa/inet.h>  // inet_pton, inet_ntop
#include <netinet/in.h> // sockaddr_in, sockaddr_in6
#include <sys/socket.h> // sockaddr_storage, socklen_t

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>    // memcpy, memcmp
#include <functional> // hash
#include <optional>
#include <string>
#include <string_view>

#include "hearsay/codec/codec_traits.hpp"
#include "hearsay/codec/format.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/result.hpp"

namespace hearsay {

/// Names one UDP socket address: IPv4 or IPv6, and a port.
class udp_endpoint {
  public:
    /// Says which IP version an endpoint's address belongs to.
    enum class ip_family : std::uint8_t { v4 = 4, v6 = 6 };

    /// Makes 0.0.0.0:0, the IPv4 wildcard with a port the kernel chooses at bind.
    udp_endpoint() = default;

    /// Makes an IPv4 endpoint from the address's four bytes in network order.
    static udp_endpoint v4(const std::array<std::uint8_t, 4>& address, std::uint16_t port) {
        udp_endpoint e;
        std::memcpy(e.address_.data(), address.data(), 4);
        e.port_ = port;
        return e;
    }
    /// Makes an IPv6 endpoint from the address's sixteen bytes (an IPv4-mapped one becomes IPv4).
    static udp_endpoint v6(const std::array<std::uint8_t, 16>& address, std::uint16_t port) {
        udp_endpoint e;
        e.address_ = address;
        e.family_ = ip_family::v6;
        e.port_ = port;
        e.unmap();
        return e;
    }
    /// Makes 127.0.0.1:port.
    static udp_endpoint loopback(std::uint16_t port) { return v4({127, 0, 0, 1}, port); }

    /// Reads "a.b.c.d:port" or "[ipv6]:port" (numeric only); errc::bad_address otherwise.
    static result<udp_endpoint> parse(std::string_view text) {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string_view::npos)
            return errc::bad_address;
        std::string_view host = text.substr(0, colon);
        std::uint32_t port = 0;
        const std::string_view digits = text.substr(colon + 1);
        if (digits.empty() || digits.size() > 5)
            return errc::bad_address;
        for (char c : digits) {
            if (c < '0' || c > '9')
                return errc::bad_address;
            port = port * 10 + static_cast<std::uint32_t>(c - '0');
        }
        if (port > 65535)
            return errc::bad_address;
        const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
        if (bracketed)
            host = host.substr(1, host.size() - 2);
        // inet_pton reads C strings; its longest valid input is INET6_ADDRSTRLEN - 1 bytes.
        char buffer[INET6_ADDRSTRLEN] = {};
        if (host.empty() || host.size() >= sizeof buffer)
            return errc::bad_address;
        std::memcpy(buffer, host.data(), host.size());
        udp_endpoint e;
        e.port_ = static_cast<std::uint16_t>(port);
        if (bracketed) {
            if (::inet_pton(AF_INET6, buffer, e.address_.data()) != 1)
                return errc::bad_address;
            e.family_ = ip_family::v6;
            e.unmap();
        } else if (::inet_pton(AF_INET, buffer, e.address_.data()) != 1) {
            return errc::bad_address; // includes an IPv6 address without brackets
        }
        return e;
    }

    /// Returns "a.b.c.d:port" or "[ipv6]:port", which parse() reads back.
    std::string to_string() const {
        char buffer[INET6_ADDRSTRLEN] = {};
        const bool four = is_v4();
        ::inet_ntop(four ? AF_INET : AF_INET6, address_.data(), buffer, sizeof buffer);
        std::string text = four ? std::string(buffer) : "[" + std::string(buffer) + "]";
        return text + ":" + std::to_string(port_);
    }

    /// Returns the IP version of the address.
    ip_family family() const noexcept { return family_; }
    /// Tells whether the address is IPv4.
    bool is_v4() const noexcept { return family_ == ip_family::v4; }
    /// Returns the port.
    std::uint16_t port() const noexcept { return port_; }
    /// Returns the address bytes in network order: 4 for IPv4, 16 for IPv6, the rest zero.
    const std::array<std::uint8_t, 16>& address() const noexcept { return address_; }
    /// Returns the number of address bytes in use: 4 or 16.
    std::size_t address_size() const noexcept { return is_v4() ? 4 : 16; }

    /// Fills `out` for a socket of family `as` and returns its length; an IPv4 endpoint is
    /// written IPv4-mapped for an IPv6 socket, and 0 means an IPv6 endpoint and an IPv4 socket.
    socklen_t to_sockaddr(sockaddr_storage& out, ip_family as) const noexcept {
        out = sockaddr_storage{};
        if (as == ip_family::v4) {
            if (!is_v4())
                return 0;
            auto* in = reinterpret_cast<sockaddr_in*>(&out);
            in->sin_family = AF_INET;
            in->sin_port = htons(port_);
            std::memcpy(&in->sin_addr, address_.data(), 4);
            return sizeof(sockaddr_in);
        }
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port_);
        std::array<std::uint8_t, 16> bytes = address_;
        if (is_v4()) {
            bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
            std::memcpy(bytes.data() + 12, address_.data(), 4);
        }
        std::memcpy(&in6->sin6_addr, bytes.data(), 16);
        return sizeof(sockaddr_in6);
    }
    /// Fills `out` in the endpoint's own family and returns its length.
    socklen_t to_sockaddr(sockaddr_storage& out) const noexcept {
        return to_sockaddr(out, family_);
    }

    /// Reads a socket address of family AF_INET or AF_INET6; nothing for any other.
    static std::optional<udp_endpoint> from_sockaddr(const sockaddr_storage& in,
                                                     socklen_t size) noexcept {
        if (in.ss_family == AF_INET && size >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
            const auto* v4in = reinterpret_cast<const sockaddr_in*>(&in);
            std::array<std::uint8_t, 4> bytes{};
            std::memcpy(bytes.data(), &v4in->sin_addr, 4);
            return v4(bytes, ntohs(v4in->sin_port));
        }
        if (in.ss_family == AF_INET6 && size >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
            const auto* v6in = reinterpret_cast<const sockaddr_in6*>(&in);
            std::array<std::uint8_t, 16> bytes{};
            std::memcpy(bytes.data(), &v6in->sin6_addr, 16);
            return v6(bytes, ntohs(v6in->sin6_port));
        }
        return std::nullopt;
    }

    friend bool operator==(const udp_endpoint& a, const udp_endpoint& b) noexcept {
        return a.family_ == b.family_ && a.port_ == b.port_ && a.address_ == b.address_;
    }
    friend bool operator!=(const udp_endpoint& a, const udp_endpoint& b) noexcept {
        return !(a == b);
    }
    /// Orders by family (IPv4 first), then address bytes, then port.
    friend bool operator<(const udp_endpoint& a, const udp_endpoint& b) noexcept {
        if (a.family_ != b.family_)
            return a.family_ < b.family_;
        const int bytes = std::memcmp(a.address_.data(), b.address_.data(), 16);
        return bytes != 0 ? bytes < 0 : a.port_ < b.port_;
    }
    friend bool operator>(const udp_endpoint& a, const udp_endpoint& b) noexcept { return b < a; }
    friend bool operator<=(const udp_endpoint& a, const udp_endpoint& b) noexcept {
        return !(b < a);
    }
    friend bool operator>=(const udp_endpoint& a, const udp_endpoint& b) noexcept {
        return !(a < b);
    }

  private:
    void unmap() noexcept {
        static constexpr std::uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (family_ == ip_family::v6 && std::memcmp(address_.data(), prefix, 12) == 0) {
            std::memmove(address_.data(), address_.data() + 12, 4);
            std::memset(address_.data() + 4, 0, 12);
            family_ = ip_family::v4;
        }
    }

    std::array<std::uint8_t, 16> address_{};
    std::uint16_t port_ = 0;
    ip_family family_ = ip_family::v4;
};

/// Encodes a udp_endpoint: the family (4 or 6), the address bytes, the port big-endian.
template <> struct codec_traits<udp_endpoint> {
    static constexpr std::uint8_t tag = detail::tag_byte(wire_tag::udp_endpoint);
    static constexpr std::size_t min_size = 7;

    static void encode(const udp_endpoint& value, writer& out) {
        out.write_byte(static_cast<std::byte>(value.family()));
        out.write_bytes(reinterpret_cast<const std::byte*>(value.address().data()),
                        value.address_size());
        const std::byte port[2] = {static_cast<std::byte>(value.port() >> 8),
                                   static_cast<std::byte>(value.port() & 0xff)};
        out.write_bytes(port, 2);
    }
    static bool decode(reader& in, udp_endpoint& value) {
        std::byte family{};
        if (!in.read_byte(family))
            return false;
        const auto version = static_cast<std::uint8_t>(family);
        if (version != 4 && version != 6)
            return in.fail(errc::invalid_value);
        const std::byte* bytes = nullptr;
        const std::byte* port = nullptr;
        if (!in.read_bytes(version == 4 ? 4 : 16, bytes) || !in.read_bytes(2, port))
            return false;
        const auto port_value = static_cast<std::uint16_t>(
            (std::to_integer<unsigned>(port[0]) << 8) | std::to_integer<unsigned>(port[1]));
        if (version == 4) {
            std::array<std::uint8_t, 4> address{};
            std::memcpy(address.data(), bytes, 4);
            value = udp_endpoint::v4(address, port_value);
            return true;
        }
        std::array<std::uint8_t, 16> address{};
        std::memcpy(address.data(), bytes, 16);
        value = udp_endpoint::v6(address, port_value);
        // encode writes a mapped address as IPv4: its IPv6 form is another encoding.
        return !value.is_v4() || in.fail(errc::not_canonical);
    }
};

} // namespace hearsay

namespace std {
/// Hashes a udp_endpoint by its family, address bytes and port.
template <> struct hash<hearsay::udp_endpoint> {
    std::size_t operator()(const hearsay::udp_endpoint& e) const noexcept {
        char key[19];
        key[0] = static_cast<char>(e.family());
        std::memcpy(key + 1, e.address().data(), 16);
        key[17] = static_cast<char>(e.port() >> 8);
        key[18] = static_cast<char>(e.port() & 0xff);
        return std::hash<std::string_view>{}(std::string_view(key, sizeof key));
    }
};
} // namespace std

#endif // HEARSAY_TRANSPORT_UDP_ENDPOINT_HPP
