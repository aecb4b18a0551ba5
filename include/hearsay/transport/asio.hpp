// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_TRANSPORT_ASIO_HPP
#define HEARSAY_TRANSPORT_ASIO_HPP

// asio_transport: a gossip_engine Transport over one Asio UDP socket, for programs whose
// loop is an Asio io_context. asio_node.hpp drives an engine on it; a program may also
// wait on socket() itself and call receive_into(engine) and engine.poll().
//
// Standalone Asio (<asio.hpp>) by default; define HEARSAY_USE_BOOST_ASIO before including
// this header to use Boost.Asio instead. Opt-in: nothing else in hearsay includes it.
//
// Guarantees: the same as udp_transport's, with the same options, counters and address
// type (udp_endpoint), so members of either kind form one cluster. send() never blocks
// (the socket is in non-blocking mode), never throws and never calls back: a full buffer
// is a lost datagram, counted. Receiving hands on whole datagrams only: one longer than
// udp_options::receive_size is counted in stats().truncated and dropped. The transport
// owns its socket: it moves, does not copy, and closes the socket when destroyed; the
// io_context must outlive it. Not thread-safe, like the engine it serves.
// Cost: a send is one send_to; a received datagram is one receive_from into a buffer of
// receive_size + 1 bytes, allocated on first use (the extra byte tells a cut datagram).

#include <cstddef>
#include <cstdint>
#include <cstring> // memcpy
#include <optional>
#include <system_error>
#include <utility> // move
#include <vector>

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/result.hpp"
#include "hearsay/transport/detail/asio_include.hpp"
#include "hearsay/transport/detail/drain.hpp"
#include "hearsay/transport/udp_endpoint.hpp"
#include "hearsay/transport/udp_options.hpp"

namespace hearsay {
namespace detail {

// Asio's own system category maps no code to a std::errc condition; on POSIX its codes are
// errno values, which udp_transport reports in the generic category: so do we.
inline std::error_code to_std_error(const net_error_code& ec) {
    if (ec.category() == net::error::get_system_category())
        return {ec.value(), std::generic_category()};
    return std::error_code(ec); // Boost's converts, standalone's is one
}

} // namespace detail

/// Sends and receives datagrams on one bound, non-blocking Asio UDP socket.
class asio_transport {
  public:
    using address_type = udp_endpoint;
    using socket_type = detail::net::ip::udp::socket;
    using executor_type = socket_type::executor_type;

    /// Opens a socket on `io` bound to `bind` (port 0: the kernel picks one, see
    /// local_endpoint()); the error is the OS's (e.g. std::errc::address_in_use) or
    /// errc::invalid_config.
    static result<asio_transport> open(detail::net::io_context& io, const udp_endpoint& bind,
                                       udp_options options = {}) {
        return open(executor_type(io.get_executor()), bind, options);
    }

    /// Opens a socket whose operations run on `executor`, bound to `bind`.
    static result<asio_transport> open(const executor_type& executor, const udp_endpoint& bind,
                                       udp_options options = {}) {
        if (const std::error_code invalid = options.validate())
            return invalid;
        namespace net = detail::net;
        asio_transport t(socket_type(executor), options);
        t.family_ = bind.family();
        detail::net_error_code ec;
        t.socket_.open(bind.is_v4() ? net::ip::udp::v4() : net::ip::udp::v6(), ec);
        if (!ec)
            t.socket_.non_blocking(true, ec);
        if (!ec && !bind.is_v4()) // a wildcard IPv6 socket also serves IPv4 peers
            t.socket_.set_option(net::ip::v6_only(false), ec);
        if (!ec && options.receive_buffer > 0)
            t.socket_.set_option(net::socket_base::receive_buffer_size(options.receive_buffer), ec);
        if (!ec && options.send_buffer > 0)
            t.socket_.set_option(net::socket_base::send_buffer_size(options.send_buffer), ec);
        if (!ec)
            t.socket_.bind(to_asio(bind, bind.family()).value_or(net::ip::udp::endpoint{}), ec);
        net::ip::udp::endpoint local;
        if (!ec)
            local = t.socket_.local_endpoint(ec);
        if (ec)
            return detail::to_std_error(ec);
        const auto endpoint = from_asio(local);
        if (!endpoint)
            return errc::bad_address;
        t.local_ = *endpoint;
        return result<asio_transport>(std::move(t));
    }

    asio_transport(asio_transport&&) = default;
    asio_transport& operator=(asio_transport&&) = default;
    asio_transport(const asio_transport&) = delete;
    asio_transport& operator=(const asio_transport&) = delete;
    ~asio_transport() = default; // the socket closes itself

    // Queries.

