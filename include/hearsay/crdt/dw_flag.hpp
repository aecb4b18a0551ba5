// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_CRDT_DW_FLAG_HPP
#define HEARSAY_CRDT_DW_FLAG_HPP

#include <cstdint>

#include "hearsay/crdt/detail/causal_flag.hpp"

namespace hearsay {

/// Holds a boolean where a concurrent disable wins over an enable; starts false.
template <class Id = std::uint64_t> using dw_flag = detail::causal_flag<Id, true>;

} // namespace hearsay

#endif
