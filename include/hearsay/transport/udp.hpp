// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_TRANSPORT_UDP_HPP
#define HEARSAY_TRANSPORT_UDP_HPP

// udp_transport: a gossip_engine Transport over one non-blocking POSIX UDP socket.
//
// Guarantees: nothing blocks. send() hands one datagram to the kernel or counts why it
// could not (a full buffer is a lost datagram, which gossip repairs); it never throws and
// never calls back. Receiving hands on whole datagrams only: one longer than the buffer
// (MSG_TRUNC) is counted in stats().truncated and dropped, never passed on cut. Errors
// say what happened with the OS's own codes (std::errc::address_in_use for a port in
// use) or errc::bad_address. The transport owns its socket: it moves, does not copy, and
// closes the socket when destroyed. Not thread-safe, like the engine it serves.
// Cost: a send is one sendto(2); a batch is one recvmmsg(2) on Linux, else one
// recvmsg(2) per datagram; the batch buffers (batch x receive_size bytes) are allocated
// once, on first use.
// POSIX only (Linux, macOS); the caller's loop waits on native_handle().

#include <fcntl.h>      // fcntl, O_NONBLOCK, FD_CLOEXEC
#include <netinet/in.h> // IPPROTO_IPV6, IPV6_V6ONLY
#include <sys/socket.h>
#include <sys/uio.h> // iovec
#include <unistd.h>  // close

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <system_error>
#include <utility> // exchange, move
#include <vector>

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/result.hpp"
#include "hearsay/transport/detail/drain.hpp"
#include "hearsay/transport/udp_endpoint.hpp"
#include "hearsay/transport/udp_options.hpp"

namespace hearsay {

/// Sends and receives datagrams on one bound, non-blocking UDP socket.
class udp_transport {
  public:
    using address_type = udp_endpoint;

