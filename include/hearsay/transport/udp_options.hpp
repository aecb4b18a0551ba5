// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_TRANSPORT_UDP_OPTIONS_HPP
#define HEARSAY_TRANSPORT_UDP_OPTIONS_HPP

// udp_options, udp_stats and udp_datagram: what the UDP transports (udp_transport over POSIX
// sockets, asio_transport over an Asio socket) are configured with, count and hand on. They
// share them so that a program can switch between the two without touching the rest.

#include <cstddef>
#include <cstdint>
#include <system_error>

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/transport/udp_endpoint.hpp"

namespace hearsay {

/// Configures a UDP transport; every field has a safe default.
struct udp_options {
    /// Largest datagram the engine may send, in bytes, 64..65,507. 1,200 crosses any path
    /// that carries IPv6 (minimum MTU 1,280) unfragmented; raise it on a LAN you control.
    std::size_t max_payload = 1200;
    /// Bytes of each receive slot, at least max_payload; a longer datagram is counted as
    /// truncated and dropped. 65,536 holds any UDP datagram.
    std::size_t receive_size = 65536;
    /// Datagrams read per batch by receive_batch and receive_into, 1..1,024.
    std::size_t batch = 16;
    /// Kernel buffer sizes (SO_RCVBUF, SO_SNDBUF) in bytes, or 0 for the system's default.
    int receive_buffer = 0;
    int send_buffer = 0;

    /// Returns a zero code when every field is in range, else errc::invalid_config.
    std::error_code validate() const noexcept {
        const bool ok = max_payload >= 64 && max_payload <= 65507 && receive_size >= max_payload &&
                        batch >= 1 && batch <= 1024 && receive_buffer >= 0 && send_buffer >= 0;
        return ok ? std::error_code{} : make_error_code(errc::invalid_config);
    }
};

/// Counts what a UDP transport sent, received and could not.
struct udp_stats {
    std::uint64_t datagrams_sent = 0;
    std::uint64_t bytes_sent = 0;
    /// Sends the kernel refused for now (buffer full, EAGAIN or ENOBUFS): datagrams lost.
    std::uint64_t sends_refused = 0;
    /// Sends that failed for another reason (unreachable, wrong address family, too large).
    std::uint64_t sends_failed = 0;
    std::uint64_t datagrams_received = 0;
    std::uint64_t bytes_received = 0;
    /// Datagrams longer than the receive buffer: dropped, never handed on cut.
    std::uint64_t truncated = 0;
    /// Receive calls that failed with an error other than "nothing to read".
    std::uint64_t receive_errors = 0;
};

/// One received datagram: who sent it and its bytes (valid until the buffer is reused).
struct udp_datagram {
    udp_endpoint from;
    bytes_view bytes;
};

} // namespace hearsay

#endif // HEARSAY_TRANSPORT_UDP_OPTIONS_HPP
