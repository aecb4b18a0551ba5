// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_SIM_HPP
#define HEARSAY_SIM_HPP

// The deterministic cluster simulator: sim::network (an in-memory, seeded
// network with loss, duplication, reordering, delay, partitions and crashes)
// and sim::cluster (N engines on it, run round by round on virtual time). For
// tests and experiments; not part of <hearsay/hearsay.hpp>.

#include "hearsay/hearsay.hpp"
#include "hearsay/sim/cluster.hpp"
#include "hearsay/sim/network.hpp"

#endif
