// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_ROUND_REPORT_HPP
#define HEARSAY_SIM_ROUND_REPORT_HPP

// round_report: what one sim::cluster round did, and its one-line rendering.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "hearsay/clock/manual_clock.hpp"

namespace hearsay::sim {

/// Describes one round of a sim::cluster: convergence, liveness and the traffic it carried.
struct round_report {
    std::size_t round = 0;           ///< rounds run so far, this one included (the first is 1)
    manual_clock::time_point time{}; ///< virtual time at the end of the round
    std::size_t converged = 0;       ///< live nodes whose state equals the cluster's expected()
    std::size_t alive = 0;           ///< nodes up at the end of the round
    std::size_t size = 0;            ///< nodes in the cluster, up or down
    std::uint64_t sent = 0;          ///< messages the nodes sent during the round
    std::uint64_t messages = 0;      ///< messages delivered during the round (copies included)
    std::uint64_t bytes = 0;         ///< payload bytes delivered during the round
    std::uint64_t dropped = 0;       ///< copies the network dropped during the round
    bool capped = false;             ///< true when a livelock cap cut the round short

    /// Tells whether every live node holds the expected state (and at least one is live).
    bool all_converged() const noexcept { return alive != 0 && converged == alive; }
};

/// Renders a report as one compact line, e.g.
/// "round 7  t=7000ms  converged 998/1000  alive 1000/1000  sent 4512  delivered 4512  bytes
/// 231044  dropped 0".
inline std::string to_string(const round_report& r) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(r.time.time_since_epoch());
    std::string line = "round " + std::to_string(r.round);
    line += "  t=" + std::to_string(ms.count()) + "ms";
    line += "  converged " + std::to_string(r.converged) + "/" + std::to_string(r.alive);
    line += "  alive " + std::to_string(r.alive) + "/" + std::to_string(r.size);
    line += "  sent " + std::to_string(r.sent);
    line += "  delivered " + std::to_string(r.messages);
    line += "  bytes " + std::to_string(r.bytes);
    line += "  dropped " + std::to_string(r.dropped);
    if (r.capped) {
        line += "  CAPPED";
    }
    return line;
}

} // namespace hearsay::sim

#endif // HEARSAY_SIM_ROUND_REPORT_HPP