    /// Opens a socket bound to `bind` (port 0: the kernel picks one, see local_endpoint());
    /// the error is the OS's (e.g. std::errc::address_in_use) or errc::invalid_config.
    static result<udp_transport> open(const udp_endpoint& bind, udp_options options = {}) {
        if (const std::error_code invalid = options.validate())
            return invalid;
        const int family = bind.is_v4() ? AF_INET : AF_INET6;
        udp_transport t(::socket(family, SOCK_DGRAM, 0), options);
        if (t.fd_ < 0)
            return last_error();
        t.family_ = bind.family();
        const int flags = ::fcntl(t.fd_, F_GETFL);
        if (flags < 0 || ::fcntl(t.fd_, F_SETFL, flags | O_NONBLOCK) != 0 ||
            ::fcntl(t.fd_, F_SETFD, FD_CLOEXEC) != 0)
            return last_error();
        const int off = 0; // a wildcard IPv6 socket also serves IPv4 peers
        if ((!bind.is_v4() &&
             ::setsockopt(t.fd_, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) != 0) ||
            !set_buffer(t.fd_, SO_RCVBUF, options.receive_buffer) ||
            !set_buffer(t.fd_, SO_SNDBUF, options.send_buffer))
            return last_error();
        sockaddr_storage address{};
        socklen_t size = bind.to_sockaddr(address);
        if (::bind(t.fd_, reinterpret_cast<const sockaddr*>(&address), size) != 0)
            return last_error();
        size = sizeof address;
        if (::getsockname(t.fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
            return last_error();
        const auto local = udp_endpoint::from_sockaddr(address, size);
        if (!local)
            return errc::bad_address;
        t.local_ = *local;
        return result<udp_transport>(std::move(t));
    }

    udp_transport(udp_transport&& other) noexcept
        : fd_(std::exchange(other.fd_, -1)), family_(other.family_), local_(other.local_),
          options_(other.options_), stats_(other.stats_), batch_(std::move(other.batch_)) {}
    udp_transport& operator=(udp_transport&& other) noexcept {
        if (this != &other) {
            close();
            fd_ = std::exchange(other.fd_, -1);
            family_ = other.family_;
            local_ = other.local_;
            options_ = other.options_;
            stats_ = other.stats_;
            batch_ = std::move(other.batch_);
        }
        return *this;
    }
    udp_transport(const udp_transport&) = delete;
    udp_transport& operator=(const udp_transport&) = delete;
    ~udp_transport() { close(); }

    // Queries.

    /// Returns the address the socket is bound to, with the port the kernel chose.
    const udp_endpoint& local_endpoint() const noexcept { return local_; }
    /// Returns the socket, for the caller's poll/epoll loop (wait for readability).
    int native_handle() const noexcept { return fd_; }
    /// Returns the largest datagram the engine may send (udp_options::max_payload).
    std::size_t max_payload() const noexcept { return options_.max_payload; }
    /// Returns the counters kept since open().
    const udp_stats& stats() const noexcept { return stats_; }

    // Sending.

    /// Sends one datagram without blocking; what the kernel refuses is counted, not thrown.
    void send(const udp_endpoint& to, bytes_view bytes) noexcept {
        sockaddr_storage address{};
        const socklen_t size = to.to_sockaddr(address, family_);
        if (size == 0) { // an IPv6 peer and an IPv4 socket
            ++stats_.sends_failed;
            return;
        }
        ssize_t sent = -1;
        do {
            sent = ::sendto(fd_, bytes.data(), bytes.size(), 0,
                            reinterpret_cast<const sockaddr*>(&address), size);
        } while (sent < 0 && errno == EINTR);
        if (sent >= 0) {
            ++stats_.datagrams_sent;
            stats_.bytes_sent += bytes.size();
        } else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
            ++stats_.sends_refused;
        } else {
            ++stats_.sends_failed;
        }
    }

    // Receiving.

    /// Reads one waiting datagram into buffer[0, capacity); nothing when none is waiting.
    /// A datagram longer than `capacity` is counted in truncated and skipped.
    std::optional<udp_datagram> receive(std::byte* buffer, std::size_t capacity) noexcept {
        for (;;) {
            sockaddr_storage from{};
            iovec slot{buffer, capacity};
            msghdr message = header(from, slot);
            const ssize_t got = ::recvmsg(fd_, &message, 0);
            if (got < 0) {
                if (errno == EINTR)
                    continue;
                if (errno != EAGAIN && errno != EWOULDBLOCK)
                    ++stats_.receive_errors;
                return std::nullopt;
            }
            if (auto d = accept(message, static_cast<std::size_t>(got), buffer))
                return d;
        }
    }

    /// Reads up to udp_options::batch waiting datagrams and calls `f(from, bytes)` on each
    /// whole one (bytes valid during the call); returns how many it handed on.
    template <class F> std::size_t receive_batch(F&& f) {
        std::size_t delivered = 0;
        read_batch(f, delivered);
        return delivered;
    }

    /// Hands the waiting datagrams to `engine.receive`, batch by batch, until none is left or
    /// `limit` were read (so that a flood cannot hold up the caller's timers); returns how
    /// many it handed on.
    template <class Engine> std::size_t receive_into(Engine& engine, std::size_t limit = 1024) {
        return detail::drain_into(
            [self = this](const auto& deliver, std::size_t& delivered) {
                return self->read_batch(deliver, delivered);
            },
            engine, limit, options_.batch);
    }

  private:
    // The receive slots of a batch, made once: recvmmsg's headers point into them.
    struct batch_buffers {
        std::vector<std::byte> buffer;
        std::vector<sockaddr_storage> slots;
        std::vector<iovec> iov;
#if defined(__linux__)
        std::vector<mmsghdr> messages;
#endif
        void allocate(const udp_options& options) {
            buffer.resize(options.batch * options.receive_size);
            slots.resize(options.batch);
            iov.resize(options.batch);
#if defined(__linux__)
            messages.resize(options.batch);
#endif
        }
    };

    udp_transport(int fd, const udp_options& options) noexcept : fd_(fd), options_(options) {}

    // Reads one batch, calls f on each whole datagram and adds them to `delivered`; returns
    // how many datagrams it read, cut ones included.
    template <class F> std::size_t read_batch(F& f, std::size_t& delivered) {
        if (batch_.buffer.empty())
            batch_.allocate(options_);
        const std::size_t n = batch_.slots.size();
#if defined(__linux__)
        for (std::size_t i = 0; i < n; ++i) {
            batch_.iov[i] = {&batch_.buffer[i * options_.receive_size], options_.receive_size};
            batch_.messages[i].msg_hdr = header(batch_.slots[i], batch_.iov[i]);
            batch_.messages[i].msg_len = 0;
        }
        int got = -1;
        do {
            got = ::recvmmsg(fd_, batch_.messages.data(), static_cast<unsigned>(n), 0, nullptr);
        } while (got < 0 && errno == EINTR);
        if (got < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                ++stats_.receive_errors;
            return 0;
        }
        for (std::size_t i = 0; i < static_cast<std::size_t>(got); ++i) {
            const auto* data = static_cast<std::byte*>(batch_.iov[i].iov_base);
            if (auto d = accept(batch_.messages[i].msg_hdr, batch_.messages[i].msg_len, data)) {
                f(d->from, d->bytes);
                ++delivered;
            }
        }
        return static_cast<std::size_t>(got);
#else
        for (std::size_t i = 0; i < n; ++i) {
            auto d = receive(batch_.buffer.data(), options_.receive_size);
            if (!d) // nothing left to read (receive skips cut datagrams itself)
                return i;
            f(d->from, d->bytes);
            ++delivered;
        }
        return n;
#endif
    }

    static std::error_code last_error() noexcept {
        return {errno, std::generic_category()};
    }

    static bool set_buffer(int fd, int option, int bytes) noexcept {
        return bytes == 0 || ::setsockopt(fd, SOL_SOCKET, option, &bytes, sizeof bytes) == 0;
    }

    static msghdr header(sockaddr_storage& from, iovec& slot) noexcept {
        msghdr message{};
        message.msg_name = &from;
        message.msg_namelen = sizeof from;
        message.msg_iov = &slot;
        message.msg_iovlen = 1;
        return message;
    }

    // Counts a received datagram and returns it, unless it was cut or its sender unreadable.
    std::optional<udp_datagram> accept(const msghdr& message, std::size_t size,
                                       const std::byte* data) noexcept {
        if ((message.msg_flags & MSG_TRUNC) != 0) {
            ++stats_.truncated;
            return std::nullopt;
        }
        const auto from = udp_endpoint::from_sockaddr(
            *static_cast<const sockaddr_storage*>(message.msg_name), message.msg_namelen);
        if (!from) {
            ++stats_.receive_errors;
            return std::nullopt;
        }
        ++stats_.datagrams_received;
        stats_.bytes_received += size;
        return udp_datagram{*from, bytes_view(data, size)};
    }

    void close() noexcept {
        if (fd_ >= 0)
            ::close(std::exchange(fd_, -1));
    }

    int fd_ = -1;
    udp_endpoint::ip_family family_ = udp_endpoint::ip_family::v4;
    udp_endpoint local_;
    udp_options options_;
    udp_stats stats_;
    batch_buffers batch_;
};

} // namespace hearsay

#endif // HEARSAY_TRANSPORT_UDP_HPP