    /// Returns the address the socket is bound to, with the port the kernel chose.
    const udp_endpoint& local_endpoint() const noexcept { return local_; }
    /// Returns the socket, to wait on it (async_wait for reading) or to set options.
    socket_type& socket() noexcept { return socket_; }
    /// Returns the executor the socket's operations run on.
    executor_type get_executor() noexcept { return socket_.get_executor(); }
    /// Returns the largest datagram the engine may send (udp_options::max_payload).
    std::size_t max_payload() const noexcept { return options_.max_payload; }
    /// Returns the counters kept since open().
    const udp_stats& stats() const noexcept { return stats_; }

    // Sending.

    /// Sends one datagram without blocking; what the kernel refuses is counted, not thrown.
    void send(const udp_endpoint& to, bytes_view bytes) noexcept {
        const auto where = to_asio(to, family_);
        if (!where) { // an IPv6 peer and an IPv4 socket
            ++stats_.sends_failed;
            return;
        }
        detail::net_error_code ec;
        socket_.send_to(detail::net::buffer(bytes.data(), bytes.size()), *where, 0, ec);
        if (!ec) {
            ++stats_.datagrams_sent;
            stats_.bytes_sent += bytes.size();
        } else if (ec == detail::net::error::would_block ||
                   ec == detail::net::error::no_buffer_space) {
            ++stats_.sends_refused;
        } else {
            ++stats_.sends_failed;
        }
    }

    // Receiving.

    /// Reads up to udp_options::batch waiting datagrams and calls `f(from, bytes)` on each
    /// whole one (bytes valid during the call); returns how many it handed on.
    template <class F> std::size_t receive_batch(F&& f) {
        std::size_t delivered = 0;
        read_batch(f, delivered);
        return delivered;
    }

    /// Hands the waiting datagrams to `engine.receive` until none is left or `limit` were
    /// read (so that a flood cannot hold up the caller's timers); returns how many it
    /// handed on.
    template <class Engine> std::size_t receive_into(Engine& engine, std::size_t limit = 1024) {
        return detail::drain_into(
            [self = this](const auto& deliver, std::size_t& delivered) {
                return self->read_batch(deliver, delivered);
            },
            engine, limit, options_.batch);
    }

  private:
    asio_transport(socket_type socket, const udp_options& options)
        : socket_(std::move(socket)), options_(options) {}

    // Reads one batch, one datagram at a time, calls f on each whole one and adds them to
    // `delivered`; returns how many datagrams it read, cut ones included.
    template <class F> std::size_t read_batch(F& f, std::size_t& delivered) {
        namespace net = detail::net;
        if (buffer_.empty())
            buffer_.resize(options_.receive_size + 1);
        for (std::size_t i = 0; i < options_.batch; ++i) {
            net::ip::udp::endpoint sender;
            detail::net_error_code ec;
            const std::size_t got =
                socket_.receive_from(net::buffer(buffer_.data(), buffer_.size()), sender, 0, ec);
            if (ec == net::error::would_block || ec == net::error::try_again)
                return i;
            if (ec == net::error::message_size || (!ec && got > options_.receive_size)) {
                ++stats_.truncated; // Windows says so; POSIX fills the spare byte
                continue;
            }
            const auto from = ec ? std::nullopt : from_asio(sender);
            if (!from) {
                ++stats_.receive_errors;
                return i + 1;
            }
            ++stats_.datagrams_received;
            stats_.bytes_received += got;
            ++delivered;
            f(*from, bytes_view(buffer_.data(), got));
        }
        return options_.batch;
    }

    // Asio's endpoint holds a sockaddr: udp_endpoint's own conversions keep one rule for
    // IPv4-mapped addresses in both transports.
    static std::optional<detail::net::ip::udp::endpoint>
    to_asio(const udp_endpoint& e, udp_endpoint::ip_family socket_family) noexcept {
        sockaddr_storage address{};
        const socklen_t size = e.to_sockaddr(address, socket_family);
        detail::net::ip::udp::endpoint out;
        if (size == 0 || static_cast<std::size_t>(size) > out.capacity())
            return std::nullopt;
        std::memcpy(out.data(), &address, static_cast<std::size_t>(size));
        out.resize(static_cast<std::size_t>(size));
        return out;
    }

    static std::optional<udp_endpoint> from_asio(const detail::net::ip::udp::endpoint& e) noexcept {
        sockaddr_storage address{};
        if (e.size() > sizeof address)
            return std::nullopt;
        std::memcpy(&address, e.data(), e.size());
        return udp_endpoint::from_sockaddr(address, static_cast<socklen_t>(e.size()));
    }

    socket_type socket_;
    udp_endpoint::ip_family family_ = udp_endpoint::ip_family::v4;
    udp_endpoint local_;
    udp_options options_;
    udp_stats stats_;
    std::vector<std::byte> buffer_;
};

} // namespace hearsay

#endif // HEARSAY_TRANSPORT_ASIO_HPP
