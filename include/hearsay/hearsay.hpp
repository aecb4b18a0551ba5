// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_HEARSAY_HPP
#define HEARSAY_HEARSAY_HPP

// The whole public API of hearsay.

#include "hearsay/version.hpp"

#include "hearsay/core/bytes_view.hpp"
#include "hearsay/core/causal_context.hpp"
#include "hearsay/core/counter_limit.hpp"
#include "hearsay/core/dot.hpp"
#include "hearsay/core/dot_range.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/core/flat_map.hpp"
#include "hearsay/core/result.hpp"
#include "hearsay/core/version_vector.hpp"

#include "hearsay/clock/hlc_timestamp.hpp"
#include "hearsay/clock/hybrid_logical_clock.hpp"
#include "hearsay/clock/manual_clock.hpp"
#include "hearsay/clock/steady_clock.hpp"
#include "hearsay/clock/system_clock.hpp"

#include "hearsay/crdt/dw_flag.hpp"
#include "hearsay/crdt/ew_flag.hpp"
#include "hearsay/crdt/g_counter.hpp"
#include "hearsay/crdt/g_set.hpp"
#include "hearsay/crdt/lww_map.hpp"
#include "hearsay/crdt/lww_register.hpp"
#include "hearsay/crdt/mv_register.hpp"
#include "hearsay/crdt/or_map.hpp"
#include "hearsay/crdt/or_set.hpp"
#include "hearsay/crdt/pn_counter.hpp"
#include "hearsay/crdt/two_phase_set.hpp"

#include "hearsay/codec/codec.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/gossip/sync/digest_parts.hpp"
#include "hearsay/gossip/sync/merge_check.hpp"

// Sealing (docs/security.md); the cipher adapters hearsay/security/sodium.hpp and
// hearsay/security/openssl.hpp need their libraries and are included on their own.
#include "hearsay/security/aead.hpp"
#include "hearsay/security/key.hpp"
#include "hearsay/security/keyring.hpp"
#include "hearsay/security/replay_window.hpp"
#include "hearsay/security/sealer.hpp"

#endif
