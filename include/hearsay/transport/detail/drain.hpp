// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_TRANSPORT_DETAIL_DRAIN_HPP
#define HEARSAY_TRANSPORT_DETAIL_DRAIN_HPP

// drain_into: the receive_into loop both UDP transports share. A transport reads datagrams
// in batches of `batch`; a short batch means the socket is empty. `limit` bounds one call,
// so that a flood cannot hold up the caller's timers.

#include <cstddef>

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/transport/udp_endpoint.hpp"

namespace hearsay::detail {

/// Calls `read_batch(deliver, delivered)` (it returns how many datagrams it read, cut ones
/// included, and adds those it handed on to `delivered`) until a batch comes back short or
/// `limit` were read, handing each datagram to `engine.receive`; returns how many it handed on.
template <class ReadBatch, class Engine>
std::size_t drain_into(ReadBatch&& read_batch, Engine& engine, std::size_t limit,
                       std::size_t batch) {
    const auto deliver = [&engine](const udp_endpoint& from, bytes_view bytes) {
        engine.receive(from, bytes);
    };
    std::size_t delivered = 0;
    for (std::size_t read = 0; read < limit;) {
        const std::size_t got = read_batch(deliver, delivered);
        read += got;
        if (got < batch)
            break; // the socket is empty
    }
    return delivered;
}

} // namespace hearsay::detail

#endif // HEARSAY_TRANSPORT_DETAIL_DRAIN_HPP
